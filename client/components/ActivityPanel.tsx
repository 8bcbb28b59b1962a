/**
 * The room's activity log: locks, status changes, amendments proposed and decided,
 * readings, exports — who and when, newest first, in words. Reloads with every room event;
 * exports are not announced to the room, so the list also reloads on demand. The last
 * decision on each paragraph offers Undo to those who may decide (M10). On request, who
 * edited which paragraph when is shown among them (U3).
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { lastDecisions, whyNotUndoable } from '../../shared/decisions';
import { workflowApi } from '../api/workflow';
import type { ActivityEntry } from '../api/workflowTypes';
import type { BlockInfo } from '../editor/blocks';
import { formatTime } from '../format';
import { useEditStretches } from '../hooks/useEditStretches';
import { apiErrorText } from '../i18n/apiErrorText';
import { ActivityEdit, type ActivityRow, editKey, withEdits } from './ActivityEdit';
import { ACTIVITY_GROUPS, activityGroup, activityGroupLabel, describeActivity, type ActivityGroup } from './activityWords';
import { blockNamer } from './blockGroups';
import { ReasonLine } from './ReasonDialog';
import { SidePanel } from './SidePanel';
import { UndoDecision } from './UndoDecision';

/** The entries that are the last decision on a paragraph still in the text, and can be undone (shared/decisions.ts). */
function undoableDecisions(entries: readonly ActivityEntry[], known: ReadonlySet<string | null>): Set<number> {
  const ids = new Set<number>();
  for (const [blockId, last] of lastDecisions(entries)) if (known.has(blockId) && whyNotUndoable(last) === null) ids.add(last.id);
  return ids;
}

interface ActivityPanelProps {
  token: string;
  docId: string;
  /** Changes whenever the room reports an event, to reload the log. */
  version: number;
  blocks: BlockInfo[];
  /** The person may lock and decide, and so undo the last decision on a paragraph. */
  canUndo: boolean;
  onReveal(blockId: string): void;
  onClose(): void;
}

export function ActivityPanel({ token, docId, version, blocks, canUndo, onReveal, onClose }: ActivityPanelProps) {
  const { t } = useTranslation('workflow');
  const [entries, setEntries] = useState<ActivityEntry[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [group, setGroup] = useState<ActivityGroup | ''>('');
  const [again, setAgain] = useState(0);
  const [undoing, setUndoing] = useState<ActivityEntry | null>(null);
  const [showEdits, setShowEdits] = useState(false);
  // The log has no paragraph filter: the room's edits.
  const edits = useEditStretches(token, docId, showEdits, `${version}|${again}`);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `version` (the room moved) and `again` (Retry) are what make it load again
  useEffect(() => {
    let current = true;
    workflowApi.activity(token, docId).then(
      (list) => {
        if (!current) return;
        setEntries(list);
        setError(null);
      },
      (e: unknown) => current && setError(t('activity.loadFailed', { reason: apiErrorText(e) })),
    );
    return () => {
      current = false;
    };
  }, [token, docId, version, again, t]);

  const nameOf = blockNamer(blocks);
  const known = new Set(blocks.map((b) => b.id));
  const shown = (entries ?? []).filter((e) => !group || activityGroup(e.kind) === group).reverse();
  const rows: ActivityRow[] = edits.edits ? withEdits(shown, edits.edits) : shown.map((entry) => ({ at: 0, entry }));
  const undoable = canUndo ? undoableDecisions(entries ?? [], known) : new Set<number>();
  const numberOf = (blockId: string | null) => blocks.find((b) => b.id === blockId)?.number ?? null;
  const sentence = (entry: ActivityEntry) =>
    `${entry.byName} ${describeActivity(entry, entry.blockId ? nameOf(entry.blockId) : t('common:block.text'))}`;

  return (
    <SidePanel title={t('activity.title')} testId="activity-log" onClose={onClose}>
      <div className="activity__controls">
        <label className="field field--inline">
          <span className="field__label">{t('common:action.show')}</span>
          <select
            className="input"
            data-testid="activity-filter"
            value={group}
            onChange={(e) => setGroup(e.target.value as ActivityGroup | '')}
          >
            <option value="">{t('activity.everything')}</option>
            {ACTIVITY_GROUPS.map((g) => (
              <option key={g} value={g}>
                {activityGroupLabel(g)}
              </option>
            ))}
          </select>
        </label>
        <label className="status-bar__field">
          <input type="checkbox" data-testid="activity-show-edits" checked={showEdits} onChange={(e) => setShowEdits(e.target.checked)} />
          <span>{t('activity.showEdits')}</span>
        </label>
        <button type="button" className="button button--small" onClick={() => setAgain((n) => n + 1)}>
          {t('common:action.refresh')}
        </button>
      </div>
      {error && <p className="form-error">{error}</p>}
      {edits.error && <p className="form-error">{edits.error}</p>}
      {entries === null && !error && <p className="muted">{t('common:loading.generic')}</p>}
      {entries !== null && rows.length === 0 && <p className="muted">{t('activity.none')}</p>}
      <ol className="history">
        {rows.map(({ entry, edit }) =>
          edit ? (
            <ActivityEdit
              key={editKey(edit)}
              edit={edit}
              where={nameOf(edit.blockId)}
              known={known.has(edit.blockId)}
              onReveal={onReveal}
            />
          ) : (
            <li
              key={entry.id}
              className={`history__item history__item--${activityGroup(entry.kind)}`}
              data-testid="activity-item"
              data-kind={entry.kind}
            >
              <p className="history__line">
                <strong>{entry.byName}</strong> {describeActivity(entry, entry.blockId ? nameOf(entry.blockId) : t('common:block.text'))}
                {entry.blockId && known.has(entry.blockId) && (
                  <>
                    {' '}
                    <button
                      type="button"
                      className="link-button"
                      onClick={() => onReveal(entry.blockId as string)}
                      aria-label={t('activity.showLabel', { where: nameOf(entry.blockId) })}
                    >
                      {t('activity.show')}
                    </button>
                  </>
                )}
                {undoable.has(entry.id) && (
                  <>
                    {' · '}
                    <button
                      type="button"
                      className="link-button"
                      data-testid="undo-decision"
                      onClick={() => setUndoing(entry)}
                      aria-label={t('undo.buttonLabel', { where: nameOf(entry.blockId as string) })}
                    >
                      {t('undo.button')}
                    </button>
                  </>
                )}
              </p>
              <ReasonLine reason={typeof entry.detail?.reason === 'string' ? entry.detail.reason : null} />
              <p className="history__meta">
                <time dateTime={entry.at}>{formatTime(entry.at)}</time>
              </p>
            </li>
          ),
        )}
      </ol>
      {undoing && (
        <UndoDecision
          token={token}
          docId={docId}
          entry={undoing}
          number={numberOf(undoing.blockId)}
          decision={sentence(undoing)}
          onDone={(problem) => {
            setUndoing(null);
            setError(problem);
          }}
        />
      )}
    </SidePanel>
  );
}
