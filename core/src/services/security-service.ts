import { diff } from '../audit/diff.js';
import { forbidden, notFound, ParleyError, versionMismatch } from '../errors.js';
import { SECURITY_PLANS } from '../model/account.js';
import { SYSTEM_ACTOR, type AuditActor, type AuditEntry } from '../model/audit.js';
import { defaultSecuritySettings, type SecurityRecord, type SecuritySettings } from '../model/security.js';
import type { Id, Page } from '../model/types.js';
import { canManage, toPublicUser, type PublicUser, type User } from '../model/user.js';
import { inactivityDecision } from '../policies/inactivity.js';
import { ipAccessDecision } from '../policies/ip-access.js';
import { isLocked } from '../policies/lockout.js';
import { passwordRulesOf, raisedRequirements } from '../policies/security-raise.js';
import type { Repositories } from '../ports/storage.js';
import { isoNow } from '../ports/system.js';
import { parseInput, schemas } from '../validation.js';
import { appendAudit, type AuditService, type RevertTarget } from './audit-service.js';
import { actorOf, commit, endSessions, type CoreDeps, type Emit, type Principal, lostRace } from '../runtime/context.js';
import { loadSecurity, planHasSecurity } from './security-support.js';
import { userEvent, userView } from './user-service.js';

/** The security settings as the API shows them: the document and its version (the ETag). */
export type SecurityView = SecuritySettings & { readonly version: number };

const viewOf = (settings: SecuritySettings, version: number): SecurityView => ({ ...settings, version });

const ownerOnly = () => forbidden('Only the account owner can read or change the security settings.');

export const planRequired = (plan: string): ParleyError =>
  new ParleyError('plan_required', `Security settings are available on the ${SECURITY_PLANS.join(', ')} plans.`, {
    meta: { plan, plans: SECURITY_PLANS },
  });

/** What {@link SecurityService.checkIpRules} answers: the caller's address as the server sees it, and whether the rules let it in. */
export interface IpRulesCheck {
  readonly address: string | null;
  readonly allowed: boolean;
}

export const ipNotAllowed = (ip: string | null): ParleyError =>
  new ParleyError('ip_not_allowed', 'This account’s IP access rules do not allow your address.', { meta: { address: ip } });

/**
 * Deactivates a user found inactive, ends their sessions and audits it (`user.deactivated`, type
 * permissions, so an owner or admin can revert it). Answers false when the user changed meanwhile.
 */
export const deactivateInactiveUser = async (
  tx: Repositories,
  deps: CoreDeps,
  cur: User,
  actor: AuditActor,
  emit: Emit,
): Promise<boolean> => {
  const now = isoNow(deps.clock);
  const next: User = { ...cur, status: 'deactivated', updatedAt: now, version: cur.version + 1 };
  if (!(await tx.users.update(next, cur.version))) return false;
  await endSessions(tx, deps, cur.accountId, cur.id, emit);
  await tx.passwordTickets.deleteByUser(cur.id);
  await appendAudit(tx, deps, cur.accountId, actor, {
    type: 'permissions',
    action: 'user.deactivated',
    targetType: 'user',
    targetId: cur.id,
    widgetId: null,
    changes: diff(userView(cur), userView(next)),
  });
  emit(userEvent('user.updated', next, now));
  return true;
};

/**
 * The account's security policy: the settings document (owner only, plan-gated, audited, revertible),
 * unlocking users, and the inactivity sweep the host runs periodically.
 */
export class SecurityService {
  constructor(
    private readonly deps: CoreDeps,
    audit: AuditService,
  ) {
    audit.registerRevertTarget(this.revertTarget);
  }

  /** The settings document (owner only). On a plan without security settings it is shown but not enforced. */
  async get(p: Principal): Promise<SecurityView> {
    if (p.role !== 'owner') throw ownerOnly();
    const s = await this.deps.storage.read((r) => loadSecurity(r, p.accountId));
    return viewOf(s.settings, s.version);
  }

  /**
   * Replaces the settings document (owner only, on a plan that includes it). Raising a password
   * requirement expires every user's password and ends every session of the account (the caller's too). Rules that would shut out the caller's own address are
   * refused (`ip_rules_exclude_you`). Audited as `security.updated` with every changed field.
   */
  async update(p: Principal, input: SecuritySettings & { readonly version?: number }, expectedVersion?: number): Promise<SecurityView> {
    const { version: bodyVersion, ...settings } = parseInput(schemas.securityPut, input);
    if (p.role !== 'owner') throw ownerOnly();
    return commit(this.deps, async (tx, emit) => {
      await this.assertPlan(tx, p.accountId);
      const cur = await tx.security.get(p.accountId);
      const { record } = await this.save(tx, p, cur, settings, expectedVersion ?? bodyVersion, null, emit);
      return viewOf(record.settings, record.version);
    });
  }

