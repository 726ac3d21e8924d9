import { describe, expect, it } from 'vitest';
import { PASSWORD_MAX_LENGTH } from '../policies/password.js';
import {
  auditLog,
  expectParleyError,
  lastAudit,
  makeHarness,
  makeWorld,
  META,
  OWNER_PASSWORD,
  snapshot,
  type Harness,
} from '../../test-support/fakes.js';

const signUpInput = (n = 1) => ({
  accountName: `Acme ${n}`,
  email: `owner${n}@acme.example`,
  name: `Owner ${n}`,
  password: OWNER_PASSWORD,
});

const countAccounts = (h: Harness) => h.read((r) => r.accounts.count());

describe('sign-up', () => {
  it('creates the account and its owner', async () => {
    const h = makeHarness();
    const { account, user } = await h.parley.accounts.signUp(signUpInput(), META);

    expect(account).toMatchObject({
      name: 'Acme 1',
      plan: 'enterprise',
      settings: { timezone: 'UTC', auditRetentionDays: null },
      version: 1,
      createdAt: '2026-01-01T00:00:00.000Z',
    });
    expect(user).toMatchObject({ accountId: account.id, email: 'owner1@acme.example', name: 'Owner 1', role: 'owner', status: 'active' });
    expect(user).not.toHaveProperty('passwordHash');

    const stored = await h.read((r) => r.users.get(account.id, user.id));
    expect(stored?.passwordHash).toBe(`h:${OWNER_PASSWORD}`);
    expect(await h.read((r) => r.accounts.get(account.id))).toEqual(account);
    expect(await h.read((r) => r.users.countByRole(account.id, 'owner'))).toBe(1);
  });

  it('stores the email lower-cased and trimmed', async () => {
    const h = makeHarness();
    const { user } = await h.parley.accounts.signUp({ ...signUpInput(), email: '  Owner1@ACME.example ' }, META);
    expect(user.email).toBe('owner1@acme.example');
  });

  it('audits the new account and its owner, acted by the owner', async () => {
    const h = makeHarness();
    const { account, user } = await h.parley.accounts.signUp(signUpInput(), META);
    const log = await auditLog(h, account.id);
    expect(log.map((e) => [e.seq, e.type, e.action, e.targetId])).toEqual([
      [1, 'account', 'account.created', account.id],
      [2, 'permissions', 'user.created', user.id],
    ]);
    expect(log[0]!.changes.map((c) => c.path)).toEqual(['/name', '/plan', '/settings']);
    expect(log[1]!.changes).toEqual([
      { path: '/email', to: 'owner1@acme.example' },
      { path: '/name', to: 'Owner 1' },
      { path: '/role', to: 'owner' },
      { path: '/status', to: 'active' },
    ]);
    for (const e of log) {
      expect(e.actor).toEqual({ kind: 'user', userId: user.id, email: user.email, ip: META.ip, userAgent: META.userAgent });
      expect(e.revertible).toBe(false);
    }
  });

  it('publishes account.created', async () => {
    const h = makeHarness();
    const { account } = await h.parley.accounts.signUp(signUpInput(), META);
    expect(h.published.map((e) => [e.type, e.topics])).toEqual([['account.created', [`account:${account.id}`]]]);
  });

  it('with the "first" policy (the default), is open until the first account, then refuses a second with signup_closed', async () => {
    const h = makeHarness();
    expect(await h.parley.accounts.signUpState()).toEqual({ open: true, setup: true });
    await h.parley.accounts.signUp(signUpInput(1), META);
    expect(await h.parley.accounts.signUpState()).toEqual({ open: false, setup: false });
    await expectParleyError(h.parley.accounts.signUp(signUpInput(2), META), 'signup_closed');
    expect(await countAccounts(h)).toBe(1);
    expect(await h.read((r) => r.users.listByEmail('owner2@acme.example', 10))).toEqual([]);
  });

  it('with the "closed" policy, refuses every account', async () => {
    const h = makeHarness({ config: { signup: 'closed' } });
    expect(await h.parley.accounts.signUpState()).toEqual({ open: false, setup: true });
    await expectParleyError(h.parley.accounts.signUp(signUpInput(1), META), 'signup_closed');
    expect(await countAccounts(h)).toBe(0);
    expect(h.published).toEqual([]);
  });

  it('with the "open" policy, allows many accounts, each with its own audit chain', async () => {
    const h = makeHarness({ config: { signup: 'open' } });
    const ids: string[] = [];
    for (let n = 1; n <= 3; n++) ids.push((await h.parley.accounts.signUp(signUpInput(n), META)).account.id);
    expect(await h.parley.accounts.signUpState()).toEqual({ open: true, setup: false });
    expect(await countAccounts(h)).toBe(3);
    expect(new Set(ids).size).toBe(3);
    for (const id of ids) {
      expect((await auditLog(h, id)).map((e) => e.seq)).toEqual([1, 2]);
      expect((await h.parley.audit.verifyAccount(id)).intact).toBe(true);
    }
  });

  it('creates an account whose owner’s email has a user in another account: emails are unique per account', async () => {
    const h = makeHarness({ config: { signup: 'open' } });
    const first = await h.parley.accounts.signUp(signUpInput(1), META);
    const second = await h.parley.accounts.signUp({ ...signUpInput(2), email: 'OWNER1@acme.example' }, META);
    expect(second.user).toMatchObject({ email: 'owner1@acme.example', accountId: second.account.id });
    expect(await countAccounts(h)).toBe(2);
    expect((await h.read((r) => r.users.listByEmail('owner1@acme.example', 10))).map((u) => u.accountId).sort()).toEqual(
      [first.account.id, second.account.id].sort(),
    );
  });

  it('refuses a weak password with password_policy_violation, listing each rule, and writes nothing', async () => {
    const h = makeHarness();
    const e = await expectParleyError(h.parley.accounts.signUp({ ...signUpInput(), password: 'short' }, META), 'password_policy_violation');
    expect(e.details).toEqual([{ path: '/password', code: 'too_short', message: expect.any(String) }]);
    expect(await countAccounts(h)).toBe(0);
  });

  it('refuses invalid input with validation_failed, pointing at every bad field', async () => {
    const h = makeHarness();
    const e = await expectParleyError(
      h.parley.accounts.signUp({ accountName: '   ', email: 'not-an-email', name: '', password: 'long-enough-1' }, META),
      'validation_failed',
    );
    expect(e.details.map((d) => d.path).sort()).toEqual(['/accountName', '/email', '/name']);
    expect(await countAccounts(h)).toBe(0);
  });

  it('refuses unknown fields and missing fields', async () => {
    const h = makeHarness();
    const extra = await expectParleyError(
      h.parley.accounts.signUp({ ...signUpInput(), role: 'owner' } as unknown as ReturnType<typeof signUpInput>, META),
      'validation_failed',
    );
    expect(extra.details.map((d) => d.code)).toContain('unrecognized_keys');
    const missing = await expectParleyError(
      h.parley.accounts.signUp({ accountName: 'A', email: 'a@b.example', name: 'N' } as ReturnType<typeof signUpInput>, META),
      'validation_failed',
    );
    expect(missing.details.map((d) => d.path)).toEqual(['/password']);
  });

  it(`accepts a password of ${PASSWORD_MAX_LENGTH} emoji (code points, not UTF-16 units) and logs in with it`, async () => {
    const h = makeHarness();
    const password = '😀'.repeat(PASSWORD_MAX_LENGTH);
    const { user } = await h.parley.accounts.signUp({ ...signUpInput(), password }, META);
    const login = await h.parley.auth.login({ email: user.email, password }, META);
    expect(login.user.id).toBe(user.id);
  });

  it(`refuses ${PASSWORD_MAX_LENGTH + 1} characters as a password rule (too_long)`, async () => {
    const h = makeHarness();
    const e = await expectParleyError(
      h.parley.accounts.signUp({ ...signUpInput(), password: 'a'.repeat(PASSWORD_MAX_LENGTH + 1) }, META),
      'password_policy_violation',
    );
    expect(e.details.map((d) => d.code)).toEqual(['too_long']);
  });
});

