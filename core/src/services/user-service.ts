import type { QueueDrainer } from './routing-service.js';
import { diff } from '../audit/diff.js';
import type { FieldChange } from '../model/audit.js';
import { forbidden, notFound, ParleyError, validationFailed } from '../errors.js';
import type { AuditActor, AuditEntry } from '../model/audit.js';
import type { Id, Instant, Page } from '../model/types.js';
import { canManage, colleagueView, newUser, toPublicUser, type PublicUser, type Role, type User } from '../model/user.js';
import { StorageConflictError, type Repositories } from '../ports/storage.js';
import { isoNow } from '../ports/system.js';
import { parseInput, schemas, type UserCreateInput, type UserPatch } from '../validation.js';
import { appendAudit, type AuditService, type RevertTarget } from './audit-service.js';
import { actorOf, commit, endSessions, type CoreDeps, type Emit, type Principal, lostRace, type RequestMeta } from '../runtime/context.js';
import {
  loadSecurity,
  newPasswordProblems,
  type SecurityState,
  passwordRejected,
  recordPassword,
  reuseCheckList,
} from './security-support.js';
import { expectVersion, pageOf } from './shared.js';
import { saveWidgetAgents } from './widget-service.js';
import { mailPasswordTicket } from './password-tickets.js';
import { passwordExpiry } from '../policies/password-expiry.js';

/** How long an invitation link works. */
export const INVITATION_TTL_SECONDS = 72 * 3600;

/** The audited view of a user. The password never appears; its change shows as a redacted field. */
export const userView = (u: User) => ({
  email: u.email,
  name: u.name,
  role: u.role,
  status: u.status,
  maxConcurrentChats: u.maxConcurrentChats ?? null,
});

const actionFor = (changes: readonly FieldChange[]): string => {
  const paths = new Set(changes.map((c) => c.path));
  if (paths.size === 1 && paths.has('/role')) return 'user.role_changed';
  if (paths.size === 1 && paths.has('/status')) return changes[0]!.to === 'deactivated' ? 'user.deactivated' : 'user.reactivated';
  if (paths.size === 1 && paths.has('/password')) return 'user.password_changed';
  return 'user.updated';
};

/**
 * Managing the account's users. Owners and admins manage; everyone may read colleagues and edit their
 * own name and password. There is always exactly one owner: ownership moves only by transfer.
 */
/** What changing one's own password needs of the login side: checking the current password (`AuthService`). */
export interface CurrentPasswordCheck {
  confirmCurrentPassword(user: User, currentPassword: string, meta: RequestMeta): Promise<void>;
}

/**
 * A user as the users API shows it: with whether their password has expired under the account's settings, and
 * until when their invitation can be taken (`invitations`: the account's pending ones, by user).
 */
const withPasswordState = (u: User, security: SecurityState, invitations: ReadonlyMap<Id, Instant>, now: Date): PublicUser =>
  toPublicUser(
    u,
    now.toISOString(),
    passwordExpiry(security.enforced.password, u, security.passwordsExpiredAt, now),
    invitations.get(u.id) ?? null,
  );

/** The account's pending invitations, by user (see `PasswordTicketRepository.pendingInvitations`). */
const pendingInvitations = async (r: Repositories, accountId: Id, now: Date): Promise<ReadonlyMap<Id, Instant>> =>
  new Map((await r.passwordTickets.pendingInvitations(accountId, now.toISOString())).map((i) => [i.userId, i.expiresAt]));

export class UserService {
  constructor(
    private readonly deps: CoreDeps,
    audit: AuditService,
    private readonly auth: CurrentPasswordCheck,
    /** Drains the user's widgets' queues when a change gives them room (a raised chat limit, a reactivation). */
    private readonly queues?: QueueDrainer,
  ) {
    audit.registerRevertTarget(this.revertTarget);
  }

