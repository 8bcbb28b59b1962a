/**
 * "Not kept": the author's words the server refused (a paragraph locked while they typed or
 * were away, a change outside the rules), each with its paragraph, the reason and the time,
 * to copy or to propose as an amendment in one click. Nothing here goes away by itself:
 * only Dismiss removes an entry, and the list survives a reload (it is kept with the local copy).
 */
import i18next from 'i18next';
import { useTranslation } from 'react-i18next';
import { ErrorCode } from '../../shared/protocol';
import { commonEnds } from '../../shared/wordDiff';
import { blockName, blockTitle, formatTime } from '../format';
import type { NotKeptEntry } from '../sync/notKept';
import { CopyButton } from './CopyButton';

interface NotKeptTrayProps {
  entries: NotKeptEntry[];
  /** The paragraph's number now (paragraphs move), or null if it is gone. */
  numberOf(entry: NotKeptEntry): number | null;
  /** The paragraph's text now, to mark where the author's version differs; null if unknown. */
  textNow(entry: NotKeptEntry): string | null;
  canPropose(entry: NotKeptEntry): boolean;
  onPropose(entry: NotKeptEntry): void;
  onReveal(entry: NotKeptEntry): void;
  onDismiss(entry: NotKeptEntry): void;
}

function why(entry: NotKeptEntry): string {
  switch (entry.reason) {
    case ErrorCode.locked:
      return entry.lockedBy
        ? i18next.t('connection:notKept.why.lockedBy', { by: entry.lockedBy })
        : i18next.t('connection:notKept.why.locked');
    case ErrorCode.invalid:
      return i18next.t('connection:notKept.why.invalid');
    case ErrorCode.tooLarge:
      return i18next.t('connection:notKept.why.tooLarge');
    case ErrorCode.serverAttribute:
      return i18next.t('connection:notKept.why.serverAttribute');
    default:
      return i18next.t('connection:notKept.why.other');
  }
}

/** The author's text, with the stretch that differs from the paragraph as it stands marked. */
function Marked({ text, now }: { text: string; now: string | null }) {
  if (now === null || now === text) return <>{text}</>;
  const [start, end] = commonEnds(now, text);
  const middle = text.slice(start, text.length - end);
  if (middle.trim() === '') return <>{text}</>;
  return (
    <>
      {text.slice(0, start)}
      <mark className="not-kept__mark">{middle}</mark>
      {text.slice(text.length - end)}
    </>
  );
}

export function NotKeptTray({ entries, numberOf, textNow, canPropose, onPropose, onReveal, onDismiss }: NotKeptTrayProps) {
  const { t } = useTranslation('connection');
  if (entries.length === 0) return null;
  return (
    <section className="side-section not-kept" aria-labelledby="not-kept-title" data-testid="not-kept">
      <h2 className="side-section__title" id="not-kept-title">
        {t('notKept.title', { count: entries.length })}
      </h2>
      <p className="muted small">{t('notKept.lead')}</p>
      <ul className="not-kept__list">
        {entries.map((entry) => {
          const number = numberOf(entry);
          const where = entry.blockId ? blockName(number ?? entry.blockNumber) : t('common:block.text');
          const title = entry.blockId ? blockTitle(number ?? entry.blockNumber) : t('common:block.textTitle');
          const labelId = `not-kept-${entry.id}`;
          return (
            <li
              key={entry.id}
              className="not-kept__item"
              data-testid="not-kept-item"
              data-block-id={entry.blockId ?? ''}
              aria-labelledby={labelId}
            >
              <p className="not-kept__head" id={labelId}>
                {entry.blockId && number !== null ? (
                  <button type="button" className="link-button" onClick={() => onReveal(entry)}>
                    {title}
                  </button>
                ) : (
                  <strong>{title}</strong>
                )}
                <span className="muted small">
                  {' '}
                  · <time dateTime={entry.at}>{formatTime(entry.at)}</time>
                </span>
              </p>
              <p className="small">{t('notKept.why.line', { why: why(entry) })}</p>
              {/* biome-ignore lint/a11y/noNoninteractiveTabindex: the text a person lost must be reachable by keyboard to select and copy it */}
              <blockquote className="not-kept__text" data-testid="not-kept-text" tabIndex={0} aria-label={t('notKept.yourText', { where })}>
                <Marked text={entry.text} now={textNow(entry)} />
              </blockquote>
              <div className="not-kept__actions">
                <CopyButton text={entry.text} label={t('common:action.copy')} testId="not-kept-copy" />
                {canPropose(entry) && (
                  <button type="button" className="button button--small" data-testid="not-kept-propose" onClick={() => onPropose(entry)}>
                    {t('notKept.propose')}
                  </button>
                )}
                <button
                  type="button"
                  className="button button--small button--quiet"
                  data-testid="not-kept-dismiss"
                  aria-label={t('notKept.dismissLabel', { where })}
                  onClick={() => onDismiss(entry)}
                >
                  {t('notKept.dismiss')}
                </button>
              </div>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
