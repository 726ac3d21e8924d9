import { randomBytes } from 'node:crypto';
import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StorageUnavailableError } from '@parley/core';
import { mysqlTestUrl, type MysqlTestDatabase, TcpProxy } from '@parley/storage-sql/testing';
import { loadConfig } from './config.js';
import type { Logger } from './logger.js';
import { startServer, type RunningServer } from './server.js';
import { StorageOutageLog } from './storage-outage.js';
import { HOST } from './tokens.js';

const json = async (app: Hono, method: string, path: string, body?: unknown, token?: string) => {
  const res = await app.request(path, {
    method,
    headers: {
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, json: text ? JSON.parse(text) : null };
};

const eventually = async <T>(what: string, check: () => Promise<T | false> | T | false, ms = 15_000): Promise<T> => {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
};

/** A logger that keeps its lines. */
const capture = () => {
  const lines: { level: string; msg: string; fields: Record<string, unknown> }[] = [];
  const record =
    (level: string) =>
    (msg: string, fields: Record<string, unknown> = {}) =>
      void lines.push({ level, msg, fields });
  const log: Logger = { debug: record('debug'), info: record('info'), warn: record('warn'), error: record('error') };
  return { lines, log };
};

describe('the storage outage log', () => {
  it('logs an outage once when it starts and once when storage answers again, with the requests refused meanwhile', async () => {
    const { lines, log } = capture();
    let up = false;
    const outage = new StorageOutageLog(
      { ping: async () => (up ? undefined : Promise.reject(new StorageUnavailableError('ECONNREFUSED'))) },
      log,
      20,
    );
    const err = new StorageUnavailableError('ECONNREFUSED');
    for (let i = 0; i < 5; i++) outage.refused(err);
    outage.failed(err);
    expect(outage.down).toBe(true);
    await new Promise((r) => setTimeout(r, 100)); // a few probes fail meanwhile
    expect(lines.map((l) => l.msg)).toEqual(['storage unavailable: requests are answered 503 storage_unavailable until it answers again']);
    expect(lines[0]!.fields).toEqual({ reason: 'ECONNREFUSED' });
    up = true;
    await eventually('the end of the outage', () => !outage.down);
    expect(lines[1]).toMatchObject({
      level: 'info',
      msg: 'storage available again',
      fields: { refusedRequests: 5, downForMs: expect.any(Number) },
    });
    // A second outage is logged again, counted afresh.
    up = false;
    outage.refused(err);
    up = true;
    await eventually('the end of the second outage', () => !outage.down);
    expect(lines.map((l) => l.level)).toEqual(['error', 'info', 'error', 'info']);
    expect(lines[3]!.fields.refusedRequests).toBe(1);
    outage.close();
  });
});

describe('the host during a MySQL outage', () => {
  let db: MysqlTestDatabase | null = null;
  let proxy: TcpProxy | null = null;
  let server: RunningServer;
  const { lines, log } = capture();

  beforeAll(async () => {
    const target = await mysqlTestUrl();
    if ('skip' in target) return;
    db = target;
    proxy = await TcpProxy.start(db.url);
    const config = loadConfig({
      PARLEY_DATABASE_URL: proxy.url,
      PARLEY_HOST: '127.0.0.1',
      PORT: '0',
      PARLEY_SIGNUP: 'open',
      PARLEY_GEOIP: 'off',
      PARLEY_DISPATCHER: 'off',
      PARLEY_SECRET_KEY: randomBytes(32).toString('base64'),
      PARLEY_ARGON2_MEMORY_KIB: '1024',
      PARLEY_ARGON2_ITERATIONS: '1',
    });
    server = await startServer(config, log);
  }, 60_000);

  afterAll(async () => {
    await server?.close();
    await proxy?.close();
    await db?.stop();
  });

  it('answers 503 storage_unavailable with Retry-After, recovers when the database is back, and logs the outage once each way', async (ctx) => {
    if (!db || !proxy) return ctx.skip();
    const app = await server.container.getAsync<Hono>(HOST.HttpApp);
    const email = `owner-${Date.now()}@example.com`;
    const password = 'correct horse battery staple';
    expect((await json(app, 'POST', '/api/v1/accounts', { accountName: 'Acme', email, name: 'Olive', password })).status).toBe(201);
    const token = (await json(app, 'POST', '/api/v1/auth/login', { email, password })).json.token as string;
    expect((await json(app, 'GET', '/api/v1/widgets', undefined, token)).status).toBe(200);

    proxy.cut();
    for (let i = 0; i < 20; i++) {
      const r = await json(app, i % 2 ? 'POST' : 'GET', '/api/v1/widgets', i % 2 ? { name: `W${i}` } : undefined, token);
      expect(r.status).toBe(503);
      expect(r.headers.get('retry-after')).toBe('5');
      expect(r.json).toMatchObject({ code: 'storage_unavailable', status: 503 });
    }
    expect((await json(app, 'GET', '/ready')).status).toBe(503);

    proxy.restore();
    const ok = await eventually('a request to succeed again', async () => {
      const r = await json(app, 'GET', '/api/v1/widgets', undefined, token);
      return r.status === 200 && r;
    });
    expect(ok.json.items).toEqual([]);
    expect((await json(app, 'GET', '/ready')).status).toBe(200);
    await eventually('the end of the outage in the log', () => lines.some((l) => l.msg === 'storage available again'));

    const outage = lines.filter((l) => l.msg.startsWith('storage '));
    expect(outage.map((l) => [l.level, l.msg])).toEqual([
      ['error', 'storage unavailable: requests are answered 503 storage_unavailable until it answers again'],
      ['info', 'storage available again'],
    ]);
    expect(outage[0]!.fields.reason).toEqual(expect.any(String));
    expect(outage[1]!.fields.refusedRequests).toBeGreaterThanOrEqual(20);
    expect(lines.filter((l) => l.level === 'error')).toHaveLength(1);
  }, 60_000);
});