  async list(p: Principal, query: { cursor?: string; limit?: number | string; role?: string }): Promise<Page<PublicUser>> {
    const q = parseInput(schemas.pageQuery, query);
    const role = query.role ? parseInput(schemas.userPatch.shape.role, query.role) : undefined;
    const now = this.deps.clock.now();
    const { page, security, invitations } = await this.deps.storage.read(async (r) => ({
      page: await r.users.list(p.accountId, role ? { role } : {}, pageOf(q)),
      security: await loadSecurity(r, p.accountId),
      invitations: await pendingInvitations(r, p.accountId, now),
    }));
    return {
      items: page.items.map((u) => this.shownTo(p, withPasswordState(u, security, invitations, now))),
      nextCursor: page.nextCursor,
    };
  }

  /** A user as `p` may see them: all of it for owners, admins and the user themselves, else {@link colleagueView}. */
  private shownTo(p: Principal, u: PublicUser): PublicUser {
    return canManage(p.role) || u.id === p.userId ? u : colleagueView(u);
  }

  async get(p: Principal, id: Id): Promise<PublicUser> {
    const now = this.deps.clock.now();
    const { u, security, invitations } = await this.deps.storage.read(async (r) => ({
      u: await r.users.get(p.accountId, id),
      security: await loadSecurity(r, p.accountId),
      invitations: await pendingInvitations(r, p.accountId, now),
    }));
    if (!u) throw notFound('User');
    return this.shownTo(p, withPasswordState(u, security, invitations, now));
  }

  async create(p: Principal, input: UserCreateInput): Promise<PublicUser> {
    const data = parseInput(schemas.userCreate, input);
    if (!canManage(p.role)) throw forbidden('Only owners and admins can add users.');
    // New passwords meet the account's security settings and are not on the common-password list.
    const { enforced } = await this.deps.storage.read((r) => loadSecurity(r, p.accountId));
    if (data.password !== undefined) {
      const problems = await newPasswordProblems(this.deps, enforced, data, data.password);
      if (problems.length) throw passwordRejected(problems);
    }
    // An invited user gets the hash of a password nobody knows until they choose their own.
    /** Added without a password: mailed an invitation to choose one. */
    const invited = data.password === undefined;
    const passwordHash = await this.deps.hasher.hash(data.password ?? this.deps.crypto.randomToken(32));
    const now = isoNow(this.deps.clock);
    const user: User = newUser(
      { id: this.deps.ids.next(), accountId: p.accountId, email: data.email, name: data.name, role: data.role, passwordHash },
      now,
    );
    try {
      await commit(this.deps, async (tx, emit) => {
        await tx.users.insert(user);
        if (!invited) await recordPassword(tx, this.deps, user);
        await appendAudit(tx, this.deps, p.accountId, actorOf(p), {
          type: 'permissions',
          action: 'user.created',
          targetType: 'user',
          targetId: user.id,
          widgetId: null,
          changes: diff({}, userView(user)),
        });
        if (invited) await this.invite(tx, p, user, emit);
        emit(userEvent('user.created', user, now));
      });
    } catch (e) {
      if (e instanceof StorageConflictError) throw new ParleyError('email_taken', 'This account already has a user with this email.');
      throw e;
    }
    return toPublicUser(user, now);
  }

  /**
   * Mails a user added without a password a single-use link to choose one (`/app/invite`, 72 hours):
   * the ticket is stored hashed and the mail sealed, both in the caller's transaction, and audited (`previous`:
   * until when the invitation it replaces could be taken).
   */
  private async invite(tx: Repositories, p: Principal, user: User, emit: Emit, previous: Instant | null = null): Promise<void> {
    const sender = p.apiToken ? null : await tx.users.get(p.accountId, p.userId);
    const ticket = await mailPasswordTicket(tx, this.deps, user, 'invitation', INVITATION_TTL_SECONDS, emit, sender?.name ?? null);
    await appendAudit(tx, this.deps, p.accountId, actorOf(p), {
      type: 'permissions',
      action: 'user.invited',
      targetType: 'user',
      targetId: user.id,
      widgetId: null,
      changes: [{ path: '/invitationExpiresAt', from: previous, to: ticket.expiresAt }],
    });
  }

