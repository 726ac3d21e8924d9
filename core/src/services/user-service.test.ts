import { describe, expect, it } from 'vitest';
import { defaultSecuritySettings } from '../model/security.js';
import {
  auditLog,
  expectParleyError,
  lastAudit,
  makeWorld,
  META,
  OWNER_PASSWORD,
  principalOf,
  snapshot,
  USER_PASSWORD,
} from '../../test-support/fakes.js';

const newUser = (n: number, role: 'admin' | 'supervisor' | 'agent' = 'agent') => ({
  email: `new${n}@acme.example`,
  name: `New ${n}`,
  role,
  password: USER_PASSWORD,
});

describe('creating users', () => {
  it('lets the owner and admins add users, audited as user.created (permissions)', async () => {
    const w = await makeWorld();
    const { p: admin } = await w.addUser('admin');
    for (const [i, by] of [w.owner, admin].entries()) {
      const u = await w.parley.users.create(by, newUser(i, 'supervisor'));
      expect(u).toMatchObject({ email: `new${i}@acme.example`, role: 'supervisor', status: 'active', accountId: w.account.id, version: 1 });
      expect(await lastAudit(w, w.account.id)).toMatchObject({
        type: 'permissions',
        action: 'user.created',
        targetType: 'user',
        targetId: u.id,
        actor: { userId: by.userId },
        changes: [
          { path: '/email', to: `new${i}@acme.example` },
          { path: '/maxConcurrentChats', to: null },
          { path: '/name', to: `New ${i}` },
          { path: '/role', to: 'supervisor' },
          { path: '/status', to: 'active' },
        ],
        revertible: false,
      });
    }
  });

  it('never records the password or its hash in the audit log', async () => {
    const w = await makeWorld();
    await w.parley.users.create(w.owner, newUser(1));
    const text = JSON.stringify(await auditLog(w, w.account.id));
    expect(text).not.toContain(USER_PASSWORD);
    expect(text).not.toContain(OWNER_PASSWORD);
  });

  it('is forbidden to supervisors and agents, and writes nothing', async () => {
    const w = await makeWorld();
    for (const role of ['supervisor', 'agent'] as const) {
      const { p } = await w.addUser(role);
      const before = await snapshot(w, w.account.id);
      await expectParleyError(w.parley.users.create(p, newUser(9)), 'forbidden');
      expect(await snapshot(w, w.account.id)).toEqual(before);
    }
  });

  it('does not create a second owner', async () => {
    const w = await makeWorld();
    const e = await expectParleyError(w.parley.users.create(w.owner, { ...newUser(1), role: 'owner' as 'admin' }), 'validation_failed');
    expect(e.details.map((d) => d.path)).toEqual(['/role']);
  });

  it('refuses a taken email (any case) with email_taken and writes nothing', async () => {
    const w = await makeWorld();
    await w.parley.users.create(w.owner, newUser(1));
    const before = await snapshot(w, w.account.id);
    await expectParleyError(w.parley.users.create(w.owner, { ...newUser(2), email: 'NEW1@acme.example' }), 'email_taken');
    expect(await snapshot(w, w.account.id)).toEqual(before);
  });

  it('applies the password rules', async () => {
    const w = await makeWorld();
    const e = await expectParleyError(w.parley.users.create(w.owner, { ...newUser(1), password: 'short' }), 'password_policy_violation');
    expect(e.details).toEqual([{ path: '/password', code: 'too_short', message: expect.any(String) }]);
  });

  it('uses the account password rules and common-password lookup when set', async () => {
    const w = await makeWorld({ deps: { commonPasswords: { isCommon: (p) => p === 'Common-Pass1' } } });
    const d = defaultSecuritySettings();
    await w.parley.security.update(w.owner, {
      ...d,
      password: { ...d.password, requireMixedCase: true, requireSpecialChar: true, forbidUserInfo: true },
    });
    const e = await expectParleyError(
      w.parley.users.create(w.owner, { ...newUser(1), name: 'Zed Zebra', password: 'zebra-stripes' }),
      'password_policy_violation',
    );
    expect(e.details.map((d) => d.code)).toEqual(['mixed_case_required', 'contains_user_info']);
    const c = await expectParleyError(
      w.parley.users.create(w.owner, { ...newUser(1), password: 'Common-Pass1' }),
      'password_policy_violation',
    );
    expect(c.details.map((d) => d.code)).toEqual(['common_password']);
  });
});

