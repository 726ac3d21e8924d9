import { afterEach, describe, expect, it } from 'vitest';
import { DeliveryDispatcher } from '@parley/core';
import { ManualClock } from '@parley/core/testing';
import { testApp } from '@parley/http-hono/testing';
import { SmtpMailer } from './smtp-mailer.js';
import { parseSmtpUrl } from './smtp-url.js';
import { startTestSmtpServer, type TestSmtpServer } from './testing/index.js';

const open: TestSmtpServer[] = [];
afterEach(async () => {
  for (const s of open.splice(0)) await s.stop();
});

/** The HTTP app over memory, with its outbox sent by a dispatcher to a real SMTP server. */
const world = async () => {
  const smtp = await startTestSmtpServer();
  open.push(smtp);
  const clock = new ManualClock(new Date());
  const t = testApp({ integrations: { publicUrl: 'https://chat.acme.example/' } }, {}, { clock });
  const mailer = new SmtpMailer({ smtp: parseSmtpUrl(smtp.url), from: 'no-reply@acme.example', timeoutMs: 2_000 });
  const dispatcher = new DeliveryDispatcher(
    { ...t.deps, secretBox: t.deps.secretBox!, transport: { send: () => Promise.reject(new Error('no webhooks here')) }, mailer },
    { workerId: 'mail-test' },
  );
  /** Lets the work after the answer finish, then sends what it queued. */
  const send = async () => {
    await new Promise((r) => setTimeout(r, 50));
    return dispatcher.runOnce();
  };
  const tokenOf = (text: string) => /\/app\/reset\?token=([\w%-]+)/.exec(text)?.[1];
  return { ...t, smtp, clock, send, tokenOf };
};

describe('forgotten passwords', () => {
  it('answers the same for a known and an unknown address, and mails only the known one a link', async () => {
    const w = await world();
    const o = await w.owner();
    const known = await w.call('POST', '/api/v1/auth/password/forgot', { email: o.email.toUpperCase() });
    const unknown = await w.call('POST', '/api/v1/auth/password/forgot', { email: 'nobody@example.com' });
    expect([known.status, known.text, [...known.headers]]).toEqual([unknown.status, unknown.text, [...unknown.headers]]);
    expect(known.status).toBe(202);
    await w.send();
    const [got] = await w.smtp.waitFor(1);
    expect(got!.envelopeTo).toEqual([o.email]);
    expect(got!.parsed.subject).toBe('Reset your Parley password (Acme)');
    expect(got!.parsed.text).toMatch(/https:\/\/chat\.acme\.example\/app\/reset\?token=/);
    expect(got!.parsed.html).toContain('href="https://chat.acme.example/app/reset?token=');
    expect(w.smtp.received).toHaveLength(1);
    const log = await w.call('GET', '/api/v1/account/deliveries', undefined, o.token);
    expect(log.json.items).toHaveLength(1);
    expect(log.json.items[0]).toMatchObject({ target: 'email', eventType: 'mail.password_reset', status: 'succeeded' });
    const detail = await w.call('GET', `/api/v1/deliveries/${log.json.items[0].id}`, undefined, o.token);
    expect(detail.text).not.toContain('token=');
  });

  it('resets the password once with the mailed token and ends the user’s sessions', async () => {
    const w = await world();
    const o = await w.owner();
    await w.call('POST', '/api/v1/auth/password/forgot', { email: o.email });
    await w.send();
    const token = w.tokenOf((await w.smtp.waitFor(1))[0]!.parsed.text!)!;
    const weak = await w.call('POST', '/api/v1/auth/password/reset', { token: decodeURIComponent(token), password: 'short' });
    expect(weak.status).toBe(422);
    const done = await w.call('POST', '/api/v1/auth/password/reset', {
      token: decodeURIComponent(token),
      password: 'a brand new passphrase',
    });
    expect(done.status).toBe(200);
    expect((await w.call('GET', '/api/v1/me', undefined, o.token)).status).toBe(401);
    expect((await w.call('POST', '/api/v1/auth/login', { email: o.email, password: 'a brand new passphrase' })).status).toBe(200);
    const again = await w.call('POST', '/api/v1/auth/password/reset', {
      token: decodeURIComponent(token),
      password: 'yet another passphrase',
    });
    expect(again.status).toBe(400);
    expect(again.json.code).toBe('invalid_token');
    const audit = await w.call('GET', '/api/v1/audit', undefined, done.json.token);
    expect(audit.json.items.map((e: { action: string }) => e.action)).toEqual(
      expect.arrayContaining(['user.password_reset_requested', 'user.password_reset']),
    );
  });

  it('refuses an expired token', async () => {
    const w = await world();
    const o = await w.owner();
    await w.call('POST', '/api/v1/auth/password/forgot', { email: o.email });
    await w.send();
    const token = decodeURIComponent(w.tokenOf((await w.smtp.waitFor(1))[0]!.parsed.text!)!);
    w.clock.advance(30 * 60_000 + 1);
    const late = await w.call('POST', '/api/v1/auth/password/reset', { token, password: 'a brand new passphrase' });
    expect(late.status).toBe(400);
    expect(late.json.code).toBe('invalid_token');
  });

  it('limits requests per e-mail address, whether it exists or not', async () => {
    const w = await world();
    for (const email of ['nobody@example.com', (await w.owner()).email]) {
      for (let i = 0; i < 3; i++) expect((await w.call('POST', '/api/v1/auth/password/forgot', { email })).status).toBe(202);
      const limited = await w.call('POST', '/api/v1/auth/password/forgot', { email });
      expect(limited.status).toBe(429);
      expect(limited.json.code).toBe('rate_limited');
    }
  });
});

