/**
 * A modal form on the native <dialog> (focus trap, Escape to cancel): a title, its fields,
 * Cancel and one submit button. Enter in a field, or the button, submits; the caller checks
 * the fields and says what is wrong inside `children`.
 */
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { useModalDialog } from '../hooks/useModalDialog';

interface FormDialogProps {
  title: string;
  testId: string;
  confirmLabel: string;
  confirmTestId: string;
  onSubmit(): void;
  onCancel(): void;
  children: React.ReactNode;
}

export function FormDialog({ title, testId, confirmLabel, confirmTestId, onSubmit, onCancel, children }: FormDialogProps) {
  const { t } = useTranslation('common');
  const ref = useModalDialog();
  const titleId = useId();
  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby={titleId}
      data-testid={testId}
      onCancel={(event) => {
        event.preventDefault();
        onCancel();
      }}
    >
      <form
        onSubmit={(event) => {
          event.preventDefault();
          onSubmit();
        }}
      >
        <h2 id={titleId} className="dialog__title">
          {title}
        </h2>
        <div className="dialog__body">{children}</div>
        <div className="dialog__actions">
          <button type="button" className="button" onClick={onCancel}>
            {t('action.cancel')}
          </button>
          <button type="submit" className="button button--primary" data-testid={confirmTestId}>
            {confirmLabel}
          </button>
        </div>
      </form>
    </dialog>
  );
}
