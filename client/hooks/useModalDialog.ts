/**
 * Opens a native <dialog> as modal for as long as the component is mounted: the browser then
 * traps focus in it, makes the page behind it inert for keyboards and screen readers, and
 * offers Escape (the dialog's `cancel` event, which each dialog answers in its own way).
 */
import { useEffect, useRef, type RefObject } from 'react';

export function useModalDialog(): RefObject<HTMLDialogElement | null> {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);
  return ref;
}
