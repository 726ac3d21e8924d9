import { useEffect, useRef } from 'preact/hooks';

/**
 * Where the focus goes as a list's row is edited in place: into the row's form (its first field) when editing
 * begins, and back to the row's Edit button (`data-edits="<key>"`) when it ends, saved or cancelled; without it
 * the focus fell to the page's start as the row's buttons made way for the form and back.
 */
export const useEditFocus = (editing: string | null) => {
  const form = useRef<HTMLFormElement>(null);
  const last = useRef<string | null>(null);
  useEffect(() => {
    if (editing !== null) form.current?.querySelector<HTMLElement>('input, textarea, select')?.focus();
    else if (last.current !== null) document.querySelector<HTMLElement>(`[data-edits="${CSS.escape(last.current)}"]`)?.focus();
    last.current = editing;
  }, [editing]);
  return form;
};

/**
 * Where the focus goes when a save is refused with fields marked (`aria-invalid`): to the first of them, so the
 * keyboard and the screen reader start where the fixing does; without it the focus stayed on the page's start,
 * where the Save button, disabled while saving, had dropped it. `refusals` counts the refusals: each moves it.
 */
export const useInvalidFocus = (refusals: number) => {
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (refusals > 0) form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [refusals]);
  return form;
};
