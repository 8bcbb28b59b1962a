/** A small form for a comment or a reply: a text box and a button, the refusal shown under it. */
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { MAX_COMMENT_CHARS } from '../../shared/limits';
import type { Outcome } from '../hooks/useWorkflowActions';

interface CommentFormProps {
  label: string;
  submitLabel: string;
  /** data-testid prefix: `${testId}-text` and `${testId}-submit`. */
  testId: string;
  autoFocus?: boolean;
  /** Shown between the label and the box: what the comment is on, when that is a phrase. */
  context?: ReactNode;
  onFocus?(): void;
  onSubmit(text: string): Promise<Outcome>;
  onCancel?(): void;
}

export function CommentForm({ label, submitLabel, testId, autoFocus, context, onFocus, onSubmit, onCancel }: CommentFormProps) {
  const { t } = useTranslation('workflow');
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    if (text.trim() === '') return;
    setBusy(true);
    const outcome = await onSubmit(text);
    setBusy(false);
    setError(outcome);
    if (outcome === null) {
      setText('');
      onCancel?.();
    }
  };

  return (
    <form className="comment-form" onSubmit={(e) => void submit(e)}>
      <label className="field">
        <span className="field__label">{label}</span>
        {context}
        <textarea
          className="input"
          rows={3}
          maxLength={MAX_COMMENT_CHARS}
          data-testid={`${testId}-text`}
          value={text}
          // biome-ignore lint/a11y/noAutofocus: the form opens on request (Reply, Comment) and takes the typing at once
          autoFocus={autoFocus}
          onFocus={onFocus}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) void submit(e);
          }}
        />
      </label>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <div className="form-actions">
        {onCancel && (
          <button type="button" className="button button--small" onClick={onCancel}>
            {t('common:action.cancel')}
          </button>
        )}
        <button
          type="submit"
          className="button button--small button--primary"
          data-testid={`${testId}-submit`}
          disabled={busy || text.trim() === ''}
        >
          {busy ? t('comments.sending') : submitLabel}
        </button>
      </div>
    </form>
  );
}
