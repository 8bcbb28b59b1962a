/**
 * The room's activity log: locks, status changes, amendments proposed and decided,
 * readings, exports — who and when, newest first, in words. Reloads with every room event;
 * exports are not announced to the room, so the list also reloads on demand.
 */
import { useEffect, useState } from 'react';
import { ApiError } from '../api/http';
import { workflowApi } from '../api/workflow';
import type { ActivityEntry } from '../api/workflowTypes';
import type { BlockInfo } from '../editor/blocks';
import { capitalize, formatTime } from '../format';
import { ACTIVITY_GROUP_LABELS, activityGroup, describeActivity, type ActivityGroup } from './activityWords';
import { blockNamer } from './blockGroups';
import { SidePanel } from './SidePanel';

interface ActivityPanelProps {
  token: string;
  docId: string;
  /** Changes whenever the room reports an event, to reload the log. */
  version: number;
  blocks: BlockInfo[];
  onReveal(blockId: string): void;
  onClose(): void;
}

export function ActivityPanel({ token, docId, version, blocks, onReveal, onClose }: ActivityPanelProps) {
  const [entries, setEntries] = useState<ActivityEntry[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [group, setGroup] = useState<ActivityGroup | ''>('');
  const [again, setAgain] = useState(0);

  useEffect(() => {
    let current = true;
    workflowApi.activity(token, docId).then(
      (list) => current && (setEntries(list), setError(null)),
      (e: unknown) => current && setError(e instanceof ApiError ? e.message : 'The activity log could not be loaded.'),
    );
    return () => {
      current = false;
    };
  }, [token, docId, version, again]);

  const nameOf = blockNamer(blocks);
  const known = new Set(blocks.map((b) => b.id));
  const shown = (entries ?? []).filter((e) => !group || activityGroup(e.kind) === group).reverse();

  return (
    <SidePanel title="Activity" testId="activity-log" onClose={onClose}>
      <div className="activity__controls">
        <label className="field field--inline">
          <span className="field__label">Show</span>
          <select className="input" data-testid="activity-filter" value={group} onChange={(e) => setGroup(e.target.value as ActivityGroup | '')}>
            <option value="">Everything</option>
            {(Object.keys(ACTIVITY_GROUP_LABELS) as ActivityGroup[]).map((g) => (
              <option key={g} value={g}>
                {ACTIVITY_GROUP_LABELS[g]}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="button button--small" onClick={() => setAgain((n) => n + 1)}>
          Refresh
        </button>
      </div>
      {error && <p className="form-error">{error}</p>}
      {entries === null && !error && <p className="muted">Loading…</p>}
      {entries !== null && shown.length === 0 && <p className="muted">Nothing has happened here yet.</p>}
      <ol className="history">
        {shown.map((entry) => (
          <li key={entry.id} className={`history__item history__item--${activityGroup(entry.kind)}`} data-testid="activity-item" data-kind={entry.kind}>
            <p className="history__line">
              <strong>{entry.byName}</strong> {describeActivity(entry, entry.blockId ? nameOf(entry.blockId) : 'the text')}
              {entry.blockId && known.has(entry.blockId) && (
                <>
                  {' '}
                  <button type="button" className="link-button" onClick={() => onReveal(entry.blockId as string)} aria-label={`Show ${nameOf(entry.blockId)} in the text`}>
                    show
                  </button>
                </>
              )}
            </p>
            <p className="history__meta">
              <time dateTime={entry.at}>{capitalize(formatTime(entry.at))}</time>
            </p>
          </li>
        ))}
      </ol>
    </SidePanel>
  );
}