  /**
   * Mails a user who has never signed in a new invitation to choose their password, for one that expired or
   * went astray (a mistyped or unconfigured mail server): the links mailed before stop working, so only the
   * newest one counts. Owners and admins; the user must be active. One who has signed in already resets a
   * forgotten password from the sign-in page instead (`conflict`).
   */
  async reinvite(p: Principal, id: Id): Promise<PublicUser> {
    if (!canManage(p.role)) throw forbidden('Only owners and admins can invite users.');
    await commit(this.deps, async (tx, emit) => {
      const user = await tx.users.get(p.accountId, id);
      if (!user) throw notFound('User');
      if (user.role === 'owner')
        throw new ParleyError(
          'conflict',
          'The owner chose their password with the account; a forgotten one is reset from the sign-in page.',
        );
      if (user.lastLoginAt !== null)
        throw new ParleyError('conflict', `${user.name} has signed in already; a forgotten password is reset from the sign-in page.`);
      if (user.status !== 'active') throw new ParleyError('conflict', `${user.name} is deactivated; reactivate them first.`);
      const previous = (await pendingInvitations(tx, p.accountId, this.deps.clock.now())).get(user.id) ?? null;
      await tx.passwordTickets.deleteByUser(user.id);
      await this.invite(tx, p, user, emit, previous);
    });
    return this.get(p, id);
  }

  async update(p: Principal, id: Id, patch: UserPatch, expectedVersion?: number): Promise<PublicUser> {
    const data = parseInput(schemas.userPatch, patch);
    if (data.currentPassword !== undefined && (data.password === undefined || id !== p.userId))
      throw validationFailed([
        { path: '/currentPassword', code: 'unexpected', message: 'Send currentPassword only to change your own password.' },
      ]);
    const passwordHash = data.password === undefined ? undefined : await this.checkedPasswordHash(p, id, data);
    let mayHaveRoom = false;
    let gone = false;
    try {
      const updated = await commit(this.deps, async (tx, emit) => {
        const cur = await tx.users.get(p.accountId, id);
        if (!cur) throw notFound('User');
        const version = expectVersion(cur, expectedVersion ?? data.version);
        this.assertMayEdit(p, cur, data);
        if (data.role === 'owner' && cur.role !== 'owner') {
          const alongside = (['email', 'name', 'status', 'password'] as const).filter((k) => data[k] !== undefined);
          if (alongside.length)
            throw validationFailed(
              alongside.map((k) => ({
                path: `/${k}`,
                code: 'not_with_transfer',
                message: 'Transfer ownership on its own, then change other fields.',
              })),
              'An ownership transfer changes nothing else.',
            );
          await this.transferOwnership(tx, p, cur, emit);
          const moved = await tx.users.get(p.accountId, id);
          return toPublicUser(moved!, isoNow(this.deps.clock));
        }
        const next: User = {
          ...cur,
          email: data.email ?? cur.email,
          name: data.name ?? cur.name,
          role: (data.role as Role | undefined) ?? cur.role,
          status: data.status ?? cur.status,
          maxConcurrentChats: data.maxConcurrentChats === undefined ? (cur.maxConcurrentChats ?? null) : data.maxConcurrentChats,
          ...(passwordHash ? { passwordHash, passwordChangedAt: isoNow(this.deps.clock) } : {}),
        };
        const { user } = await this.save(tx, actorOf(p), cur, next, version, null, emit);
        mayHaveRoom =
          next.status === 'active' && (cur.status !== 'active' || (next.maxConcurrentChats ?? null) !== (cur.maxConcurrentChats ?? null));
        gone = cur.status === 'active' && next.status !== 'active';
        return toPublicUser(user, isoNow(this.deps.clock));
      });
      // Visitors waiting for this user's widgets get a raised limit at once, not at the next chat or status change.
      if (mayHaveRoom && this.queues) {
        const widgets = await this.deps.storage.read((r) => r.widgets.listByAgent(p.accountId, id));
        await this.queues.drainWidgets(
          p.accountId,
          widgets.map((w) => w.id),
        );
      }
      // A deactivated agent's visitors are not left waiting for someone who cannot come back.
      if (gone) await this.queues?.deactivated?.(p.accountId, id);
      return updated;
    } catch (e) {
      if (e instanceof StorageConflictError) throw new ParleyError('email_taken', 'This account already has a user with this email.');
      throw e;
    }
  }

