/**
 * Typed domain errors. Every error carries a stable string `code` that adapters expose unchanged
 * (the HTTP adapter maps it to an RFC 9457 problem type). A rule that fails is never a crash:
 * callers can switch on `code` and read `details`.
 */
export type ErrorCode =
  | 'validation_failed'
  | 'unauthenticated'
  | 'invalid_credentials'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'version_mismatch'
  | 'precondition_required'
  | 'signup_closed'
  | 'email_taken'
  | 'last_owner'
  | 'password_policy_violation'
  | 'account_locked'
  | 'account_choice_required'
  | 'account_deactivated'
  | 'password_expired'
  | 'ip_not_allowed'
  | 'plan_required'
  | 'ip_rules_exclude_you'
  | 'revert_conflict'
  | 'not_revertible'
  | 'rate_limited'
  | 'unavailable'
  | 'chat_closed'
  | 'agent_unavailable'
  | 'idempotency_key_reused'
  | 'origin_not_allowed'
  | 'shortcut_taken'
  | 'label_name_taken'
  | 'label_required'
  | 'survey_taken'
  | 'not_surveyable'
  | 'chat_open'
  | 'token_expired'
  | 'token_scope'
  | 'not_offline_request'
  | 'widget_unavailable'
  | 'visitor_blocked'
  | 'invalid_token';

export interface ErrorDetail {
  /** Where the problem is, as a JSON Pointer into the input (`/settings/maxConcurrentChats`). */
  readonly path?: string;
  readonly code: string;
  readonly message: string;
}

/**
 * A problem document's own members: a `meta` key of the same name would be overwritten by them in the answer, so the
 * caller would never see it (a chat's `status` under the HTTP status, say). Refused by the type.
 */
type ProblemMember = 'type' | 'title' | 'status' | 'code' | 'detail' | 'instance' | 'errors';
export type ErrorMeta = Record<string, unknown> & { readonly [K in ProblemMember]?: never };

export class ParleyError extends Error {
  readonly code: ErrorCode;
  readonly details: readonly ErrorDetail[];
  /** Extra machine-readable facts (e.g. `lockedUntil`), safe to show to the caller. */
  readonly meta: Readonly<Record<string, unknown>>;

  constructor(code: ErrorCode, message: string, options: { details?: readonly ErrorDetail[]; meta?: ErrorMeta; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ParleyError';
    this.code = code;
    this.details = options.details ?? [];
    this.meta = options.meta ?? {};
  }
}

export const validationFailed = (details: readonly ErrorDetail[], message = 'The request is not valid.') =>
  new ParleyError('validation_failed', message, { details });
export const notFound = (what: string) => new ParleyError('not_found', `${what} not found.`);
export const forbidden = (message = 'You are not allowed to do this.') => new ParleyError('forbidden', message);
export const versionMismatch = (current: number) =>
  new ParleyError('version_mismatch', 'The resource was changed by someone else; reload it and try again.', {
    meta: { currentVersion: current },
  });

export const isParleyError = (e: unknown): e is ParleyError => e instanceof ParleyError;
