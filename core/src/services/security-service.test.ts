import { describe, expect, it } from 'vitest';
import { ACCOUNT_WIDE } from '../model/integration.js';
import { defaultSecuritySettings, LOCKED_UNTIL_UNLOCKED } from '../model/security.js';
import { settingsWith } from '../testing/security.js';
import {
  auditLog,
  expectParleyError,
  lastAudit,
  makeWorld,
  META,
  OWNER_PASSWORD,
  snapshot,
  USER_PASSWORD,
} from '../../test-support/fakes.js';

const DAY = 86_400_000;

describe('reading the security settings', () => {
  it('gives the owner the defaults at version 0 before anything was saved', async () => {
    const w = await makeWorld();
    expect(await w.parley.security.get(w.owner)).toEqual({ ...defaultSecuritySettings(), version: 0 });
  });

  it('refuses everyone but the owner', async () => {
    const w = await makeWorld();
    for (const role of ['admin', 'supervisor', 'agent'] as const) {
      const { p } = await w.addUser(role);
      await expectParleyError(w.parley.security.get(p), 'forbidden');
    }
  });
});

describe('changing the security settings', () => {
  it('saves the document, bumps the version and audits every changed field with before and after', async () => {
    const w = await makeWorld();
    const next = settingsWith({ lockout: { maxFailedAttempts: 5, lockMinutes: 15 }, ipRules: ['203.0.113.0/24'], inactivityDays: 30 });
    expect(await w.parley.security.update(w.owner, next)).toEqual({ ...next, version: 1 });
    expect(await w.parley.security.get(w.owner)).toEqual({ ...next, version: 1 });
    expect(await lastAudit(w, w.account.id)).toMatchObject({
      type: 'security',
      action: 'security.updated',
      targetType: 'security',
      targetId: w.account.id,
      actor: { kind: 'user', userId: w.owner.userId, ip: META.ip },
      revertible: true,
      changes: [
        { path: '/inactivityDays', from: null, to: 30 },
        { path: '/ipRules', from: [], to: ['203.0.113.0/24'] },
        { path: '/lockout/lockMinutes', from: null, to: 15 },
        { path: '/lockout/maxFailedAttempts', from: null, to: 5 },
      ],
    });
  });

  it('refuses anyone but the owner and writes nothing', async () => {
    const w = await makeWorld();
    const { p } = await w.addUser('admin');
    const before = await snapshot(w, w.account.id);
    await expectParleyError(w.parley.security.update(p, settingsWith({ inactivityDays: 5 })), 'forbidden');
    expect(await snapshot(w, w.account.id)).toEqual(before);
    expect(await w.parley.security.get(w.owner)).toMatchObject({ version: 0 });
  });

  it('answers plan_required on a plan without security settings, and writes nothing', async () => {
    const w = await makeWorld();
    await w.parley.accounts.setPlan(w.account.id, 'plus');
    const before = await snapshot(w, w.account.id);
    const e = await expectParleyError(w.parley.security.update(w.owner, settingsWith({ inactivityDays: 5 })), 'plan_required');
    expect(e.meta).toMatchObject({ plan: 'plus', plans: ['premier', 'unlimited', 'enterprise'] });
    expect(await snapshot(w, w.account.id)).toEqual(before);
  });

  it('works on premier and unlimited as on enterprise', async () => {
    for (const plan of ['premier', 'unlimited'] as const) {
      const w = await makeWorld();
      await w.parley.accounts.setPlan(w.account.id, plan);
      expect((await w.parley.security.update(w.owner, settingsWith({ inactivityDays: 5 }))).inactivityDays).toBe(5);
    }
  });

  it('lists every invalid value with its path, and writes nothing', async () => {
    const w = await makeWorld();
    const bad = settingsWith({
      password: { minLength: 7, reuse: { mode: 'lastN', value: 4 }, expiryMonths: 2 },
      lockout: { maxFailedAttempts: 2, lockMinutes: 0 },
      ipRules: ['10.0.0.0/8', 'not-an-ip', '300.1.1.1', '10.0.*.5'],
      inactivityDays: 366,
    });
    const e = await expectParleyError(w.parley.security.update(w.owner, bad), 'validation_failed');
    expect(e.details.map((d) => d.path).sort()).toEqual(
      [
        '/password/minLength',
        '/password/reuse/value',
        '/password/expiryMonths',
        '/lockout/maxFailedAttempts',
        '/lockout/lockMinutes',
        '/ipRules/1',
        '/ipRules/2',
        '/ipRules/3',
        '/inactivityDays',
      ].sort(),
    );
    expect(await w.parley.security.get(w.owner)).toMatchObject({ version: 0 });
  });

  it('accepts every allowed reuse mode and refuses unknown fields', async () => {
    const w = await makeWorld();
    for (const reuse of [
      { mode: 'months', value: 6 },
      { mode: 'lastN', value: 8 },
      { mode: 'off', value: null },
    ] as const)
      expect((await w.parley.security.update(w.owner, settingsWith({ password: { reuse } }))).password.reuse).toEqual(reuse);
    await expectParleyError(w.parley.security.update(w.owner, { ...settingsWith({}), extra: 1 } as never), 'validation_failed');
    await expectParleyError(
      w.parley.security.update(w.owner, settingsWith({ password: { reuse: { mode: 'months', value: 3 } } })),
      'validation_failed',
    );
  });

  it('checks the expected version', async () => {
    const w = await makeWorld();
    await w.parley.security.update(w.owner, settingsWith({ inactivityDays: 5 }));
    const e = await expectParleyError(w.parley.security.update(w.owner, settingsWith({ inactivityDays: 6 }), 0), 'version_mismatch');
    expect(e.meta.currentVersion).toBe(1);
    expect((await w.parley.security.update(w.owner, { ...settingsWith({ inactivityDays: 6 }), version: 1 })).version).toBe(2);
  });

  it('refuses IP rules that would shut out the owner’s own address, saying which address', async () => {
    const w = await makeWorld();
    const e = await expectParleyError(w.parley.security.update(w.owner, settingsWith({ ipRules: ['10.0.0.0/8'] })), 'ip_rules_exclude_you');
    expect(e.meta.address).toBe(META.ip);
    expect(e.details[0]).toMatchObject({ path: '/ipRules', code: 'excludes_you' });
    await expectParleyError(
      w.parley.security.update({ ...w.owner, ip: null }, settingsWith({ ipRules: ['10.0.0.0/8'] })),
      'ip_rules_exclude_you',
    );
    expect((await w.parley.security.update(w.owner, settingsWith({ ipRules: ['10.0.0.0/8', '203.0.113.*'] }))).ipRules).toHaveLength(2);
  });

  it('writes nothing and audits nothing when the document is unchanged', async () => {
    const w = await makeWorld();
    await w.parley.security.update(w.owner, settingsWith({ inactivityDays: 5 }));
    const n = (await auditLog(w, w.account.id)).length;
    expect((await w.parley.security.update(w.owner, settingsWith({ inactivityDays: 5 }))).version).toBe(1);
    expect(await auditLog(w, w.account.id)).toHaveLength(n);
  });

  it('expires every password when a requirement is raised, audited, and not when one is relaxed', async () => {
    const w = await makeWorld();
    w.clock.advance(1000);
    await w.parley.security.update(w.owner, settingsWith({ password: { minLength: 12, requireMixedCase: true } }));
    const raisedAt = w.clock.now().toISOString();
    expect(await lastAudit(w, w.account.id)).toMatchObject({
      action: 'security.passwords_expired',
      type: 'security',
      changes: [{ path: '/passwordsExpiredAt', from: null, to: raisedAt }],
      revertible: false,
    });
    expect((await w.read((r) => r.security.get(w.account.id)))?.passwordsExpiredAt).toBe(raisedAt);
    w.clock.advance(1000);
    await w.parley.security.update(w.owner, settingsWith({ password: { minLength: 10 } }));
    expect((await lastAudit(w, w.account.id)).action).toBe('security.updated');
    expect((await w.read((r) => r.security.get(w.account.id)))?.passwordsExpiredAt).toBe(raisedAt);
  });

  it('is reverted through the audit log, which restores the earlier values', async () => {
    const w = await makeWorld();
    await w.parley.security.update(w.owner, settingsWith({ inactivityDays: 5 }));
    await w.parley.security.update(w.owner, settingsWith({ inactivityDays: 5, lockout: { maxFailedAttempts: 3, lockMinutes: 10 } }));
    const entry = await lastAudit(w, w.account.id);
    const reverted = await w.parley.audit.revert(w.owner, entry.id);
    expect(reverted).toMatchObject({ action: 'security.updated', revertOf: entry.id });
    expect(await w.parley.security.get(w.owner)).toEqual({ ...settingsWith({ inactivityDays: 5 }), version: 3 });
  });

  it('shows the password rules with their before and after (rules, not secrets), and reverts them', async () => {
    const w = await makeWorld();
    await w.parley.security.update(
      w.owner,
      settingsWith({ password: { reuse: { mode: 'lastN', value: 5 }, expiryMonths: 3, requireMixedCase: true } }),
    );
    const entry = (await auditLog(w, w.account.id)).find((e) => e.action === 'security.updated')!;
    expect(entry).toMatchObject({
      revertible: true,
      changes: [
        { path: '/password/expiryMonths', from: null, to: 3 },
        { path: '/password/requireMixedCase', from: false, to: true },
        { path: '/password/reuse/mode', from: 'off', to: 'lastN' },
        { path: '/password/reuse/value', from: null, to: 5 },
      ],
    });
    await w.parley.audit.revert(w.owner, entry.id);
    expect((await w.parley.security.get(w.owner)).password).toEqual(settingsWith({}).password);
  });

  it('lets only the owner revert a security entry', async () => {
    const w = await makeWorld();
    await w.parley.security.update(w.owner, settingsWith({ inactivityDays: 5 }));
    const entry = await lastAudit(w, w.account.id);
    const { p } = await w.addUser('admin');
    await expectParleyError(w.parley.audit.revert(p, entry.id), 'forbidden');
    expect((await w.parley.audit.revert(w.owner, entry.id)).revertOf).toBe(entry.id);
  });
});

