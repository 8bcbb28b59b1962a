/**
 * A word-level diff, marked by more than colour: added words are underlined in an <ins>,
 * removed words struck through in a <del>, and each says so to screen readers. A coarse diff
 * (M5: too many changes to mark word by word at a bounded cost) says so above it.
 */
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
  return (
    <>
      {coarse && (
        <Tag className="muted small" data-testid="diff-coarse">
          Changed throughout: too many changes to mark word by word, so whole sentences or the changed passage are marked.
        </Tag>
      )}
      <DiffParts parts={parts} testId={testId} Tag={Tag} />
    </>
  );
}

function DiffParts({ parts, testId, Tag }: { parts: readonly DiffPart[]; testId?: string; Tag: 'p' | 'span' }) {
  return (
    <Tag className="diff" data-testid={testId}>
      {parts.map((part, i) => {
        if (part.type === 'insert') {
          return (
            <ins key={i} className="diff__ins">
              <span className="sr-only">[added: </span>
              {part.text}
              <span className="sr-only">]</span>
            </ins>
          );
        }
        if (part.type === 'delete') {
          return (
            <del key={i} className="diff__del">
              <span className="sr-only">[removed: </span>
              {part.text}
              <span className="sr-only">]</span>
            </del>
          );
        }
        return <span key={i}>{part.text}</span>;
      })}
    </Tag>
  );
}

/** The key above a diff: what underline and strike-through mean (spans, so only real changes are <ins> and <del>). */
export function DiffLegend() {
  return (
    <p className="diff-legend" aria-hidden="true">
      <span className="diff__ins">added</span> <span className="diff__del">removed</span>
    </p>
  );
}
