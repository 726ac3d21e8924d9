import { notFound, ParleyError, validationFailed } from '../errors.js';
import { SYSTEM_ACTOR, type AuditActor } from '../model/audit.js';
import { sessionRefOf, type Session } from '../model/session.js';
import type { Id, Instant } from '../model/types.js';
import { toPublicUser, type PublicUser, type User } from '../model/user.js';
import { inactivityDecision } from '../policies/inactivity.js';
import { ipAccessDecision } from '../policies/ip-access.js';
import { isLocked, lockoutAfterFailure, lockoutBeforeAttempt, shownLockedUntil } from '../policies/lockout.js';
import { passwordExpiry } from '../policies/password-expiry.js';
import { isoNow } from '../ports/system.js';
import { UnknownEmailLockouts } from '../throttle/unknown-email-lockouts.js';
import { parseInput, schemas, type LoginInput, type PasswordChangeInput } from '../validation.js';
import { appendAudit } from './audit-service.js';
import { commit, endSessions, type CoreDeps, type Emit, type Principal, type RequestMeta, lostRace } from '../runtime/context.js';
import { deactivateInactiveUser, ipNotAllowed } from './security-service.js';
import {
  DECOY_ID,
  loadSecurity,
  newPasswordProblems,
  passwordRejected,
  recordPassword,
  reuseCheckList,
  type SecurityState,
} from './security-support.js';
import { renderUserLockedMail } from '../mail/templates.js';
import { LOCKED_UNTIL_UNLOCKED, type PasswordTicket } from '../model/security.js';
import { ACCOUNT_WIDE } from '../model/integration.js';
import type { Repositories } from '../ports/storage.js';
import { consoleUserLink, enqueueMail, ticketLink } from '../outbox/mail-outbox.js';
import { mailPasswordTicket, newPasswordTicket } from './password-tickets.js';

export interface LoginResult {
  /** The bearer token; shown once, stored only as its SHA-256. */
  readonly token: string;
  readonly user: PublicUser;
  readonly expiresAt: Instant;
}

/** What a counted login attempt came to. */
type Judgement =
  | { readonly outcome: 'right' }
  | { readonly outcome: 'wrong' }
  | { readonly outcome: 'locked'; readonly lockedUntil: Instant };

/** What {@link AuthService.judge} needs of whatever is locked: a user, or an unknown email. */
interface LockTarget {
  readonly lockedUntil: Instant | null;
  /** Records a lock (unless one is in force already). */
  lock(lockedUntil: Instant, attempt: number): Promise<void>;
}

/** At most this many users of one email (in as many accounts) are tried by a login that names no account. */
export const LOGIN_CANDIDATES_MAX = 10;

/** How long a password-expired ticket lasts. */
export const PASSWORD_TICKET_TTL_SECONDS = 10 * 60;

/** How long a ticket from an operator's password reset lasts: time to hand it to the user. */
export const OPERATOR_TICKET_TTL_SECONDS = 60 * 60;
/** How long a mailed password reset link works. */
export const PASSWORD_RESET_TTL_SECONDS = 30 * 60;

/** How many users (of as many accounts) one mail to an e-mail address reaches at most. */
const USERS_PER_EMAIL_MAX = 10;

/**
 * The users an e-mail address belongs to, for mails sent to the address: addresses are unique per account,
 * so each of them (in each account) gets their own mail.
 */
export const usersByEmail = (r: Repositories, email: string): Promise<User[]> => r.users.listByEmail(email, USERS_PER_EMAIL_MAX);

const invalidCredentials = () => new ParleyError('invalid_credentials', 'The email or password is wrong.');

const accountLocked = (lockedUntil: Instant) =>
  new ParleyError(
    'account_locked',
    lockedUntil === shownLockedUntil(lockedUntil)
      ? 'Too many failed sign-ins: this user is locked for a while.'
      : 'Too many failed sign-ins: this user is locked until an owner or admin unlocks them.',
    { meta: { lockedUntil: shownLockedUntil(lockedUntil) } },
  );

const deactivated = () => new ParleyError('account_deactivated', 'This user is deactivated; an owner or admin can reactivate it.');

