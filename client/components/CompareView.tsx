/**
 * Comparing two readings, or a reading with the live text: block by block (added, removed,
 * changed, unchanged), and word by word inside changed blocks, insertions and deletions
 * marked by more than colour.
 */
import { useEffect, useState } from 'react';
import { ApiError } from '../api/http';
import { workflowApi } from '../api/workflow';
import type { BlockChange, Comparison, Revision, TextRef } from '../api/workflowTypes';
import { BLOCK_STATUS_LABELS } from '../status';
import { DiffLegend, DiffText } from './DiffText';

interface CompareViewProps {
  token: string;
  docId: string;
  revisions: Revision[];
  from: TextRef;
  to: TextRef;
  onChange(from: TextRef, to: TextRef): void;
}

const CHANGE_WORDS: Record<BlockChange, string> = { added: 'Added', removed: 'Removed', changed: 'Changed', unchanged: 'Unchanged' };
const parseRef = (value: string): TextRef => (value === 'live' ? 'live' : Number(value));

export function CompareView({ token, docId, revisions, from, to, onChange }: CompareViewProps) {
  const [result, setResult] = useState<Comparison | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [showUnchanged, setShowUnchanged] = useState(false);
  const [again, setAgain] = useState(0);

  useEffect(() => {
    let current = true;
    setError(null);
    workflowApi.compare(token, docId, from, to).then(
      (comparison) => current && setResult(comparison),
      (e: unknown) => current && (setResult(null), setError(e instanceof ApiError ? e.message : 'The comparison could not be loaded.')),
    );
    return () => {
      current = false;
    };
  }, [token, docId, from, to, again]);

  const select = (testId: string, label: string, value: TextRef, set: (ref: TextRef) => void) => (
    <label className="field">
      <span className="field__label">{label}</span>
      <select className="input" data-testid={testId} value={String(value)} onChange={(e) => set(parseRef(e.target.value))}>
        {revisions.map((r) => (
          <option key={r.n} value={r.n}>
            {r.label}
            {r.note ? ` — ${r.note}` : ''}
          </option>
        ))}
        <option value="live">Live text</option>
      </select>
    </label>
  );

  const shown = result?.blocks.filter((b) => showUnchanged || b.change !== 'unchanged') ?? [];

  return (
    <section className="compare" aria-labelledby="compare-title">
      <h3 className="subheading" id="compare-title">
        Compare
      </h3>
      <div className="compare__pick">
        {select('compare-from', 'From', from, (ref) => onChange(ref, to))}
        {select('compare-to', 'To', to, (ref) => onChange(from, ref))}
        {(from === 'live' || to === 'live') && (
          <button type="button" className="button button--small compare__refresh" onClick={() => setAgain((n) => n + 1)}>
            Refresh
          </button>
        )}
      </div>
      {error && <p className="form-error">{error}</p>}
      {result && (
        <div className="compare__result" data-testid="compare-result" aria-live="polite">
          <p className="compare__counts">
            {result.from.label} → {result.to.label}: {result.counts.changed} changed · {result.counts.added} added · {result.counts.removed} removed ·{' '}
            {result.counts.unchanged} unchanged
          </p>
          <label className="status-bar__field">
            <input type="checkbox" checked={showUnchanged} onChange={(e) => setShowUnchanged(e.target.checked)} />
            <span>Show unchanged paragraphs</span>
          </label>
          <DiffLegend />
          {shown.length === 0 && <p className="muted">No differences.</p>}
          <ol className="compare__blocks">
            {shown.map((b) => {
              const number = b.to?.number ?? b.from?.number ?? null;
              const statusChanged = b.from && b.to && b.from.status !== b.to.status;
              return (
                <li key={`${b.change}-${b.id}`} className={`compare__block compare__block--${b.change}`} data-testid="compare-block" data-change={b.change}>
                  <p className="compare__label">
                    <span>{number !== null ? `¶ ${number}` : 'Heading'}</span>
                    <span className={`pill pill--${b.change}`}>{CHANGE_WORDS[b.change]}</span>
                    {statusChanged && (
                      <span className="muted small">
                        status: {BLOCK_STATUS_LABELS[b.from!.status]} → {BLOCK_STATUS_LABELS[b.to!.status]}
                      </span>
                    )}
                  </p>
                  {b.change === 'changed' && b.diff && <DiffText parts={b.diff} coarse={b.diffCoarse} />}
                  {b.change === 'added' && b.to && <DiffText parts={[{ type: 'insert', text: b.to.text }]} />}
                  {b.change === 'removed' && b.from && <DiffText parts={[{ type: 'delete', text: b.from.text }]} />}
                  {b.change === 'unchanged' && b.to && <p className="diff">{b.to.text}</p>}
                </li>
              );
            })}
          </ol>
        </div>
      )}
    </section>
  );
}
