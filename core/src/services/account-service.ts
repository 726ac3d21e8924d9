import { diff } from '../audit/diff.js';
import { forbidden, notFound, ParleyError } from '../errors.js';
import type { Account, Plan } from '../model/account.js';
import { defaultAccountSettings, PLANS } from '../model/account.js';
import { SYSTEM_ACTOR, type AuditActor, type AuditEntry } from '../model/audit.js';
import type { Id } from '../model/types.js';
import { canManage, newUser, toPublicUser, type PublicUser, type User } from '../model/user.js';
import { baselinePasswordRules } from '../policies/password.js';
import type { Repositories } from '../ports/storage.js';
import { isoNow } from '../ports/system.js';
import { parseInput, schemas, type AccountPatch, type SignUpInput } from '../validation.js';
import { appendAudit, type AuditService, type RevertTarget } from './audit-service.js';
import { actorOf, commit, type Emit, type CoreDeps, type Principal, type RequestMeta, lostRace } from '../runtime/context.js';
import { assertPasswordAcceptable, expectVersion } from './shared.js';
import { recordPassword } from './security-support.js';

/** The audited view of an account: the paths of its audit entries point into this. */
export const accountView = (a: Account) => ({ name: a.name, plan: a.plan, settings: a.settings });

/** Sign-up, reading and editing the account. */
export class AccountService {
  constructor(
    private readonly deps: CoreDeps,
    audit: AuditService,
  ) {
    audit.registerRevertTarget(this.revertTarget);
  }

  /** Whether this server has had an account (accounts are never deleted), once a read found one. */
  private someAccount = false;

  /**
   * What {@link signUp} would do now: `open` whether it would take a new account (`open`; never `closed`;
   * under `first` while the server has none), and `setup` whether the server has no account yet (the console
   * then shows the form that creates the first one). Reads nothing once the server has an account.
   */
  async signUpState(): Promise<{ open: boolean; setup: boolean }> {
    if (!this.someAccount) this.someAccount = (await this.deps.storage.read((r) => r.accounts.count())) > 0;
    const policy = this.deps.config.signup;
    return { open: policy === 'open' || (policy === 'first' && !this.someAccount), setup: !this.someAccount };
  }

  /** Creates an account and its owner, as the sign-up policy allows. */
  async signUp(input: SignUpInput, meta: RequestMeta): Promise<{ account: Account; user: PublicUser }> {
    const data = parseInput(schemas.signUp, input);
    if (this.deps.config.signup === 'closed') throw new ParleyError('signup_closed', 'Sign-up is closed on this server.');
    assertPasswordAcceptable(data.password, baselinePasswordRules, data, (pw) => this.deps.commonPasswords?.isCommon(pw) ?? false);
    const passwordHash = await this.deps.hasher.hash(data.password);
    const now = isoNow(this.deps.clock);
    const account: Account = {
      id: this.deps.ids.next(),
      name: data.accountName,
      plan: this.deps.config.defaultPlan,
      settings: defaultAccountSettings(),
      createdAt: now,
      updatedAt: now,
      version: 1,
    };
    const user: User = newUser(
      { id: this.deps.ids.next(), accountId: account.id, email: data.email, name: data.name, role: 'owner', passwordHash },
      now,
    );
    // No email_taken here: an email is unique per account, and this account is new, so whether the
    // address has a user elsewhere never shows.
    await commit(this.deps, async (tx, emit) => {
      if (this.deps.config.signup === 'first') {
        await tx.accounts.lockSignups(); // so two simultaneous first sign-ups cannot both see none
        if ((await tx.accounts.count()) > 0)
          throw new ParleyError('signup_closed', 'This server already has an account; sign-up is closed.');
      }
      await tx.accounts.insert(account);
      await tx.users.insert(user);
      await recordPassword(tx, this.deps, user);
      const actor: AuditActor = { kind: 'user', userId: user.id, email: user.email, ...meta };
      await appendAudit(tx, this.deps, account.id, actor, {
        type: 'account',
        action: 'account.created',
        targetType: 'account',
        targetId: account.id,
        widgetId: null,
        changes: diff({}, accountView(account)),
      });
      await appendAudit(tx, this.deps, account.id, actor, {
        type: 'permissions',
        action: 'user.created',
        targetType: 'user',
        targetId: user.id,
        widgetId: null,
        changes: diff({}, { email: user.email, name: user.name, role: user.role, status: user.status }),
      });
      emit({ type: 'account.created', accountId: account.id, topics: [`account:${account.id}`], at: now, data: { accountId: account.id } });
    });
    return { account, user: toPublicUser(user, now) };
  }

