/**
 * The host's limits over the real Redis (`PARLEY_TEST_REDIS_URL`): hosts on one Redis share their counts,
 * and a Redis that goes away leaves each host counting on its own instead of failing requests. Each test
 * uses its own key prefix; the outage is a TCP proxy the test cuts, never the server itself.
 */
import { createServer, connect, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { Hono } from 'hono';
import type { Container } from 'inversify';
import { afterEach, describe, expect, it } from 'vitest';
import { TOKENS, type EventBus, type Parley } from '@parley/core';
import { redisTestUrl, uniquePrefix } from '@parley/events-redis/testing';
import { loadConfig } from './config.js';
import { createContainer } from './container.js';
import type { Logger } from './logger.js';
import type { HostLimiterStore } from './modules/http.js';
import { HOST } from './tokens.js';

const redis = redisTestUrl();
const quiet: Logger = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

const open: Container[] = [];
afterEach(async () => {
  for (const c of open.splice(0)) {
    (await c.getAsync<Parley>(TOKENS.Parley)).monitor.close();
    await (await c.getAsync<HostLimiterStore>(HOST.LimiterStore)).close();
    await (await c.getAsync<EventBus>(TOKENS.EventBus)).close();
  }
});

/** A host's HTTP app (memory storage) with its events, and so its limits, on `url` under `prefix`. */
const host = async (url: string, prefix: string, env: Record<string, string> = {}) => {
  const config = loadConfig({
    PARLEY_DATABASE_URL: 'memory:',
    PARLEY_GEOIP: 'off',
    PARLEY_EVENTS: url,
    PARLEY_EVENTS_PREFIX: prefix,
    PARLEY_DISPATCHER: 'off',
    ...env,
  });
  const container = await createContainer(config, quiet);
  open.push(container);
  const app = await container.getAsync<Hono>(HOST.HttpApp);
  const store = (await container.getAsync<HostLimiterStore>(HOST.LimiterStore)).store;
  const login = async () =>
    (
      await app.request('/api/v1/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'nobody@example.com', password: 'wrong password' }),
      })
    ).status;
  return { app, store, login };
};

/** A TCP proxy to Redis that the test can cut: existing connections drop and new ones are refused. */
const proxyTo = async (target: string) => {
  const { hostname, port } = new URL(target);
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect(Number(port || 6379), hostname);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => {});
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const cut = async () => {
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      for (const s of sockets) s.destroy();
    });
  };
  return { url: `redis://127.0.0.1:${(server.address() as AddressInfo).port}`, cut };
};

describe.skipIf('skip' in redis)('limits over Redis', () => {
  const url = (redis as { url: string }).url;

  it('are shared by the hosts on one Redis and prefix, and apart from other prefixes', async () => {
    const prefix = uniquePrefix();
    const limits = { PARLEY_LOGIN_MAX_FAILURES: '2' };
    const a = await host(url, prefix, limits);
    const b = await host(url, prefix, limits);
    const other = await host(url, uniquePrefix(), limits);
    expect(a.store.kind).toBe('redis');
    expect(await a.login()).toBe(401);
    expect(await b.login()).toBe(401);
    expect(await a.login()).toBe(429);
    expect(await b.login()).toBe(429);
    expect(await other.login()).toBe(401);
  });

  it('fall back to counting in the host while Redis is unreachable, answering rather than failing', async () => {
    const proxy = await proxyTo(url);
    const h = await host(proxy.url, uniquePrefix(), { PARLEY_LIMIT_PUBLIC_MONITOR: '3/60' });
    const read = async () => (await h.app.request(`/api/v1/public/monitor/${'A'.repeat(43)}`)).status;
    expect(await read()).toBe(404);
    await proxy.cut();
    const client = (h.store as { client: { status: string } }).client;
    for (let i = 0; i < 100 && client.status === 'ready'; i++) await new Promise((r) => setTimeout(r, 10));
    expect(client.status).not.toBe('ready');
    const started = Date.now();
    expect([await read(), await read(), await read(), await read()]).toEqual([404, 404, 404, 429]);
    expect(Date.now() - started).toBeLessThan(2000);
  });
});