/** A user the login's email belongs to (null: none, judged as a decoy), with their account's security state. */
interface LoginCandidate {
  readonly user: User | null;
  readonly security: SecurityState;
}

/**
 * The login candidates whose account's IP rules admit the caller's address; throws `ip_not_allowed` when the
 * email's users are all in accounts that refuse it. Decided before any password is verified, so that from a
 * refused address the answer is the same whatever the password: judging it first made the right password
 * answer `ip_not_allowed` and a wrong one `invalid_credentials`, an oracle for anyone outside the network.
 * Nor do such attempts count toward a lockout: they prove nothing about the password, and counting them would
 * let anyone outside the network lock the account's users out. The answer still tells that the email has a
 * user there, which rules that refuse whatever the password cannot avoid. A candidate refused beside an
 * admitted one is left out silently: the login goes on as if the email had only the admitted users, so the
 * refused one's password matters neither.
 */
const admittedCandidates = (candidates: readonly LoginCandidate[], meta: RequestMeta): readonly LoginCandidate[] => {
  const admitted = candidates.filter((c) => c.user === null || ipAccessDecision(c.security.enforced.ipRules, meta.ip).allowed);
  if (admitted.length === 0) throw ipNotAllowed(meta.ip);
  return admitted;
};

const badTicket = () => new ParleyError('unauthenticated', 'The ticket is unknown, used or expired; log in again.');

/** What a mailed link sets, as its page says it (see `AuthService.describeLink`). */
export interface LinkDescription {
  readonly purpose: 'invitation' | 'password_reset';
  readonly accountName: string;
  readonly email: string;
  readonly name: string;
  readonly expiresAt: Instant;
}

/**
 * The ticket of a mailed link and its user, while the link works: the ticket exists, was made for one of
 * `purposes`, has not expired by `now`, and its user is active. Null otherwise (`badLink` for the caller).
 */
const liveLink = async (
  r: Repositories,
  tokenHash: string,
  purposes: readonly PasswordTicket['purpose'][],
  now: Instant,
): Promise<{ readonly ticket: PasswordTicket; readonly user: User } | null> => {
  const ticket = await r.passwordTickets.get(tokenHash);
  if (!ticket || !purposes.includes(ticket.purpose) || ticket.expiresAt <= now) return null;
  const user = await r.users.get(ticket.accountId, ticket.userId);
  return user && user.status === 'active' ? { ticket, user } : null;
};

const badLink = () => new ParleyError('invalid_token', 'The link is unknown, used or expired; ask for a new one.');

/** The lockout is recorded by the system, on behalf of the request that tripped it. */
const systemActor = (meta: RequestMeta): AuditActor => ({
  kind: 'system',
  userId: null,
  email: null,
  ip: meta.ip,
  userAgent: meta.userAgent,
});

/**
 * Logging in and out, changing passwords, and turning a bearer token back into a principal. Login
 * applies the account's security policy: lockout, IP rules, inactivity and password expiry. Limiting
 * failed logins per client address is the transport's work (the HTTP adapter's limits), done before this
 * is called.
 */
export class AuthService {
  /** A real hash of a random password, verified against when the email is unknown so timing matches. */
  private dummyHash: Promise<string> | null = null;
  private readonly unknownEmails = new UnknownEmailLockouts();
  /** Cached once known: accounts are never deleted. */
  private firstAccountId: Id | null = null;

  constructor(private readonly deps: CoreDeps) {}

  private decoyHash(): Promise<string> {
    this.dummyHash ??= this.deps.hasher.hash(this.deps.crypto.randomToken(24));
    return this.dummyHash;
  }

