import { randomBytes } from 'node:crypto';
import { Redis, type RedisOptions } from 'ioredis';
import { invokeIsolated, type DomainEvent, type EventBus, type EventHandler, type EventHandlerErrorReporter } from '@parley/core';

/** The topic whose subscribers get every published event, once each (as `@parley/events-memory`'s). */
export const WILDCARD_TOPIC = '*';

/** The channel namespace used when none is given. */
export const DEFAULT_PREFIX = 'parley:';

/** Called when a handler throws (or an async handler rejects); the same type as `@parley/core`'s. */
export type { EventHandlerErrorReporter };

/**
 * Where a Redis-side failure happened: a connection's error (`publisher`, `subscriber`; repeated identical
 * errors are reported once until the connection is ready again), a failed `publish` (also rejected to the
 * caller), a failed SUBSCRIBE/UNSUBSCRIBE, a `message` on one of the bus's channels that is not an event, or a
 * `gap` listener that threw.
 */
export type RedisFailureSource = 'publisher' | 'subscriber' | 'publish' | 'subscribe' | 'message' | 'gap';

/** Told about Redis-side failures. `eventType` is set for `publish`; no event data is ever passed. */
export type ConnectionErrorReporter = (error: Error, info: { readonly source: RedisFailureSource; readonly eventType?: string }) => void;

/**
 * Whether the bus reaches Redis: `down` once when a connection drops after both had been ready, `up` once
 * when both are ready again. A bus that never reached Redis reports neither (its start fails instead).
 */
export type RedisBusStatus = 'down' | 'up';

export interface RedisEventBusOptions {
  /** `redis://[user:password@]host:6379/0`, or `rediss://` for TLS. */
  readonly url: string;
  /**
   * Namespace of the bus's channels (`<prefix><topic>`), so several installations (or test runs) can share
   * one Redis. Pub/sub channels ignore the database number, so this, not `/db`, is what separates them.
   * Defaults to {@link DEFAULT_PREFIX}.
   */
  readonly prefix?: string;
  /** Handler failures. Defaults to `console.error` with the event type and the error, never the event's data. */
  readonly onError?: EventHandlerErrorReporter;
  /** Redis-side failures. Defaults to `console.error` of the source and the error message. */
  readonly onConnectionError?: ConnectionErrorReporter;
  /**
   * How long a publish waits for Redis before it rejects (default 2000 ms): a half-open connection must not
   * hold a request that already committed.
   */
  readonly commandTimeoutMs?: number;
  /** Told when the bus loses Redis and when it has it back (see {@link RedisBusStatus}); nothing by default. */
  readonly onStatusChange?: (status: RedisBusStatus) => void;
  /** `CLIENT SETNAME` of the two connections (`<name>-pub`, `<name>-sub`); default `parley-events`. */
  readonly connectionName?: string;
  /**
   * Further ioredis options (TLS, DNS family...). The bus's own queueing and retry settings always win,
   * since its guarantees depend on them.
   */
  readonly redisOptions?: RedisOptions;
}

interface Subscription {
  readonly handler: EventHandler;
  active: boolean;
}

const defaultOnError: EventHandlerErrorReporter = (error, event) => {
  console.error(`[@parley/events-redis] a handler for "${event.type}" failed:`, error);
};

const defaultOnConnectionError: ConnectionErrorReporter = (error, info) => {
  console.error(`[@parley/events-redis] ${info.source}${info.eventType ? ` (${info.eventType})` : ''}: ${error.message}`);
};

const noop = (): void => {};

/**
 * PUBLISHes `ARGV[1]` (an event's JSON) on each channel `ARGV[2..]`, in order, as one atomic script: what a
 * MULTI of one PUBLISH per channel did, with the event sent to Redis once instead of once per channel, and
 * one command instead of a MULTI, the PUBLISHes and an EXEC (ioredis sends it by SHA once Redis knows it).
 * Channels are arguments, not keys: a channel is not a key, and a cluster would refuse keys of several slots.
 */
