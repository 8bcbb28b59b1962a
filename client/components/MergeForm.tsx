/**
 * Merging two pending amendments to one paragraph into one (moderators): pick the other,
 * write the combined text (it starts from this one's). The merged amendment keeps this
 * one's proposer, and every other delegation behind either becomes a co-sponsor.
 */
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Amendment } from '../api/workflowTypes';
import type { Outcome } from '../hooks/useWorkflowActions';

interface MergeFormProps {
  amendment: Amendment;
  others: Amendment[];
  onMerge(ids: [number, number], text?: string): Promise<Outcome>;
  onDone(): void;
}

export function MergeForm({ amendment, others, onMerge, onDone }: MergeFormProps) {
  const { t } = useTranslation('workflow');
  const [otherId, setOtherId] = useState(others[0]?.id ?? 0);
  const other = others.find((o) => o.id === otherId) ?? null;
  const bothDelete = amendment.kind === 'delete' && other?.kind === 'delete';
  const [text, setText] = useState(amendment.text || other?.text || '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const id = useId();

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    if (!other) return;
    setBusy(true);
    const outcome = await onMerge([amendment.id, other.id], bothDelete ? undefined : text);
    setBusy(false);
    if (outcome === null) onDone();
    else setError(outcome);
  };

  return (
    <form className="merge-form" onSubmit={(e) => void submit(e)} aria-label={t('merge.label', { id: `#${amendment.id}` })}>
      <label className="field">
        <span className="field__label">{t('merge.with', { id: `#${amendment.id}` })}</span>
        <select
          className="input"
          id={`${id}-other`}
          data-testid="merge-with"
          value={otherId}
          onChange={(e) => setOtherId(Number(e.target.value))}
        >
          {others.map((o) => (
            <option key={o.id} value={o.id}>
              {t('merge.option', { id: `#${o.id}`, by: o.proposerDelegation || o.proposerName })}
            </option>
          ))}
        </select>
      </label>
      {other?.text && other.text !== text && (
        <blockquote className="amendment__text">
          <span className="muted">{t('merge.proposes', { id: `#${other.id}` })} </span>
          {other.text}
        </blockquote>
      )}
      {!bothDelete && (
        <label className="field">
          <span className="field__label">{t('merge.text')}</span>
          <textarea
            className="input amend-form__text"
            data-testid="merge-text"
            rows={5}
            value={text}
            onChange={(e) => setText(e.target.value)}
          />
        </label>
      )}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <div className="form-actions">
        <button type="button" className="button button--small" onClick={onDone}>
          {t('common:action.cancel')}
        </button>
        <button
          type="submit"
          className="button button--small button--primary"
          data-testid="merge-submit"
          disabled={busy || !other || (!bothDelete && text.trim() === '')}
        >
          {busy ? t('merge.merging') : t('merge.submit')}
        </button>
      </div>
    </form>
  );
}
