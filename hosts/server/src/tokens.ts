/** Identifiers of the host's own bindings (the core's are in `TOKENS` of `@parley/core`). */
export const HOST = {
  Config: Symbol.for('parley.host.Config'),
  Logger: Symbol.for('parley.host.Logger'),
  HttpApp: Symbol.for('parley.host.HttpApp'),
  /** Migrates the storage when the adapter has migrations (SQL); a no-op otherwise. */
  Migrate: Symbol.for('parley.host.Migrate'),
  /** Where the HTTP limits count: this process, or the events' Redis (closed on shutdown). */
  LimiterStore: Symbol.for('parley.host.LimiterStore'),
  /** The open server-sent-event streams, ended on shutdown. */
  StreamHub: Symbol.for('parley.host.StreamHub'),
  /** Logs a storage outage once when it starts and once when it ends (see storage-outage.ts). */
  StorageOutage: Symbol.for('parley.host.StorageOutage'),
  /** `GET /ready`'s check of the event bus: Redis's ping, or null for the in-process bus (nothing to reach). */
  EventsProbe: Symbol.for('parley.host.EventsProbe'),
  /** Makes the outbox dispatcher loop (see modules/integrations.ts). */
  DispatcherLoop: Symbol.for('parley.host.DispatcherLoop'),
} as const;
