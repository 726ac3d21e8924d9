/** Identifiers are opaque strings, time-ordered where the IdGenerator makes them so. */
export type Id = string;

/** Instants are ISO-8601 strings in UTC with millisecond precision (`2026-01-31T12:00:00.000Z`). */
export type Instant = string;

export interface Page<T> {
  readonly items: readonly T[];
  /** Pass back as `cursor` to get the next page; null on the last page. */
  readonly nextCursor: string | null;
}

export interface PageRequest {
  readonly cursor?: string | null;
  readonly limit: number;
}

/** Every mutable aggregate carries a version that storage bumps on each update (optimistic locking). */
export interface Versioned {
  readonly version: number;
}
