import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { redisTestUrl, uniquePrefix } from '@parley/events-redis/testing';
import { mysqlTestUrl } from '@parley/storage-sql/testing';
import { json, MAIN, readUntil, runToExit, startHost, type HostProcess } from './process.js';

const dir = mkdtempSync(join(tmpdir(), 'parley-redis-e2e-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A fresh MySQL database and the test Redis (loud skips without them, failures on CI). */
const mysql = await mysqlTestUrl();
afterAll(async () => {
  if ('stop' in mysql) await mysql.stop();
});
const redis = redisTestUrl();

/** Like readUntil, but fails after `ms` instead of waiting for the test's timeout. */
const within = <T>(ms: number, what: string, p: Promise<T>): Promise<T> =>
  Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ms).unref())]);

describe('two host processes sharing one MySQL database and one Redis', () => {
  it.skipIf('skip' in mysql || 'skip' in redis)(
    "carries a chat between hosts: the agent's stream on B gets the visitor's chat from A, and the visitor's stream on A gets the reply from B",
    async () => {
      const env = {
        PARLEY_SIGNUP: 'open',
        PARLEY_GEOIP: 'off',
        PARLEY_DATABASE_URL: (mysql as { url: string }).url,
        PARLEY_EVENTS: (redis as { url: string }).url,
        PARLEY_EVENTS_PREFIX: uniquePrefix(),
      };
      const hosts: HostProcess[] = [];
      const streams: Array<ReadableStreamDefaultReader<Uint8Array>> = [];
      try {
        // One after the other: both migrate the same database at start-up.
        const a = await startHost(env, dir);
        hosts.push(a);
        const b = await startHost(env, dir);
        hosts.push(b);

        const password = 'correct horse battery staple';
        expect(
          (await json(`${a.url}/api/v1/accounts`, 'POST', { accountName: 'Acme', email: 'o@acme.test', name: 'Olive', password })).status,
        ).toBe(201);
        const owner = (await json(`${a.url}/api/v1/auth/login`, 'POST', { email: 'o@acme.test', password })).json.token;
        const agentUser = (
          await json(`${a.url}/api/v1/users`, 'POST', { email: 'a@acme.test', name: 'Ann', role: 'agent', password }, owner)
        ).json;
        const widget = (await json(`${a.url}/api/v1/widgets`, 'POST', { name: 'Support' }, owner)).json;
        expect((await json(`${a.url}/api/v1/widgets/${widget.id}/agents`, 'PUT', { agentIds: [agentUser.id] }, owner)).status).toBe(200);

        // The agent works on B: their stream is open there before anything happens on A.
        const agent = (await json(`${b.url}/api/v1/auth/login`, 'POST', { email: 'a@acme.test', password })).json.token;
        const agentStream = (await fetch(`${b.url}/api/v1/agents/me/events?token=${agent}`)).body!.getReader();
        streams.push(agentStream);
        const onB = await readUntil(agentStream, (t) => t.includes(': connected'));
        // Going online through A reaches the stream on B.
        expect((await json(`${a.url}/api/v1/agents/me/status`, 'PUT', { status: 'online' }, agent)).status).toBe(200);
        await within(
          5000,
          'agent.status on B',
          readUntil(agentStream, (t) => t.includes('event: agent.status'), onB),
        );

        // The visitor is on A.
        const chat = await json(`${a.url}/api/v1/widgets/${widget.id}/chats`, 'POST', {
          message: 'Hello from the page',
          email: 'v@example.com',
        });
        expect(chat.status).toBe(201);
        expect(chat.json.status).toBe('active');
        const { chatId, visitorToken } = chat.json as { chatId: string; visitorToken: string };
        await within(
          5000,
          'chat.assigned on B',
          readUntil(agentStream, (t) => t.includes('event: chat.assigned') && t.includes('Hello from the page'), onB),
        );
        expect((await json(`${a.url}/api/v1/chats/${chatId}/messages`, 'POST', { text: 'second line from A' }, visitorToken)).status).toBe(
          201,
        );
        await within(
          5000,
          "the visitor's message on B",
          readUntil(agentStream, (t) => t.includes('second line from A'), onB),
        );

        // The reply goes the other way: posted on B, read by the visitor's stream on A.
        const visitorStream = (await fetch(`${a.url}/api/v1/chats/${chatId}/events?token=${visitorToken}`)).body!.getReader();
        streams.push(visitorStream);
        const onA = await readUntil(visitorStream, (t) => t.includes('second line from A')); // the replay from storage
        expect((await json(`${b.url}/api/v1/chats/${chatId}/messages`, 'POST', { text: 'Hi, Ann here on B' }, agent)).status).toBe(201);
        await within(
          5000,
          'the reply on A',
          readUntil(visitorStream, (t) => t.includes('Hi, Ann here on B'), onA),
        );
        expect(onA.text).toContain('id: 5'); // queued, message, assigned, message, reply: exactly once each, in order
        expect(onA.text).not.toContain('id: 6');
      } finally {
        await Promise.all(streams.map((s) => s.cancel().catch(() => {})));
        const codes = await Promise.all(hosts.map((h) => h.stop('SIGTERM')));
        expect(
          codes.every((c) => c === 0),
          hosts.map((h) => h.output()).join('\n'),
        ).toBe(true);
        // Nothing went wrong on the way, shutdown included (a QUIT racing an UNSUBSCRIBE would show here).
        for (const h of hosts) expect(h.output()).not.toContain('"level":"error"');
      }
    },
  );

  it('stops at start-up with one line naming a bad PARLEY_EVENTS or PARLEY_EVENTS_PREFIX, never repeating a password', async () => {
    for (const env of <Record<string, string>[]>[
      { PARLEY_EVENTS: 'kafka://user:sekret@broker:9092' },
      { PARLEY_EVENTS: 'redis://' },
      { PARLEY_EVENTS: 'redis://user:sekret@cache:6379/zero' },
      { PARLEY_EVENTS: 'redis://127.0.0.1:6379', PARLEY_EVENTS_PREFIX: 'two words' },
    ]) {
      const { code, out } = await runToExit(MAIN, [], env, dir);
      const name = 'PARLEY_EVENTS_PREFIX' in env ? 'PARLEY_EVENTS_PREFIX' : 'PARLEY_EVENTS';
      expect(code, JSON.stringify(env)).toBe(78);
      expect(out.trim().split('\n')).toHaveLength(1);
      expect(out).toContain(`${name}:`);
      expect(out).not.toContain('sekret');
    }
  });
});
