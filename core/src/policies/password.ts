/** The owner-selectable password rules (see the security settings). */
export interface PasswordRules {
  readonly minLength: number;
  readonly requireMixedCase: boolean;
  readonly requireSpecialChar: boolean;
  readonly forbidUserInfo: boolean;
}

export const baselinePasswordRules: PasswordRules = {
  minLength: 8,
  requireMixedCase: false,
  requireSpecialChar: false,
  forbidUserInfo: false,
};

/** Never fewer than this many characters, whatever the settings say. */
export const PASSWORD_MIN_FLOOR = 8;
/** Passwords are accepted up to this many characters and never truncated. */
export const PASSWORD_MAX_LENGTH = 1024;

export type PasswordViolationCode =
  | 'too_short'
  | 'too_long'
  | 'mixed_case_required'
  | 'special_char_required'
  | 'contains_user_info'
  | 'common_password'
  /** Reuse rule (checked by the service against the user's password history). */
  | 'password_reused';

export interface PasswordViolation {
  readonly code: PasswordViolationCode;
  readonly message: string;
}

/** Length in Unicode code points, so an emoji counts as one character. */
const length = (s: string): number => [...s].length;

/** Parts of the user's identity a password must not contain (3+ characters, lower-cased). */
export const userInfoTokens = (user: { email: string; name: string }): string[] => {
  const [local = '', domain = ''] = user.email.toLowerCase().split('@');
  const parts = [local, ...local.split(/[^\p{L}\p{N}]+/u), ...user.name.toLowerCase().split(/[^\p{L}\p{N}]+/u)];
  const domainName = domain.split('.')[0];
  if (domainName) parts.push(domainName);
  return [...new Set(parts.filter((p) => length(p) >= 3))];
};

/** The fewest letters a {@link commonPasswordStem} must have to be looked up. */
const COMMON_STEM_MIN = 4;

/**
 * What is left of a password once the digits and symbols around its letters are taken away, lower-cased:
 * `Password123!` → `password`, `!!Summer2026` → `summer`. Adding those at either end is the usual way to pass
 * length and character rules with a common password, and guessers try it first. Digits and symbols between
 * letters stay (`1qaz2wsx` → `qaz2wsx`); a password without letters gives ''.
 */
export const commonPasswordStem = (password: string): string => password.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, '').toLowerCase();

/**
 * Every rule the password breaks, each with a stable code; empty when it is acceptable.
 * `isCommon` is the common-password list lookup (an adapter's data; the core holds no list). A password is common
 * when it is on the list, or when its {@link commonPasswordStem} is.
 */
export const passwordViolations = (
  password: string,
  rules: PasswordRules,
  user: { email: string; name: string },
  isCommon: (password: string) => boolean = () => false,
): PasswordViolation[] => {
  const out: PasswordViolation[] = [];
  const min = Math.max(PASSWORD_MIN_FLOOR, rules.minLength);
  const len = length(password);
  if (len < min) out.push({ code: 'too_short', message: `Use at least ${min} characters.` });
  if (len > PASSWORD_MAX_LENGTH) out.push({ code: 'too_long', message: `Use at most ${PASSWORD_MAX_LENGTH} characters.` });
  if (rules.requireMixedCase && !(/\p{Lu}/u.test(password) && /\p{Ll}/u.test(password)))
    out.push({ code: 'mixed_case_required', message: 'Use both upper-case and lower-case letters.' });
  if (rules.requireSpecialChar && !/[^\p{L}\p{N}]/u.test(password))
    out.push({ code: 'special_char_required', message: 'Use at least one character that is not a letter or digit.' });
  if (rules.forbidUserInfo) {
    const lower = password.toLowerCase();
    if (userInfoTokens(user).some((t) => lower.includes(t)))
      out.push({ code: 'contains_user_info', message: 'Do not use parts of your name or email address.' });
  }
  const stem = commonPasswordStem(password);
  if (isCommon(password)) out.push({ code: 'common_password', message: 'This password is too common.' });
  // A stem of a few letters ("go" of `27!Go#99`) says nothing about the password: only whole words count.
  else if (length(stem) >= COMMON_STEM_MIN && stem !== password && isCommon(stem))
    out.push({
      code: 'common_password',
      message: 'This password is too common: it is a common password with digits or symbols added around it.',
    });
  return out;
};
