import { createHash } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { defaultCoreConfig } from '../runtime/context.js';
import { expectParleyError, makeWorld, META, OWNER_PASSWORD, TestTokenCrypto, USER_PASSWORD } from '../../test-support/fakes.js';

const OWNER_EMAIL = 'owner@acme.example';
const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

describe('login', () => {
  it('returns a token, the public user and the expiry', async () => {
    const w = await makeWorld();
    const r = await w.parley.auth.login({ email: OWNER_EMAIL, password: OWNER_PASSWORD }, META);
    expect(typeof r.token).toBe('string');
    expect(r.token.length).toBeGreaterThanOrEqual(22);
    expect(r.expiresAt).toBe(new Date(Date.parse('2026-01-01T00:00:00.000Z') + defaultCoreConfig.sessionTtlSeconds * 1000).toISOString());
    expect(r.user).toMatchObject({ id: w.owner.userId, role: 'owner', lastLoginAt: '2026-01-01T00:00:00.000Z' });
    expect(r.user).not.toHaveProperty('passwordHash');
  });

  it('gives a different token for every login', async () => {
    const w = await makeWorld();
    const a = await w.parley.auth.login({ email: OWNER_EMAIL, password: OWNER_PASSWORD }, META);
    const b = await w.parley.auth.login({ email: OWNER_EMAIL, password: OWNER_PASSWORD }, META);
    expect(a.token).not.toBe(b.token);
  });

  it('stores only the SHA-256 of the token, with the request metadata', async () => {
    const w = await makeWorld();
    const { token, expiresAt } = await w.parley.auth.login({ email: OWNER_EMAIL, password: OWNER_PASSWORD }, META);
    expect(await w.read((r) => r.sessions.get(token))).toBeNull();
    expect(await w.read((r) => r.sessions.get(sha256(token)))).toEqual({
      tokenHash: sha256(token),
      userId: w.owner.userId,
      accountId: w.account.id,
      createdAt: '2026-01-01T00:00:00.000Z',
      expiresAt,
      ip: META.ip,
      userAgent: META.userAgent,
    });
  });

  it('records the login time on the user without bumping its version', async () => {
    const w = await makeWorld();
    w.clock.advance(60_000);
    await w.parley.auth.login({ email: OWNER_EMAIL, password: OWNER_PASSWORD }, META);
    const u = await w.read((r) => r.users.get(w.account.id, w.owner.userId));
    expect(u).toMatchObject({ lastLoginAt: '2026-01-01T00:01:00.000Z', version: 1, failedLoginCount: 0 });
  });

  it('matches the email case-insensitively and ignores surrounding spaces', async () => {
    const w = await makeWorld();
    const r = await w.parley.auth.login({ email: '  OWNER@Acme.Example ', password: OWNER_PASSWORD }, META);
    expect(r.user.id).toBe(w.owner.userId);
  });

  it('refuses a wrong password and an unknown email alike: invalid_credentials, same message', async () => {
    const w = await makeWorld();
    const wrong = await expectParleyError(
      w.parley.auth.login({ email: OWNER_EMAIL, password: 'not-the-password' }, META),
      'invalid_credentials',
    );
    const unknown = await expectParleyError(
      w.parley.auth.login({ email: 'nobody@acme.example', password: OWNER_PASSWORD }, META),
      'invalid_credentials',
    );
    expect(unknown.message).toBe(wrong.message);
    expect(unknown.details).toEqual(wrong.details);
    expect(unknown.meta).toEqual(wrong.meta);
  });

  it('spends a full hash verification on an unknown email too, so timing does not tell', async () => {
    const w = await makeWorld();
    const verify = vi.spyOn(w.parley.deps.hasher, 'verify');
    await expectParleyError(w.parley.auth.login({ email: 'nobody@acme.example', password: OWNER_PASSWORD }, META), 'invalid_credentials');
    await expectParleyError(w.parley.auth.login({ email: 'nobody@acme.example', password: OWNER_PASSWORD }, META), 'invalid_credentials');
    expect(verify).toHaveBeenCalledTimes(2);
    // Against a real hash of a random secret, never one that the given password could match.
    for (const [hash] of verify.mock.calls) expect(hash).toMatch(/^h:/);
    expect(await Promise.all(verify.mock.results.map((r) => r.value))).toEqual([false, false]);
  });

  it('does not treat a password that differs only in case as the same', async () => {
    const w = await makeWorld();
    await expectParleyError(
      w.parley.auth.login({ email: OWNER_EMAIL, password: OWNER_PASSWORD.toUpperCase() }, META),
      'invalid_credentials',
    );
  });

  it('opens no session when the credentials are wrong', async () => {
    const w = await makeWorld();
    await expectParleyError(w.parley.auth.login({ email: OWNER_EMAIL, password: 'nope-nope' }, META), 'invalid_credentials');
    // Sign-up opens no session, so any session now would be from the failed login.
    expect(await w.storage.transaction((tx) => tx.sessions.deleteExpired('9999-12-31T00:00:00.000Z'))).toBe(0);
  });

  it('refuses a deactivated user with the right password (account_deactivated), and with a wrong one as usual', async () => {
    const w = await makeWorld();
    const { user } = await w.addUser('agent');
    await w.parley.users.update(w.owner, user.id, { status: 'deactivated' });
    await expectParleyError(w.parley.auth.login({ email: user.email, password: USER_PASSWORD }, META), 'account_deactivated');
    await expectParleyError(w.parley.auth.login({ email: user.email, password: 'wrong-password' }, META), 'invalid_credentials');
  });

  it('refuses malformed input with validation_failed', async () => {
    const w = await makeWorld();
    const e = await expectParleyError(
      w.parley.auth.login({ email: 42, password: OWNER_PASSWORD } as unknown as { email: string; password: string }, META),
      'validation_failed',
    );
    expect(e.details.map((d) => d.path)).toEqual(['/email']);
  });
});

