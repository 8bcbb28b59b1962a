/**
 * Comparing two readings, or a reading with the live text: block by block (added, removed,
 * changed, unchanged), and word by word inside changed blocks, insertions and deletions
 * marked by more than colour.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { workflowApi } from '../api/workflow';
import type { Comparison, Revision, TextRef } from '../api/workflowTypes';
import { apiErrorText } from '../i18n/apiErrorText';
import { personName } from '../format';
import { statusLabel } from '../status';
import { AuthoredDiff, type AuthorLook } from './AuthoredDiff';
import { DiffLegend, DiffText } from './DiffText';

interface CompareViewProps {
  token: string;
  docId: string;
  revisions: Revision[];
  from: TextRef;
  to: TextRef;
  onChange(from: TextRef, to: TextRef): void;
}

const parseRef = (value: string): TextRef => (value === 'live' ? 'live' : Number(value));

export function CompareView({ token, docId, revisions, from, to, onChange }: CompareViewProps) {
  const { t } = useTranslation('workflow');
  const [result, setResult] = useState<Comparison | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [showUnchanged, setShowUnchanged] = useState(false);
  const [again, setAgain] = useState(0);
  // "Show authors" (U1): the newer side coloured by who wrote it, as in the editor.
  const [showAuthors, setShowAuthors] = useState(false);
  const [authors, setAuthors] = useState<ReadonlyMap<number, AuthorLook> | null>(null);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `again` (Retry) is what makes it load again
  useEffect(() => {
    let current = true;
    setError(null);
    workflowApi.compare(token, docId, from, to, showAuthors).then(
      (comparison) => current && setResult(comparison),
      (e: unknown) => {
        if (!current) return;
        setResult(null);
        setError(t('compare.failed', { reason: apiErrorText(e) }));
      },
    );
    return () => {
      current = false;
    };
  }, [token, docId, from, to, again, t, showAuthors]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `again` (Refresh) also fetches who the newest ids are
  useEffect(() => {
    if (!showAuthors) return;
    let current = true;
    workflowApi.roomAuthors(token, docId).then(
      (list) => current && setAuthors(new Map(list.map((a) => [a.clientId, { label: personName(a.name, a.delegation), color: a.color }]))),
      () => current && setAuthors(new Map()),
    );
    return () => {
      current = false;
    };
  }, [token, docId, showAuthors, again]);

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
        <option value="live">{t('compare.live')}</option>
      </select>
    </label>
  );

  const shown = result?.blocks.filter((b) => showUnchanged || b.change !== 'unchanged') ?? [];

  return (
    <section className="compare" aria-labelledby="compare-title">
      <h3 className="subheading" id="compare-title">
        {t('compare.title')}
      </h3>
      <div className="compare__pick">
        {select('compare-from', t('compare.from'), from, (ref) => onChange(ref, to))}
        {select('compare-to', t('compare.to'), to, (ref) => onChange(from, ref))}
        {(from === 'live' || to === 'live') && (
          <button type="button" className="button button--small compare__refresh" onClick={() => setAgain((n) => n + 1)}>
            {t('common:action.refresh')}
          </button>
        )}
      </div>
      {error && <p className="form-error">{error}</p>}
      {result && (
        <div className="compare__result" data-testid="compare-result" aria-live="polite">
          <p className="compare__counts">
            {result.from.label} → {result.to.label}: {t('compare.counts', result.counts)}
          </p>
          <label className="status-bar__field">
            <input type="checkbox" checked={showUnchanged} onChange={(e) => setShowUnchanged(e.target.checked)} />
            <span>{t('compare.showUnchanged')}</span>
          </label>
          <label className="status-bar__field">
            <input
              type="checkbox"
              data-testid="compare-show-authors"
              checked={showAuthors}
              onChange={(e) => setShowAuthors(e.target.checked)}
            />
            <span>{t('compare.showAuthors')}</span>
          </label>
          <DiffLegend />
          {shown.length === 0 && <p className="muted">{t('compare.none')}</p>}
          <ol className="compare__blocks">
            {shown.map((b) => {
              const number = b.to?.number ?? b.from?.number ?? null;
              const statusChanged = b.from && b.to && b.from.status !== b.to.status;
              return (
                <li
                  key={`${b.change}-${b.id}`}
                  className={`compare__block compare__block--${b.change}`}
                  data-testid="compare-block"
                  data-change={b.change}
                >
                  <p className="compare__label">
                    <span>{number !== null ? `¶ ${number}` : t('common:block.headingTitle')}</span>
                    <span className={`pill pill--${b.change}`}>{t(`compare.change.${b.change}`)}</span>
                    {statusChanged && (
                      <span className="muted small">
                        {t('compare.status', { from: statusLabel(b.from!.status), to: statusLabel(b.to!.status) })}
                      </span>
                    )}
                  </p>
                  {showAuthors && authors && b.authors && b.to ? (
                    <AuthoredDiff
                      parts={
                        b.change === 'changed' && b.diff ? b.diff : [{ type: b.change === 'added' ? 'insert' : 'equal', text: b.to.text }]
                      }
                      runs={b.authors}
                      authors={authors}
                      coarse={b.diffCoarse}
                    />
                  ) : (
                    <>
                      {b.change === 'changed' && b.diff && <DiffText parts={b.diff} coarse={b.diffCoarse} />}
                      {b.change === 'added' && b.to && <DiffText parts={[{ type: 'insert', text: b.to.text }]} />}
                      {b.change === 'unchanged' && b.to && <p className="diff">{b.to.text}</p>}
                    </>
                  )}
                  {b.change === 'removed' && b.from && <DiffText parts={[{ type: 'delete', text: b.from.text }]} />}
                </li>
              );
            })}
          </ol>
        </div>
      )}
    </section>
  );
}
