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

/**
 * What a stream opened under a session needs to end with it: a reference to the session (the first 32
 * hex digits of its token's SHA-256, which cannot sign anyone in) and when it expires.
 */
export interface SessionRef {
  readonly ref: string;
  readonly expiresAt: Instant;
}

/** The reference of the session with this token hash (see {@link SessionRef}). */
export const sessionRefOfHash = (tokenHash: string): string => tokenHash.slice(0, 32);

export const sessionRefOf = (s: Pick<Session, 'tokenHash' | 'expiresAt'>): SessionRef => ({
  ref: sessionRefOfHash(s.tokenHash),
  expiresAt: s.expiresAt,
});

/** The bus topic of {@link SESSION_ENDED} events. */
export const SESSIONS_TOPIC = 'sessions';
/**
 * Published after a session, or all of a user's, ended before its time (logout, password change,
 * deactivation, removal): `data` is `{ userId, ref }`, `ref` null for all of the user's sessions. Streams
 * opened under those sessions end.
 */
export const SESSION_ENDED = 'session.ended';