  /**
   * Whether the caller's own address passes these IP rules (owner only), by the matcher that enforces them:
   * what a settings screen asks before saving rules, to warn instead of being refused. Changes nothing.
   */
  async checkIpRules(p: Principal, input: { readonly ipRules: readonly string[] }): Promise<IpRulesCheck> {
    const { ipRules } = parseInput(schemas.ipCheck, input);
    if (p.role !== 'owner') throw ownerOnly();
    return { address: p.ip, allowed: ipAccessDecision(ipRules, p.ip).allowed };
  }

  /** Ends a user's lockout and resets their failed-login count (owner, admin); audited as `user.unlocked`. */
  async unlockUser(p: Principal, id: Id): Promise<PublicUser> {
    if (!canManage(p.role)) throw forbidden('Only owners and admins can unlock users.');
    return commit(this.deps, (tx, emit) => this.unlock(tx, p.accountId, id, actorOf(p), emit));
  }

  /**
   * The operator ends a user's lockout (host CLI), for when nobody who could is signed in: an owner
   * locked until unlocked. Audited as `user.unlocked` with actor `system`.
   */
  async unlockUserAsOperator(accountId: Id, id: Id): Promise<PublicUser> {
    return commit(this.deps, (tx, emit) => this.unlock(tx, accountId, id, SYSTEM_ACTOR, emit));
  }

  /**
   * The operator removes an account's IP access rules (host CLI), so that every address may sign in again:
   * for when rules saved from elsewhere shut out everybody who could change them, the owner included. Not
   * plan-gated (rules stored on a plan that no longer enforces them may go too). Audited as `security.updated`
   * with actor `system`; answers the rules removed (none: nothing changed, nothing audited).
   */
  async clearIpRulesAsOperator(accountId: Id): Promise<{ readonly removed: readonly string[] }> {
    return commit(this.deps, async (tx, emit) => {
      if (!(await tx.accounts.get(accountId))) throw notFound('Account');
      const cur = await tx.security.get(accountId);
      if (!cur || cur.settings.ipRules.length === 0) return { removed: [] };
      const settings: SecuritySettings = { ...cur.settings, ipRules: [] };
      const now = isoNow(this.deps.clock);
      const record: SecurityRecord = { ...cur, settings, updatedAt: now, version: cur.version + 1 };
      if (!(await tx.security.save(record, cur.version))) throw lostRace();
      await appendAudit(tx, this.deps, accountId, SYSTEM_ACTOR, {
        type: 'security',
        action: 'security.updated',
        targetType: 'security',
        targetId: accountId,
        widgetId: null,
        changes: diff(cur.settings, settings),
      });
      emit({ type: 'security.updated', accountId, topics: [`account:${accountId}`], at: now, data: { raised: [] } });
      return { removed: cur.settings.ipRules };
    });
  }

  private async unlock(tx: Repositories, accountId: Id, id: Id, actor: AuditActor, emit: Emit): Promise<PublicUser> {
    const u = await tx.users.get(accountId, id);
    if (!u) throw notFound('User');
    const now = this.deps.clock.now();
    const unlocked: User = { ...u, failedLoginCount: 0, lockedUntil: null };
    if (u.failedLoginCount !== 0 || u.lockedUntil !== null)
      await tx.users.setLoginState(accountId, id, { failedLoginCount: 0, lockedUntil: null });
    if (isLocked(u.lockedUntil, now)) {
      await appendAudit(tx, this.deps, accountId, actor, {
        type: 'permissions',
        action: 'user.unlocked',
        targetType: 'user',
        targetId: id,
        widgetId: null,
        changes: [{ path: '/locked', from: true, to: false }],
      });
      emit(userEvent('user.unlocked', unlocked, now.toISOString()));
    }
    return toPublicUser(unlocked, now.toISOString());
  }

  /**
   * Deactivates the account's non-owner users who have not signed in for the configured number of
   * days (audited, actor `system`). Answers how many were deactivated.
   */
  async deactivateInactive(accountId: Id): Promise<number> {
    const { enforced } = await this.deps.storage.read((r) => loadSecurity(r, accountId));
    if (enforced.inactivityDays === null) return 0;
    const due: Id[] = [];
    let cursor: string | null = null;
    do {
      const page = await this.deps.storage.read((r) => r.users.list(accountId, {}, { cursor, limit: 200 }));
      const now = this.deps.clock.now();
      for (const u of page.items) if (inactivityDecision(enforced.inactivityDays, u, now).inactive) due.push(u.id);
      cursor = page.nextCursor;
    } while (cursor);
    let n = 0;
    for (const id of due)
      await commit(this.deps, async (tx, emit) => {
        const cur = await tx.users.get(accountId, id);
        const { enforced: still } = await loadSecurity(tx, accountId);
        if (cur && inactivityDecision(still.inactivityDays, cur, this.deps.clock.now()).inactive)
          if (await deactivateInactiveUser(tx, this.deps, cur, SYSTEM_ACTOR, emit)) n++;
      });
    return n;
  }

