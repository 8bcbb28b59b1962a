/** Who locked or unlocked which paragraph, and when: for the room, or for one paragraph. */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/endpoints';
import type { LockEvent } from '../api/types';
import type { BlockInfo } from '../editor/blocks';
import { blockTitle, formatTime, personName } from '../format';
import { apiErrorText } from '../i18n/apiErrorText';
import { SidePanel } from './SidePanel';
import { ReasonLine } from './ReasonDialog';

interface LockHistoryPanelProps {
  token: string;
  docId: string;
  /** Changes whenever the room reports an event, to reload the history. */
  version: number;
  blocks: BlockInfo[];
  blockId: string | null;
  onFilter(blockId: string | null): void;
  onReveal(blockId: string): void;
  onClose(): void;
}

function excerpt(text: string): string {
  return text.length > 160 ? `${text.slice(0, 157)}…` : text;
}

export function LockHistoryPanel({ token, docId, version, blocks, blockId, onFilter, onReveal, onClose }: LockHistoryPanelProps) {
  const { t } = useTranslation('workflow');
  const [events, setEvents] = useState<LockEvent[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `version` (the room moved) is what makes it load again
  useEffect(() => {
    let current = true;
    api
      .lockHistory(token, docId)
      .then((list) => {
        if (!current) return;
        setEvents(list);
        setError(null);
      })
      .catch((e: unknown) => current && setError(t('lockHistory.loadFailed', { reason: apiErrorText(e) })));
    return () => {
      current = false;
    };
  }, [token, docId, version, t]);

  const numberOf = new Map(blocks.map((b) => [b.id, b.number]));
  const titleOf = (id: string) => (numberOf.has(id) ? blockTitle(numberOf.get(id)) : t('common:block.removedTitle'));
  const shown = (events ?? []).filter((e) => !blockId || e.blockId === blockId).sort((a, b) => b.at.localeCompare(a.at));
  const lockedIds = [...new Set((events ?? []).map((e) => e.blockId))];

  return (
    <SidePanel title={t('lockHistory.title')} testId="lock-history" onClose={onClose}>
      <label className="field field--inline">
        <span className="field__label">{t('common:action.show')}</span>
        <select className="input" value={blockId ?? ''} onChange={(event) => onFilter(event.target.value || null)}>
          <option value="">{t('lockHistory.wholeRoom')}</option>
          {lockedIds.map((id) => (
            <option key={id} value={id}>
              {titleOf(id)}
            </option>
          ))}
        </select>
      </label>
      {error && <p className="form-error">{error}</p>}
      {events === null && !error && <p className="muted">{t('common:loading.generic')}</p>}
      {events !== null && shown.length === 0 && <p className="muted">{blockId ? t('lockHistory.neverLocked') : t('lockHistory.none')}</p>}
      <ol className="history">
        {shown.map((event) => (
          <li key={event.id} className={`history__item history__item--${event.action}`} data-testid="lock-history-item">
            <p className="history__line">
              <strong>{event.action === 'lock' ? t('lockHistory.locked') : t('lockHistory.unlocked')}</strong>{' '}
              <button type="button" className="link-button" onClick={() => onReveal(event.blockId)}>
                {titleOf(event.blockId)}
              </button>
            </p>
            <p className="history__meta">
              {personName(event.byName, event.byDelegation)} · <time dateTime={event.at}>{formatTime(event.at)}</time>
            </p>
            <ReasonLine reason={event.reason} />
            {event.text && <blockquote className="history__text">{excerpt(event.text)}</blockquote>}
          </li>
        ))}
      </ol>
    </SidePanel>
  );
}
