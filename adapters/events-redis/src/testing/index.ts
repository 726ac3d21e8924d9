/**
 * Test helpers of `@parley/events-redis` (`@parley/events-redis/testing`): the test Redis server
 * (`PARLEY_TEST_REDIS_URL`, else a loud skip), a channel prefix per test, and a TCP proxy to cut Redis off.
 *
 * @module
 */
export { REDIS_URL_ENV, redisTestUrl, uniquePrefix, type RedisTestTarget } from './redis.js';
export { TcpProxy } from '@parley/conformance';