  /**
   * Checks the credentials and opens a session.
   *
   * An email may have a user in several accounts: the password is verified against each of them (at most
   * {@link LOGIN_CANDIDATES_MAX}, constant work per candidate), and the one it matches signs in. When it
   * matches in several accounts, `accountId` picks one, else `account_choice_required` lists those
   * accounts (the caller proved the password for each). An unknown email gets the same answers after the
   * same work: the same reads (against the security settings of the account named, else of the
   * installation's first account), the same attempt-counting transaction (against an id that matches no
   * row), a full hash verification, and a lockout of its own, in memory, that follows those settings. Each
   * password is judged only after its attempt was counted, so concurrent attempts cannot get past the
   * lockout limit. The account's IP rules are decided before any of that (see {@link admittedCandidates}):
   * from an address they refuse, the password is neither verified nor counted. The HTTP edge limits failed
   * logins per client address. Errors:
   * `invalid_credentials`, `account_locked` (with `lockedUntil`, null =
   * until unlocked), `account_choice_required` (with `accounts`), `ip_not_allowed`, `account_deactivated`,
   * `password_expired` (with a `ticket` for `changePassword`).
   */
  async login(input: LoginInput, meta: RequestMeta): Promise<LoginResult> {
    const data = parseInput(schemas.login, input);
    const email = data.email.trim().toLowerCase();
    const now = this.deps.clock.now();
    const decoyAccountId = await this.decoyAccountId();
    const candidates = await this.deps.storage.read(async (r): Promise<LoginCandidate[]> => {
      const users =
        data.accountId === undefined
          ? await r.users.listByEmail(email, LOGIN_CANDIDATES_MAX)
          : [await r.users.getByEmail(data.accountId, email)].filter((u): u is User => u !== null);
      const found = await Promise.all(users.map(async (user) => ({ user, security: await loadSecurity(r, user.accountId) })));
      // No user: the lockout to mimic is that of the account named, else of the installation's first.
      return found.length ? found : [{ user: null, security: await loadSecurity(r, data.accountId ?? decoyAccountId) }];
    });
    const judged: { user: User; security: SecurityState; attempt: number; judgement: Judgement }[] = [];
    for (const { user, security } of admittedCandidates(candidates, meta)) {
      const attempt = await this.countAttempt(user, security, now);
      const passwordOk = await this.deps.hasher.verify(user?.passwordHash ?? (await this.decoyHash()), data.password);
      if (!user) {
        const unknown = this.unknownEmail(email, security, now);
        const judgement = await this.judge(unknown.target, security, unknown.attempt, false, now);
        throw judgement.outcome === 'locked' ? accountLocked(judgement.lockedUntil) : invalidCredentials();
      }
      judged.push({ user, security, attempt, judgement: await this.judge(this.userLock(user, meta), security, attempt, passwordOk, now) });
    }
    const right = judged.filter((j) => j.judgement.outcome === 'right');
    if (right.length === 0) {
      const locked = judged.find((j) => j.judgement.outcome === 'locked')?.judgement;
      throw locked?.outcome === 'locked' ? accountLocked(locked.lockedUntil) : invalidCredentials();
    }
    if (right.length > 1) {
      await this.clearFailures(right);
      const accounts = await this.deps.storage.read((r) => Promise.all(right.map((j) => r.accounts.get(j.user.accountId))));
      throw new ParleyError('account_choice_required', 'This email and password sign in to several accounts: send the accountId of one.', {
        meta: { accounts: accounts.filter((a) => a !== null).map((a) => ({ id: a.id, name: a.name })) },
      });
    }
    const { user, security, attempt } = right[0]!;
    // The password is right: whatever comes next, it was not a failed guess.
    const refuse = async (e: ParleyError): Promise<never> => {
      if (attempt > 0)
        await this.deps.storage.transaction((tx) =>
          tx.users.setLoginState(user.accountId, user.id, { failedLoginCount: 0, lockedUntil: null }),
        );
      throw e;
    };
    if (user.status !== 'active') return refuse(deactivated());
    if (inactivityDecision(security.enforced.inactivityDays, user, now).inactive) {
      await commit(this.deps, (tx, emit) => deactivateInactiveUser(tx, this.deps, user, systemActor(meta), emit));
      return refuse(deactivated());
    }
    const expiry = passwordExpiry(security.enforced.password, user, security.passwordsExpiredAt, now);
    if (expiry.expired) {
      const { ticket, expiresAt } = await this.issueTicket(user, now);
      return refuse(
        new ParleyError('password_expired', 'Your password has expired: set a new one with the ticket (POST /api/v1/auth/password).', {
          meta: { ticket, ticketExpiresAt: expiresAt, reasons: expiry.reasons },
        }),
      );
    }
    return this.openSession(user, meta);
  }

