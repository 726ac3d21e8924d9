import type { Id, Instant, Versioned } from './types.js';
import { LOCKED_UNTIL_UNLOCKED } from './security.js';

export const ROLES = ['owner', 'admin', 'supervisor', 'agent'] as const;
export type Role = (typeof ROLES)[number];

export type UserStatus = 'active' | 'deactivated';

export interface User extends Versioned {
  readonly id: Id;
  readonly accountId: Id;
  /**
   * Lower-cased; unique within the account. The same address may have a user in other accounts: login
   * tries each (see `AuthService.login`).
   */
  readonly email: string;
  readonly name: string;
  readonly role: Role;
  readonly status: UserStatus;
  readonly passwordHash: string;
  readonly passwordChangedAt: Instant;
  readonly lastLoginAt: Instant | null;
  readonly failedLoginCount: number;
  readonly lockedUntil: Instant | null;
  /** How many chats the user takes at once, overriding each widget's maximum; null: the widget's. */
  readonly maxConcurrentChats: number | null;
  readonly createdAt: Instant;
  readonly updatedAt: Instant;
}

/** A new, active user with a fresh password and no login history. */
export const newUser = (fields: Pick<User, 'id' | 'accountId' | 'email' | 'name' | 'role' | 'passwordHash'>, now: Instant): User => ({
  ...fields,
  status: 'active',
  passwordChangedAt: now,
  lastLoginAt: null,
  failedLoginCount: 0,
  lockedUntil: null,
  maxConcurrentChats: null,
  createdAt: now,
  updatedAt: now,
  version: 1,
});

/** What the outside world may see of a user: never the hash, never the counters' internals. */
export interface PublicUser {
  readonly id: Id;
  readonly accountId: Id;
  readonly email: string;
  readonly name: string;
  readonly role: Role;
  readonly status: UserStatus;
  /**
   * The user's account state: when they last signed in, whether they are locked out (and the password and
   * invitation fields below). Shown to owners and admins, and to each user about themselves; left out of what
   * agents and supervisors see of colleagues (see `colleagueView`).
   */
  readonly lastLoginAt?: Instant | null;
  readonly locked?: boolean;
  /** While `locked`: when the lock ends by itself, null when it lasts until an owner or admin unlocks. Absent otherwise. */
  readonly lockedUntil?: Instant | null;
  /**
   * Whether the password must be replaced at the next sign-in (older than the account's maximum age, or set
   * before the requirements were raised), and when it expires by age (null: passwords do not age). Given by
   * the users API (list and one user), which reads the account's security settings.
   */
  readonly passwordExpired?: boolean;
  readonly passwordExpiresAt?: Instant | null;
  /**
   * Until when the invitation mailed to the user (to choose their password) can be taken; null once taken or
   * expired, or when none was sent. Given by the users API (list and one user), as `passwordExpired` is.
   */
  readonly invitationExpiresAt?: Instant | null;
  readonly maxConcurrentChats: number | null;
  readonly createdAt: Instant;
  readonly updatedAt: Instant;
  readonly version: number;
}

/** A password's state under the account's security settings (see `passwordExpiry`). */
export interface PasswordState {
  readonly expired: boolean;
  readonly expiresAt: Instant | null;
}

export const toPublicUser = (u: User, now: Instant, password?: PasswordState, invitationExpiresAt?: Instant | null): PublicUser => ({
  id: u.id,
  accountId: u.accountId,
  email: u.email,
  name: u.name,
  role: u.role,
  status: u.status,
  lastLoginAt: u.lastLoginAt,
  locked: u.lockedUntil !== null && u.lockedUntil > now,
  ...(u.lockedUntil !== null && u.lockedUntil > now ? { lockedUntil: u.lockedUntil === LOCKED_UNTIL_UNLOCKED ? null : u.lockedUntil } : {}),
  ...(password ? { passwordExpired: password.expired, passwordExpiresAt: password.expiresAt } : {}),
  ...(invitationExpiresAt === undefined ? {} : { invitationExpiresAt }),
  maxConcurrentChats: u.maxConcurrentChats ?? null,
  createdAt: u.createdAt,
  updatedAt: u.updatedAt,
  version: u.version,
});

/**
 * What agents and supervisors see of a colleague: who they are (name, e-mail, role, status, chat limit), not the
 * state of their account (last sign-in, lockout, password expiry, invitation), which is for owners and admins.
 */
export const colleagueView = (u: PublicUser): PublicUser => {
  const {
    lastLoginAt: _lastLoginAt,
    locked: _locked,
    lockedUntil: _lockedUntil,
    passwordExpired: _passwordExpired,
    passwordExpiresAt: _passwordExpiresAt,
    invitationExpiresAt: _invitationExpiresAt,
    ...who
  } = u;
  return who;
};

/** Roles that may manage users and widgets. */
export const canManage = (role: Role): boolean => role === 'owner' || role === 'admin';
/** Roles that may read account-wide records such as the audit log. */
export const canSupervise = (role: Role): boolean => role !== 'agent';