describe('account settings', () => {
  it('lets the owner rename the account, audited as account.updated', async () => {
    const w = await makeWorld();
    const updated = await w.parley.accounts.update(w.owner, { name: 'Acme Inc' });
    expect(updated).toMatchObject({ name: 'Acme Inc', version: 2 });
    const log = await auditLog(w, w.account.id);
    expect(log.at(-1)).toMatchObject({
      type: 'account',
      action: 'account.updated',
      targetType: 'account',
      changes: [{ path: '/name', from: 'Acme', to: 'Acme Inc' }],
      revertible: true,
    });
  });

  it('keeps settings a partial patch does not mention', async () => {
    const w = await makeWorld();
    await w.parley.accounts.update(w.owner, { settings: { auditRetentionDays: 30, chatRetentionDays: 400 } });
    const a = await w.parley.accounts.update(w.owner, { settings: { timezone: 'Europe/Berlin' } });
    expect(a.settings).toEqual({ timezone: 'Europe/Berlin', auditRetentionDays: 30, chatRetentionDays: 400 });
  });

  it('leaves how long the audit log is kept to the owner: an admin may change the rest, not that, nor revert it', async () => {
    const w = await makeWorld();
    const { p: admin } = await w.addUser('admin');
    const before = await snapshot(w, w.account.id);
    await expectParleyError(w.parley.accounts.update(admin, { settings: { auditRetentionDays: 1 } }), 'forbidden');
    expect(await snapshot(w, w.account.id)).toEqual(before);
    expect((await w.parley.accounts.update(admin, { settings: { timezone: 'Europe/Berlin' } })).settings.timezone).toBe('Europe/Berlin');
    await w.parley.accounts.update(w.owner, { settings: { auditRetentionDays: 400 } });
    const entry = await lastAudit(w, w.account.id);
    await expectParleyError(w.parley.audit.revert(admin, entry.id), 'forbidden');
    expect((await w.parley.audit.revert(w.owner, entry.id)).revertOf).toBe(entry.id);
  });

  it('writes no entry for a patch that changes nothing', async () => {
    const w = await makeWorld();
    const before = await snapshot(w, w.account.id);
    await w.parley.accounts.update(w.owner, { name: 'Acme' });
    expect(await snapshot(w, w.account.id)).toEqual(before);
  });

  it('is forbidden to supervisors and agents', async () => {
    const w = await makeWorld();
    for (const role of ['supervisor', 'agent'] as const) {
      const { p } = await w.addUser(role);
      await expectParleyError(w.parley.accounts.update(p, { name: 'Mine' }), 'forbidden');
    }
    expect((await w.parley.accounts.get(w.owner)).name).toBe('Acme');
  });

  it('refuses a stale version with version_mismatch and writes nothing', async () => {
    const w = await makeWorld();
    await w.parley.accounts.update(w.owner, { name: 'Acme 2' });
    const before = await snapshot(w, w.account.id);
    const e = await expectParleyError(w.parley.accounts.update(w.owner, { name: 'Acme 3' }, 1), 'version_mismatch');
    expect(e.meta).toEqual({ currentVersion: 2 });
    expect(await snapshot(w, w.account.id)).toEqual(before);
  });

  it('lets the operator change the plan, audited as a system action', async () => {
    const w = await makeWorld();
    const a = await w.parley.accounts.setPlan(w.account.id, 'basic');
    expect(a.plan).toBe('basic');
    const log = await auditLog(w, w.account.id);
    expect(log.at(-1)).toMatchObject({
      actor: { kind: 'system', userId: null },
      changes: [{ path: '/plan', from: 'enterprise', to: 'basic' }],
    });
    await expectParleyError(w.parley.accounts.setPlan(w.account.id, 'gold' as 'basic'), 'validation_failed');
  });

  it('shows the account to every role of it', async () => {
    const w = await makeWorld();
    const { p } = await w.addUser('agent');
    expect((await w.parley.accounts.get(p)).id).toBe(w.account.id);
    expect((await w.parley.accounts.get(w.owner)).id).toBe(w.account.id);
  });
});