  /**
   * Sets a new password and opens a fresh session; every other session and ticket of the user ends.
   * Either signed in (`principal`) with `currentPassword`, or with the `ticket` a `password_expired`
   * login gave. The new password must meet the rules in force, must not be common, must not repeat the
   * current one, and must pass the reuse rule; a refusal lists every problem.
   */
  async changePassword(input: PasswordChangeInput, meta: RequestMeta, principal: Principal | null = null): Promise<LoginResult> {
    const data = parseInput(schemas.passwordChange, input);
    const now = this.deps.clock.now();
    let user: User | null;
    let ticketHash: string | null = null;
    if (data.ticket !== undefined) {
      if (data.currentPassword !== undefined)
        throw validationFailed([
          { path: '/currentPassword', code: 'unexpected', message: 'Send either currentPassword or ticket, not both.' },
        ]);
      ticketHash = this.deps.crypto.sha256(data.ticket);
      const ticket = await this.deps.storage.read((r) => r.passwordTickets.get(ticketHash!));
      if (ticket?.purpose !== 'password_expired' || ticket.expiresAt <= now.toISOString()) throw badTicket();
      user = await this.deps.storage.read((r) => r.users.get(ticket.accountId, ticket.userId));
      if (user?.status !== 'active') throw badTicket();
    } else {
      if (!principal) throw new ParleyError('unauthenticated', 'Sign in first, or send the ticket from a password_expired login.');
      if (data.currentPassword === undefined)
        throw validationFailed([{ path: '/currentPassword', code: 'required', message: 'Give your current password.' }]);
      user = await this.deps.storage.read((r) => r.users.get(principal.accountId, principal.userId));
      if (!user) throw new ParleyError('unauthenticated', 'Sign in again.');
      await this.confirmCurrentPassword(user, data.currentPassword, meta);
    }
    return this.setPassword(user, data.newPassword, meta, ticketHash, badTicket, 'user.password_changed');
  }

  /**
   * Answers a forgotten-password request the same way whether the address belongs to anyone or not:
   * the lookup, tickets and mails are `work`, which the caller lets run after answering (its failures
   * are the caller's to log). Each user the address belongs to gets a mail (sealed in the outbox) with
   * a single-use link to `/app/reset` that works for 30 minutes. The HTTP edge limits requests per client
   * address and per e-mail address, whether it exists or not.
   */
  async forgotPassword(input: { email: string }, meta: RequestMeta): Promise<{ work: Promise<void> }> {
    const { email } = parseInput(schemas.passwordForgot, input);
    return { work: Promise.resolve().then(() => this.mailResetLinks(email, meta)) };
  }

  /** Sets a new password with a mailed reset link's token; every session of the user ends. */
  async resetPassword(input: { token: string; password: string }, meta: RequestMeta): Promise<LoginResult> {
    return this.setPasswordWithLink(input, meta, 'password_reset', 'user.password_reset');
  }

  /**
   * What a mailed link (an invitation, a password reset) is for, before it is used, so that its page says whose
   * password it sets in which account, or at once that it no longer works: `invalid_token` for one unknown, used,
   * expired, of another kind, or of a user no longer active. Reads only; the link still works once.
   */
  async describeLink(input: { token: string }): Promise<LinkDescription> {
    const { token } = parseInput(schemas.linkToken, input);
    const found = await this.deps.storage.read(async (r) => {
      const link = await liveLink(r, this.deps.crypto.sha256(token), ['invitation', 'password_reset'], isoNow(this.deps.clock));
      const account = link && (await r.accounts.get(link.ticket.accountId));
      return link && account ? { ...link, account } : null;
    });
    if (!found) throw badLink();
    const { ticket: t, user, account } = found;
    return {
      purpose: t.purpose as LinkDescription['purpose'],
      accountName: account.name,
      email: user.email,
      name: user.name,
      expiresAt: t.expiresAt,
    };
  }

  /** Sets the first password of an invited user with the invitation's token. */
  async acceptInvitation(input: { token: string; password: string }, meta: RequestMeta): Promise<LoginResult> {
    return this.setPasswordWithLink(input, meta, 'invitation', 'user.invitation_accepted');
  }

