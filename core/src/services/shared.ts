import { ParleyError, versionMismatch } from '../errors.js';
import type { Versioned } from '../model/types.js';
import { passwordViolations, type PasswordRules } from '../policies/password.js';

/**
 * Checks an update's expected version (from `If-Match` or a `version` field) against the stored one.
 * No expectation means "whatever is current".
 */
export const expectVersion = (current: Versioned, expected: number | undefined): number => {
  if (expected !== undefined && expected !== current.version) throw versionMismatch(current.version);
  return current.version;
};

/** Rejects a password listing every rule it breaks. */
export const assertPasswordAcceptable = (
  password: string,
  rules: PasswordRules,
  user: { email: string; name: string },
  isCommon?: (p: string) => boolean,
): void => {
  const v = passwordViolations(password, rules, user, isCommon);
  if (v.length)
    throw new ParleyError('password_policy_violation', 'The password does not meet the password rules.', {
      details: v.map((x) => ({ path: '/password', code: x.code, message: x.message })),
    });
};

/** Cursor + limit → storage page request. */
export const pageOf = (q: { cursor?: string | undefined; limit: number }) => ({ cursor: q.cursor ?? null, limit: q.limit });
