/**
 * A comparison's newer text coloured by who wrote it (U1, "Show authors" in compare): the
 * server sends, with each block, runs of Yjs client ids covering its text; the words the diff
 * keeps or adds are cut along those runs, each stretch in its author's colour and named on
 * hover, as in the editor. Removed words are struck through as in any diff. When the runs do
 * not cover the text (a block the server could not attribute), the plain diff is shown.
 */
import { useTranslation } from 'react-i18next';
import type { DiffPart } from '../api/workflowTypes';
import { DiffMark, DiffText } from './DiffText';

export interface AuthorRun {
  clientId: number | null;
  length: number;
}

/** Who a client id is, as the text shows them. */
export interface AuthorLook {
  label: string;
  color: string;
}

interface AuthoredDiffProps {
  parts: readonly DiffPart[];
  runs: readonly AuthorRun[];
  authors: ReadonlyMap<number, AuthorLook>;
  coarse?: boolean;
}

export function AuthoredDiff({ parts, runs, authors, coarse = false }: AuthoredDiffProps) {
  const { t } = useTranslation('workflow');
  const newerLength = parts.reduce((sum, part) => sum + (part.type === 'delete' ? 0 : part.text.length), 0);
  if (runs.reduce((sum, run) => sum + run.length, 0) !== newerLength) return <DiffText parts={parts} coarse={coarse} />;
  const cut = runCutter(runs);
  let offset = 0;
  return (
    <>
      {coarse && <p className="muted small">{t('diff.coarse')}</p>}
      <p className="diff" data-testid="authored-diff">
        {/* The parts are worked out anew as a whole and never move: a part's place is what it is. */}
        {parts.map((part, i) => {
          if (part.type === 'delete') {
            return (
              // biome-ignore lint/suspicious/noArrayIndexKey: see above
              <DiffMark key={i} type="delete">
                {part.text}
              </DiffMark>
            );
          }
          const start = offset;
          offset += part.text.length;
          return (
            // biome-ignore lint/suspicious/noArrayIndexKey: see above
            <DiffMark key={i} type={part.type}>
              {cut(start, offset).map((stretch) => {
                const look = stretch.clientId === null ? undefined : authors.get(stretch.clientId);
                const text = part.text.slice(stretch.start - start, stretch.end - start);
                if (look === undefined) return <span key={stretch.start}>{text}</span>;
                return (
                  <span
                    key={stretch.start}
                    className="author-span"
                    data-author={look.label}
                    title={look.label}
                    style={{ '--author-colour': look.color } as React.CSSProperties}
                  >
                    {text}
                  </span>
                );
              })}
            </DiffMark>
          );
        })}
      </p>
    </>
  );
}

/** Cuts [start, end) of the text along the runs: the stretches of one author each. */
export function runCutter(
  runs: readonly AuthorRun[],
): (start: number, end: number) => Array<{ clientId: number | null; start: number; end: number }> {
  const bounds: Array<{ clientId: number | null; start: number; end: number }> = [];
  let at = 0;
  for (const run of runs) {
    bounds.push({ clientId: run.clientId, start: at, end: at + run.length });
    at += run.length;
  }
  return (start, end) =>
    bounds
      .filter((run) => run.end > start && run.start < end)
      .map((run) => ({ clientId: run.clientId, start: Math.max(run.start, start), end: Math.min(run.end, end) }));
}
