import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import type { Hono } from 'hono';
import type { Container } from 'inversify';
import { DELIVERY_TOPIC, StorageUnavailableError, TOKENS, type EventBus, type Parley, type Storage } from '@parley/core';
import type { StreamHub } from '@parley/http-hono';
import type { HostConfig } from './config.js';
import { createContainer } from './container.js';
import type { Logger } from './logger.js';
import type { StorageOutageLog } from './storage-outage.js';
import type { HostLimiterStore } from './modules/http.js';
import { HOST } from './tokens.js';
import type { DispatcherLoopFactory } from './modules/integrations.js';

export interface RunningServer {
  /** A URL this machine reaches the server at (loopback when it listens on every interface). */
  readonly url: string;
  /** Where the server listens, for the log: `0.0.0.0:3000 (every interface)`, `127.0.0.1:3000`. */
  readonly listening: string;
  readonly port: number;
  readonly container: Container;
  /** Stops accepting connections, ends background jobs and closes storage. Idempotent. */
  close(): Promise<void>;
}

/** Runs `job` every `ms` (and never twice at once), logging failures (a storage outage once); returns a stopper. */
const every = (ms: number, log: Logger, outage: StorageOutageLog, name: string, job: () => Promise<unknown>): (() => void) => {
  let running = false;
  const t = setInterval(() => {
    if (running) return;
    running = true;
    job()
      .catch((err) => (err instanceof StorageUnavailableError ? outage.failed(err) : log.error(`${name} failed`, { err })))
      .finally(() => {
        running = false;
      });
  }, ms);
  t.unref();
  return () => clearInterval(t);
};

/** The address a server listens on, in words: a wildcard address says that it means every interface. */
export const describeListening = ({ address, port, family }: AddressInfo): string => {
  const hostPart = family === 'IPv6' || address.includes(':') ? `[${address}]` : address;
  const everywhere = address === '0.0.0.0' || address === '::';
  return `${hostPart}:${port}${everywhere ? ' (every interface)' : ''}`;
};

/** Builds the container, migrates storage, starts the HTTP server and the periodic jobs. */
export const startServer = async (config: HostConfig, log: Logger): Promise<RunningServer> => {
  const container = await createContainer(config, log);
  const storage = await container.getAsync<Storage>(TOKENS.Storage);
  await (await container.getAsync<() => Promise<void>>(HOST.Migrate))();
  const parley = await container.getAsync<Parley>(TOKENS.Parley);
  const app = await container.getAsync<Hono>(HOST.HttpApp);
  const streams = await container.getAsync<StreamHub>(HOST.StreamHub);
  const outage = await container.getAsync<StorageOutageLog>(HOST.StorageOutage);
  // Queued chats left by a previous run have no open stream: give their visitors the grace period to come back.
  await parley.chats.adoptQueued().catch((err) => log.error('adopting queued chats failed', { err }));

  const server: ServerType = await new Promise((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, () => resolve(s));
    s.once('error', reject);
  });
  const address = server.address() as AddressInfo;
  const { port } = address;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  const url = `http://${host === '0.0.0.0' ? '127.0.0.1' : host === '[::]' ? '[::1]' : host}:${port}`;

  const stops = [
    every(60 * 60_000, log, outage, 'session cleanup', () =>
      storage.transaction((tx) => tx.sessions.deleteExpired(new Date().toISOString())),
    ),
    every(60 * 60_000, log, outage, 'audit retention', () => parley.audit.applyRetentionAll()),
    // Ended chats older than an account's chatRetentionDays go, with finished deliveries as old.
    every(60 * 60_000, log, outage, 'chat retention', async () => {
      const deleted = await parley.chats.applyRetentionAll();
      if (deleted) log.info('deleted chats past their account’s retention', { count: deleted });
    }),
    // Inactive users are deactivated (audited, actor system); expired password tickets go.
    every(config.securitySweepSeconds * 1000, log, outage, 'security sweep', async () => {
      const r = await parley.security.sweep();
      if (r.deactivated) log.info('security sweep deactivated inactive users', { count: r.deactivated });
    }),
    // Open chats quiet for their widget's closeInactiveAfterMinutes close by themselves.
    every(config.chatSweepSeconds * 1000, log, outage, 'inactive chats', async () => {
      const closed = await parley.chats.closeInactive();
      if (closed) log.info('closed inactive chats', { count: closed });
    }),
  ];

  // The outbox dispatcher: sends webhooks and CRM pushes, woken at once when a delivery is enqueued.
  const dispatcher = config.integrations.dispatcher ? (await container.getAsync<DispatcherLoopFactory>(HOST.DispatcherLoop))() : null;
  const unwake = dispatcher
    ? (await container.getAsync<EventBus>(TOKENS.EventBus)).subscribe(DELIVERY_TOPIC, () => dispatcher.wake())
    : null;
  dispatcher?.start();

  let closing: Promise<void> | null = null;
  const close = () =>
    (closing ??= (async () => {
      stops.forEach((stop) => stop());
      unwake?.();
      await dispatcher?.stop(); // aborts tries in flight and releases their leases
      streams.closeAll(); // open event streams end now instead of holding server.close()
      parley.close(); // streams were ended above; this stops the core's timers
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Ended streams leave keep-alive connections that turn idle only once their response has flushed.
        setTimeout(() => (server as unknown as { closeIdleConnections?: () => void }).closeIdleConnections?.(), 50).unref();
        // Open streams would hold the server; give them a moment, then cut them.
        setTimeout(() => (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.(), 2000).unref();
      });
      await (await container.getAsync<EventBus>(TOKENS.EventBus)).close();
      outage.close();
      await (await container.getAsync<HostLimiterStore>(HOST.LimiterStore)).close();
      await storage.close();
    })());

  return { url, listening: describeListening(address), port, container, close };
};