describe('unlocking users', () => {
  const lockedWorld = async () => {
    const w = await makeWorld();
    await w.parley.security.update(w.owner, settingsWith({ lockout: { maxFailedAttempts: 3, lockMinutes: null } }));
    const agent = await w.addUser('agent');
    for (let i = 0; i < 3; i++) await w.parley.auth.login({ email: agent.user.email, password: `wrong-${i}` }, META).catch(() => {});
    return { w, agent };
  };

  it('ends a lockout (owner or admin), audited as user.unlocked', async () => {
    const { w, agent } = await lockedWorld();
    expect((await w.parley.users.get(w.owner, agent.user.id)).locked).toBe(true);
    const { p: admin } = await w.addUser('admin');
    const u = await w.parley.security.unlockUser(admin, agent.user.id);
    expect(u.locked).toBe(false);
    expect(await w.read((r) => r.users.get(w.account.id, agent.user.id))).toMatchObject({ lockedUntil: null, failedLoginCount: 0 });
    expect(await lastAudit(w, w.account.id)).toMatchObject({
      type: 'permissions',
      action: 'user.unlocked',
      targetId: agent.user.id,
      actor: { userId: admin.userId },
      changes: [{ path: '/locked', from: true, to: false }],
    });
    await w.parley.auth.login({ email: agent.user.email, password: USER_PASSWORD }, META);
  });

  it('mails the owners and admins who may unlock a user locked until unlocked, with the user’s page in the console', async () => {
    const w = await makeWorld({ config: { integrations: { publicUrl: 'https://chat.teapot.example' } } });
    await w.parley.security.update(w.owner, settingsWith({ lockout: { maxFailedAttempts: 3, lockMinutes: null } }));
    const admin = await w.addUser('admin');
    await w.addUser('supervisor');
    const agent = await w.addUser('agent');
    for (let i = 0; i < 3; i++) await w.parley.auth.login({ email: agent.user.email, password: `wrong-${i}` }, META).catch(() => {});
    const mails = (await w.read((r) => r.deliveries.listByWidget(w.account.id, ACCOUNT_WIDE, {}, { limit: 10 }))).items.filter(
      (d) => d.eventType === 'mail.user_locked',
    );
    expect(mails).toHaveLength(1);
    const mail = (mails[0]!.payload as { mail: { to: string[]; subject: string; text: string } }).mail;
    const owner = await w.read((r) => r.users.get(w.account.id, w.owner.userId));
    expect([...mail.to].sort()).toEqual([admin.user.email, owner!.email].sort());
    expect(mail.subject).toBe(`${agent.user.email} can no longer sign in: locked after failed sign-ins`);
    expect(mail.text).toContain(`https://chat.teapot.example/app/admin/users/${agent.user.id}`);
  });

  it('refuses supervisors and agents, and unknown users', async () => {
    const { w, agent } = await lockedWorld();
    const { p: sup } = await w.addUser('supervisor');
    await expectParleyError(w.parley.security.unlockUser(sup, agent.user.id), 'forbidden');
    await expectParleyError(w.parley.security.unlockUser(agent.p, agent.user.id), 'forbidden');
    await expectParleyError(w.parley.security.unlockUser(w.owner, 'nobody'), 'not_found');
    expect((await w.parley.users.get(w.owner, agent.user.id)).locked).toBe(true);
  });

  it('audits nothing for a user who is not locked', async () => {
    const w = await makeWorld();
    const agent = await w.addUser('agent');
    const n = (await auditLog(w, w.account.id)).length;
    expect((await w.parley.security.unlockUser(w.owner, agent.user.id)).locked).toBe(false);
    expect(await auditLog(w, w.account.id)).toHaveLength(n);
  });
});