  async get(p: Principal): Promise<Account> {
    const a = await this.deps.storage.read((r) => r.accounts.get(p.accountId));
    if (!a) throw notFound('Account');
    return a;
  }

  /** Owners and admins edit the account's name and settings. */
  async update(p: Principal, patch: AccountPatch, expectedVersion?: number): Promise<Account> {
    const data = parseInput(schemas.accountPatch, patch);
    if (!canManage(p.role)) throw forbidden('Only owners and admins can change the account.');
    return commit(this.deps, async (tx, emit) => {
      const cur = await tx.accounts.get(p.accountId);
      if (!cur) throw notFound('Account');
      const version = expectVersion(cur, expectedVersion ?? data.version);
      const next: Account = {
        ...cur,
        name: data.name ?? cur.name,
        settings: { ...cur.settings, ...stripUndefined(data.settings ?? {}) },
      };
      assertAuditKeeping(p, cur, next);
      return (await this.save(tx, actorOf(p), cur, next, version, null, emit)).account;
    });
  }

  /** The operator changes an account's plan (host CLI); audited as a system action. */
  async setPlan(accountId: Id, plan: Plan): Promise<Account> {
    if (!(PLANS as readonly string[]).includes(plan))
      throw new ParleyError('validation_failed', `Unknown plan ${plan}; use ${PLANS.join(', ')}.`);
    return commit(this.deps, async (tx, emit) => {
      const cur = await tx.accounts.get(accountId);
      if (!cur) throw notFound('Account');
      return (await this.save(tx, SYSTEM_ACTOR, cur, { ...cur, plan }, cur.version, null, emit)).account;
    });
  }

  private async save(
    tx: Repositories,
    actor: AuditActor,
    cur: Account,
    next: Account,
    version: number,
    revertOf: Id | null,
    emit: Emit,
  ): Promise<{ account: Account; entry: AuditEntry | null }> {
    const changes = diff(accountView(cur), accountView(next));
    if (changes.length === 0) return { account: cur, entry: null };
    const now = isoNow(this.deps.clock);
    const saved: Account = { ...next, updatedAt: now, version: version + 1 };
    if (!(await tx.accounts.update(saved, version))) throw lostRace();
    const entry = await appendAudit(tx, this.deps, cur.id, actor, {
      type: 'account',
      action: 'account.updated',
      targetType: 'account',
      targetId: cur.id,
      widgetId: null,
      changes,
      revertOf,
    });
    emit({ type: 'account.updated', accountId: cur.id, topics: [`account:${cur.id}`], at: now, data: { accountId: cur.id } });
    return { account: saved, entry };
  }

  private readonly revertTarget: RevertTarget = {
    targetType: 'account',
    load: async (tx, accountId) => {
      const a = await tx.accounts.get(accountId);
      return a ? { view: accountView(a), version: a.version } : null;
    },
    apply: async (tx, p, _targetId, view, version, revertOf, emit) => {
      if (!canManage(p.role)) throw forbidden('Only owners and admins can change the account.');
      const cur = await tx.accounts.get(p.accountId);
      if (!cur) throw notFound('Account');
      const v = view as ReturnType<typeof accountView>;
      if (v.plan !== cur.plan) throw forbidden('The plan is changed by the operator only.');
      const next = { ...cur, name: v.name, settings: v.settings };
      assertAuditKeeping(p, cur, next);
      return (await this.save(tx, actorOf(p), cur, next, version, revertOf, emit)).entry;
    },
  };
}

/**
 * How long the audit log is kept is the owner's alone, as the security settings are: an admin who could shorten it
 * could have the record of their own changes deleted. Refused for anyone else, by a change or by a revert.
 */
const assertAuditKeeping = (p: Principal, cur: Account, next: Account): void => {
  if (p.role !== 'owner' && (next.settings.auditRetentionDays ?? null) !== (cur.settings.auditRetentionDays ?? null))
    throw forbidden('Only the account owner can change how long the audit log is kept.');
};

/** Drops keys whose value is undefined, so a partial patch never erases a setting. */
export const stripUndefined = <T extends object>(o: T): Partial<T> =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
