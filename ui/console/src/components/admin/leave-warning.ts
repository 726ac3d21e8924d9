import { useEffect } from 'preact/hooks';

/**
 * Warns before the page is left (reload, close, another address) while `dirty`, and before in-app links (in-page
 * ones and a widget's tabs leave nothing), naming `what` has unsaved changes: "this widget", "the account".
 */
export const useLeaveWarning = (dirty: boolean, what: string) => {
  useEffect(() => {
    if (!dirty) return;
    const beforeUnload = (e: BeforeUnloadEvent) => e.preventDefault();
    const click = (e: MouseEvent) => {
      const a = (e.target as Element | null)?.closest?.('a[href]');
      // In-page links (the tabs, "Skip to content") leave nothing.
      if (!a || a.closest('.widget-tabs') || a.getAttribute('href')?.startsWith('#')) return;
      if (!window.confirm(`You have unsaved changes to ${what}. Leave without saving?`)) {
        e.preventDefault();
        e.stopImmediatePropagation();
      }
    };
    addEventListener('beforeunload', beforeUnload);
    document.addEventListener('click', click, true);
    return () => {
      removeEventListener('beforeunload', beforeUnload);
      document.removeEventListener('click', click, true);
    };
  }, [dirty, what]);
};
