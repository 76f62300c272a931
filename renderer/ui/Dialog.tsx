/**
 * A modal dialog on the browser's own <dialog>: it takes focus when it opens, keeps Tab inside,
 * closes on Escape, and gives focus back to where the user was when it closes.
 */
import { useEffect, useRef, type ReactNode } from 'react';

export function Dialog({ label, onClose, children }: { label: string; onClose: () => void; children: ReactNode }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    const before = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (dialog && !dialog.open) dialog.showModal();
    return () => {
      dialog?.close();
      before?.focus();
    };
  }, []);
  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-label={label}
      onCancel={(e) => {
        e.preventDefault(); // Escape: the owner decides, so its state and the dialog agree
        onClose();
      }}
    >
      {children}
    </dialog>
  );
}