describe('listing and reading users', () => {
  it('lists users in id order with cursor paging and an optional role filter', async () => {
    const w = await makeWorld();
    const a = await w.addUser('agent');
    const b = await w.addUser('agent');
    await w.addUser('admin');
    const first = await w.parley.users.list(a.p, { limit: 2 });
    expect(first.items.map((u) => u.id)).toEqual([w.owner.userId, a.user.id]);
    const second = await w.parley.users.list(a.p, { limit: 2, cursor: first.nextCursor! });
    expect(second.items).toHaveLength(2);
    expect(second.nextCursor).toBeNull();
    const agents = await w.parley.users.list(w.owner, { role: 'agent' });
    expect(agents.items.map((u) => u.id)).toEqual([a.user.id, b.user.id]);
    expect(agents.items[0]).not.toHaveProperty('passwordHash');
  });

  it('shows agents and supervisors who their colleagues are, not the state of their accounts', async () => {
    const w = await makeWorld();
    const a = await w.addUser('agent', 'Ann Agent');
    const sup = await w.addUser('supervisor', 'Sue Supervisor');
    const STATE = ['lastLoginAt', 'locked', 'lockedUntil', 'passwordExpired', 'passwordExpiresAt', 'invitationExpiresAt'];
    for (const viewer of [a, sup]) {
      const seen = (await w.parley.users.list(viewer.p, {})).items;
      const owner = seen.find((u) => u.id === w.owner.userId)!;
      expect(owner).toMatchObject({ name: expect.any(String), role: 'owner', status: 'active' });
      for (const key of STATE) expect(owner).not.toHaveProperty(key);
      for (const key of STATE) expect(await w.parley.users.get(viewer.p, w.owner.userId)).not.toHaveProperty(key);
      // About themselves they see it all.
      expect(seen.find((u) => u.id === viewer.user.id)).toHaveProperty('locked', false);
    }
    // Owners and admins see every user's state.
    const admin = await w.addUser('admin');
    expect((await w.parley.users.get(admin.p, a.user.id)).locked).toBe(false);
    expect(await w.parley.users.get(w.owner, a.user.id)).toHaveProperty('lastLoginAt');
  });

  it('does not find users of another account', async () => {
    const w = await makeWorld({ config: { signup: 'open' } });
    const other = await w.parley.accounts.signUp(
      { accountName: 'Other', email: 'o@other.example', name: 'O', password: OWNER_PASSWORD },
      META,
    );
    await expectParleyError(w.parley.users.get(w.owner, other.user.id), 'not_found');
    await expectParleyError(w.parley.users.update(w.owner, other.user.id, { name: 'Hacked' }), 'not_found');
  });
});

