/**
 * A person's stretch of editing one paragraph in the activity log (U3): "Anna Novak
 * (Austria) edited paragraph 5 (12 changes)", from its first change to its last. Placed
 * among the decisions by its last change, when the paragraph last moved under that person.
 */
import { useTranslation } from 'react-i18next';
import type { ActivityEntry, EditStretch } from '../api/workflowTypes';
import { formatTimeRange, personName } from '../format';

export type ActivityRow = { at: number; entry: ActivityEntry; edit?: never } | { at: number; edit: EditStretch; entry?: never };

/** Decisions (newest first) and edits in one list, newest first; on a tie the decision comes first. */
export function withEdits(entries: readonly ActivityEntry[], edits: readonly EditStretch[]): ActivityRow[] {
  const rows: ActivityRow[] = [
    ...entries.map((entry) => ({ at: Date.parse(entry.at), entry })),
    ...edits.map((edit) => ({ at: Date.parse(edit.lastAt), edit })),
  ];
  // Array sort is stable: each list keeps its own order among equal times.
  return rows.sort((a, b) => b.at - a.at);
}

export const editKey = (edit: EditStretch) => `edit|${edit.blockId}|${edit.name}|${edit.delegation}|${edit.firstAt}`;

interface ActivityEditProps {
  edit: EditStretch;
  /** "paragraph 5", or "a removed paragraph". */
  where: string;
  /** The paragraph is in the text, and can be shown. */
  known: boolean;
  onReveal(blockId: string): void;
}

export function ActivityEdit({ edit, where, known, onReveal }: ActivityEditProps) {
  const { t } = useTranslation('workflow');
  return (
    <li className="history__item history__item--edits" data-testid="activity-edit" data-block-id={edit.blockId}>
      <p className="history__line">
        <strong>{personName(edit.name, edit.delegation)}</strong> {t('activity.edited', { where, count: edit.changes })}
        {known && (
          <>
            {' '}
            <button
              type="button"
              className="link-button"
              onClick={() => onReveal(edit.blockId)}
              aria-label={t('activity.showLabel', { where })}
            >
              {t('activity.show')}
            </button>
          </>
        )}
      </p>
      <p className="history__meta">
        <time dateTime={edit.lastAt}>{formatTimeRange(edit.firstAt, edit.lastAt)}</time>
      </p>
    </li>
  );
}
