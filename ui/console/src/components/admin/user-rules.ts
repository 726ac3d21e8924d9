import type { User } from '../../model.js';
import { matchesWords } from './search.js';

/** The users screen's pure rules: role names, how a user's state reads, and what the search matches. */

export type Role = User['role'];

export const ROLES: readonly Role[] = ['owner', 'admin', 'supervisor', 'agent'];
export const ROLE_NAMES: Readonly<Record<Role, string>> = { owner: 'Owner', admin: 'Admin', supervisor: 'Supervisor', agent: 'Agent' };

export type UserState = 'active' | 'locked' | 'deactivated' | 'invited' | 'password expired' | 'not signed in yet';

/**
 * One phrase for the user's state, the strongest first: deactivated (cannot sign in at all), then locked
 * (cannot sign in until unlocked), then invited (has an invitation to choose a password still to take), then
 * password expired (signs in by setting a new password), then not signed in yet (never signed in, and no invitation
 * waiting: it expired, or the user was given a password), which is not "active" for a user who may never have got in.
 */
export const userStatus = (
  u: Pick<User, 'status' | 'locked' | 'passwordExpired' | 'invitationExpiresAt'> & { readonly lastLoginAt?: string | null },
): UserState =>
  u.status === 'deactivated'
    ? 'deactivated'
    : u.locked
      ? 'locked'
      : u.invitationExpiresAt
        ? 'invited'
        : u.passwordExpired
          ? 'password expired'
          : u.lastLoginAt === null
            ? 'not signed in yet'
            : 'active';

/** Whether the search finds the user: every word in the name or e-mail, without regard to case. */
export const matchesUser = (u: Pick<User, 'name' | 'email'>, query: string): boolean => matchesWords(`${u.name} ${u.email}`, query);
