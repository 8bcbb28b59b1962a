/**
 * A word-level diff, marked by more than colour: added words are underlined in an <ins>,
 * removed words struck through in a <del>, and each says so to screen readers. A coarse diff
 * (M5: too many changes to mark word by word at a bounded cost) says so above it.
 */
import type { ReactNode } from 'react';
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
  return (
    <Tag className="diff" data-testid={testId}>
      {/* The parts are worked out anew as a whole and never move: a part's place is what it is. */}
      {parts.map((part, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: see above
        <DiffMark key={i} type={part.type}>
          {part.text}
        </DiffMark>
      ))}
    </Tag>
  );
}

/** One part of a diff: added words in an <ins>, removed ones in a <del>, each said so to screen readers; kept ones plain. */
export function DiffMark({ type, children }: { type: DiffPart['type']; children: ReactNode }) {
  const { t } = useTranslation('workflow');
  if (type === 'equal') return <span>{children}</span>;
  const Mark = type === 'insert' ? 'ins' : 'del';
  return (
    <Mark className={type === 'insert' ? 'diff__ins' : 'diff__del'}>
      <span className="sr-only">[{t(type === 'insert' ? 'diff.added' : 'diff.removed')}: </span>
      {children}
      <span className="sr-only">]</span>
    </Mark>
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
