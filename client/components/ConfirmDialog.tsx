/** A modal question with two answers, on the native <dialog> (focus trap, Escape to cancel). */
import { useTranslation } from 'react-i18next';
import { useModalDialog } from '../hooks/useModalDialog';

interface ConfirmDialogProps {
  title: string;
  children: React.ReactNode;
  confirmLabel: string;
  cancelLabel?: string;
  onConfirm(): void;
  onCancel(): void;
}

export function ConfirmDialog({ title, children, confirmLabel, cancelLabel, onConfirm, onCancel }: ConfirmDialogProps) {
  const { t } = useTranslation('common');
  const ref = useModalDialog();

  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby="confirm-title"
      data-testid="confirm-dialog"
      onCancel={(event) => {
        event.preventDefault();
        onCancel();
      }}
    >
      <h2 id="confirm-title" className="dialog__title">
        {title}
      </h2>
      <div className="dialog__body">{children}</div>
      <div className="dialog__actions">
        {/* biome-ignore lint/a11y/noAutofocus: a dialog moves focus into itself (to its safe choice), as the ARIA dialog pattern asks */}
        <button type="button" className="button" onClick={onCancel} autoFocus>
          {cancelLabel ?? t('action.cancel')}
        </button>
        <button type="button" className="button button--primary" data-testid="confirm-accept" onClick={onConfirm}>
          {confirmLabel}
        </button>
      </div>
    </dialog>
  );
}
