/** Identifiers of the host's own bindings (the core's are in `TOKENS` of `@parley/core`). */
export const HOST = {
  Config: Symbol.for('parley.host.Config'),
  Logger: Symbol.for('parley.host.Logger'),
  HttpApp: Symbol.for('parley.host.HttpApp'),
  /** Migrates the storage when the adapter has migrations (SQL); a no-op otherwise. */
  Migrate: Symbol.for('parley.host.Migrate'),
} as const;