export const PUBLISH_ALL = `for i = 2, #ARGV do redis.call('PUBLISH', ARGV[i], ARGV[1]) end
return #ARGV - 1`;

/** The publisher with {@link PUBLISH_ALL} defined on it. */
type PublishingRedis = Redis & { parleyPublishAll(raw: string, ...channels: string[]): Promise<number> };

/**
 * An {@link EventBus} shared by several processes through Redis pub/sub, so host instances over one
 * database see each other's events (an agent's stream on one instance, the visitor on another).
 *
 * - Two connections: a publisher and a subscriber (a subscribed Redis connection can do nothing else).
 * - `publish` serialises the event once and PUBLISHes it, in one script (one command and one copy of the
 *   event sent, run atomically: {@link PUBLISH_ALL}), on the channel of each of its distinct topics in the
 *   order listed, then once on the `*` channel; it resolves when Redis accepted it. Every event goes through Redis, also to this process's own
 *   subscribers, so all instances see one order per topic.
 * - A topic's channel is SUBSCRIBEd when its first local handler appears and UNSUBSCRIBEd when its last
 *   goes. Both are sent at once on the one subscriber connection, which Redis and ioredis keep in order, so
 *   however they interleave the channel ends subscribed exactly when handlers remain.
 * - Handlers of a topic are called in subscription order, once per subscription, events in the order
 *   Redis delivers them; a handler that throws or rejects goes to `onError` and stops nobody.
 * - Delivery is at-most-once: events published while the subscriber is reconnecting, or before a new
 *   subscription is in force on Redis, are not delivered. Streams replay what they missed from storage
 *   by `seq`, and the monitor recomputes from storage; nothing may rely on the bus for durability.
 * - The subscriber reconnects by itself and resubscribes its channels (ioredis `autoResubscribe`). The
 *   publisher keeps no offline queue: while Redis is unreachable `publish` rejects at once (and after
 *   `commandTimeoutMs` at worst) instead of buffering; the failure is reported to `onConnectionError`.
 *   The rejected promise is marked handled, so callers that fire and forget (`void bus.publish(...)`)
 *   do not crash the process with an unhandled rejection.
 * - Gaps ({@link onGap}) are announced when the subscriber is back and its channels are subscribed again
 *   (a SUBSCRIBE sent after the resubscriptions has been answered) and the publisher is back too, and, since a failed publish is lost for
 *   every instance, when the publisher works again after one: it PUBLISHes a marker on `<prefix>~gap`, a
 *   channel every instance subscribes to, and each instance that gets it announces a gap to its listeners.
 * - After `close()` there are no handlers, `publish` does nothing and `subscribe` registers nothing.
 *
 * Use {@link createRedisEventBus} to get a bus whose connections are ready.
 */
export class RedisEventBus implements EventBus {
  readonly prefix: string;
  private readonly publisher: Redis;
  private readonly subscriber: Redis;
  private readonly onError: EventHandlerErrorReporter;
  private readonly onConnectionError: ConnectionErrorReporter;
  private readonly handlers = new Map<string, readonly Subscription[]>();
  /** SUBSCRIBE/UNSUBSCRIBE commands not yet answered; {@link flush} waits for them. */
  private readonly channelOps = new Set<Promise<void>>();
  /** Private channel on which {@link flush} sends itself markers. */
  private readonly syncChannel: string;
  private syncSubscribed: Promise<void> | null = null;
  private syncSeq = 0;
  private readonly syncWaiters = new Map<string, { resolve: () => void; reject: (error: Error) => void }>();
  /** Channel of the gap markers, shared by every instance on the prefix. */
  private readonly gapChannel: string;
  private readonly gapSubscribed: Promise<void>;
  private readonly gapListeners = new Set<() => void>();
  /** The subscriber is back and resubscribed, and its gap waits for the publisher to be back too. */
  private gapPending = false;
  /** A publish failed and no instance has been told yet. */
  private publishLost = false;
  /** Whether the subscriber was ever ready: its next `ready` after that follows a drop. */
  private subscriberWasReady = false;
  private readonly onStatusChange: (status: RedisBusStatus) => void;
  /** Both connections were ready at some point: only then can the bus go down. */
  private wasUp = false;
  private down = false;
  private readonly lastReported = new Map<RedisFailureSource, string>();
  private lastRaw: string | null = null;
  private lastEvent: DomainEvent | null = null;
  private closed = false;
  private closing: Promise<void> | null = null;

