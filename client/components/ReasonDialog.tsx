/**
 * A decision that undoes agreement or refuses a proposal (unlocking a paragraph, leaving
 * 'agreed', rejecting an amendment) asks for the reason first (PROTOCOL.md M9): it goes
 * into the record everyone reads. The native <dialog> traps focus and answers Escape; the
 * reason is checked by the server's own rule (shared/decisionReason.ts) as it is typed.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { checkDecisionReason } from '../../shared/decisionReason';
import { MAX_LABEL_INPUT_CHARS } from '../../shared/limits';
import { useModalDialog } from '../hooks/useModalDialog';

interface ReasonDialogProps {
  title: string;
  /** What the decision does, in a sentence. */
  text: string;
  confirmLabel: string;
  onConfirm(reason: string): void;
  onCancel(): void;
}

export function ReasonDialog({ title, text, confirmLabel, onConfirm, onCancel }: ReasonDialogProps) {
  const { t } = useTranslation('workflow');
  const ref = useModalDialog();
  const [raw, setRaw] = useState('');
  const [tried, setTried] = useState(false);
  const checked = checkDecisionReason(raw);
  const problem = !checked.ok
    ? t('reason.tooLong', { max: checked.max, length: checked.length })
    : checked.value === null && tried
      ? t('reason.required')
      : null;

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    setTried(true);
    if (checked.ok && checked.value !== null) onConfirm(checked.value);
  };

  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby="reason-title"
      data-testid="reason-dialog"
      onCancel={(event) => {
        event.preventDefault();
        onCancel();
      }}
    >
      <form onSubmit={submit}>
        <h2 id="reason-title" className="dialog__title">
          {title}
        </h2>
        <div className="dialog__body">
          <p>{text}</p>
          <label className="field">
            <span className="field__label">{t('reason.label')}</span>
            <textarea
              className="input"
              rows={3}
              maxLength={MAX_LABEL_INPUT_CHARS}
              data-testid="reason-text"
              value={raw}
              aria-invalid={problem !== null}
              aria-describedby={problem ? 'reason-problem' : undefined}
              autoFocus
              onChange={(e) => setRaw(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) submit(e);
              }}
            />
          </label>
          {problem && (
            <p id="reason-problem" className="form-error" role="alert">
              {problem}
            </p>
          )}
        </div>
        <div className="dialog__actions">
          <button type="button" className="button" onClick={onCancel}>
            {t('common:action.cancel')}
          </button>
          <button type="submit" className="button button--primary" data-testid="reason-confirm">
            {confirmLabel}
          </button>
        </div>
      </form>
    </dialog>
  );
}

/** A recorded reason, under the decision it explains. */
export function ReasonLine({ reason }: { reason: string | null | undefined }) {
  const { t } = useTranslation('workflow');
  if (!reason) return null;
  return (
    <p className="decision-reason" data-testid="decision-reason">
      {t('reason.line', { reason })}
    </p>
  );
}
