/**
 * Test helper (not part of the package's API): finds the Redis server for integration tests. Other
 * packages' tests import it by path.
 *
 * - `PARLEY_TEST_REDIS_URL` (e.g. `redis://127.0.0.1:6379`): that server is used.
 * - Otherwise the tests are skipped with a loud warning; but when `CI=true`, this throws instead, so that
 *   CI never passes without having run them.
 *
 * Tests share the server with other test files running in parallel: each uses its own channel prefix
 * ({@link uniquePrefix}), so no test sees another's events.
 */
import { randomBytes } from 'node:crypto';

export const REDIS_URL_ENV = 'PARLEY_TEST_REDIS_URL';

export type RedisTestTarget = { readonly url: string } | { readonly skip: string };

/** The server's URL, or why there is none (after printing it loudly). */
export const redisTestUrl = (): RedisTestTarget => {
  const url = process.env[REDIS_URL_ENV];
  if (url) return { url };
  const message = `Redis tests need ${REDIS_URL_ENV} (e.g. redis://127.0.0.1:6379); it is not set.`;
  if (process.env.CI === 'true') throw new Error(`${message} Refusing to skip them on CI.`);
  console.warn(`\n${'!'.repeat(80)}\n!! SKIPPING Redis tests: ${message}\n${'!'.repeat(80)}\n`);
  return { skip: message };
};

/** A channel namespace no other test uses. */
export const uniquePrefix = (): string => `parley-test-${randomBytes(6).toString('hex')}:`;