describe('the operator clearing IP rules', () => {
  it('removes the rules that shut everybody out, so any address signs in again, audited as a system action', async () => {
    const w = await makeWorld();
    await w.parley.security.update(w.owner, settingsWith({ ipRules: ['203.0.113.*'], inactivityDays: 30 }));
    const office = { ip: '198.51.100.4', userAgent: 'vitest' };
    const owner = { email: 'owner@acme.example', password: OWNER_PASSWORD };
    await expectParleyError(w.parley.auth.login(owner, office), 'ip_not_allowed');
    expect(await w.parley.security.clearIpRulesAsOperator(w.account.id)).toEqual({ removed: ['203.0.113.*'] });
    expect(await w.parley.security.get(w.owner)).toEqual({ ...settingsWith({ inactivityDays: 30 }), version: 2 });
    expect(await lastAudit(w, w.account.id)).toMatchObject({
      type: 'security',
      action: 'security.updated',
      actor: { kind: 'system', userId: null },
      changes: [{ path: '/ipRules', from: ['203.0.113.*'], to: [] }],
    });
    await w.parley.auth.login(owner, office);
  });

  it('changes and audits nothing when there are no rules, and refuses an unknown account', async () => {
    const w = await makeWorld();
    const n = (await auditLog(w, w.account.id)).length;
    expect(await w.parley.security.clearIpRulesAsOperator(w.account.id)).toEqual({ removed: [] });
    expect(await auditLog(w, w.account.id)).toHaveLength(n);
    await expectParleyError(w.parley.security.clearIpRulesAsOperator('no-such-account'), 'not_found');
  });
});

