import { useEffect, useRef, useState } from 'preact/hooks';
import { holdLeave, within } from '../../leave-guard.js';
import { ConfirmDialog } from './ConfirmDialog.js';

/**
 * While `dirty`, asks before the form's changes are lost: leaving for an address outside `scope` (another screen;
 * the form's own tabs live under it) opens a dialog naming `what` has unsaved changes ("this widget", "the
 * account"), Stay focused; reload, close and leaving the console are the browser's question. Answers the dialog to
 * render (null while it is closed).
 */
export const useLeaveWarning = (dirty: boolean, what: string, scope: string) => {
  const [leave, setLeave] = useState<(() => void) | null>(null);
  // The person's choice goes on only with the address asked for; what the form holds by then does not matter.
  const chosen = useRef(false);
  useEffect(() => {
    if (!dirty) return;
    const beforeUnload = (e: BeforeUnloadEvent) => e.preventDefault();
    addEventListener('beforeunload', beforeUnload);
    const release = holdLeave({ loses: (pathname) => !within(scope, pathname), ask: (go) => setLeave(() => go) });
    return () => {
      removeEventListener('beforeunload', beforeUnload);
      release();
    };
  }, [dirty, scope]);
  if (!leave) return null;
  return (
    <ConfirmDialog
      title="Leave without saving?"
      action="Leave without saving"
      cancelLabel="Stay"
      focusCancel
      onClose={() => {
        setLeave(null);
        if (chosen.current) {
          chosen.current = false;
          leave();
        }
      }}
      onConfirm={async () => {
        chosen.current = true;
        return null;
      }}
    >
      <p>{`You have unsaved changes to ${what}. They are lost if you leave now.`}</p>
    </ConfirmDialog>
  );
};
