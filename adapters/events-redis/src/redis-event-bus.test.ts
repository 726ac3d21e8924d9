import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { Redis } from 'ioredis';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { busEvent as event, describeEventBusConformance } from '@parley/conformance';
import type { DomainEvent } from '@parley/core';
import { createRedisEventBus, RedisEventBus, type RedisEventBusOptions } from './redis-event-bus.js';
import { TcpProxy, redisTestUrl, socketWritesDuring, uniquePrefix } from './testing/index.js';

/** PARLEY_TEST_REDIS_URL, or a loud skip (a failure under CI=true). */
const target = redisTestUrl();
const skip = 'skip' in target ? target.skip : false;
const url = 'url' in target ? target.url : '';

/** Redis-side failures nobody expected; any makes the test fail (see afterEach). */
const unexpected: string[] = [];
/** While a test's outage lasts (and until the test ends), failures of the connections are expected. */
let inOutage = false;
const failOnConnectionError = (error: Error, info: { source: string }): void => {
  if (inOutage && ['publisher', 'subscriber', 'publish'].includes(info.source)) return;
  unexpected.push(`${info.source}: ${error.message}`);
};

/** The conformance suite's buses reach Redis through a proxy, which its outages cut. */
const proxy = skip ? null : await TcpProxy.start(url);
afterAll(() => proxy?.close());

/** Cuts the proxy until `bus` has noticed, runs `during`, and restores it. */
const outage = async (bus: RedisEventBus, during: () => Promise<void>): Promise<void> => {
  inOutage = true;
  proxy!.cut();
  await vi.waitFor(() => expect(bus.ping()).rejects.toThrow(), { timeout: 5000, interval: 20 });
  try {
    await during();
  } finally {
    proxy!.restore();
  }
};

describeEventBusConformance('redis', {
  skip,
  create: (options) =>
    createRedisEventBus({ url: proxy!.url, prefix: uniquePrefix(), onConnectionError: failOnConnectionError, ...options }),
  settle: (bus) => bus.flush(),
  outage,
});

const closers: Array<() => Promise<unknown> | void> = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
  proxy?.restore();
  inOutage = false;
  expect(unexpected.splice(0)).toEqual([]);
});

const bus = async (options: Partial<RedisEventBusOptions> = {}): Promise<RedisEventBus> => {
  const b = await createRedisEventBus({ url, prefix: uniquePrefix(), onConnectionError: failOnConnectionError, ...options });
  closers.push(() => b.close());
  return b;
};

/** A plain client to look at Redis from outside the bus. */
const admin = (): Redis => {
  const client = new Redis(url);
  closers.push(() => client.disconnect());
  return client;
};

const subscribers = async (client: Redis, channel: string): Promise<number> => {
  const [, n] = (await client.pubsub('NUMSUB', channel)) as [string, number];
  return Number(n);
};

