import { problemMessage, type Problem } from '@parley/api-client';

/**
 * How the admin screens read the server's answer to a save: a problem's errors that point at a field
 * (JSON Pointer `/name`, `/settings/auditRetentionDays`) go beside that field; the rest is one message.
 * A 412 means someone else saved first: the screen offers a reload, never a silent overwrite.
 */

export interface SaveProblem {
  /** Messages by field: the pointer's last segment (`/settings/auditRetentionDays` → `auditRetentionDays`). */
  readonly fields: Readonly<Record<string, string>>;
  /** What is not about one field; null when every error was placed beside its field. */
  readonly message: string | null;
  /** The version sent was stale (412): the form must be reloaded before saving. */
  readonly stale: boolean;
}

export const STALE_MESSAGE = 'This was changed by someone else since you opened it. Reload to see their change, then edit again.';

/** The If-Match header for the version read. */
export const ifMatch = (version: number) => ({ 'If-Match': `"${version}"` });

/** The field a JSON Pointer names: its last segment, unescaped (`~1` is `/`, `~0` is `~`). */
export const pointerField = (pointer: string): string => {
  const last = pointer.split('/').pop() ?? '';
  return last.replace(/~1/g, '/').replace(/~0/g, '~');
};

/** Reads a refused save: per-field messages where the problem points at a field, else one message. */
export const saveProblem = (error: unknown, status: number): SaveProblem => {
  if (status === 412) return { fields: {}, message: STALE_MESSAGE, stale: true };
  const errors = (error as { errors?: { message: string; path?: string }[] } | null)?.errors ?? [];
  const fields: Record<string, string> = {};
  for (const e of errors) {
    const field = e.path ? pointerField(e.path) : '';
    if (field && !(field in fields)) fields[field] = e.message;
  }
  const placed = errors.length > 0 && errors.every((e) => e.path && pointerField(e.path));
  return { fields, message: placed ? null : problemMessage(error), stale: false };
};

/**
 * A refused save of a form whose fields repeat (the Salesforce mapping's rows): the same reading as
 * {@link saveProblem}, but each message keyed by the whole JSON Pointer (`/fieldMapping/1/leadField`), since the
 * last segment alone would name every row's field at once; and always one message for the whole form.
 */
export interface FormProblem {
  readonly message: string;
  readonly fields: Readonly<Record<string, string>>;
  readonly stale: boolean;
}

/** Reads the API's problem answer (any shape it may come in) into a {@link FormProblem}. */
export const formProblem = (error: unknown, status?: number): FormProblem => {
  const p = (error && typeof error === 'object' ? error : {}) as Partial<Problem>;
  const stale = status === 412 || p.code === 'version_mismatch';
  const fields: Record<string, string> = {};
  for (const e of p.errors ?? []) if (e.path && !(e.path in fields)) fields[e.path] = e.message;
  const message = stale
    ? STALE_MESSAGE
    : Object.keys(fields).length
      ? // Each field's own words stand beside it; the summary points there rather than saying it again.
        'Fix the fields marked above.'
      : problemMessage(error);
  return { message, fields, stale };
};

/**
 * A refused create of a short form (a monitor share link, an API token), as its fields' messages: each error
 * keyed by its whole JSON Pointer (`/expiresAt`), '' for one that names no field; when no error is listed, the
 * problem's own words under ''. The form shows '' as one alert and the rest beside their fields.
 */
export const messagesByPointer = (error: unknown): Record<string, string> => {
  const byPointer: Record<string, string> = {};
  for (const d of (error as { errors?: { path?: string; message: string }[] } | undefined)?.errors ?? [])
    byPointer[d.path ?? ''] = d.message;
  if (!Object.keys(byPointer).length) byPointer[''] = problemMessage(error);
  return byPointer;
};
