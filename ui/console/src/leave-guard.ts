/**
 * Forms with unsaved changes hold the console's in-app navigation (`navigate` and Back/Forward in `store.ts`):
 * each registers a guard while it has changes; going to an address that would unmount it asks the person first,
 * in the form's own dialog, and goes only if they choose to. Reload and close are the browser's own question
 * (`beforeunload`), which the form asks for itself.
 */
export interface LeaveGuard {
  /** Whether showing `pathname` loses the form's changes (another screen; not another tab of the same form). */
  readonly loses: (pathname: string) => boolean;
  /** Asks whether to leave without saving; calls `leave` if so. */
  readonly ask: (leave: () => void) => void;
}

const guards = new Set<LeaveGuard>();

/** Holds navigation away while `guard` is registered; the answer unregisters it. */
export const holdLeave = (guard: LeaveGuard): (() => void) => {
  guards.add(guard);
  return () => guards.delete(guard);
};

/** Goes to `pathname` (`go`) at once and answers true, or leaves it to the first guard that would lose changes there (false). */
export const leaveTo = (pathname: string, go: () => void): boolean => {
  const guard = [...guards].find((g) => g.loses(pathname));
  if (!guard) go();
  else guard.ask(go);
  return !guard;
};

/** Whether `pathname` is `scope` or an address under it (`/app/admin/widgets/w1/hours` under `/app/admin/widgets/w1`). */
export const within = (scope: string, pathname: string): boolean => {
  const path = pathname.replace(/\/+$/, '');
  return path === scope || path.startsWith(`${scope}/`);
};