  constructor(options: RedisEventBusOptions) {
    this.prefix = options.prefix ?? DEFAULT_PREFIX;
    this.onError = options.onError ?? defaultOnError;
    this.onConnectionError = options.onConnectionError ?? defaultOnConnectionError;
    this.syncChannel = `${this.prefix}~sync:${randomBytes(12).toString('hex')}`;
    this.gapChannel = `${this.prefix}~gap`;
    this.onStatusChange = options.onStatusChange ?? noop;
    const name = options.connectionName ?? 'parley-events';
    this.publisher = new Redis(options.url, {
      ...options.redisOptions,
      connectionName: `${name}-pub`,
      // Fail fast while Redis is away: a publish happens after a commit, and nothing should wait on it.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      autoResendUnfulfilledCommands: false,
      commandTimeout: options.commandTimeoutMs ?? 2000,
      // The publishes of one turn (a commit's events, several commits' at load) leave in one write: a write
      // each took 18 % of a busy host's CPU. ioredis sends the next batch once the last one is answered.
      enableAutoPipelining: true,
    });
    this.publisher.defineCommand('parleyPublishAll', { numberOfKeys: 0, lua: PUBLISH_ALL });
    this.subscriber = new Redis(options.url, {
      ...options.redisOptions,
      connectionName: `${name}-sub`,
      // SUBSCRIBE/UNSUBSCRIBE issued while reconnecting wait and are sent in order once it is back, after
      // the resubscription of the channels it had; none of them ever fails for lack of a connection.
      enableOfflineQueue: true,
      maxRetriesPerRequest: null,
      autoResubscribe: true,
      autoResendUnfulfilledCommands: true,
    });
    // An ioredis client without an 'error' listener crashes the process on the first network error.
    for (const [client, source] of [
      [this.publisher, 'publisher'],
      [this.subscriber, 'subscriber'],
    ] as const) {
      client.on('error', (error: Error) => this.reportConnection(error, { source }));
      client.on('ready', () => {
        this.lastReported.delete(source);
        this.lastReported.delete(source === 'publisher' ? 'publish' : 'subscribe');
        if (this.publisher.status !== 'ready' || this.subscriber.status !== 'ready') return;
        this.wasUp = true;
        if (this.down) {
          this.down = false;
          this.tellStatus('up');
        }
      });
      client.on('close', () => {
        if (this.closed || this.down || !this.wasUp) return;
        this.down = true;
        this.tellStatus('down');
      });
    }
    // ioredis emits `ready` before it queues the resubscriptions; the work waits for the next turn.
    this.subscriber.on('ready', () => {
      if (this.subscriberWasReady) setImmediate(() => void this.afterResubscribe());
      this.subscriberWasReady = true;
    });
    this.publisher.on('ready', () =>
      setImmediate(() => {
        void this.announceLostPublish();
        this.announcePendingGap();
      }),
    );
    this.subscriber.on('message', (channel: string, raw: string) => this.onMessage(channel, raw));
    this.gapSubscribed = this.subscriber.subscribe(this.gapChannel).then(noop, noop);
  }

