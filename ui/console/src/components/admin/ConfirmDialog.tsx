import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { ErrorAlert } from '../alert.js';

/**
 * Asks before a destructive action: `onConfirm` does it and answers the error to show, or null when done (the
 * dialog closes). Escape and Cancel close it without doing anything. The action's button has the focus when the
 * dialog opens, or Cancel with `focusCancel` (for what cannot be undone: Enter pressed at once then does nothing);
 * `cancelLabel` names Cancel otherwise ("Stay").
 */
export const ConfirmDialog = ({
  title,
  children,
  action,
  onConfirm,
  onClose,
  focusCancel = false,
  cancelLabel = 'Cancel',
}: {
  title: string;
  children: ComponentChildren;
  action: string;
  onConfirm: () => Promise<string | null>;
  onClose: () => void;
  focusCancel?: boolean;
  cancelLabel?: string;
}) => {
  const dialog = useRef<HTMLDialogElement>(null);
  const cancel = useRef<HTMLButtonElement>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    dialog.current?.showModal();
    if (focusCancel) cancel.current?.focus();
  }, []);
  const confirm = async () => {
    setBusy(true);
    const failed = await onConfirm();
    setBusy(false);
    if (failed) setError(failed);
    else dialog.current?.close();
  };
  return (
    <dialog ref={dialog} class="dialog" aria-labelledby="confirm-title" onClose={onClose}>
      <h2 id="confirm-title">{title}</h2>
      {children}
      <ErrorAlert message={error} />
      <div class="dialog-actions">
        <button class="btn btn-danger" type="button" disabled={busy} onClick={confirm}>
          {action}
        </button>
        <button ref={cancel} class="btn" type="button" onClick={() => dialog.current?.close()}>
          {cancelLabel}
        </button>
      </div>
    </dialog>
  );
};
