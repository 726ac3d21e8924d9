import type { Id, Instant } from './types.js';

/** A login session. Only the SHA-256 of the bearer token is stored. */
export interface Session {
  readonly tokenHash: string;
  readonly userId: Id;
  readonly accountId: Id;
  readonly createdAt: Instant;
  readonly expiresAt: Instant;
  readonly ip: string | null;
  readonly userAgent: string | null;
}