describe('the inactivity sweep', () => {
  it('deactivates users who have not logged in for N days, audited with actor system, never the owner', async () => {
    const w = await makeWorld();
    const agent = await w.addUser('agent');
    const admin = await w.addUser('admin');
    await w.parley.security.update(w.owner, settingsWith({ inactivityDays: 30 }));
    w.clock.advance(29 * DAY);
    await w.parley.auth.login({ email: admin.user.email, password: USER_PASSWORD }, META);
    w.clock.advance(DAY + 1);
    expect(await w.parley.security.sweep()).toEqual({ deactivated: 1, expiredTickets: 0 });
    expect((await w.parley.users.get(w.owner, agent.user.id)).status).toBe('deactivated');
    expect((await w.parley.users.get(w.owner, admin.user.id)).status).toBe('active');
    expect((await w.parley.users.get(w.owner, w.owner.userId)).status).toBe('active');
    expect(await lastAudit(w, w.account.id)).toMatchObject({
      type: 'permissions',
      action: 'user.deactivated',
      actor: { kind: 'system', userId: null },
      targetId: agent.user.id,
      changes: [{ path: '/status', from: 'active', to: 'deactivated' }],
      revertible: true,
    });
    expect(await w.parley.security.sweep()).toEqual({ deactivated: 0, expiredTickets: 0 });
  });

  it('ends the deactivated user’s sessions', async () => {
    const w = await makeWorld();
    const agent = await w.addUser('agent');
    const { token } = await w.parley.auth.login({ email: agent.user.email, password: USER_PASSWORD }, META);
    await w.parley.security.update(w.owner, settingsWith({ inactivityDays: 1 }));
    w.clock.advance(2 * DAY);
    await w.parley.security.sweep();
    expect(await w.parley.auth.authenticate(token, META)).toBeNull();
  });

  it('gives a user reactivated by an admin a fresh period', async () => {
    const w = await makeWorld();
    const agent = await w.addUser('agent');
    await w.parley.security.update(w.owner, settingsWith({ inactivityDays: 10 }));
    w.clock.advance(11 * DAY);
    await w.parley.security.sweep();
    await w.parley.users.update(w.owner, agent.user.id, { status: 'active' });
    w.clock.advance(5 * DAY);
    expect((await w.parley.security.sweep()).deactivated).toBe(0);
    await w.parley.auth.login({ email: agent.user.email, password: USER_PASSWORD }, META);
  });

  it('does nothing when the setting is off or the plan does not include it', async () => {
    const w = await makeWorld();
    await w.addUser('agent');
    w.clock.advance(400 * DAY);
    expect((await w.parley.security.sweep()).deactivated).toBe(0);
    await w.parley.security.update(w.owner, settingsWith({ inactivityDays: 1 }));
    await w.parley.accounts.setPlan(w.account.id, 'basic');
    expect((await w.parley.security.sweep()).deactivated).toBe(0);
  });

  it('deletes expired password tickets', async () => {
    const w = await makeWorld();
    w.clock.advance(1000);
    await w.parley.security.update(w.owner, settingsWith({ password: { requireSpecialChar: true } }));
    await expectParleyError(w.parley.auth.login({ email: w.owner.email, password: OWNER_PASSWORD }, META), 'password_expired');
    w.clock.advance(11 * 60_000);
    expect((await w.parley.security.sweep()).expiredTickets).toBe(1);
  });
});

