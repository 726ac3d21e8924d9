/**
 * Finds the Redis server for integration tests: `PARLEY_TEST_REDIS_URL`, else a loud skip (a failure
 * under `CI=true`), by the rule of `@parley/conformance`'s `testServerUrl`.
 *
 * Tests share the server with other test files running in parallel: each uses its own channel prefix
 * ({@link uniquePrefix}), so no test sees another's events.
 */
import { randomBytes } from 'node:crypto';
import { TEST_SERVER_ENV, testServerUrl, type TestServerTarget } from '@parley/conformance';

export const REDIS_URL_ENV = TEST_SERVER_ENV.redis.name;

export type RedisTestTarget = TestServerTarget;

/** The server's URL, or why there is none (after printing it loudly). */
export const redisTestUrl = (): RedisTestTarget => testServerUrl('redis');

/** A channel namespace no other test uses. */
export const uniquePrefix = (): string => `parley-test-${randomBytes(6).toString('hex')}:`;
