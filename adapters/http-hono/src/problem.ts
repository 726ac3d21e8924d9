import type { Context } from 'hono';
import { isParleyError, StorageUnavailableError, type ErrorCode, type ErrorDetail } from '@parley/core';

/** HTTP status for each domain error code. */
const STATUS: Record<ErrorCode, number> = {
  validation_failed: 400,
  unauthenticated: 401,
  invalid_credentials: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  version_mismatch: 412,
  precondition_required: 428,
  signup_closed: 403,
  email_taken: 409,
  last_owner: 409,
  password_policy_violation: 422,
  account_locked: 423,
  account_choice_required: 409,
  account_deactivated: 403,
  password_expired: 403,
  ip_not_allowed: 403,
  plan_required: 403,
  ip_rules_exclude_you: 422,
  revert_conflict: 409,
  not_revertible: 409,
  rate_limited: 429,
  unavailable: 503,
  chat_closed: 409,
  agent_unavailable: 409,
  idempotency_key_reused: 422,
  origin_not_allowed: 403,
  shortcut_taken: 409,
  label_name_taken: 409,
  label_required: 409,
  survey_taken: 409,
  not_surveyable: 409,
  chat_open: 409,
  /** An API token past its expiry. */
  token_expired: 401,
  /** An API token used for what its scope does not cover (a write with a read token, any write on the native API). */
  token_scope: 403,
  not_offline_request: 409,
  widget_unavailable: 409,
  /** A visitor whose address the widget blocks. */
  visitor_blocked: 403,
  /** A mailed link (password reset, invitation) that is unknown, used or expired. */
  invalid_token: 400,
};

export const statusOf = (code: string): number => STATUS[code as ErrorCode] ?? 500;

/** The base of every problem `type` URI; the last segment is the stable code. */
export const PROBLEM_BASE = 'https://parley.dev/problems/';

export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly code: string;
  readonly detail?: string;
  readonly instance?: string;
  readonly errors?: readonly ErrorDetail[];
  readonly [extra: string]: unknown;
}

/** An error raised by the HTTP layer itself (malformed JSON, oversize body...), with a stable code. */
export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly errors: readonly ErrorDetail[] = [],
  ) {
    super(message);
    this.name = 'HttpProblem';
  }
}

/** Words of a code that are initialisms, written in capitals in a title ("IP not allowed", not "Ip not allowed"). */
const INITIALISMS = new Set(['api', 'csv', 'http', 'id', 'ip', 'json', 'sse', 'url', 'utc']);

/** A problem's title from its code: `ip_rules_exclude_you` → "IP rules exclude you". */
export const titleOf = (code: string): string =>
  code
    .split('_')
    .map((w) => (INITIALISMS.has(w) ? w.toUpperCase() : w))
    .join(' ')
    .replace(/^./, (c) => c.toUpperCase());

/** An RFC 9457 `application/problem+json` response. */
export const problemResponse = (
  c: Context,
  status: number,
  code: string,
  detail: string,
  extra: { errors?: readonly ErrorDetail[]; meta?: Readonly<Record<string, unknown>>; headers?: Record<string, string> } = {},
): Response => {
  const body: Problem = {
    ...(extra.meta ?? {}),
    type: PROBLEM_BASE + code,
    title: titleOf(code),
    status,
    code,
    detail,
    instance: new URL(c.req.url).pathname,
    ...(extra.errors?.length ? { errors: extra.errors } : {}),
  };
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/problem+json; charset=utf-8', ...(extra.headers ?? {}) },
  });
};

/** What a client is told to wait before trying again while the database cannot be reached. */
export const STORAGE_RETRY_AFTER_SECONDS = 5;

/**
 * Turns anything thrown into a problem response: a database that cannot be reached becomes a 503
 * `storage_unavailable` with `Retry-After` (reported to `onUnavailable`, not as a failure); unknown errors
 * become a 500 that reveals nothing.
 */
export const toProblem = (
  c: Context,
  err: unknown,
  onUnexpected: (err: unknown) => void,
  onUnavailable: (err: StorageUnavailableError) => void = () => {},
): Response => {
  if (err instanceof StorageUnavailableError) {
    onUnavailable(err);
    return problemResponse(
      c,
      503,
      'storage_unavailable',
      'The database cannot be reached right now; nothing was changed. Try again shortly.',
      {
        headers: { 'retry-after': String(STORAGE_RETRY_AFTER_SECONDS) },
      },
    );
  }
  if (isParleyError(err)) {
    const headers: Record<string, string> = {};
    if (err.code === 'version_mismatch' && typeof err.meta.currentVersion === 'number') headers.etag = `"${err.meta.currentVersion}"`;
    if (err.code === 'rate_limited' && typeof err.meta.retryAfterSeconds === 'number')
      headers['retry-after'] = String(err.meta.retryAfterSeconds);
    return problemResponse(c, statusOf(err.code), err.code, err.message, { errors: err.details, meta: err.meta, headers });
  }
  if (err instanceof HttpProblem) return problemResponse(c, err.status, err.code, err.message, { errors: err.errors });
  onUnexpected(err);
  return problemResponse(c, 500, 'internal_error', 'Something went wrong on our side; it has been logged.');
};
