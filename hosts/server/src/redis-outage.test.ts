import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openSse } from '@parley/http-hono/testing';
import { TcpProxy, redisTestUrl, uniquePrefix } from '@parley/events-redis/testing';
import { loadConfig } from './config.js';
import type { Logger } from './logger.js';
import { startServer } from './server.js';

/** PARLEY_TEST_REDIS_URL, or a loud skip (a failure under CI=true). */
const target = redisTestUrl();

const cleanups: Array<() => Promise<unknown> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A logger that keeps what the host logs. */
const recordingLogger = () => {
  const records: Array<{ level: string; msg: string }> = [];
  const at = (level: string) => (msg: string) => void records.push({ level, msg });
  const log: Logger = { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
  return { log, records };
};

const call = async (base: string, method: string, path: string, body?: unknown, token?: string) => {
  const res = await fetch(base + path, {
    method,
    headers: {
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : null };
};

/** `(chatId:seq)` of every stored event a stream got, in order. */
const storedKeys = (messages: Array<{ id: string | null; data: any }>) =>
  messages.filter((m) => m.id !== null).map((m) => `${m.data.chatId}:${m.data.seq}`);

describe.skipIf('skip' in target)('a host whose Redis goes away and comes back', () => {
  it('catches its open streams up once Redis is back, each event once, and is unready meanwhile', async () => {
    const proxy = await TcpProxy.start((target as { url: string }).url);
    cleanups.push(() => proxy.close());
    const { log, records } = recordingLogger();
    const server = await startServer(
      loadConfig({
        PORT: '0',
        PARLEY_HOST: '127.0.0.1',
        PARLEY_DATABASE_URL: 'memory:',
        PARLEY_EVENTS: proxy.url,
        PARLEY_EVENTS_PREFIX: uniquePrefix(),
        PARLEY_SIGNUP: 'open',
        PARLEY_GEOIP: 'off',
        PARLEY_DISPATCHER: 'off',
        PARLEY_SECRET_KEY: randomBytes(32).toString('base64'),
        PARLEY_ARGON2_MEMORY_KIB: '1024',
        PARLEY_ARGON2_ITERATIONS: '1',
      }),
      log,
    );
    cleanups.push(() => server.close());
    const base = server.url;

    const password = 'correct horse battery staple';
    expect(
      (await call(base, 'POST', '/api/v1/accounts', { accountName: 'Acme', email: 'o@acme.test', name: 'Olive', password })).status,
    ).toBe(201);
    const owner = (await call(base, 'POST', '/api/v1/auth/login', { email: 'o@acme.test', password })).json.token;
    const agentUser = (await call(base, 'POST', '/api/v1/users', { email: 'a@acme.test', name: 'Ann', role: 'agent', password }, owner))
      .json;
    const widget = (await call(base, 'POST', '/api/v1/widgets', { name: 'Support' }, owner)).json;
    expect((await call(base, 'PUT', `/api/v1/widgets/${widget.id}/agents`, { agentIds: [agentUser.id] }, owner)).status).toBe(200);
    const agent = (await call(base, 'POST', '/api/v1/auth/login', { email: 'a@acme.test', password })).json.token;
    expect((await call(base, 'PUT', '/api/v1/agents/me/status', { status: 'online' }, agent)).status).toBe(200);

    const agentStream = await openSse(`${base}/api/v1/agents/me/events?token=${agent}`);
    cleanups.push(() => agentStream.close());
    const first = (await call(base, 'POST', `/api/v1/widgets/${widget.id}/chats`, { message: 'Hello', email: 'v@example.com' })).json;
    expect(first.status).toBe('active');
    await agentStream.waitFor(() => storedKeys(agentStream.messages).includes(`${first.chatId}:3`), 'the first chat on the agent stream');
    const visitorStream = await openSse(`${base}/api/v1/chats/${first.chatId}/events?token=${first.visitorToken}`);
    cleanups.push(() => visitorStream.close());
    await visitorStream.waitFor(() => storedKeys(visitorStream.messages).length === 3, 'the replay on the visitor stream');

    proxy.cut();
    await vi.waitFor(
      async () => expect((await call(base, 'GET', '/ready')).json).toMatchObject({ code: 'unavailable', unready: ['events'] }),
      {
        timeout: 5000,
        interval: 20,
      },
    );
    // Written while the bus is away: saved, but their events reach no stream through it.
    const second = (await call(base, 'POST', `/api/v1/widgets/${widget.id}/chats`, { message: 'Anyone there?', email: 'w@example.com' }))
      .json;
    expect(second.status).toBe('active');
    expect((await call(base, 'POST', `/api/v1/chats/${first.chatId}/messages`, { text: 'sent during the outage' }, agent)).status).toBe(
      201,
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(storedKeys(agentStream.messages)).not.toContain(`${second.chatId}:1`);
    expect(storedKeys(visitorStream.messages)).toHaveLength(3);

    proxy.restore();
    const wanted = [`${second.chatId}:1`, `${second.chatId}:2`, `${second.chatId}:3`, `${first.chatId}:4`];
    await agentStream.waitFor(
      () => wanted.every((k) => storedKeys(agentStream.messages).includes(k)),
      'what the outage lost on the agent stream',
    );
    await visitorStream.waitFor(
      () => storedKeys(visitorStream.messages).includes(`${first.chatId}:4`),
      'the message on the visitor stream',
    );
    await vi.waitFor(async () => expect((await call(base, 'GET', '/ready')).json).toEqual({ status: 'ready' }), {
      timeout: 5000,
      interval: 20,
    });
    await new Promise((resolve) => setTimeout(resolve, 200)); // room for a duplicate to show up
    const onAgent = storedKeys(agentStream.messages);
    expect(new Set(onAgent).size).toBe(onAgent.length);
    expect(onAgent).toHaveLength(7);
    expect(visitorStream.messages.filter((m) => m.id !== null).map((m) => m.id)).toEqual(['1', '2', '3', '4']);
    expect(JSON.stringify(visitorStream.messages.find((m) => m.id === '4')!.data)).toContain('sent during the outage');

    // The outage is logged once as it began and once as it ended, whatever failed in between.
    const outageLines = records.filter((r) => r.msg.startsWith('event bus (Redis)'));
    expect(outageLines).toEqual([
      { level: 'error', msg: 'event bus (Redis): unreachable' },
      { level: 'info', msg: 'event bus (Redis): reachable again' },
    ]);
    // The limits' own Redis connection (shared counts) is logged the same way.
    expect(records.filter((r) => r.msg.startsWith('limits (Redis'))).toEqual([
      { level: 'error', msg: 'limits (Redis, counting in this process meanwhile): unreachable' },
      { level: 'info', msg: 'limits (Redis, counting in this process meanwhile): reachable again' },
    ]);
    expect(records.filter((r) => r.level === 'error' && !r.msg.endsWith(': unreachable'))).toEqual([]);
  });
});