  private async setPasswordWithLink(
    input: { token: string; password: string },
    meta: RequestMeta,
    purpose: 'password_reset' | 'invitation',
    action: string,
  ): Promise<LoginResult> {
    const data = parseInput(schemas.passwordWithToken, input);
    const tokenHash = this.deps.crypto.sha256(data.token);
    const link = await this.deps.storage.read((r) => liveLink(r, tokenHash, [purpose], isoNow(this.deps.clock)));
    if (!link) throw badLink();
    return this.setPassword(link.user, data.password, meta, tokenHash, badLink, action, '/password');
  }

  private async mailResetLinks(email: string, meta: RequestMeta): Promise<void> {
    const users = (await this.deps.storage.read((r) => usersByEmail(r, email))).filter((u) => u.status === 'active');
    for (const user of users) {
      await commit(this.deps, async (tx, emit) => {
        await mailPasswordTicket(tx, this.deps, user, 'password_reset', PASSWORD_RESET_TTL_SECONDS, emit);
        await appendAudit(tx, this.deps, user.accountId, systemActor(meta), {
          type: 'security',
          action: 'user.password_reset_requested',
          targetType: 'user',
          targetId: user.id,
          widgetId: null,
          changes: [],
        });
      });
    }
  }

  /**
   * Sets `target`'s password after the rules in force (every problem listed), ends every session and
   * ticket of the user, audits `action`, and opens a fresh session. `ticketHash`, when given, must
   * still exist and is used up in the same transaction (`refused` otherwise).
   */
  private async setPassword(
    target: User,
    newPassword: string,
    meta: RequestMeta,
    ticketHash: string | null,
    refused: () => ParleyError,
    action: string,
    path = '/newPassword',
  ): Promise<LoginResult> {
    const now = this.deps.clock.now();
    const data = { newPassword };
    const badTicket = refused;
    const { security, earlier } = await this.deps.storage.read(async (r) => {
      const security = await loadSecurity(r, target.accountId);
      return { security, earlier: await reuseCheckList(r, security.enforced, target, now, true) };
    });
    if (!ipAccessDecision(security.enforced.ipRules, meta.ip).allowed) throw ipNotAllowed(meta.ip);
    const problems = await newPasswordProblems(this.deps, security.enforced, target, data.newPassword, earlier);
    if (problems.length) throw passwordRejected(problems, path);
    const passwordHash = await this.deps.hasher.hash(data.newPassword);
    const saved = await commit(this.deps, async (tx, emit) => {
      if (ticketHash !== null && !(await tx.passwordTickets.delete(ticketHash))) throw badTicket();
      const cur = await tx.users.get(target.accountId, target.id);
      if (!cur || cur.passwordHash !== target.passwordHash) throw lostRace();
      const at = isoNow(this.deps.clock);
      const next: User = { ...cur, passwordHash, passwordChangedAt: at, updatedAt: at, version: cur.version + 1 };
      if (!(await tx.users.update(next, cur.version))) throw lostRace();
      await endSessions(tx, this.deps, cur.accountId, cur.id, emit);
      await tx.passwordTickets.deleteByUser(cur.id);
      await recordPassword(tx, this.deps, next);
      await appendAudit(
        tx,
        this.deps,
        cur.accountId,
        { kind: 'user', userId: cur.id, email: cur.email, ...meta },
        {
          type: 'permissions',
          action,
          targetType: 'user',
          targetId: cur.id,
          widgetId: null,
          changes: [{ path: '/password', redacted: true }],
        },
      );
      emit({
        type: 'user.updated',
        accountId: cur.accountId,
        topics: [`account:${cur.accountId}`],
        at,
        data: { userId: cur.id, role: cur.role, status: cur.status },
      });
      return next;
    });
    return this.openSession(saved, meta);
  }

