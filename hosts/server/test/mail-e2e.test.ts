import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startTestSmtpServer, type TestSmtpServer } from '@parley/mail-smtp/testing';
import { json, startHost, type HostProcess } from './process.js';

const dir = mkdtempSync(join(tmpdir(), 'parley-mail-e2e-'));
const cleanup: (() => unknown)[] = [];
/** Kills a host left running by a failed test; one that already exited is left alone. */
const killLater = (h: HostProcess) => cleanup.push(() => h.child.exitCode === null && h.child.signalCode === null && h.stop('SIGKILL'));
afterAll(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
  rmSync(dir, { recursive: true, force: true });
});

const eventually = async <T>(
  what: string,
  check: () => T | undefined | false | Promise<T | undefined | false>,
  ms = 30_000,
): Promise<T> => {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

/** An account whose always-offline widget mails offline requests to the team. */
const configure = async (host: HostProcess) => {
  const email = `owner-${Date.now()}-${Math.random().toString(36).slice(2)}@example.com`;
  const password = 'correct horse battery staple';
  expect((await json(`${host.url}/api/v1/accounts`, 'POST', { accountName: 'Acme', email, name: 'Olive', password })).status).toBe(201);
  const token = (await json(`${host.url}/api/v1/auth/login`, 'POST', { email, password })).json.token as string;
  const widget = (await json(`${host.url}/api/v1/widgets`, 'POST', { name: 'Support' }, token)).json;
  const patched = await json(
    `${host.url}/api/v1/widgets/${widget.id}`,
    'PATCH',
    { settings: { offlineForm: { alwaysOffline: true }, notifyEmails: ['team@acme.example'] }, version: widget.version },
    token,
  );
  expect(patched.status).toBe(200);
  const offline = () =>
    json(`${host.url}/api/v1/widgets/${widget.id}/chats`, 'POST', {
      message: 'Please call me back',
      email: 'vera@example.com',
      name: 'Vera',
    });
  return { token, widget, offline };
};

describe('e-mail, with the real host process', () => {
  it('sends a mail queued before a restart, once, from the restarted host (outbox)', async () => {
    const smtp: TestSmtpServer = await startTestSmtpServer();
    cleanup.push(() => smtp.stop());
    const env = {
      PARLEY_SIGNUP: 'open',
      PARLEY_DATABASE_URL: `sqlite:${join(dir, 'restart.db')}`,
      PARLEY_SMTP_URL: smtp.url,
      PARLEY_MAIL_FROM: 'Parley <no-reply@acme.example>',
      PARLEY_DISPATCH_INTERVAL_MS: '200',
      PARLEY_PUBLIC_URL: 'https://chat.acme.example/',
    };
    // The first host queues the mail but sends nothing (its dispatcher is off), then stops.
    const first = await startHost({ ...env, PARLEY_DISPATCHER: 'off', PARLEY_SECRET_KEY_FILE: join(dir, 'secret.key') }, dir);
    killLater(first);
    const w = await configure(first);
    const request = await w.offline();
    expect(request.status).toBe(201);
    expect(await first.stop('SIGTERM')).toBe(0);
    expect(smtp.received).toHaveLength(0);
    const second = await startHost({ ...env, PARLEY_SECRET_KEY_FILE: join(dir, 'secret.key') }, dir);
    killLater(second);
    const [got] = await eventually('the mail after the restart', () => smtp.received.length > 0 && smtp.received);
    expect(got!.envelopeTo).toEqual(['team@acme.example']);
    expect(got!.parsed.replyTo?.text).toBe('vera@example.com');
    // The team opens the request in the console, where they can mark it handled.
    expect(got!.parsed.text).toContain(`Open it in Parley: https://chat.acme.example/app/history/${request.json.chatId}`);
    await new Promise((r) => setTimeout(r, 1_000));
    expect(smtp.received).toHaveLength(1);
    const list = await json(`${second.url}/api/v1/widgets/${w.widget.id}/deliveries`, 'GET', undefined, w.token);
    expect(list.json.items[0]).toMatchObject({ target: 'email', eventType: 'mail.offline_request', status: 'succeeded', attempts: 1 });
    expect(await second.stop('SIGTERM')).toBe(0);
  });

  it('starts without a mail server, warns once, and records mails as skipped', async () => {
    const host = await startHost({ PARLEY_SIGNUP: 'open', PARLEY_DATABASE_URL: 'memory:', PARLEY_DISPATCH_INTERVAL_MS: '200' }, dir);
    killLater(host);
    const w = await configure(host);
    expect((await w.offline()).status).toBe(201);
    const skipped = await eventually('the skipped mail', async () => {
      const list = await json(`${host.url}/api/v1/widgets/${w.widget.id}/deliveries`, 'GET', undefined, w.token);
      return list.json.items[0]?.status === 'skipped' && list.json.items[0];
    });
    expect(skipped).toMatchObject({ target: 'email', attempts: 1 });
    expect(host.output().match(/PARLEY_SMTP_URL is not set/g)).toHaveLength(1);
    expect(await host.stop('SIGTERM')).toBe(0);
  });

  it('prints mails to the log with PARLEY_SMTP_URL=log:, and warns once that their links are in it', async () => {
    const host = await startHost(
      { PARLEY_SIGNUP: 'open', PARLEY_DATABASE_URL: 'memory:', PARLEY_DISPATCH_INTERVAL_MS: '200', PARLEY_SMTP_URL: 'log:' },
      dir,
    );
    killLater(host);
    const w = await configure(host);
    expect((await w.offline()).status).toBe(201);
    await eventually('the mail in the log', async () => /mail to /.test(host.output()));
    expect(host.output().match(/prints every e-mail to this log/g)).toHaveLength(1);
    expect(await host.stop('SIGTERM')).toBe(0);
  });
});
