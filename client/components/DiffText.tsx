/**
 * A word-level diff, marked by more than colour: added words are underlined in an <ins>,
 * removed words struck through in a <del>, and each says so to screen readers. A coarse diff
 * (M5: too many changes to mark word by word at a bounded cost) says so above it.
 */
import { useTranslation } from 'react-i18next';
import type { DiffPart } from '../api/workflowTypes';

interface DiffTextProps {
  parts: readonly DiffPart[];
  testId?: string;
  /** Render as a block quote of a whole paragraph (the default), or inline. */
  as?: 'p' | 'span';
  /** The diff marks whole sentences or one replacement rather than words. */
  coarse?: boolean;
}

export function DiffText({ parts, testId, as: Tag = 'p', coarse = false }: DiffTextProps) {
  const { t } = useTranslation('workflow');
  return (
    <>
      {coarse && (
        <Tag className="muted small" data-testid="diff-coarse">
          {t('diff.coarse')}
        </Tag>
      )}
      <DiffParts parts={parts} testId={testId} Tag={Tag} />
    </>
  );
}

function DiffParts({ parts, testId, Tag }: { parts: readonly DiffPart[]; testId?: string; Tag: 'p' | 'span' }) {
  const { t } = useTranslation('workflow');
  return (
    <Tag className="diff" data-testid={testId}>
      {/* The parts are worked out anew as a whole and never move: a part's place is what it is. */}
      {parts.map((part, i) => {
        if (part.type === 'insert') {
          return (
            // biome-ignore lint/suspicious/noArrayIndexKey: see above
            <ins key={i} className="diff__ins">
              <span className="sr-only">[{t('diff.added')}: </span>
              {part.text}
              <span className="sr-only">]</span>
            </ins>
          );
        }
        if (part.type === 'delete') {
          return (
            // biome-ignore lint/suspicious/noArrayIndexKey: see above
            <del key={i} className="diff__del">
              <span className="sr-only">[{t('diff.removed')}: </span>
              {part.text}
              <span className="sr-only">]</span>
            </del>
          );
        }
        // biome-ignore lint/suspicious/noArrayIndexKey: see above
        return <span key={i}>{part.text}</span>;
      })}
    </Tag>
  );
}

/** The key above a diff: what underline and strike-through mean (spans, so only real changes are <ins> and <del>). */
export function DiffLegend() {
  const { t } = useTranslation('workflow');
  return (
    <p className="diff-legend" aria-hidden="true">
      <span className="diff__ins">{t('diff.added')}</span> <span className="diff__del">{t('diff.removed')}</span>
    </p>
  );
}