describe('changing users', () => {
  it('records a role change as user.role_changed with the old and new role', async () => {
    const w = await makeWorld();
    const { user } = await w.addUser('agent');
    const updated = await w.parley.users.update(w.owner, user.id, { role: 'supervisor' });
    expect(updated).toMatchObject({ role: 'supervisor', version: 2 });
    expect(await lastAudit(w, w.account.id)).toMatchObject({
      type: 'permissions',
      action: 'user.role_changed',
      targetType: 'user',
      targetId: user.id,
      widgetId: null,
      changes: [{ path: '/role', from: 'agent', to: 'supervisor' }],
      revertible: true,
    });
  });

  it('names deactivation and reactivation in the action', async () => {
    const w = await makeWorld();
    const { user } = await w.addUser('agent');
    await w.parley.users.update(w.owner, user.id, { status: 'deactivated' });
    expect(await lastAudit(w, w.account.id)).toMatchObject({
      action: 'user.deactivated',
      changes: [{ path: '/status', from: 'active', to: 'deactivated' }],
    });
    await w.parley.users.update(w.owner, user.id, { status: 'active' });
    expect((await lastAudit(w, w.account.id)).action).toBe('user.reactivated');
  });

  it('records other edits as user.updated', async () => {
    const w = await makeWorld();
    const { user } = await w.addUser('agent');
    await w.parley.users.update(w.owner, user.id, { name: 'Renamed', role: 'supervisor' });
    expect(await lastAudit(w, w.account.id)).toMatchObject({
      action: 'user.updated',
      changes: [
        { path: '/name', from: user.name, to: 'Renamed' },
        { path: '/role', from: 'agent', to: 'supervisor' },
      ],
    });
  });

  it('writes nothing for a patch that changes nothing', async () => {
    const w = await makeWorld();
    const { user } = await w.addUser('agent');
    const before = await snapshot(w, w.account.id);
    const same = await w.parley.users.update(w.owner, user.id, { name: user.name, role: 'agent' });
    expect(same.version).toBe(1);
    expect(await snapshot(w, w.account.id)).toEqual(before);
  });

  it('lets users change their own name but not their own role or status', async () => {
    const w = await makeWorld();
    const { user, p } = await w.addUser('agent');
    expect((await w.parley.users.update(p, user.id, { name: 'Me Myself' })).name).toBe('Me Myself');
    await expectParleyError(w.parley.users.update(p, user.id, { role: 'admin' }), 'forbidden');
    await expectParleyError(w.parley.users.update(p, user.id, { status: 'deactivated' }), 'forbidden');
    await expectParleyError(w.parley.users.update(p, user.id, { email: 'mine@acme.example' }), 'forbidden');
  });

  it('refuses an agent who sets a colleague’s password before judging or hashing it', async () => {
    const w = await makeWorld();
    const { user } = await w.addUser('agent');
    const { p } = await w.addUser('agent');
    let hashed = 0;
    const hasher = w.parley.deps.hasher;
    const hash = hasher.hash.bind(hasher);
    hasher.hash = async (pw: string) => {
      hashed++;
      return hash(pw);
    };
    // Too short as well: the caller must learn nothing about the rules, only that they may not.
    await expectParleyError(w.parley.users.update(p, user.id, { password: 'short' }), 'forbidden');
    expect(hashed).toBe(0);
  });

  it('forbids supervisors and agents to change other users', async () => {
    const w = await makeWorld();
    const { user } = await w.addUser('agent');
    for (const role of ['supervisor', 'agent'] as const) {
      const { p } = await w.addUser(role);
      const before = await snapshot(w, w.account.id);
      await expectParleyError(w.parley.users.update(p, user.id, { name: 'X' }), 'forbidden');
      expect(await snapshot(w, w.account.id)).toEqual(before);
    }
  });

  it('forbids an admin to edit the owner in any way', async () => {
    const w = await makeWorld();
    const { p: admin } = await w.addUser('admin');
    const before = await snapshot(w, w.account.id);
    await expectParleyError(w.parley.users.update(admin, w.owner.userId, { name: 'Not Olivia' }), 'forbidden');
    await expectParleyError(w.parley.users.update(admin, w.owner.userId, { role: 'agent' }), 'forbidden');
    await expectParleyError(w.parley.users.update(admin, w.owner.userId, { status: 'deactivated' }), 'forbidden');
    await expectParleyError(w.parley.users.update(admin, w.owner.userId, { password: 'new-password-99' }), 'forbidden');
    expect(await snapshot(w, w.account.id)).toEqual(before);
  });

  it('forbids an admin to make anyone owner', async () => {
    const w = await makeWorld();
    const { p: admin } = await w.addUser('admin');
    const { user } = await w.addUser('agent');
    await expectParleyError(w.parley.users.update(admin, user.id, { role: 'owner' }), 'forbidden');
    await expectParleyError(w.parley.users.update(admin, admin.userId, { role: 'owner' }), 'forbidden');
    expect(await w.read((r) => r.users.countByRole(w.account.id, 'owner'))).toBe(1);
  });

  it('lets nobody demote or deactivate the owner directly (last_owner)', async () => {
    const w = await makeWorld();
    const before = await snapshot(w, w.account.id);
    await expectParleyError(w.parley.users.update(w.owner, w.owner.userId, { role: 'admin' }), 'last_owner');
    await expectParleyError(w.parley.users.update(w.owner, w.owner.userId, { status: 'deactivated' }), 'last_owner');
    expect(await snapshot(w, w.account.id)).toEqual(before);
  });

  it('refuses a stale version with version_mismatch and changes nothing', async () => {
    const w = await makeWorld();
    const { user } = await w.addUser('agent');
    await w.parley.users.update(w.owner, user.id, { name: 'Second' });
    const before = await snapshot(w, w.account.id);
    const e = await expectParleyError(w.parley.users.update(w.owner, user.id, { name: 'Third' }, 1), 'version_mismatch');
    expect(e.meta).toEqual({ currentVersion: 2 });
    await expectParleyError(w.parley.users.update(w.owner, user.id, { name: 'Third', version: 1 }), 'version_mismatch');
    expect(await snapshot(w, w.account.id)).toEqual(before);
    expect((await w.parley.users.update(w.owner, user.id, { name: 'Third' }, 2)).version).toBe(3);
  });

  it("refuses to take another user's email, writing nothing", async () => {
    const w = await makeWorld();
    const a = await w.addUser('agent');
    const b = await w.addUser('agent');
    const before = await snapshot(w, w.account.id);
    await expectParleyError(w.parley.users.update(w.owner, b.user.id, { email: a.user.email.toUpperCase() }), 'email_taken');
    expect(await snapshot(w, w.account.id)).toEqual(before);
  });

  it('refuses invalid input with JSON-pointer paths', async () => {
    const w = await makeWorld();
    const { user } = await w.addUser('agent');
    const e = await expectParleyError(
      w.parley.users.update(w.owner, user.id, { name: '', role: 'boss' as 'admin', status: 'gone' as 'active' }),
      'validation_failed',
    );
    expect(e.details.map((d) => d.path).sort()).toEqual(['/name', '/role', '/status']);
  });
});

