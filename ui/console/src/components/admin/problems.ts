import { problemMessage, type Problem } from '@parley/api-client';

/**
 * A failed save as an admin form shows it: the message for the whole form, the per-field messages keyed by
 * the JSON Pointer the API gave (`/url`, `/fieldMapping/0/leadField`), and whether the resource changed
 * since it was loaded (412: the form offers a reload instead of overwriting).
 */
export interface FormProblem {
  readonly message: string;
  readonly fields: Readonly<Record<string, string>>;
  readonly stale: boolean;
}

export const STALE_MESSAGE =
  'Someone else changed these settings since you opened them. Reload to see their version, then make your change again.';

/** Reads the API's problem answer (any shape it may come in) into a {@link FormProblem}. */
export const formProblem = (error: unknown, status?: number): FormProblem => {
  const p = (error && typeof error === 'object' ? error : {}) as Partial<Problem>;
  const stale = status === 412 || p.code === 'version_mismatch';
  const fields: Record<string, string> = {};
  for (const e of p.errors ?? []) if (e.path && !(e.path in fields)) fields[e.path] = e.message;
  const message = stale
    ? STALE_MESSAGE
    : Object.keys(fields).length
      ? (p.detail ?? p.title ?? 'Some fields need a change.')
      : problemMessage(error);
  return { message, fields, stale };
};

/** The HTTP entity tag of a version, as `If-Match` wants it. */
export const ifMatch = (version: number) => ({ 'if-match': `"${version}"` });
