/**
 * Where the adapter reports what an operator may want to know (applied migrations, retried
 * transactions). Shaped like `console`, so `console` itself fits.
 */
export interface SqlStorageLogger {
  info?(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
}
