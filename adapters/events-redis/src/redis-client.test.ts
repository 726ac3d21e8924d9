import { afterEach, describe, expect, it } from 'vitest';
import { createRedisClient } from './redis-client.js';
import { redisTestUrl, socketWritesDuring } from './testing/index.js';

const target = redisTestUrl();
const closers: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

describe('createRedisClient', () => {
  it('refuses an unreachable Redis with a message that never repeats the password', async () => {
    const errors: Error[] = [];
    const error = await createRedisClient({
      url: 'redis://parley:sekret@127.0.0.1:1/0',
      connectionName: 'parley-test',
      readyTimeoutMs: 300,
      onError: (e) => errors.push(e),
    }).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/^Redis at redis:\/\/parley:\*\*\*@127\.0\.0\.1:1\/0 is not reachable/);
    expect((error as Error).message).not.toContain('sekret');
    expect(errors.length).toBeGreaterThan(0);
  });

  it.skipIf('skip' in target)(
    'answers ready, and fails a command at once instead of queueing it while the connection is down',
    async () => {
      const client = await createRedisClient({ url: (target as { url: string }).url, connectionName: 'parley-test' });
      closers.push(() => client.quit().catch(() => undefined));
      expect(client.status).toBe('ready');
      expect(await client.ping()).toBe('PONG');
      client.disconnect(true);
      const started = Date.now();
      await expect(client.ping()).rejects.toThrow();
      expect(Date.now() - started).toBeLessThan(200);
    },
  );

  it.skipIf('skip' in target)('sends the commands given in one turn together, as one write', async () => {
    const client = await createRedisClient({ url: (target as { url: string }).url, connectionName: 'parley-test' });
    closers.push(() => client.quit().catch(() => undefined));
    let answers: string[] = [];
    const writes = await socketWritesDuring(async () => {
      answers = await Promise.all([client.ping('a'), client.ping('b'), client.ping('c')]);
    });
    expect(writes).toBe(1);
    expect(answers).toEqual(['a', 'b', 'c']);
  });
});
