/** Who locked or unlocked which paragraph, and when: for the room, or for one paragraph. */
import { useEffect, useState } from 'react';
import { api } from '../api/endpoints';
import { ApiError } from '../api/http';
import type { LockEvent } from '../api/types';
import type { BlockInfo } from '../editor/blocks';
import { blockName, capitalize, formatTime, personName } from '../format';
import { SidePanel } from './SidePanel';

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
  const [events, setEvents] = useState<LockEvent[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let current = true;
    api
      .lockHistory(token, docId)
      .then((list) => current && (setEvents(list), setError(null)))
      .catch((e: unknown) => current && setError(e instanceof ApiError ? e.message : 'The history could not be loaded.'));
    return () => {
      current = false;
    };
  }, [token, docId, version]);

  const numberOf = new Map(blocks.map((b) => [b.id, b.number]));
  const nameOf = (id: string) => (numberOf.has(id) ? blockName(numberOf.get(id)) : 'a removed paragraph');
  const shown = (events ?? []).filter((e) => !blockId || e.blockId === blockId).sort((a, b) => b.at.localeCompare(a.at));
  const lockedIds = [...new Set((events ?? []).map((e) => e.blockId))];

  return (
    <SidePanel title="Lock history" testId="lock-history" onClose={onClose}>
      <label className="field field--inline">
        <span className="field__label">Show</span>
        <select className="input" value={blockId ?? ''} onChange={(event) => onFilter(event.target.value || null)}>
          <option value="">The whole room</option>
          {lockedIds.map((id) => (
            <option key={id} value={id}>
              {capitalize(nameOf(id))}
            </option>
          ))}
        </select>
      </label>
      {error && <p className="form-error">{error}</p>}
      {events === null && !error && <p className="muted">Loading…</p>}
      {events !== null && shown.length === 0 && (
        <p className="muted">{blockId ? 'This paragraph has never been locked.' : 'No paragraph has been locked yet.'}</p>
      )}
      <ol className="history">
        {shown.map((event) => (
          <li key={event.id} className={`history__item history__item--${event.action}`} data-testid="lock-history-item">
            <p className="history__line">
              <strong>{event.action === 'lock' ? 'Locked' : 'Unlocked'}</strong>{' '}
              <button type="button" className="link-button" onClick={() => onReveal(event.blockId)}>
                {nameOf(event.blockId)}
              </button>
            </p>
            <p className="history__meta">
              {personName(event.byName, event.byDelegation)} · <time dateTime={event.at}>{formatTime(event.at)}</time>
            </p>
            {event.text && <blockquote className="history__text">{excerpt(event.text)}</blockquote>}
          </li>
        ))}
      </ol>
    </SidePanel>
  );
}