  /**
   * Resolves when both connections are ready (at once if they are); rejects after `timeoutMs` with the
   * last connection error, or when the bus is closed.
   */
  async ready(timeoutMs = 10_000): Promise<void> {
    await Promise.all([this.publisher, this.subscriber].map((client) => whenReady(client, timeoutMs)));
    await this.gapSubscribed;
  }

  /**
   * Resolves when both connections are up and Redis answers the publisher (within `commandTimeoutMs`);
   * rejects otherwise. For readiness probes.
   */
  async ping(): Promise<void> {
    if (this.closed) throw new Error('RedisEventBus is closed');
    if (this.subscriber.status !== 'ready') throw new Error(`the subscriber connection is ${this.subscriber.status}`);
    await this.publisher.ping();
  }

  /**
   * Calls `listener` after each gap: when the subscriber connection is back and its channels are in
   * force again, and when any instance on this prefix tells that a publish of its failed (and its publisher
   * works again). See `EventBus.onGap` of `@parley/core`.
   */
  onGap(listener: () => void): () => void {
    if (this.closed) return noop;
    const own = (): void => listener(); // the same function added twice counts twice
    this.gapListeners.add(own);
    return () => void this.gapListeners.delete(own);
  }

  publish(event: DomainEvent): Promise<void> {
    const sent = this.send(event);
    // Reported in send(); callers that fire and forget must not turn a Redis outage into a crash.
    sent.catch(noop);
    return sent;
  }

  /**
   * Calls `handler` with each event published on `topic` (or every event, for `*`) by any instance on
   * this Redis and prefix, from when the subscription is in force on Redis. The returned function
   * unsubscribes; calling it again does nothing. A handler unsubscribed while an event is being delivered
   * is not called with it.
   */
  subscribe(topic: string, handler: EventHandler): () => void {
    if (typeof handler !== 'function') throw new TypeError('RedisEventBus.subscribe: handler must be a function');
    if (this.closed) return noop;
    const sub: Subscription = { handler, active: true };
    const current = this.handlers.get(topic);
    // Copy on write: a delivery in progress keeps iterating the list it started with.
    this.handlers.set(topic, current ? [...current, sub] : [sub]);
    if (!current) this.channelCommand('subscribe', topic);
    return () => {
      if (!sub.active) return;
      sub.active = false;
      if (this.closed) return;
      const list = this.handlers.get(topic);
      if (!list) return;
      const rest = list.filter((s) => s !== sub);
      if (rest.length > 0) {
        this.handlers.set(topic, rest);
        return;
      }
      this.handlers.delete(topic);
      this.channelCommand('unsubscribe', topic);
    };
  }

  /**
   * Resolves once this bus's subscriptions made so far are in force on Redis and every event Redis
   * accepted before the call (from any instance) has been delivered to this bus's handlers. A barrier for
   * tests, and for code that must know a subscription is live. Rejects after `timeoutMs` (the connection
   * was lost meanwhile) or when the bus is closed.
   */
  async flush(timeoutMs = 10_000): Promise<void> {
    if (this.closed) throw new Error('RedisEventBus is closed');
    this.syncSubscribed ??= this.subscriber.subscribe(this.syncChannel).then(noop);
    await Promise.all([this.syncSubscribed, ...this.channelOps]);
    const token = String(++this.syncSeq);
    let timer: NodeJS.Timeout | undefined;
    const arrived = new Promise<void>((resolve, reject) => {
      this.syncWaiters.set(token, { resolve, reject });
      timer = setTimeout(() => {
        reject(new Error(`RedisEventBus.flush: no answer from Redis within ${timeoutMs} ms`));
      }, timeoutMs);
    });
    try {
      // Redis writes messages to a subscriber connection in the order it executed the PUBLISHes, so the
      // marker arrives after everything accepted before it.
      await this.publisher.publish(this.syncChannel, token);
      await arrived;
    } finally {
      clearTimeout(timer);
      this.syncWaiters.delete(token);
    }
  }

