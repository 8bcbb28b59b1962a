/**
 * Above the text: how far the room has come ("12 agreed · 3 ad ref · 5 open") and a filter
 * of the view by status. The filter is one class on the page; each block carries its
 * `data-status`, so filtering costs nothing per block in script.
 */
import type { Editor } from '@tiptap/core';
import { useTranslation } from 'react-i18next';
import type { ClientAuthor } from '../../shared/workflow';
import { useStatusCounts } from '../editor/statusCounts';
import { useShowAuthors } from '../editor/useShowAuthors';
import { STATUS_FILTERS, statusFilterLabel, type StatusFilter } from '../status';
import { StatusIcon } from './StatusBadge';

interface StatusBarProps {
  editor: Editor;
  /** Whose each client id is, for "Show authors" (U1). */
  loadAuthors(marksFrom?: string): Promise<ClientAuthor[]>;
  filter: StatusFilter;
  hideOthers: boolean;
  onFilter(filter: StatusFilter): void;
  onHideOthers(hide: boolean): void;
  /** How the room's text is edited, when there is something to say about it (pen-holder mode). */
  modeNote?: React.ReactNode;
}

export function StatusBar({ editor, loadAuthors, filter, hideOthers, onFilter, onHideOthers, modeNote }: StatusBarProps) {
  const { t } = useTranslation('editor');
  const { counts, total } = useStatusCounts(editor);
  const open = counts.draft + counts.discussion;
  const matching = filter === 'all' ? total : filter === 'open' ? open : counts[filter];
  const authors = useShowAuthors(editor, loadAuthors, t('workflow:authors.server'));

  return (
    <section className="status-bar" aria-label={t('statusBar.label')}>
      <p className="status-bar__summary">
        <StatusIcon status="agreed" />
        <span data-testid="status-summary" data-agreed={counts.agreed} data-ad-ref={counts['ad-ref']} data-open={open} data-total={total}>
          {/* A blank room shows an empty ¶ 1, which is not counted: "of 0 paragraphs" beside it would read as a fault. */}
          {total === 0 ? t('statusBar.empty') : t('statusBar.summary', { agreed: counts.agreed, adRef: counts['ad-ref'], open })}
        </span>
        {total > 0 && <span className="muted"> {t('statusBar.total', { total, discussion: counts.discussion })}</span>}
      </p>
      {modeNote}
      <div className="status-bar__filter">
        <label className="status-bar__field">
          <input type="checkbox" data-testid="show-authors" checked={authors.shown} onChange={(e) => authors.setShown(e.target.checked)} />
          <span>{t('statusBar.showAuthors')}</span>
        </label>
        <label className="status-bar__field">
          <span>{t('common:action.show')}</span>
          <select
            className="input input--compact"
            data-testid="status-filter"
            value={filter}
            onChange={(e) => onFilter(e.target.value as StatusFilter)}
          >
            {STATUS_FILTERS.map((value) => (
              <option key={value} value={value}>
                {statusFilterLabel(value)}
              </option>
            ))}
          </select>
        </label>
        {filter !== 'all' && (
          <>
            <label className="status-bar__field">
              <input
                type="checkbox"
                data-testid="status-filter-hide"
                checked={hideOthers}
                onChange={(e) => onHideOthers(e.target.checked)}
              />
              <span>{t('statusBar.hideOthers')}</span>
            </label>
            <span className="muted" role="status">
              {t('statusBar.matching', { matching, total })}
            </span>
          </>
        )}
      </div>
    </section>
  );
}
