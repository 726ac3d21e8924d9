import { ParleyError } from '../errors.js';
import { SECURITY_PLANS, type Plan } from '../model/account.js';
import { defaultSecuritySettings, type SecurityRecord, type SecuritySettings } from '../model/security.js';
import type { Id, Instant } from '../model/types.js';
import type { User } from '../model/user.js';
import { passwordViolations, type PasswordViolation } from '../policies/password.js';
import {
  PASSWORD_HISTORY_KEEP,
  reuseCandidates,
  reuseDecision,
  withCurrentPassword,
  type UsedPassword,
} from '../policies/password-reuse.js';
import { passwordRulesOf } from '../policies/security-raise.js';
import type { Repositories } from '../ports/storage.js';
import type { CoreDeps } from '../runtime/context.js';

/**
 * What the services that check passwords and logins share: the security settings in force for an
 * account, the new-password check (rules, common list, reuse) and the password history.
 */

/** An id no account or user ever has: lookups for an unknown email run against it, so they cost the same. */
export const DECOY_ID: Id = 'decoy-00000000-0000-0000-0000-000000000000';

export const planHasSecurity = (plan: Plan): boolean => SECURITY_PLANS.includes(plan);

export interface SecurityState {
  /** What the account saved, or null when it never saved settings. */
  readonly record: SecurityRecord | null;
  /** The saved settings, or the defaults. */
  readonly settings: SecuritySettings;
  /** The settings in force: the saved ones on plans that include security settings, else the defaults. */
  readonly enforced: SecuritySettings;
  /** Passwords set before this instant must be replaced at the next login. */
  readonly passwordsExpiredAt: Instant | null;
  readonly version: number;
}

/** The account's security state (an unknown account gets the defaults). */
export const loadSecurity = async (r: Repositories, accountId: Id): Promise<SecurityState> => {
  const account = await r.accounts.get(accountId);
  const record = await r.security.get(accountId);
  const settings = record?.settings ?? defaultSecuritySettings();
  return {
    record,
    settings,
    enforced: account && planHasSecurity(account.plan) ? settings : defaultSecuritySettings(),
    passwordsExpiredAt: record?.passwordsExpiredAt ?? null,
    version: record?.version ?? 0,
  };
};

/**
 * The earlier passwords of `user` a new one must differ from under `settings`, newest first; with
 * `forbidCurrent`, the current password is among them whatever the reuse rule says.
 */
export const reuseCheckList = async (
  r: Repositories,
  settings: SecuritySettings,
  user: User,
  now: Date,
  forbidCurrent: boolean,
): Promise<UsedPassword[]> => {
  const history = withCurrentPassword(await r.passwordHistory.recent(user.accountId, user.id, PASSWORD_HISTORY_KEEP), user);
  const candidates = reuseCandidates(settings.password.reuse, history, now);
  if (forbidCurrent && !candidates.some((c) => c.passwordHash === user.passwordHash))
    candidates.unshift({ passwordHash: user.passwordHash, setAt: user.passwordChangedAt });
  return candidates;
};

/**
 * Every problem with a new password: the complexity rules in force, the common-password list, and
 * (when `earlier` is given) reuse of one of those passwords. Empty when it is acceptable.
 */
export const newPasswordProblems = async (
  deps: Pick<CoreDeps, 'hasher' | 'commonPasswords'>,
  settings: SecuritySettings,
  who: { email: string; name: string },
  password: string,
  earlier: readonly UsedPassword[] = [],
): Promise<PasswordViolation[]> => {
  const problems = passwordViolations(password, passwordRulesOf(settings), who, (p) => deps.commonPasswords?.isCommon(p) ?? false);
  if (earlier.length) {
    const matched = new Set<string>();
    // Verified in parallel: argon2 runs on the thread pool, so N checks cost about N / pool size.
    await Promise.all(earlier.map(async (e) => (await deps.hasher.verify(e.passwordHash, password)) && matched.add(e.passwordHash)));
    if (!reuseDecision(earlier, (h) => matched.has(h)).allowed)
      problems.push({ code: 'password_reused', message: 'Choose a password you have not used recently.' });
  }
  return problems;
};

/** `password_policy_violation` listing every problem at `path` (the input field). */
export const passwordRejected = (problems: readonly PasswordViolation[], path = '/password'): ParleyError =>
  new ParleyError('password_policy_violation', 'The password does not meet the password rules.', {
    details: problems.map((x) => ({ path, code: x.code, message: x.message })),
  });

/** Records a user's new password in their history (hash only) and keeps the history bounded. */
export const recordPassword = async (
  tx: Repositories,
  deps: Pick<CoreDeps, 'ids'>,
  user: Pick<User, 'id' | 'accountId' | 'passwordHash' | 'passwordChangedAt'>,
): Promise<void> => {
  await tx.passwordHistory.add({
    id: deps.ids.next(),
    accountId: user.accountId,
    userId: user.id,
    passwordHash: user.passwordHash,
    setAt: user.passwordChangedAt,
  });
  await tx.passwordHistory.prune(user.accountId, user.id, PASSWORD_HISTORY_KEEP);
};
