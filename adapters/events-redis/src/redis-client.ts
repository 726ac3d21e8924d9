import { Redis } from 'ioredis';
import { redactUrl, whenReady } from './redis-event-bus.js';

/** Options of {@link createRedisClient}. */
export interface RedisClientOptions {
  /** `redis://[user:password@]host:6379/0`, or `rediss://` for TLS. */
  readonly url: string;
  /** `CLIENT SETNAME` of the connection. */
  readonly connectionName: string;
  /** Connection failures, each kind reported once until the connection is ready again. */
  readonly onError?: (error: Error) => void;
  /** How long a command waits for Redis before it rejects (default 500 ms). */
  readonly commandTimeoutMs?: number;
  /** How long to wait for the first connection (default 10 s). */
  readonly readyTimeoutMs?: number;
}

/**
 * A ready ioredis connection to the bus's Redis for other shared state (the HTTP adapter's limit counts),
 * with the publisher's fail-fast settings and auto-pipelining: while Redis is away commands reject at once
 * instead of queueing, so a caller can fall back instead of waiting. Rejects, without the URL's password,
 * when Redis does not answer within `readyTimeoutMs`.
 */
export async function createRedisClient(options: RedisClientOptions): Promise<Redis> {
  const client = new Redis(options.url, {
    connectionName: options.connectionName,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    autoResendUnfulfilledCommands: false,
    commandTimeout: options.commandTimeoutMs ?? 500,
    // The commands of one turn (the limits of the requests read together) leave in one write, as the bus's.
    enableAutoPipelining: true,
  });
  let last: string | null = null;
  // An ioredis client without an 'error' listener crashes the process on the first network error.
  client.on('error', (error: Error) => {
    if (error.message !== last) options.onError?.(error);
    last = error.message;
  });
  client.on('ready', () => (last = null));
  try {
    await whenReady(client, options.readyTimeoutMs ?? 10_000);
    return client;
  } catch (error) {
    client.disconnect();
    throw new Error(`Redis at ${redactUrl(options.url)} is not reachable: ${error instanceof Error ? error.message : String(error)}`);
  }
}
