import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Webhook } from 'standardwebhooks';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI, json, startHost, type HostProcess } from './process.js';

const dir = mkdtempSync(join(tmpdir(), 'parley-integrations-e2e-'));
const cleanup: (() => unknown)[] = [];
/** Kills a host left running by a failed test; one that already exited is left alone. */
const killLater = (h: HostProcess) => cleanup.push(() => h.child.exitCode === null && h.child.signalCode === null && h.stop('SIGKILL'));
afterAll(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
  rmSync(dir, { recursive: true, force: true });
});

interface Hit {
  readonly headers: Record<string, string>;
  readonly body: string;
}

/** A receiver on 127.0.0.1 whose answer the test switches: `stall` holds the request open forever. */
const receiver = async () => {
  const hits: Hit[] = [];
  let mode: 'stall' | 'ok' = 'ok';
  const stalled: ServerResponse[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      hits.push({ headers: req.headers as Record<string, string>, body: Buffer.concat(chunks).toString('utf8') });
      if (mode === 'stall') stalled.push(res);
      else res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const close = () =>
    new Promise<void>((r) => {
      server.closeAllConnections();
      server.close(() => r());
    });
  cleanup.push(close);
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/parley`,
    hits,
    setMode: (m: typeof mode) => (mode = m),
  };
};

/** Waits for `check` to hold, polling; fails after `ms` with what was last seen. */
const eventually = async <T>(
  what: string,
  check: () => T | undefined | false | Promise<T | undefined | false>,
  ms = 40_000,
): Promise<T> => {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

const ENV = {
  PARLEY_SIGNUP: 'open',
  PARLEY_WEBHOOK_ALLOW_HTTP_LOOPBACK: 'true',
  PARLEY_WEBHOOK_TIMEOUT_MS: '3000',
  PARLEY_DISPATCH_LEASE_MS: '11000',
  PARLEY_DISPATCH_INTERVAL_MS: '200',
};

/** An account whose widget pushes offline requests to `url`; answers what a later step needs. */
const configure = async (host: HostProcess, url: string) => {
  const email = `owner-${Date.now()}-${Math.random().toString(36).slice(2)}@example.com`;
  const password = 'correct horse battery staple';
  expect((await json(`${host.url}/api/v1/accounts`, 'POST', { accountName: 'Acme', email, name: 'Olive', password })).status).toBe(201);
  const token = (await json(`${host.url}/api/v1/auth/login`, 'POST', { email, password })).json.token as string;
  const widget = (await json(`${host.url}/api/v1/widgets`, 'POST', { name: 'Support' }, token)).json;
  // The webhook's deliveries alone: no mail to the widget's maker about offline requests.
  expect((await json(`${host.url}/api/v1/widgets/${widget.id}`, 'PATCH', { settings: { notifyEmails: [] } }, token)).status).toBe(200);
  const put = await json(`${host.url}/api/v1/widgets/${widget.id}/integrations/open-api`, 'PUT', { url }, token);
  expect(put.status).toBe(201);
  const offline = () =>
    json(`${host.url}/api/v1/widgets/${widget.id}/chats`, 'POST', {
      message: 'Please call me back',
      email: 'vera@example.com',
      name: 'Vera',
    });
  return { token, widget, secret: put.json.secret as string, offline };
};

describe('integrations, with the real host process', () => {
  it('sends a delivery that was in flight when the host was killed, after restart, with the same webhook-id', async () => {
    const r = await receiver();
    const env = { ...ENV, PARLEY_DATABASE_URL: `sqlite:${join(dir, 'kill.db')}` };
    const first = await startHost(env, dir);
    killLater(first);
    const { token, widget, secret, offline } = await configure(first, r.url);

    r.setMode('stall');
    expect((await offline()).status).toBe(201);
    await eventually('the first try to reach the receiver', () => r.hits.length === 1);
    // Killed mid-delivery: the receiver holds the request, nothing was recorded.
    expect(await first.stop('SIGKILL')).toBeNull();
    r.setMode('ok');

    const second = await startHost(env, dir);
    killLater(second);
    await eventually('the delivery to be sent again after restart', () => r.hits.length >= 2);
    const [killed, resent] = r.hits;
    expect(resent!.headers['webhook-id']).toBe(killed!.headers['webhook-id']);
    expect(resent!.body).toBe(killed!.body);
    const payload = new Webhook(secret).verify(resent!.body, resent!.headers) as Record<string, unknown>;
    expect(payload).toMatchObject({
      schema_version: 1,
      event: 'offline_request.created',
      type: 'offline',
      widget_id: widget.id,
      description: 'Please call me back',
      requested_by: 'vera@example.com',
    });

    const list = await eventually('the delivery to be recorded as succeeded', async () => {
      const l = await json(`${second.url}/api/v1/widgets/${widget.id}/deliveries`, 'GET', undefined, token);
      return l.json.items[0]?.status === 'succeeded' ? l : false;
    });
    expect(list.json.items).toHaveLength(1);
    expect(list.json.items[0]).toMatchObject({ id: killed!.headers['webhook-id'], status: 'succeeded', attempts: 1, lastStatus: 204 });
    const detail = await json(`${second.url}/api/v1/deliveries/${list.json.items[0].id}`, 'GET', undefined, token);
    expect(detail.json.attemptLog).toEqual([expect.objectContaining({ status: 204, ok: true })]);
    expect(await second.stop('SIGTERM')).toBe(0);
    // The key that seals integration secrets was made once, readable by its owner only.
    expect(statSync(join(dir, 'data', 'secret.key')).mode & 0o777).toBe(0o600);
  });

  it('lets `parley worker` do the sending while the server does not', async () => {
    const r = await receiver();
    const env = { ...ENV, PARLEY_DATABASE_URL: `sqlite:${join(dir, 'worker.db')}`, PARLEY_DISPATCHER: 'off' };
    const host = await startHost(env, dir);
    killLater(host);
    const { offline, secret } = await configure(host, r.url);
    expect((await offline()).status).toBe(201);
    // The server alone never sends.
    await new Promise((res) => setTimeout(res, 600));
    expect(r.hits).toEqual([]);

    const worker = spawn(process.execPath, [CLI, 'worker'], {
      cwd: dir,
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    worker.stdout!.on('data', (d) => (out += d));
    worker.stderr!.on('data', (d) => (out += d));
    cleanup.push(() => worker.exitCode === null && worker.signalCode === null && worker.kill('SIGKILL'));
    await eventually('the worker to send the delivery', () => r.hits.length === 1);
    expect(new Webhook(secret).verify(r.hits[0]!.body, r.hits[0]!.headers)).toMatchObject({ event: 'offline_request.created' });
    expect(out).toContain('parley worker running');
    worker.kill('SIGTERM');
    const [code] = (await once(worker, 'exit')) as [number | null];
    expect(code).toBe(0);
    expect(await host.stop('SIGTERM')).toBe(0);
  });
});