describe('invitations', () => {
  it('mails a user added without a password a single-use link to choose one', async () => {
    const w = await world();
    const o = await w.owner();
    const created = await w.call('POST', '/api/v1/users', { email: 'new.agent@example.com', name: 'Nia', role: 'agent' }, o.token);
    expect(created.status).toBe(201);
    await w.send();
    const [got] = await w.smtp.waitFor(1);
    expect(got!.envelopeTo).toEqual(['new.agent@example.com']);
    expect(got!.parsed.subject).toBe('You are invited to Acme on Parley');
    const token = decodeURIComponent(/\/app\/invite\?token=([\w%-]+)/.exec(got!.parsed.text!)![1]!);
    expect(await w.call('POST', '/api/v1/auth/password/reset', { token, password: 'my own passphrase' })).toMatchObject({ status: 400 });
    const accepted = await w.call('POST', '/api/v1/auth/invitations/accept', { token, password: 'my own passphrase' });
    expect(accepted.status).toBe(200);
    expect(accepted.json.user.email).toBe('new.agent@example.com');
    expect((await w.call('POST', '/api/v1/auth/invitations/accept', { token, password: 'another passphrase' })).json.code).toBe(
      'invalid_token',
    );
    const audit = await w.call('GET', '/api/v1/audit', undefined, o.token);
    expect(audit.json.items.map((e: { action: string }) => e.action)).toEqual(
      expect.arrayContaining(['user.invited', 'user.invitation_accepted']),
    );
  });

  it('refuses an invitation after 72 hours', async () => {
    const w = await world();
    const o = await w.owner();
    await w.call('POST', '/api/v1/users', { email: 'late@example.com', name: 'Lee', role: 'agent' }, o.token);
    await w.send();
    const token = decodeURIComponent(/\/app\/invite\?token=([\w%-]+)/.exec((await w.smtp.waitFor(1))[0]!.parsed.text!)![1]!);
    w.clock.advance(72 * 3_600_000 + 1);
    expect((await w.call('POST', '/api/v1/auth/invitations/accept', { token, password: 'my own passphrase' })).json.code).toBe(
      'invalid_token',
    );
  });
});

