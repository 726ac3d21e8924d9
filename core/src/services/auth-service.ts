import { ParleyError } from '../errors.js';
import type { Session } from '../model/session.js';
import type { Instant } from '../model/types.js';
import { toPublicUser, type PublicUser, type User } from '../model/user.js';
import { isoNow } from '../ports/system.js';
import { parseInput, schemas } from '../validation.js';
import type { CoreDeps, Principal, RequestMeta } from './context.js';

export interface LoginResult {
  /** The bearer token; shown once, stored only as its SHA-256. */
  readonly token: string;
  readonly user: PublicUser;
  readonly expiresAt: Instant;
}

const invalidCredentials = () => new ParleyError('invalid_credentials', 'The email or password is wrong.');

/** Logging in and out, and turning a bearer token back into a principal. */
export class AuthService {
  /** A real hash of a random password, verified against when the email is unknown so timing matches. */
  private dummyHash: Promise<string> | null = null;

  constructor(private readonly deps: CoreDeps) {}

  private decoyHash(): Promise<string> {
    this.dummyHash ??= this.deps.hasher.hash(this.deps.crypto.randomToken(24));
    return this.dummyHash;
  }

  /**
   * Checks the credentials and opens a session. An unknown email and a wrong password take the same
   * time (a full hash verification either way) and give the same error.
   */
  async login(input: { email: string; password: string }, meta: RequestMeta): Promise<LoginResult> {
    const data = parseInput(schemas.login, input);
    const email = data.email.trim().toLowerCase();
    const user = await this.deps.storage.read((r) => r.users.findByEmail(email));
    if (!user) {
      await this.deps.hasher.verify(await this.decoyHash(), data.password);
      throw invalidCredentials();
    }
    if (!(await this.deps.hasher.verify(user.passwordHash, data.password))) throw invalidCredentials();
    if (user.status !== 'active')
      throw new ParleyError('account_deactivated', 'This user is deactivated; an owner or admin can reactivate it.');
    return this.openSession(user, meta);
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

  /** The principal behind a bearer token, or null when it is unknown, expired or its user is inactive. */
  async authenticate(token: string, meta: RequestMeta): Promise<Principal | null> {
    if (!token || token.length > 200) return null;
    const now = isoNow(this.deps.clock);
    const found = await this.deps.storage.read(async (r) => {
      const s = await r.sessions.get(this.deps.crypto.sha256(token));
      if (!s || s.expiresAt <= now) return null;
      const u = await r.users.get(s.accountId, s.userId);
      return u && u.status === 'active' ? u : null;
    });
    if (!found) return null;
    return { userId: found.id, accountId: found.accountId, role: found.role, email: found.email, ...meta };
  }

  async logout(token: string): Promise<void> {
    await this.deps.storage.transaction((tx) => tx.sessions.delete(this.deps.crypto.sha256(token)));
  }

  /** The signed-in user as the outside world may see them. */
  async me(p: Principal): Promise<PublicUser> {
    const u = await this.deps.storage.read((r) => r.users.get(p.accountId, p.userId));
    if (!u) throw new ParleyError('unauthenticated', 'Sign in again.');
    return toPublicUser(u, isoNow(this.deps.clock));
  }
}
