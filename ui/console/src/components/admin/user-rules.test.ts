import { describe, expect, it } from 'vitest';
import { matchesUser, userStatus } from './user-rules.js';

describe('the users screen rules', () => {
  it('reads deactivated before locked, locked before invited, invited before an expired password, and active otherwise', () => {
    const invitationExpiresAt = '2026-12-10T09:00:00.000Z';
    expect(userStatus({ status: 'deactivated', locked: true, passwordExpired: true, invitationExpiresAt })).toBe('deactivated');
    expect(userStatus({ status: 'active', locked: true, passwordExpired: true, invitationExpiresAt })).toBe('locked');
    expect(userStatus({ status: 'active', locked: false, passwordExpired: true, invitationExpiresAt })).toBe('invited');
    expect(userStatus({ status: 'active', locked: false, passwordExpired: true, invitationExpiresAt: null })).toBe('password expired');
    expect(userStatus({ status: 'active', locked: false, passwordExpired: false })).toBe('active');
    expect(userStatus({ status: 'active', locked: false })).toBe('active');
  });

  it('reads “not signed in yet” for a user who never signed in and has no invitation waiting, as when it expired', () => {
    expect(userStatus({ status: 'active', locked: false, passwordExpired: false, invitationExpiresAt: null, lastLoginAt: null })).toBe(
      'not signed in yet',
    );
    expect(
      userStatus({
        status: 'active',
        locked: false,
        passwordExpired: false,
        invitationExpiresAt: null,
        lastLoginAt: '2026-12-01T09:00:00.000Z',
      }),
    ).toBe('active');
    expect(userStatus({ status: 'deactivated', locked: false, invitationExpiresAt: null, lastLoginAt: null })).toBe('deactivated');
  });

  it('finds a user by every word of the search in the name or e-mail, without regard to case', () => {
    const ann = { name: 'Ann Agent', email: 'ann@acme.test' };
    expect(matchesUser(ann, '')).toBe(true);
    expect(matchesUser(ann, 'ANN acme')).toBe(true);
    expect(matchesUser(ann, 'ann bob')).toBe(false);
  });
});