  /** Removes a user, their sessions and their widget assignments (each audited). */
  async delete(p: Principal, id: Id): Promise<void> {
    if (!canManage(p.role)) throw forbidden('Only owners and admins can remove users.');
    if (id === p.userId) throw forbidden('You cannot remove yourself.');
    await commit(this.deps, async (tx, emit) => {
      const cur = await tx.users.get(p.accountId, id);
      if (!cur) throw notFound('User');
      if (cur.role === 'owner') throw new ParleyError('last_owner', 'The owner cannot be removed; transfer ownership first.');
      for (const w of await tx.widgets.listByAgent(p.accountId, id))
        await saveWidgetAgents(
          tx,
          this.deps,
          actorOf(p),
          w,
          w.agentIds.filter((a) => a !== id),
          w.version,
          null,
          emit,
        );
      await endSessions(tx, this.deps, p.accountId, id, emit);
      await tx.passwordTickets.deleteByUser(id);
      await tx.passwordHistory.deleteByUser(p.accountId, id);
      await tx.users.delete(p.accountId, id);
      await appendAudit(tx, this.deps, p.accountId, actorOf(p), {
        type: 'permissions',
        action: 'user.deleted',
        targetType: 'user',
        targetId: id,
        widgetId: null,
        changes: diff(userView(cur), {}),
      });
      emit(userEvent('user.deleted', cur, isoNow(this.deps.clock)));
    });
  }

  private async checkedPasswordHash(
    p: Principal,
    id: Id,
    data: { password?: string; currentPassword?: string; role?: Role; status?: string; email?: string },
  ): Promise<string> {
    const target = await this.deps.storage.read((r) => r.users.get(p.accountId, id));
    if (!target) throw notFound('User');
    // Permission first: no policy feedback and no hashing work for callers who may not make this change.
    this.assertMayEdit(p, target, data);
    // A session alone does not change one's own password (a stolen token must not take the account
    // over): the current password is judged as a login attempt, lockout included.
    if (target.id === p.userId) {
      if (data.currentPassword === undefined)
        throw validationFailed([{ path: '/currentPassword', code: 'required', message: 'Give your current password to change it.' }]);
      await this.auth.confirmCurrentPassword(target, data.currentPassword, { ip: p.ip, userAgent: p.userAgent });
    }
    // The rules in force, the common list and the target's reuse rule (their history, hashes only).
    const { enforced, earlier } = await this.deps.storage.read(async (r) => {
      const { enforced } = await loadSecurity(r, p.accountId);
      return { enforced, earlier: await reuseCheckList(r, enforced, target, this.deps.clock.now(), false) };
    });
    const problems = await newPasswordProblems(this.deps, enforced, target, data.password!, earlier);
    if (problems.length) throw passwordRejected(problems);
    return this.deps.hasher.hash(data.password!);
  }

