/**
 * A modal dialog on react-aria's Modal and Dialog: it is named by its label, keeps Tab inside,
 * hides the page behind it from screen readers, asks its owner to close on Escape, and gives
 * focus back to where the user was when it closes. On opening, the first field or button has
 * the focus (as the browser's own modal dialog did), so a form in a dialog is typed into at once.
 */
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { Dialog as AriaDialog, Modal, ModalOverlay } from 'react-aria-components';

const TABBABLE = 'input:not([disabled]):not([type="hidden"]), select:not([disabled]), textarea:not([disabled]), button:not([disabled]), [href], [tabindex]:not([tabindex="-1"])';

export function Dialog({ label, onClose, children }: { label: string; onClose: () => void; children: ReactNode }) {
  const ref = useRef<HTMLElement>(null);
  // Where the user was, taken while rendering: by the time effects run, the focus is in the dialog.
  const [before] = useState(() => (document.activeElement instanceof HTMLElement ? document.activeElement : null));
  useEffect(() => {
    // react-aria focuses the dialog box itself; the first control is one Tab nearer to the task.
    const first = ref.current?.querySelector<HTMLElement>(TABBABLE);
    first?.focus();
    return () => {
      // After react-aria has let go of the page behind (it is inert while the dialog is open).
      requestAnimationFrame(() => {
        if (before?.isConnected && document.activeElement === document.body) before.focus();
      });
    };
  }, [before]);
  return (
    // Always open while mounted: Escape (or the owner's own buttons) asks the owner, whose state decides.
    <ModalOverlay className="dialog-backdrop" isOpen isDismissable={false} onOpenChange={(open) => !open && onClose()}>
      <Modal className="dialog">
        <AriaDialog ref={ref} aria-label={label} className="dialog-body">
          {children}
        </AriaDialog>
      </Modal>
    </ModalOverlay>
  );
}