  /** Drops every handler and quits both connections; later publishes are no-ops. Idempotent. */
  close(): Promise<void> {
    if (this.closing) return this.closing;
    this.closed = true;
    this.handlers.clear();
    this.gapListeners.clear();
    for (const waiter of this.syncWaiters.values()) waiter.reject(new Error('RedisEventBus is closed'));
    this.syncWaiters.clear();
    this.closing = Promise.all([quit(this.publisher), quit(this.subscriber)]).then(noop);
    return this.closing;
  }

  private async send(event: DomainEvent): Promise<void> {
    if (this.closed) return;
    try {
      const raw = JSON.stringify(event);
      const channels = [...new Set(event.topics)].filter((t) => t !== WILDCARD_TOPIC).map((t) => this.prefix + t);
      channels.push(this.prefix + WILDCARD_TOPIC);
      await (this.publisher as PublishingRedis).parleyPublishAll(raw, ...channels);
    } catch (error) {
      const err = error instanceof Error ? error : new Error(String(error));
      this.publishLost = true;
      if (!this.closed) this.reportConnection(err, { source: 'publish', eventType: event.type });
      throw err;
    }
    if (this.publishLost) void this.announceLostPublish();
  }

  /** Tells every instance (this one included) that an event may be lost, once the publisher works again. */
  private async announceLostPublish(): Promise<void> {
    if (!this.publishLost || this.closed) return;
    this.publishLost = false;
    try {
      await this.publisher.publish(this.gapChannel, 'publish');
    } catch {
      this.publishLost = true; // told at the next `ready` or successful publish
    }
  }

  /** Announces the gap of a subscriber reconnect once the channels it had are subscribed again. */
  private async afterResubscribe(): Promise<void> {
    try {
      // Answered after the resubscriptions and the queued SUBSCRIBE/UNSUBSCRIBE sent before it.
      await this.subscriber.subscribe(this.gapChannel);
    } catch {
      return; // dropped again: the next `ready` tries again
    }
    this.gapPending = true;
    this.announcePendingGap();
  }

  /**
   * Tells a subscriber's gap once the publisher works as well: listeners refill from storage and go on
   * publishing, and a publish refused by a publisher still reconnecting would be a new loss.
   */
  private announcePendingGap(): void {
    if (!this.gapPending || this.publisher.status !== 'ready' || this.subscriber.status !== 'ready') return;
    this.gapPending = false;
    this.announceGap();
  }

  private announceGap(): void {
    for (const listener of [...this.gapListeners]) {
      if (this.closed) return;
      try {
        listener();
      } catch (error) {
        this.reportConnection(error instanceof Error ? error : new Error(String(error)), { source: 'gap' });
      }
    }
  }

  private tellStatus(status: RedisBusStatus): void {
    try {
      this.onStatusChange(status);
    } catch {
      // A failing listener must not break the bus.
    }
  }

  private channelCommand(command: 'subscribe' | 'unsubscribe', topic: string): void {
    const op: Promise<void> = this.subscriber[command](this.prefix + topic).then(noop, (error: unknown) => {
      if (!this.closed) this.reportConnection(error instanceof Error ? error : new Error(String(error)), { source: 'subscribe' });
    });
    this.channelOps.add(op);
    void op.finally(() => this.channelOps.delete(op));
  }

  private onMessage(channel: string, raw: string): void {
    if (this.closed) return;
    if (channel === this.syncChannel) {
      this.syncWaiters.get(raw)?.resolve();
      return;
    }
    if (channel === this.gapChannel) {
      this.announceGap();
      return;
    }
    if (!channel.startsWith(this.prefix)) return;
    const topic = channel.slice(this.prefix.length);
    const subs = this.handlers.get(topic);
    if (!subs) return; // unsubscribed locally; the UNSUBSCRIBE is on its way
    const event = this.decode(raw);
    if (!event) return;
    for (const sub of subs) {
      if (this.closed) return;
      if (sub.active) invokeIsolated(sub.handler, event, topic, this.onError);
    }
  }