describe('password changes', () => {
  it('audit as a redacted /password change and revoke every session of the user', async () => {
    const w = await makeWorld();
    const { user } = await w.addUser('agent');
    const s1 = await w.parley.auth.login({ email: user.email, password: USER_PASSWORD }, META);
    const s2 = await w.parley.auth.login({ email: user.email, password: USER_PASSWORD }, META);
    const owners = await w.parley.auth.login({ email: 'owner@acme.example', password: OWNER_PASSWORD }, META);

    await w.parley.users.update(w.owner, user.id, { password: 'brand-new-password' });

    const e = await lastAudit(w, w.account.id);
    expect(e).toMatchObject({ action: 'user.password_changed', changes: [{ path: '/password', redacted: true }], revertible: false });
    expect(e.changes[0]).not.toHaveProperty('from');
    expect(e.changes[0]).not.toHaveProperty('to');
    expect(JSON.stringify(e)).not.toContain('brand-new-password');
    expect(await w.parley.auth.authenticate(s1.token, META)).toBeNull();
    expect(await w.parley.auth.authenticate(s2.token, META)).toBeNull();
    expect(await w.parley.auth.authenticate(owners.token, META)).not.toBeNull();
  });

  it('take effect for login', async () => {
    const w = await makeWorld();
    const { user, p } = await w.addUser('agent');
    await w.parley.users.update(p, user.id, { password: 'brand-new-password', currentPassword: USER_PASSWORD });
    await expectParleyError(w.parley.auth.login({ email: user.email, password: USER_PASSWORD }, META), 'invalid_credentials');
    expect((await w.parley.auth.login({ email: user.email, password: 'brand-new-password' }, META)).user.id).toBe(user.id);
    expect((await w.read((r) => r.users.get(w.account.id, user.id)))?.passwordChangedAt).toBe('2026-01-01T00:00:00.000Z');
  });

  it('show next to other changed fields, still redacted', async () => {
    const w = await makeWorld();
    const { user } = await w.addUser('agent');
    await w.parley.users.update(w.owner, user.id, { name: 'Renamed', password: 'brand-new-password' });
    const e = await lastAudit(w, w.account.id);
    expect(e.action).toBe('user.updated');
    expect(e.changes).toEqual([
      { path: '/name', from: user.name, to: 'Renamed' },
      { path: '/password', redacted: true },
    ]);
    expect(e.revertible).toBe(false);
  });

  it('follow the password rules, checked against the target user', async () => {
    const w = await makeWorld();
    const { user } = await w.addUser('agent', 'Sam Samson');
    const d = defaultSecuritySettings();
    await w.parley.security.update(w.owner, { ...d, password: { ...d.password, forbidUserInfo: true } });
    const e = await expectParleyError(w.parley.users.update(w.owner, user.id, { password: 'samson-rocks' }), 'password_policy_violation');
    expect(e.details.map((d) => [d.path, d.code])).toEqual([['/password', 'contains_user_info']]);
  });
});