  private assertMayEdit(
    p: Principal,
    target: User,
    data: { role?: Role; status?: string; email?: string; maxConcurrentChats?: number | null },
  ): void {
    const self = p.userId === target.id;
    const managing = data.role !== undefined || data.status !== undefined || data.email !== undefined;
    // An agent's maximum is set by owners and admins, never by the agent.
    if (
      self &&
      data.maxConcurrentChats !== undefined &&
      (data.maxConcurrentChats ?? null) !== (target.maxConcurrentChats ?? null) &&
      !canManage(p.role)
    )
      throw forbidden('Only owners and admins can change how many chats an agent takes.');
    if (self) {
      if (target.role === 'owner' && ((data.role && data.role !== 'owner') || data.status === 'deactivated'))
        throw new ParleyError('last_owner', 'The owner keeps the owner role; transfer ownership to another user instead.');
      if ((data.role && data.role !== target.role) || (data.status && data.status !== target.status))
        throw forbidden('You cannot change your own role or status.');
      if (managing && !canManage(p.role)) throw forbidden('Only owners and admins can change email addresses.');
      return;
    }
    if (!canManage(p.role)) throw forbidden('Only owners and admins can change other users.');
    if (target.role === 'owner' && p.role !== 'owner') throw forbidden('Only the owner can change the owner.');
    if (target.role === 'owner' && (data.role || data.status === 'deactivated'))
      throw new ParleyError('last_owner', 'The owner keeps the owner role; transfer ownership to another user instead.');
    if (data.role === 'owner' && p.role !== 'owner') throw forbidden('Only the owner can transfer ownership.');
  }

  /** The target becomes the owner and the current owner an admin, in one transaction. */
  private async transferOwnership(tx: Repositories, p: Principal, target: User, emit: Emit): Promise<void> {
    if (target.status !== 'active') throw new ParleyError('conflict', 'Ownership can only go to an active user.');
    const owner = await tx.users.get(p.accountId, p.userId);
    if (owner?.role !== 'owner') throw forbidden('Only the owner can transfer ownership.');
    await this.save(tx, actorOf(p), owner, { ...owner, role: 'admin' }, owner.version, null, emit);
    await this.save(tx, actorOf(p), target, { ...target, role: 'owner' }, target.version, null, emit);
  }

  private async save(
    tx: Repositories,
    actor: AuditActor,
    cur: User,
    next: User,
    version: number,
    revertOf: Id | null,
    emit: Emit,
  ): Promise<{ user: User; entry: AuditEntry | null }> {
    const changes = diff(userView(cur), userView(next));
    if (next.passwordHash !== cur.passwordHash) changes.push({ path: '/password', redacted: true });
    if (changes.length === 0) return { user: cur, entry: null };
    const now = isoNow(this.deps.clock);
    const saved: User = { ...next, updatedAt: now, version: version + 1 };
    if (!(await tx.users.update(saved, version))) throw lostRace();
    if (saved.status !== 'active' || saved.passwordHash !== cur.passwordHash)
      await endSessions(tx, this.deps, saved.accountId, saved.id, emit);
    if (saved.passwordHash !== cur.passwordHash) {
      await tx.passwordTickets.deleteByUser(saved.id);
      await recordPassword(tx, this.deps, saved);
    }
    const entry = await appendAudit(tx, this.deps, cur.accountId, actor, {
      type: 'permissions',
      action: actionFor(changes),
      targetType: 'user',
      targetId: cur.id,
      widgetId: null,
      changes,
      revertOf,
    });
    emit(userEvent('user.updated', saved, now));
    return { user: saved, entry };
  }

  private readonly revertTarget: RevertTarget = {
    targetType: 'user',
    load: async (tx, accountId, id) => {
      const u = await tx.users.get(accountId, id);
      return u ? { view: userView(u), version: u.version } : null;
    },
    apply: async (tx, p, id, view, version, revertOf, emit) => {
      const cur = await tx.users.get(p.accountId, id);
      if (!cur) throw notFound('User');
      const v = view as ReturnType<typeof userView>;
      this.assertMayEdit(p, cur, v);
      if (v.role === 'owner' || cur.role === 'owner') {
        if (v.role !== cur.role) throw new ParleyError('not_revertible', 'Ownership changes are reverted by transferring ownership.');
      }
      return (await this.save(tx, actorOf(p), cur, { ...cur, ...v }, version, revertOf, emit)).entry;
    },
  };
}

/** The bus event of a change to a user (the monitor cuts off viewers who lost the right to watch). */
export const userEvent = (type: string, u: User, at: string) => ({
  type,
  accountId: u.accountId,
  topics: [`account:${u.accountId}`],
  at,
  data: { userId: u.id, role: u.role, status: u.status },
});