describe('a mailed link described before it is used', () => {
  it('says whose password an invitation or a reset sets, in which account, and nothing for a spent or unknown link', async () => {
    const w = await world();
    const o = await w.owner();
    await w.call('POST', '/api/v1/users', { email: 'ivy@example.com', name: 'Ivy', role: 'agent' }, o.token);
    await w.call('POST', '/api/v1/auth/password/forgot', { email: o.email });
    await w.send();
    const mails = await w.smtp.waitFor(2);
    const invite = decodeURIComponent(
      /\/app\/invite\?token=([\w%-]+)/.exec(mails.find((m) => m.envelopeTo[0] === 'ivy@example.com')!.parsed.text!)![1]!,
    );
    const reset = decodeURIComponent(w.tokenOf(mails.find((m) => m.envelopeTo[0] === o.email)!.parsed.text!)!);
    const described = await w.call('POST', '/api/v1/auth/links/describe', { token: invite });
    expect(described.status).toBe(200);
    expect(described.json).toEqual({
      purpose: 'invitation',
      accountName: 'Acme',
      email: 'ivy@example.com',
      name: 'Ivy',
      expiresAt: new Date(w.clock.now().getTime() + 72 * 3_600_000).toISOString(),
    });
    expect((await w.call('POST', '/api/v1/auth/links/describe', { token: reset })).json).toMatchObject({
      purpose: 'password_reset',
      email: o.email,
    });
    // Described, it still works once; then it describes nothing.
    expect((await w.call('POST', '/api/v1/auth/invitations/accept', { token: invite, password: 'my own passphrase' })).status).toBe(200);
    for (const token of [invite, 'no-such-token']) {
      const gone = await w.call('POST', '/api/v1/auth/links/describe', { token });
      expect([gone.status, gone.json.code]).toEqual([400, 'invalid_token']);
    }
  });
});