describe('ownership transfer', () => {
  it('makes the target the owner and the previous owner an admin, leaving exactly one owner', async () => {
    const w = await makeWorld();
    const { user } = await w.addUser('admin');
    const before = (await auditLog(w, w.account.id)).length;

    const moved = await w.parley.users.update(w.owner, user.id, { role: 'owner' });

    expect(moved.role).toBe('owner');
    expect((await w.parley.users.get(w.owner, w.owner.userId)).role).toBe('admin');
    expect(await w.read((r) => r.users.countByRole(w.account.id, 'owner'))).toBe(1);
    const entries = (await auditLog(w, w.account.id)).slice(before);
    expect(entries.map((e) => [e.action, e.targetId, e.changes])).toEqual([
      ['user.role_changed', w.owner.userId, [{ path: '/role', from: 'owner', to: 'admin' }]],
      ['user.role_changed', user.id, [{ path: '/role', from: 'admin', to: 'owner' }]],
    ]);
  });

  it('refuses a transfer that would also change other fields, and changes nothing', async () => {
    const w = await makeWorld();
    const { user } = await w.addUser('admin');
    const before = await snapshot(w, w.account.id);
    const err = await expectParleyError(w.parley.users.update(w.owner, user.id, { role: 'owner', name: 'New Boss' }), 'validation_failed');
    expect(err.details.map((d) => d.path)).toEqual(['/name']);
    expect(await snapshot(w, w.account.id)).toEqual(before);
  });

  it('can go to an agent, and the new owner can then transfer it back', async () => {
    const w = await makeWorld();
    const { user } = await w.addUser('agent');
    await w.parley.users.update(w.owner, user.id, { role: 'owner' });
    const newOwner = principalOf(await w.parley.users.get(w.owner, user.id));
    await w.parley.users.update(newOwner, w.owner.userId, { role: 'owner' });
    expect((await w.parley.users.get(w.owner, w.owner.userId)).role).toBe('owner');
    expect((await w.parley.users.get(w.owner, user.id)).role).toBe('admin');
    expect(await w.read((r) => r.users.countByRole(w.account.id, 'owner'))).toBe(1);
  });

  it('refuses a deactivated target with conflict and changes nothing', async () => {
    const w = await makeWorld();
    const { user } = await w.addUser('admin');
    await w.parley.users.update(w.owner, user.id, { status: 'deactivated' });
    const before = await snapshot(w, w.account.id);
    await expectParleyError(w.parley.users.update(w.owner, user.id, { role: 'owner' }), 'conflict');
    expect(await snapshot(w, w.account.id)).toEqual(before);
  });

  it('refuses a stale version of the target', async () => {
    const w = await makeWorld();
    const { user } = await w.addUser('admin');
    await w.parley.users.update(w.owner, user.id, { name: 'Changed' });
    const before = await snapshot(w, w.account.id);
    await expectParleyError(w.parley.users.update(w.owner, user.id, { role: 'owner' }, 1), 'version_mismatch');
    expect(await snapshot(w, w.account.id)).toEqual(before);
  });
});

