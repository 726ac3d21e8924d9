/**
 * Test helpers of `@parley/events-redis` (`@parley/events-redis/testing`): the test Redis server
 * (`PARLEY_TEST_REDIS_URL`, else a loud skip), a channel prefix per test, a TCP proxy to cut Redis off, and a
 * count of the socket writes a call makes.
 *
 * @module
 */
export { REDIS_URL_ENV, redisTestUrl, uniquePrefix, type RedisTestTarget } from './redis.js';
export { TcpProxy } from '@parley/conformance';
export { socketWritesDuring } from './socket-writes.js';
