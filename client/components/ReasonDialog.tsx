/**
 * A decision that undoes agreement or refuses a proposal (unlocking a paragraph, leaving
 * 'agreed', rejecting an amendment) asks for the reason first (PROTOCOL.md M9): it goes
 * into the record everyone reads. The native <dialog> traps focus and answers Escape; the
 * reason is checked by the server's own rule (shared/decisionReason.ts) as it is typed.
 */
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { checkDecisionReason } from '../../shared/decisionReason';
import { MAX_LABEL_INPUT_CHARS } from '../../shared/limits';
import { FormDialog } from './FormDialog';

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
  const problemId = useId();
  const [raw, setRaw] = useState('');
  const [tried, setTried] = useState(false);
  const checked = checkDecisionReason(raw);
  const problem = !checked.ok
    ? t('reason.tooLong', { max: checked.max, length: checked.length })
    : checked.value === null && tried
      ? t('reason.required')
      : null;

  const submit = () => {
    setTried(true);
    if (checked.ok && checked.value !== null) onConfirm(checked.value);
  };

  return (
    <FormDialog
      title={title}
      testId="reason-dialog"
      confirmLabel={confirmLabel}
      confirmTestId="reason-confirm"
      onSubmit={submit}
      onCancel={onCancel}
    >
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
          aria-describedby={problem ? problemId : undefined}
          // biome-ignore lint/a11y/noAutofocus: the dialog opens to ask for this one thing
          autoFocus
          onChange={(e) => setRaw(e.target.value)}
          onKeyDown={(e) => {
            // Enter writes a new line in a reason; Ctrl+Enter (⌘+Enter) gives it, as in comments.
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) e.currentTarget.form?.requestSubmit();
          }}
        />
      </label>
      {problem && (
        <p id={problemId} className="form-error" role="alert">
          {problem}
        </p>
      )}
    </FormDialog>
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