describe('deleting users', () => {
  it('removes the user from every widget they served, audited as widget.agents_changed, then user.deleted', async () => {
    const w = await makeWorld();
    const a = await w.addUser('agent');
    const b = await w.addUser('agent');
    const w1 = await w.parley.widgets.create(w.owner, { name: 'One' });
    const w2 = await w.parley.widgets.create(w.owner, { name: 'Two' });
    const w3 = await w.parley.widgets.create(w.owner, { name: 'Three' });
    await w.parley.widgets.setAgents(w.owner, w1.id, { agentIds: [a.user.id, b.user.id] });
    await w.parley.widgets.setAgents(w.owner, w2.id, { agentIds: [a.user.id] });
    await w.parley.widgets.setAgents(w.owner, w3.id, { agentIds: [b.user.id] });
    const before = (await auditLog(w, w.account.id)).length;

    await w.parley.users.delete(w.owner, a.user.id);

    expect((await w.parley.widgets.get(w.owner, w1.id)).agentIds).toEqual([b.user.id]);
    expect((await w.parley.widgets.get(w.owner, w2.id)).agentIds).toEqual([]);
    expect((await w.parley.widgets.get(w.owner, w3.id)).agentIds).toEqual([b.user.id]);
    const entries = (await auditLog(w, w.account.id)).slice(before);
    expect(entries.map((e) => [e.type, e.action, e.targetId, e.widgetId])).toEqual([
      ['permissions', 'widget.agents_changed', w1.id, w1.id],
      ['permissions', 'widget.agents_changed', w2.id, w2.id],
      ['permissions', 'user.deleted', a.user.id, null],
    ]);
    expect(entries[0]!.changes).toEqual([{ path: '/agentIds', from: [a.user.id, b.user.id], to: [b.user.id] }]);
    expect(entries[2]!.changes).toEqual([
      { path: '/email', from: a.user.email },
      { path: '/maxConcurrentChats', from: null },
      { path: '/name', from: a.user.name },
      { path: '/role', from: 'agent' },
      { path: '/status', from: 'active' },
    ]);
    expect(entries[2]!.revertible).toBe(false);
    await expectParleyError(w.parley.users.get(w.owner, a.user.id), 'not_found');
  });

  it('frees the email for a new user', async () => {
    const w = await makeWorld();
    const a = await w.addUser('agent');
    await w.parley.users.delete(w.owner, a.user.id);
    await expect(w.parley.users.create(w.owner, { ...newUser(1), email: a.user.email })).resolves.toMatchObject({ email: a.user.email });
  });

  it('refuses to remove yourself or the owner, and is forbidden to non-managers', async () => {
    const w = await makeWorld();
    const admin = await w.addUser('admin');
    const sup = await w.addUser('supervisor');
    const agent = await w.addUser('agent');
    const before = await snapshot(w, w.account.id);
    await expectParleyError(w.parley.users.delete(w.owner, w.owner.userId), 'forbidden');
    await expectParleyError(w.parley.users.delete(admin.p, admin.user.id), 'forbidden');
    await expectParleyError(w.parley.users.delete(admin.p, w.owner.userId), 'last_owner');
    await expectParleyError(w.parley.users.delete(sup.p, agent.user.id), 'forbidden');
    await expectParleyError(w.parley.users.delete(agent.p, sup.user.id), 'forbidden');
    await expectParleyError(w.parley.users.delete(w.owner, 'no-such-user'), 'not_found');
    expect(await snapshot(w, w.account.id)).toEqual(before);
  });
});