  /**
   * Confirms a signed-in user's current password before they change it, judged as a login attempt: the
   * attempt is counted before the password is judged, and a wrong one counts towards the account's
   * lockout. Throws `account_locked`, or `invalid_credentials` with a `/currentPassword` detail.
   */
  async confirmCurrentPassword(user: User, currentPassword: string, meta: RequestMeta): Promise<void> {
    const now = this.deps.clock.now();
    const security = await this.deps.storage.read((r) => loadSecurity(r, user.accountId));
    const attempt = await this.countAttempt(user, security, now);
    const passwordOk = await this.deps.hasher.verify(user.passwordHash, currentPassword);
    const judged = await this.judge(this.userLock(user, meta), security, attempt, passwordOk, now);
    if (judged.outcome === 'right') {
      if (attempt > 0)
        await this.deps.storage.transaction((tx) =>
          tx.users.setLoginState(user.accountId, user.id, { failedLoginCount: 0, lockedUntil: null }),
        );
      return;
    }
    if (judged.outcome === 'locked') throw accountLocked(judged.lockedUntil);
    throw new ParleyError('invalid_credentials', 'The current password is wrong.', {
      details: [{ path: '/currentPassword', code: 'wrong_password', message: 'The current password is wrong.' }],
    });
  }

  /**
   * The operator resets a user's password (host CLI), for when nobody who could is signed in. The
   * current password stops working at once (replaced by a random one nobody knows), every session and
   * ticket of the user ends, the lock is lifted, and a ticket valid {@link OPERATOR_TICKET_TTL_SECONDS}
   * is answered, with the console's link that takes it (`/app/renew?token=…`): it only sets a new password
   * (`changePassword` with `ticket`), under the account's rules.
   * So no password is ever shown or typed anywhere but by the user. Audited as `user.password_reset`
   * with actor `system`.
   */
  async resetPasswordAsOperator(
    accountId: Id,
    userId: Id,
  ): Promise<{ ticket: string; link: string; expiresAt: Instant; user: PublicUser }> {
    const passwordHash = await this.deps.hasher.hash(this.deps.crypto.randomToken(32));
    return commit(this.deps, async (tx, emit) => {
      const cur = await tx.users.get(accountId, userId);
      if (!cur) throw notFound('User');
      const now = this.deps.clock.now();
      const at = now.toISOString();
      const next: User = { ...cur, passwordHash, passwordChangedAt: at, updatedAt: at, version: cur.version + 1 };
      if (!(await tx.users.update(next, cur.version))) throw lostRace();
      await tx.users.setLoginState(accountId, userId, { failedLoginCount: 0, lockedUntil: null });
      await endSessions(tx, this.deps, accountId, userId, emit);
      await tx.passwordTickets.deleteByUser(userId);
      // Redeemed like an expired password's ticket: POST /api/v1/auth/password {ticket, newPassword}.
      const { token: ticket, row } = newPasswordTicket(this.deps, cur, 'password_expired', OPERATOR_TICKET_TTL_SECONDS, now);
      await tx.passwordTickets.insert(row);
      await appendAudit(tx, this.deps, accountId, SYSTEM_ACTOR, {
        type: 'permissions',
        action: 'user.password_reset',
        targetType: 'user',
        targetId: userId,
        widgetId: null,
        changes: [
          { path: '/password', redacted: true },
          ...(isLocked(cur.lockedUntil, now) ? [{ path: '/locked', from: true, to: false }] : []),
        ],
      });
      emit({ type: 'user.updated', accountId, topics: [`account:${accountId}`], at, data: { userId, role: cur.role, status: cur.status } });
      return {
        ticket,
        link: ticketLink(this.deps.config.integrations, 'renew', ticket),
        expiresAt: row.expiresAt,
        user: toPublicUser({ ...next, failedLoginCount: 0, lockedUntil: null }, at),
      };
    });
  }