  /** The event of a message; the same object for the messages of one publish on several channels. */
  private decode(raw: string): DomainEvent | null {
    if (raw === this.lastRaw) return this.lastEvent;
    let event: unknown;
    try {
      event = JSON.parse(raw);
    } catch {
      event = null;
    }
    if (!isEvent(event)) {
      this.reportConnection(new Error('a message on an event channel is not an event; ignored'), { source: 'message' });
      return null;
    }
    this.lastRaw = raw;
    this.lastEvent = event;
    return event;
  }

  /** Reports a Redis-side failure, once per distinct message and source until the connection is ready again. */
  private reportConnection(error: Error, info: { source: RedisFailureSource; eventType?: string }): void {
    if (this.closed) return;
    if (info.source !== 'message' && info.source !== 'gap') {
      if (this.lastReported.get(info.source) === error.message) return;
      this.lastReported.set(info.source, error.message);
    }
    try {
      this.onConnectionError(error, info);
    } catch {
      // A failing reporter must not break the bus.
    }
  }
}

/**
 * A {@link RedisEventBus} whose connections are ready, so its first publish does not fail for a
 * connection still being made. Rejects (and closes the bus) when Redis does not answer within
 * `readyTimeoutMs` (default 10 s); the message names the cause, never the URL's password.
 */
export async function createRedisEventBus(options: RedisEventBusOptions & { readonly readyTimeoutMs?: number }): Promise<RedisEventBus> {
  const bus = new RedisEventBus(options);
  try {
    await bus.ready(options.readyTimeoutMs);
    return bus;
  } catch (error) {
    await bus.close();
    throw new Error(
      `event bus: Redis at ${redactUrl(options.url)} is not reachable: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

/** The URL without its password, for messages and logs. */
export function redactUrl(url: string): string {
  return url.replace(/\/\/([^@/]*)@/, (_m, userinfo: string) => `//${userinfo.includes(':') ? `${userinfo.split(':')[0]}:***` : '***'}@`);
}

/** Resolves when `client` is ready; rejects after `timeoutMs` with the last connection error. (Internal.) */
export const whenReady = (client: Redis, timeoutMs: number): Promise<void> =>
  new Promise<void>((resolve, reject) => {
    if (client.status === 'ready') return resolve();
    if (client.status === 'end') return reject(new Error('the connection was closed'));
    let lastError: Error | null = null;
    const done = (): void => {
      clearTimeout(timer);
      client.off('ready', onReady);
      client.off('error', onError);
      client.off('end', onEnd);
    };
    const onReady = (): void => {
      done();
      resolve();
    };
    const onError = (error: Error): void => {
      lastError = error;
    };
    const onEnd = (): void => {
      done();
      reject(new Error('the connection was closed'));
    };
    const timer = setTimeout(() => {
      done();
      reject(new Error(lastError ? lastError.message : `not ready within ${timeoutMs} ms`));
    }, timeoutMs);
    client.on('ready', onReady);
    client.on('error', onError);
    client.on('end', onEnd);
  });

/** QUIT when connected (answers already on their way are read first), else just drop the connection. */
const quit = async (client: Redis): Promise<void> => {
  try {
    if (client.status === 'ready') {
      await Promise.race([client.quit(), new Promise((resolve) => setTimeout(resolve, 1000).unref())]);
    }
  } catch {
    // Closing anyway.
  } finally {
    if (client.status !== 'end') client.disconnect();
  }
};

function isEvent(value: unknown): value is DomainEvent {
  if (typeof value !== 'object' || value === null) return false;
  const e = value as Record<string, unknown>;
  return (
    typeof e.type === 'string' &&
    typeof e.accountId === 'string' &&
    Array.isArray(e.topics) &&
    typeof e.at === 'string' &&
    typeof e.data === 'object' &&
    e.data !== null
  );
}