  /** The periodic sweep: inactive users of every account, and expired password tickets. */
  async sweep(): Promise<{ deactivated: number; expiredTickets: number }> {
    const ids = await this.deps.storage.read((r) => r.accounts.listIds());
    let deactivated = 0;
    for (const id of ids) deactivated += await this.deactivateInactive(id);
    const expiredTickets = await this.deps.storage.transaction((tx) => tx.passwordTickets.deleteExpired(isoNow(this.deps.clock)));
    return { deactivated, expiredTickets };
  }

  private async assertPlan(tx: Repositories, accountId: Id): Promise<void> {
    const account = await tx.accounts.get(accountId);
    if (!account) throw notFound('Account');
    if (!planHasSecurity(account.plan)) throw planRequired(account.plan);
  }

  private async save(
    tx: Repositories,
    p: Principal,
    cur: SecurityRecord | null,
    settings: SecuritySettings,
    expectedVersion: number | undefined,
    revertOf: Id | null,
    emit: Emit,
  ): Promise<{ record: SecurityRecord; entry: AuditEntry | null }> {
    const version = cur?.version ?? 0;
    if (expectedVersion !== undefined && expectedVersion !== version) throw versionMismatch(version);
    if (!ipAccessDecision(settings.ipRules, p.ip).allowed)
      throw new ParleyError('ip_rules_exclude_you', 'These IP rules would shut you out: your current address matches none of them.', {
        details: [
          { path: '/ipRules', code: 'excludes_you', message: `Add your current address (${p.ip ?? 'unknown'}) or a range that holds it.` },
        ],
        meta: { address: p.ip },
      });
    const before = cur?.settings ?? defaultSecuritySettings();
    const changes = diff(before, settings);
    const now = isoNow(this.deps.clock);
    if (changes.length === 0)
      return {
        record: cur ?? { accountId: p.accountId, settings: before, passwordsExpiredAt: null, updatedAt: now, version },
        entry: null,
      };
    const raised = raisedRequirements(passwordRulesOf(before), passwordRulesOf(settings));
    const record: SecurityRecord = {
      accountId: p.accountId,
      settings,
      passwordsExpiredAt: raised.length ? now : (cur?.passwordsExpiredAt ?? null),
      updatedAt: now,
      version: version + 1,
    };
    if (!(await tx.security.save(record, version))) throw lostRace();
    const entry = await appendAudit(tx, this.deps, p.accountId, actorOf(p), {
      type: 'security',
      action: 'security.updated',
      targetType: 'security',
      targetId: p.accountId,
      widgetId: null,
      changes,
      revertOf,
    });
    if (raised.length) {
      await appendAudit(tx, this.deps, p.accountId, actorOf(p), {
        type: 'security',
        action: 'security.passwords_expired',
        targetType: 'security',
        targetId: p.accountId,
        widgetId: null,
        changes: [{ path: '/passwordsExpiredAt', from: cur?.passwordsExpiredAt ?? null, to: now }],
      });
      await this.endAccountSessions(tx, p.accountId, emit);
    }
    emit({ type: 'security.updated', accountId: p.accountId, topics: [`account:${p.accountId}`], at: now, data: { raised } });
    return { record, entry };
  }

  /**
   * Ends every session of the account's users (the caller's too), with their streams: an expired
   * password must not keep working through a session opened with it. The next login answers
   * `password_expired` with a ticket.
   */
  private async endAccountSessions(tx: Repositories, accountId: Id, emit: Emit): Promise<void> {
    let cursor: string | null = null;
    do {
      const page: Page<User> = await tx.users.list(accountId, {}, { cursor, limit: 200 });
      for (const u of page.items) await endSessions(tx, this.deps, accountId, u.id, emit);
      cursor = page.nextCursor;
    } while (cursor);
  }

  private readonly revertTarget: RevertTarget = {
    targetType: 'security',
    load: async (tx, accountId) => {
      const r = await tx.security.get(accountId);
      return { view: r?.settings ?? defaultSecuritySettings(), version: r?.version ?? 0 };
    },
    apply: async (tx, p, _targetId, view, version, revertOf, emit) => {
      if (p.role !== 'owner') throw ownerOnly();
      await this.assertPlan(tx, p.accountId);
      const settings = parseInput(schemas.securitySettings, view);
      const cur = await tx.security.get(p.accountId);
      return (await this.save(tx, p, cur, settings, version, revertOf, emit)).entry;
    },
  };
}