describe('invitations sent again', () => {
  const inviteOf = (text: string) => decodeURIComponent(/\/app\/invite\?token=([\w%-]+)/.exec(text)![1]!);

  it('shows an invitation as pending until taken, and a new one replaces the earlier link', async () => {
    const w = await world();
    const o = await w.owner();
    const created = await w.call('POST', '/api/v1/users', { email: 'ivy@example.com', name: 'Ivy', role: 'agent' }, o.token);
    const id = created.json.id as string;
    const firstExpiry = new Date(w.clock.now().getTime() + 72 * 3_600_000).toISOString();
    expect((await w.call('GET', `/api/v1/users/${id}`, undefined, o.token)).json.invitationExpiresAt).toBe(firstExpiry);
    const listed = await w.call('GET', '/api/v1/users', undefined, o.token);
    expect(listed.json.items.map((u: { email: string; invitationExpiresAt: string | null }) => [u.email, u.invitationExpiresAt])).toEqual([
      [o.email, null],
      ['ivy@example.com', firstExpiry],
    ]);
    await w.send();
    const first = inviteOf((await w.smtp.waitFor(1))[0]!.parsed.text!);

    w.clock.advance(3_600_000);
    const again = await w.call('POST', `/api/v1/users/${id}/invitation`, undefined, o.token);
    expect(again.status).toBe(200);
    const secondExpiry = new Date(w.clock.now().getTime() + 72 * 3_600_000).toISOString();
    expect(again.json).toMatchObject({ id, invitationExpiresAt: secondExpiry });
    await w.send();
    const mails = await w.smtp.waitFor(2);
    expect(mails.map((m) => [m.envelopeTo, m.parsed.subject])).toEqual([
      [['ivy@example.com'], 'You are invited to Acme on Parley'],
      [['ivy@example.com'], 'You are invited to Acme on Parley'],
    ]);
    const second = inviteOf(mails[1]!.parsed.text!);
    expect(second).not.toBe(first);
    expect((await w.call('POST', '/api/v1/auth/invitations/accept', { token: first, password: 'my own passphrase' })).json.code).toBe(
      'invalid_token',
    );
    const audit = await w.call('GET', '/api/v1/audit', undefined, o.token);
    expect(
      audit.json.items.filter((e: { action: string }) => e.action === 'user.invited').map((e: { changes: unknown }) => e.changes),
    ).toEqual([
      [{ path: '/invitationExpiresAt', from: firstExpiry, to: secondExpiry }],
      [{ path: '/invitationExpiresAt', from: null, to: firstExpiry }],
    ]);

    expect((await w.call('POST', '/api/v1/auth/invitations/accept', { token: second, password: 'my own passphrase' })).status).toBe(200);
    expect((await w.call('GET', `/api/v1/users/${id}`, undefined, o.token)).json.invitationExpiresAt).toBeNull();
    // Signed in now: a forgotten password is theirs to reset.
    const late = await w.call('POST', `/api/v1/users/${id}/invitation`, undefined, o.token);
    expect([late.status, late.json.code, late.json.detail]).toEqual([
      409,
      'conflict',
      'Ivy has signed in already; a forgotten password is reset from the sign-in page.',
    ]);
  });

  it('sends one after the first expired; refuses agents, a deactivated user and an unknown one, and mails nothing then', async () => {
    const w = await world();
    const o = await w.owner();
    const id = (await w.call('POST', '/api/v1/users', { email: 'lee@example.com', name: 'Lee', role: 'agent' }, o.token)).json.id as string;
    await w.send();
    await w.smtp.waitFor(1);
    w.clock.advance(72 * 3_600_000);
    // Sessions end sooner than invitations: signed in again.
    o.token = (await w.call('POST', '/api/v1/auth/login', { email: o.email, password: o.password })).json.token;
    expect((await w.call('GET', `/api/v1/users/${id}`, undefined, o.token)).json.invitationExpiresAt).toBeNull();

    const agent = await w.call(
      'POST',
      '/api/v1/users',
      { email: 'al@example.com', name: 'Al', role: 'agent', password: 'agent passphrase one' },
      o.token,
    );
    const agentToken = (await w.call('POST', '/api/v1/auth/login', { email: 'al@example.com', password: 'agent passphrase one' })).json
      .token;
    expect((await w.call('POST', `/api/v1/users/${id}/invitation`, undefined, agentToken)).status).toBe(403);
    expect((await w.call('POST', '/api/v1/users/no-such-user/invitation', undefined, o.token)).status).toBe(404);
    expect((await w.call('POST', `/api/v1/users/${o.user.id}/invitation`, undefined, o.token)).json.detail).toBe(
      'The owner chose their password with the account; a forgotten one is reset from the sign-in page.',
    );
    const off = await w.call('PATCH', `/api/v1/users/${agent.json.id}`, { status: 'deactivated' }, o.token);
    expect(off.status).toBe(200);
    expect((await w.call('POST', `/api/v1/users/${agent.json.id}/invitation`, undefined, o.token)).status).toBe(409);
    await w.send();
    expect(w.smtp.received).toHaveLength(1);

    const again = await w.call('POST', `/api/v1/users/${id}/invitation`, undefined, o.token);
    expect(again.json.invitationExpiresAt).toBe(new Date(w.clock.now().getTime() + 72 * 3_600_000).toISOString());
    await w.send();
    const token = inviteOf((await w.smtp.waitFor(2))[1]!.parsed.text!);
    expect((await w.call('POST', '/api/v1/auth/invitations/accept', { token, password: 'my own passphrase' })).status).toBe(200);
  });
});

describe('lockout notices', () => {
  it('tells the owners and admins by e-mail when a user is locked until unlocked', async () => {
    const w = await world();
    const o = await w.owner();
    const security = (await w.call('GET', '/api/v1/account/security', undefined, o.token)).json;
    const put = await w.call(
      'PUT',
      '/api/v1/account/security',
      { ...security, version: undefined, lockout: { maxFailedAttempts: 3, lockMinutes: null } },
      o.token,
      { 'if-match': '"0"' },
    );
    expect(put.status).toBe(200);
    const agent = await w.member(o.token, 'agent');
    for (let i = 0; i < 3; i++) await w.call('POST', '/api/v1/auth/login', { email: agent.email, password: 'wrong passphrase' });
    await w.send();
    const [got] = await w.smtp.waitFor(1);
    expect(got!.envelopeTo).toEqual([o.email]);
    expect(got!.parsed.subject).toBe(`${agent.email} can no longer sign in: locked after failed sign-ins`);
  });
});