  /** Creates a session for a user whose credentials were checked. */
  async openSession(user: User, meta: RequestMeta): Promise<LoginResult> {
    const token = this.deps.crypto.randomToken(32);
    const now = this.deps.clock.now();
    const session: Session = {
      tokenHash: this.deps.crypto.sha256(token),
      userId: user.id,
      accountId: user.accountId,
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + this.deps.config.sessionTtlSeconds * 1000).toISOString(),
      ip: meta.ip,
      userAgent: meta.userAgent,
    };
    await this.deps.storage.transaction(async (tx) => {
      await tx.sessions.insert(session);
      await tx.users.setLoginState(user.accountId, user.id, {
        failedLoginCount: 0,
        lockedUntil: null,
        lastLoginAt: session.createdAt,
      });
    });
    return { token, user: toPublicUser({ ...user, lastLoginAt: session.createdAt }, session.createdAt), expiresAt: session.expiresAt };
  }

  /**
   * The principal behind a bearer token, or null when it is unknown, expired or its user is inactive.
   * Throws `ip_not_allowed` when the account's IP access rules do not admit `meta.ip`.
   */
  async authenticate(token: string, meta: RequestMeta): Promise<Principal | null> {
    if (!token || token.length > 200) return null;
    const now = isoNow(this.deps.clock);
    const found = await this.deps.storage.read(async (r) => {
      const s = await r.sessions.get(this.deps.crypto.sha256(token));
      if (!s || s.expiresAt <= now) return null;
      const u = await r.users.get(s.accountId, s.userId);
      return u && u.status === 'active' ? { u, s, security: await loadSecurity(r, u.accountId) } : null;
    });
    if (!found) return null;
    if (!ipAccessDecision(found.security.enforced.ipRules, meta.ip).allowed) throw ipNotAllowed(meta.ip);
    const { u, s } = found;
    return { userId: u.id, accountId: u.accountId, role: u.role, email: u.email, ...meta, session: sessionRefOf(s) };
  }

  /** Ends the session of this token (and the streams opened under it); an unknown token changes nothing. */
  async logout(token: string): Promise<void> {
    const tokenHash = this.deps.crypto.sha256(token);
    await commit(this.deps, async (tx, emit) => {
      const s = await tx.sessions.get(tokenHash);
      if (s) await endSessions(tx, this.deps, s.accountId, s.userId, emit, tokenHash);
    });
  }

  /** The signed-in user as the outside world may see them. */
  async me(p: Principal): Promise<PublicUser> {
    const u = await this.deps.storage.read((r) => r.users.get(p.accountId, p.userId));
    if (!u) throw new ParleyError('unauthenticated', 'Sign in again.');
    return toPublicUser(u, isoNow(this.deps.clock));
  }

  /**
   * Counts the attempt before the password is judged (storage's atomic increment; a lock that has
   * ended is cleared first) and answers its number, or 0 when lockout is off. For an unknown email, or
   * lockout off, the same statements run against an id that matches no row.
   */
  private async countAttempt(user: User | null, security: SecurityState, now: Date): Promise<number> {
    const counted = user !== null && security.enforced.lockout.maxFailedAttempts !== null;
    const accountId = counted ? user.accountId : DECOY_ID;
    const id = counted ? user.id : DECOY_ID;
    const n = await this.deps.storage.transaction(async (tx) => {
      await tx.users.clearEndedLock(accountId, id, now.toISOString());
      return tx.users.incrementFailedLogins(accountId, id);
    });
    return counted ? n : 0;
  }

  /**
   * Judges a counted attempt (the `attempt`-th consecutive one, 0 when lockout is off) against the
   * lockout policy: a lock in force or an attempt past the limit is `locked` even with the right
   * password; a wrong password that reaches the limit locks the target. The caller records the address's
   * failure.
   */
  private async judge(target: LockTarget, security: SecurityState, attempt: number, passwordOk: boolean, now: Date): Promise<Judgement> {
    const lockout = security.enforced.lockout;
    const locked = lockoutBeforeAttempt(lockout, target, attempt, now);
    if (locked.locked) {
      if (locked.reasons.includes('too_many_attempts')) await target.lock(locked.lockedUntil!, attempt);
      return { outcome: 'locked', lockedUntil: locked.lockedUntil! };
    }
    if (passwordOk) return { outcome: 'right' };
    const after = lockoutAfterFailure(lockout, attempt, now);
    if (!after.locked) return { outcome: 'wrong' };
    await target.lock(after.lockedUntil!, attempt);
    return { outcome: 'locked', lockedUntil: after.lockedUntil! };
  }

  /** A user's lock as {@link judge} sees it: stored, audited. */
  private userLock(user: User, meta: RequestMeta): LockTarget {
    return { lockedUntil: user.lockedUntil, lock: (until, attempt) => this.lock(user, until, attempt, meta) };
  }

  /** Counts an attempt on an email that has no user, as storage counts a user's, and its lock to judge by. */
  private unknownEmail(email: string, security: SecurityState, now: Date): { attempt: number; target: LockTarget } {
    const key = this.deps.crypto.sha256(email);
    const { attempt, lockedUntil } = this.unknownEmails.attempt(key, now, security.enforced.lockout.maxFailedAttempts !== null);
    return { attempt, target: { lockedUntil, lock: async (until, n) => this.unknownEmails.lock(key, until, n, now) } };
  }

  /** The account whose lockout settings an unknown email follows: the installation's first (a decoy id while there is none). */
  private async decoyAccountId(): Promise<Id> {
    if (this.firstAccountId === null) {
      const ids = await this.deps.storage.read((r) => r.accounts.listIds());
      this.firstAccountId = [...ids].sort()[0] ?? null;
    }
    return this.firstAccountId ?? DECOY_ID;
  }

  /** The password was right for these users: their counted attempts were no failed guesses. */
  private async clearFailures(users: readonly { user: User; attempt: number }[]): Promise<void> {
    const counted = users.filter((u) => u.attempt > 0);
    if (counted.length)
      await this.deps.storage.transaction(async (tx) => {
        for (const { user } of counted) await tx.users.setLoginState(user.accountId, user.id, { failedLoginCount: 0, lockedUntil: null });
      });
  }

  /** Records a lockout (unless one is already in force) and audits it as `user.locked`. */
  private async lock(user: User, lockedUntil: Instant, attempt: number, meta: RequestMeta): Promise<void> {
    await commit(this.deps, async (tx, emit) => {
      const cur = await tx.users.get(user.accountId, user.id);
      const now = this.deps.clock.now();
      if (!cur || isLocked(cur.lockedUntil, now)) return;
      await tx.users.setLoginState(user.accountId, user.id, { failedLoginCount: Math.max(attempt, cur.failedLoginCount), lockedUntil });
      await appendAudit(tx, this.deps, user.accountId, systemActor(meta), {
        type: 'security',
        action: 'user.locked',
        targetType: 'user',
        targetId: user.id,
        widgetId: null,
        changes: [
          { path: '/locked', from: false, to: true },
          { path: '/lockedUntil', from: cur.lockedUntil, to: lockedUntil },
        ],
      });
      emit({
        type: 'user.locked',
        accountId: user.accountId,
        topics: [`account:${user.accountId}`],
        at: now.toISOString(),
        data: { userId: user.id },
      });
      // A lock that never ends by itself needs someone to act: those who may unlock (owners, admins) hear of it by e-mail.
      if (lockedUntil === LOCKED_UNTIL_UNLOCKED) await this.mailOwnersOfLock(tx, user, now.toISOString(), emit);
    });
  }

  private async mailOwnersOfLock(tx: Repositories, locked: User, at: Instant, emit: Emit): Promise<void> {
    const mayUnlock = async (role: 'owner' | 'admin') =>
      (await tx.users.list(locked.accountId, { role }, { limit: 50 })).items.filter((u) => u.status === 'active' && u.id !== locked.id);
    const owners = [...(await mayUnlock('owner')), ...(await mayUnlock('admin'))];
    if (owners.length === 0) return;
    const account = await tx.accounts.get(locked.accountId);
    const rendered = renderUserLockedMail({
      language: null,
      accountName: account?.name ?? '',
      lockedEmail: locked.email,
      consoleUrl: consoleUserLink(this.deps.config.integrations?.publicUrl, locked.id),
    });
    await enqueueMail(
      tx,
      this.deps,
      {
        event: 'mail.user_locked',
        accountId: locked.accountId,
        widgetId: ACCOUNT_WIDE,
        at,
        mail: { to: owners.map((o) => o.email), replyTo: null, ...rendered },
      },
      emit,
    );
  }

  private async issueTicket(user: User, now: Date): Promise<{ ticket: string; expiresAt: Instant }> {
    const { token, row } = newPasswordTicket(this.deps, user, 'password_expired', PASSWORD_TICKET_TTL_SECONDS, now);
    await this.deps.storage.transaction((tx) => tx.passwordTickets.insert(row));
    return { ticket: token, expiresAt: row.expiresAt };
  }
}