describe.skipIf(skip)('RedisEventBus on a real Redis', () => {
  it('sends the events published in one turn to Redis together, not in a write each', async () => {
    const b = await bus();
    const received: DomainEvent[] = [];
    b.subscribe('chat:1', (e) => received.push(e));
    await b.flush();
    const events = Array.from({ length: 20 }, () => event(['chat:1']));
    const writes = await socketWritesDuring(() => Promise.all(events.map((e) => b.publish(e))));
    // One turn's publishes leave in one write (a commit's events cost one round trip, not one each).
    expect(writes).toBe(1);
    await b.flush();
    expect(received.map((e) => e.data.seq)).toEqual(events.map((e) => e.data.seq));
  });

  it('delivers an event published on one instance to the subscribers of another on the same prefix', async () => {
    const prefix = uniquePrefix();
    const a = await bus({ prefix });
    const b = await bus({ prefix });
    const onA: DomainEvent[] = [];
    const onB: DomainEvent[] = [];
    a.subscribe('chat:1', (e) => onA.push(e));
    b.subscribe('chat:1', (e) => onB.push(e));
    await Promise.all([a.flush(), b.flush()]);
    const e = event(['chat:1']);
    await a.publish(e);
    await Promise.all([a.flush(), b.flush()]);
    expect(onA).toEqual([e]);
    expect(onB).toEqual([e]);
  });

  it('keeps the other instance working when one instance closes', async () => {
    const prefix = uniquePrefix();
    const a = await bus({ prefix });
    const b = await bus({ prefix });
    const onA = vi.fn();
    const onB: unknown[] = [];
    a.subscribe('chat:1', onA);
    b.subscribe('chat:1', (e) => onB.push(e.data.seq));
    await Promise.all([a.flush(), b.flush()]);
    await a.close();
    const fromB = event(['chat:1']);
    await b.publish(fromB);
    const c = await bus({ prefix });
    const fromC = event(['chat:1']);
    await c.publish(fromC);
    await b.flush();
    expect(onB).toEqual([fromB.data.seq, fromC.data.seq]);
    expect(onA).not.toHaveBeenCalled();
  });

  it('does not deliver events published under another prefix', async () => {
    const mine = await bus();
    const theirs = await bus();
    const handler = vi.fn();
    mine.subscribe('chat:1', handler);
    mine.subscribe('*', handler);
    await mine.flush();
    await theirs.publish(event(['chat:1']));
    await mine.flush();
    expect(handler).not.toHaveBeenCalled();
  });

  it('publishes an event once on each distinct topic channel and once on the * channel, as one JSON text', async () => {
    const prefix = uniquePrefix();
    const b = await bus({ prefix });
    const watcher = admin();
    const got: Array<[string, string]> = [];
    watcher.on('message', (channel: string, message: string) => got.push([channel, message]));
    await watcher.subscribe(`${prefix}chat:1`, `${prefix}account:acc-1`, `${prefix}*`);
    const e = event(['chat:1', 'account:acc-1', 'chat:1', '*']);
    await b.publish(e);
    await vi.waitFor(() => expect(got).toHaveLength(3));
    expect(got.map(([channel]) => channel)).toEqual([`${prefix}chat:1`, `${prefix}account:acc-1`, `${prefix}*`]);
    for (const [, message] of got) expect(JSON.parse(message)).toEqual(e);
  });

  it('still publishes after Redis forgot its scripts (a restart, SCRIPT FLUSH)', async () => {
    const prefix = uniquePrefix();
    const b = await bus({ prefix });
    const watcher = admin();
    const got: number[] = [];
    watcher.on('message', (_channel: string, message: string) => got.push(JSON.parse(message).data.seq));
    await watcher.subscribe(`${prefix}chat:1`);
    const first = event(['chat:1']);
    await b.publish(first);
    await admin().script('FLUSH');
    const second = event(['chat:1']);
    await b.publish(second);
    await vi.waitFor(() => expect(got).toEqual([first.data.seq, second.data.seq]));
  });

  it('parses an event once for the handlers of all its topics', async () => {
    const b = await bus();
    const got: DomainEvent[] = [];
    b.subscribe('chat:1', (e) => got.push(e));
    b.subscribe('account:acc-1', (e) => got.push(e));
    b.subscribe('*', (e) => got.push(e));
    await b.flush();
    await b.publish(event(['chat:1', 'account:acc-1']));
    await b.flush();
    expect(got).toHaveLength(3);
    expect(got[1]).toBe(got[0]);
    expect(got[2]).toBe(got[0]);
  });

  it('subscribes a topic channel on Redis while it has handlers and unsubscribes it when the last one goes', async () => {
    const prefix = uniquePrefix();
    const b = await bus({ prefix });
    const redis = admin();
    const channel = `${prefix}chat:1`;
    const first = b.subscribe('chat:1', () => {});
    const second = b.subscribe('chat:1', () => {});
    await b.flush();
    expect(await subscribers(redis, channel)).toBe(1);
    first();
    await b.flush();
    expect(await subscribers(redis, channel)).toBe(1);
    second();
    await b.flush();
    expect(await subscribers(redis, channel)).toBe(0);
  });

  it('ends with each channel subscribed exactly when its topic has handlers, however subscribe and unsubscribe interleave', async () => {
    const prefix = uniquePrefix();
    const b = await bus({ prefix });
    const redis = admin();
    const topics = ['t:0', 't:1', 't:2'];
    const op = fc.oneof(
      fc.record({ kind: fc.constant('sub' as const), topic: fc.integer({ min: 0, max: 2 }) }),
      fc.record({ kind: fc.constant('unsub' as const), index: fc.nat() }),
      fc.record({ kind: fc.constant('tick' as const) }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(op, { maxLength: 40 }), async (ops) => {
        const live: Array<{ topic: string; calls: number; unsubscribe: () => void }> = [];
        for (const o of ops) {
          if (o.kind === 'sub') {
            const sub = { topic: topics[o.topic]!, calls: 0, unsubscribe: () => {} };
            sub.unsubscribe = b.subscribe(sub.topic, () => void (sub.calls += 1));
            live.push(sub);
          } else if (o.kind === 'unsub' && live.length > 0) {
            live.splice(o.index % live.length, 1)[0]!.unsubscribe();
          } else if (o.kind === 'tick') {
            await new Promise((resolve) => setImmediate(resolve)); // let some answers arrive in between
          }
        }
        await b.flush();
        for (const topic of topics) {
          expect(await subscribers(redis, prefix + topic)).toBe(live.some((s) => s.topic === topic) ? 1 : 0);
          await b.publish(event([topic]));
        }
        await b.flush();
        for (const s of live) expect(s.calls).toBe(1);
        for (const s of live) s.unsubscribe();
        await b.flush();
      }),
      { numRuns: 30 },
    );
  });

  it('resubscribes its channels after the connection to Redis is lost', async () => {
    const prefix = uniquePrefix();
    const name = `parley-test-${randomBytes(4).toString('hex')}`;
    const errors: string[] = [];
    const b = await bus({ prefix, connectionName: name, onConnectionError: (e, info) => void errors.push(`${info.source}: ${e.message}`) });
    const got: unknown[] = [];
    b.subscribe('chat:1', (e) => got.push(e.data.seq));
    b.subscribe('*', () => {});
    await b.flush();
    const redis = admin();
    const clients = String(await redis.client('LIST'));
    const id = new RegExp(`id=(\\d+) [^\\n]*name=${name}-sub`).exec(clients)?.[1];
    expect(id).toBeDefined();
    await redis.client('KILL', 'ID', id!);
    await vi.waitFor(async () => expect(await subscribers(redis, `${prefix}chat:1`)).toBe(1), { timeout: 5000, interval: 20 });
    await vi.waitFor(async () => expect(await subscribers(redis, `${prefix}*`)).toBe(1), { timeout: 5000, interval: 20 });
    const e = event(['chat:1']);
    await b.publish(e);
    await b.flush();
    expect(got).toEqual([e.data.seq]);
  });

  it('tells the other instances on its prefix of a gap when one of its publishes was lost, once it reaches Redis again', async () => {
    const prefix = uniquePrefix();
    const own = await TcpProxy.start(url);
    closers.push(() => own.close());
    inOutage = true;
    const cutOff = await bus({ prefix, url: own.url });
    const other = await bus({ prefix });
    const gaps = vi.fn();
    other.onGap(gaps);
    own.cut();
    await vi.waitFor(() => expect(cutOff.ping()).rejects.toThrow(), { timeout: 5000, interval: 20 });
    await expect(cutOff.publish(event(['chat:1']))).rejects.toThrow();
    await other.flush();
    expect(gaps).not.toHaveBeenCalled(); // the other instance never lost its connection
    own.restore();
    await vi.waitFor(() => expect(gaps).toHaveBeenCalled(), { timeout: 5000, interval: 20 });
  });

  it('tells once that it lost Redis and once that it has it back, and its ping says which', async () => {
    const own = await TcpProxy.start(url);
    closers.push(() => own.close());
    inOutage = true;
    const statuses: string[] = [];
    const b = await bus({ url: own.url, onStatusChange: (s) => void statuses.push(s) });
    await expect(b.ping()).resolves.toBeUndefined();
    own.cut();
    await vi.waitFor(() => expect(statuses).toEqual(['down']), { timeout: 5000, interval: 20 });
    await expect(b.ping()).rejects.toThrow();
    await new Promise((resolve) => setTimeout(resolve, 300)); // several reconnection attempts fail meanwhile
    expect(statuses).toEqual(['down']);
    own.restore();
    await vi.waitFor(() => expect(statuses).toEqual(['down', 'up']), { timeout: 5000, interval: 20 });
    await expect(b.ping()).resolves.toBeUndefined();
  });

  it('rejects a publish at once while Redis is unreachable, reports it, and does not crash callers that do not wait', async () => {
    const reports: Array<{ message: string; source: string; eventType?: string }> = [];
    const down = new RedisEventBus({
      url: 'redis://127.0.0.1:1',
      onConnectionError: (e, info) => void reports.push({ message: e.message, ...info }),
    });
    closers.push(() => down.close());
    const unhandled = vi.fn();
    process.on('unhandledRejection', unhandled);
    closers.push(() => void process.off('unhandledRejection', unhandled));
    const t0 = Date.now();
    await expect(down.publish(event(['chat:1'], 'chat.message', { text: 'private words' }))).rejects.toThrow();
    expect(Date.now() - t0).toBeLessThan(1000);
    void down.publish(event(['chat:1'])); // fire and forget, as core's presence and typing relays do
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(unhandled).not.toHaveBeenCalled();
    expect(reports).toContainEqual(expect.objectContaining({ source: 'publish', eventType: 'chat.message' }));
    expect(JSON.stringify(reports)).not.toContain('private words');
  });

  it('refuses to start when Redis does not answer, naming the cause but not the password', async () => {
    const statuses: string[] = [];
    const error = await createRedisEventBus({
      url: 'redis://parley:sekret@127.0.0.1:1/0',
      readyTimeoutMs: 300,
      onConnectionError: () => {},
      onStatusChange: (s) => void statuses.push(s),
    }).catch((e: Error) => e);
    expect(statuses).toEqual([]); // never up, so never "down": the error says it all
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/ECONNREFUSED/);
    expect((error as Error).message).toContain('redis://parley:***@127.0.0.1:1/0');
    expect((error as Error).message).not.toContain('sekret');
  });

  it('reports a message on its channels that is not an event, and keeps delivering', async () => {
    const prefix = uniquePrefix();
    const reports: string[] = [];
    const b = await bus({ prefix, onConnectionError: (_e, info) => void reports.push(info.source) });
    const got: unknown[] = [];
    b.subscribe('chat:1', (e) => got.push(e.data.seq));
    await b.flush();
    const redis = admin();
    await redis.publish(`${prefix}chat:1`, 'not json');
    await redis.publish(`${prefix}chat:1`, JSON.stringify({ type: 'no topics' }));
    const e = event(['chat:1']);
    await b.publish(e);
    await b.flush();
    expect(got).toEqual([e.data.seq]);
    expect(reports).toEqual(['message', 'message']);
  });
});
