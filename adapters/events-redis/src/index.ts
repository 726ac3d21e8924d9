/**
 * A Redis pub/sub implementation of `@parley/core`'s `EventBus` port ({@link RedisEventBus}), so several
 * host processes over one database share their events: a visitor on one instance and their agent's
 * stream on another meet. Delivery is at-most-once; the bus announces each gap it detects (`onGap`: Redis
 * was away, or a publish failed on any instance), and streams then catch up from storage.
 *
 * ```ts
 * import { createRedisEventBus } from '@parley/events-redis';
 *
 * const events = await createRedisEventBus({ url: 'redis://127.0.0.1:6379', prefix: 'parley:' });
 * ```
 *
 * {@link createRedisClient} opens one more fail-fast connection to the same Redis for other shared state
 * (the reference host keeps the HTTP limits' counts there).
 *
 * @module
 */
export {
  createRedisEventBus,
  DEFAULT_PREFIX,
  RedisEventBus,
  redactUrl,
  WILDCARD_TOPIC,
  type ConnectionErrorReporter,
  type EventHandlerErrorReporter,
  type RedisEventBusOptions,
  type RedisBusStatus,
  type RedisFailureSource,
} from './redis-event-bus.js';
export { createRedisClient, type RedisClientOptions } from './redis-client.js';