describe('authenticate', () => {
  it('turns a token into the principal of its user, with this request metadata', async () => {
    const w = await makeWorld();
    const { token, expiresAt } = await w.parley.auth.login({ email: OWNER_EMAIL, password: OWNER_PASSWORD }, META);
    const other = { ip: '198.51.100.1', userAgent: 'curl' };
    const p = await w.parley.auth.authenticate(token, other);
    expect(p).toEqual({
      userId: w.owner.userId,
      accountId: w.account.id,
      role: 'owner',
      email: OWNER_EMAIL,
      ...other,
      session: { ref: expect.stringMatching(/^[0-9a-f]{32}$/), expiresAt },
    });
    // The session's reference is not the stored hash, nor the token: it cannot sign anyone in.
    const stored = await w.read((r) => r.sessions.get(new TestTokenCrypto().sha256(token)));
    expect(stored!.tokenHash).not.toBe(p!.session!.ref);
    expect(await w.parley.auth.authenticate(p!.session!.ref, META)).toBeNull();
  });

  it('announces the end of a session on logout, and of all a user’s sessions when their password changes', async () => {
    const w = await makeWorld();
    const { user } = await w.addUser('agent');
    const one = await w.parley.auth.login({ email: user.email, password: USER_PASSWORD }, META);
    const two = await w.parley.auth.login({ email: user.email, password: USER_PASSWORD }, META);
    const ref = (await w.parley.auth.authenticate(one.token, META))!.session!.ref;
    w.published.length = 0;
    await w.parley.auth.logout(one.token);
    await w.parley.auth.logout(one.token); // already gone: nothing more
    expect(w.published.map((e) => [e.type, e.topics, e.data])).toEqual([['session.ended', ['sessions'], { userId: user.id, ref }]]);
    expect(await w.parley.auth.authenticate(one.token, META)).toBeNull();
    expect(await w.parley.auth.authenticate(two.token, META)).not.toBeNull();
    w.published.length = 0;
    await w.parley.users.update(w.owner, user.id, { status: 'deactivated' });
    expect(w.published.filter((e) => e.type === 'session.ended').map((e) => e.data)).toEqual([{ userId: user.id, ref: null }]);
    expect(await w.parley.auth.authenticate(two.token, META)).toBeNull();
  });

  it('reads the role afresh, so a role change applies to existing sessions', async () => {
    const w = await makeWorld();
    const { user } = await w.addUser('agent');
    const { token } = await w.parley.auth.login({ email: user.email, password: USER_PASSWORD }, META);
    await w.parley.users.update(w.owner, user.id, { role: 'supervisor' });
    expect((await w.parley.auth.authenticate(token, META))?.role).toBe('supervisor');
  });

  it('returns null for an unknown, empty or absurdly long token', async () => {
    const w = await makeWorld();
    expect(await w.parley.auth.authenticate('unknown-token', META)).toBeNull();
    expect(await w.parley.auth.authenticate('', META)).toBeNull();
    expect(await w.parley.auth.authenticate('x'.repeat(201), META)).toBeNull();
  });

  it('returns null once the session has expired, and not a millisecond before', async () => {
    const w = await makeWorld();
    const { token } = await w.parley.auth.login({ email: OWNER_EMAIL, password: OWNER_PASSWORD }, META);
    w.clock.advance(defaultCoreConfig.sessionTtlSeconds * 1000 - 1);
    expect(await w.parley.auth.authenticate(token, META)).not.toBeNull();
    w.clock.advance(1);
    expect(await w.parley.auth.authenticate(token, META)).toBeNull();
  });

  it('honours the configured session lifetime', async () => {
    const w = await makeWorld({ config: { sessionTtlSeconds: 60 } });
    const { token, expiresAt } = await w.parley.auth.login({ email: OWNER_EMAIL, password: OWNER_PASSWORD }, META);
    expect(expiresAt).toBe('2026-01-01T00:01:00.000Z');
    w.clock.advance(60_000);
    expect(await w.parley.auth.authenticate(token, META)).toBeNull();
  });

  it('returns null after logout, for that session only', async () => {
    const w = await makeWorld();
    const a = await w.parley.auth.login({ email: OWNER_EMAIL, password: OWNER_PASSWORD }, META);
    const b = await w.parley.auth.login({ email: OWNER_EMAIL, password: OWNER_PASSWORD }, META);
    await w.parley.auth.logout(a.token);
    expect(await w.parley.auth.authenticate(a.token, META)).toBeNull();
    expect(await w.parley.auth.authenticate(b.token, META)).not.toBeNull();
  });

  it('logout of an unknown token is harmless', async () => {
    const w = await makeWorld();
    await expect(w.parley.auth.logout('never-issued')).resolves.toBeUndefined();
  });

  it('returns null for a deactivated user, ending their sessions', async () => {
    const w = await makeWorld();
    const { user } = await w.addUser('agent');
    const { token } = await w.parley.auth.login({ email: user.email, password: USER_PASSWORD }, META);
    await w.parley.users.update(w.owner, user.id, { status: 'deactivated' });
    expect(await w.parley.auth.authenticate(token, META)).toBeNull();
  });

  it('returns null for a deactivated user even if a session survived', async () => {
    const w = await makeWorld();
    const { user } = await w.addUser('agent');
    const { token } = await w.parley.auth.login({ email: user.email, password: USER_PASSWORD }, META);
    // Deactivate behind the service's back, so the session is not revoked: authenticate must still refuse.
    await w.storage.transaction(async (tx) => {
      const u = (await tx.users.get(w.account.id, user.id))!;
      await tx.users.update({ ...u, status: 'deactivated' }, u.version);
    });
    expect(await w.read((r) => r.sessions.get(sha256(token)))).not.toBeNull();
    expect(await w.parley.auth.authenticate(token, META)).toBeNull();
  });

  it('returns null when the user behind the session was deleted', async () => {
    const w = await makeWorld();
    const { user } = await w.addUser('agent');
    const { token } = await w.parley.auth.login({ email: user.email, password: USER_PASSWORD }, META);
    await w.parley.users.delete(w.owner, user.id);
    expect(await w.parley.auth.authenticate(token, META)).toBeNull();
  });
});

describe('me', () => {
  it('shows the signed-in user', async () => {
    const w = await makeWorld();
    expect(await w.parley.auth.me(w.owner)).toMatchObject({ id: w.owner.userId, email: OWNER_EMAIL, role: 'owner', locked: false });
  });
});