describe('locks and the public user', () => {
  it('shows a user locked until unlocked as locked, whatever the time', async () => {
    const w = await makeWorld();
    const agent = await w.addUser('agent');
    await w.storage.transaction((tx) =>
      tx.users.setLoginState(w.account.id, agent.user.id, { failedLoginCount: 3, lockedUntil: LOCKED_UNTIL_UNLOCKED }),
    );
    w.clock.advance(10_000 * DAY);
    expect(await w.parley.users.get(w.owner, agent.user.id)).toMatchObject({ locked: true, lockedUntil: null });
  });

  it('says until when a timed lock lasts, and nothing once it has ended', async () => {
    const w = await makeWorld();
    const agent = await w.addUser('agent');
    const until = new Date(w.clock.now().getTime() + 15 * 60_000).toISOString();
    await w.storage.transaction((tx) => tx.users.setLoginState(w.account.id, agent.user.id, { failedLoginCount: 3, lockedUntil: until }));
    expect(await w.parley.users.get(w.owner, agent.user.id)).toMatchObject({ locked: true, lockedUntil: until });
    w.clock.advance(15 * 60_000);
    const after = await w.parley.users.get(w.owner, agent.user.id);
    expect(after.locked).toBe(false);
    expect(after).not.toHaveProperty('lockedUntil');
  });
});
