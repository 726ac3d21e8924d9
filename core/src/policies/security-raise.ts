import type { SecuritySettings } from '../model/security.js';
import { PASSWORD_MIN_FLOOR, type PasswordRules } from './password.js';

/**
 * Whether a change of the security settings raises a password requirement. When it does, every
 * user's password expires and must be replaced at the next login. Only the complexity rules count:
 * reuse limits apply at the next change anyway, and a shorter expiry takes effect by itself.
 */

export type RaisedRequirement = 'minLength' | 'requireMixedCase' | 'requireSpecialChar' | 'forbidUserInfo';

/** The password rules of a settings document. */
export const passwordRulesOf = (s: SecuritySettings): PasswordRules => ({
  minLength: s.password.minLength,
  requireMixedCase: s.password.requireMixedCase,
  requireSpecialChar: s.password.requireSpecialChar,
  forbidUserInfo: s.password.forbidUserInfo,
});

/**
 * The rules that got stricter from `before` to `after`; empty when every password acceptable under
 * `before` is still acceptable under `after`.
 */
export const raisedRequirements = (before: PasswordRules, after: PasswordRules): RaisedRequirement[] => {
  const out: RaisedRequirement[] = [];
  if (Math.max(PASSWORD_MIN_FLOOR, after.minLength) > Math.max(PASSWORD_MIN_FLOOR, before.minLength)) out.push('minLength');
  for (const k of ['requireMixedCase', 'requireSpecialChar', 'forbidUserInfo'] as const) if (after[k] && !before[k]) out.push(k);
  return out;
};
