import type { Id, Instant } from './types.js';

/**
 * What an API token may do.
 * - `read`: GET and HEAD on `/api/v1` with the rights of a supervisor (the audit log and its export, reports,
 *   chats, the monitor), plus the reads of the compatible APIs. Any other method is refused (403 `token_scope`).
 * - `full`: everything `read` may, plus the writes of the compatible APIs (setting an agent's status), as
 *   every token could before scopes existed. Writes on the rest of `/api/v1` are refused to every token:
 *   a script that changes settings should act as a person, so the audit names one.
 */
export type ApiTokenScope = 'read' | 'full';

export const API_TOKEN_SCOPES: readonly ApiTokenScope[] = ['read', 'full'];

/**
 * An account's API token: what scripts and BI tools send instead of a user session, as
 * `Authorization: Bearer <secret>` (the compatible APIs also accept the bare secret). It authorizes its own
 * account only, within its {@link ApiTokenScope}, until its optional expiry. Only the SHA-256 of its secret is
 * stored; the secret is shown once, when the token is created. A revoked token is deleted (its creation and
 * revocation stay in the audit log).
 */
export interface ApiToken {
  readonly id: Id;
  readonly accountId: Id;
  /** Lower-case hex SHA-256 of the secret. */
  readonly tokenHash: string;
  /** A name for the admins' list ("Reporting script"). */
  readonly label: string;
  readonly createdAt: Instant;
  /** The owner or admin who created it. */
  readonly createdBy: Id;
  /** When a request last came with it (at most once a minute is recorded); null until then. */
  readonly lastUsedAt: Instant | null;
  readonly scope: ApiTokenScope;
  /** From this instant on it is refused (401 `token_expired`); null: until revoked. */
  readonly expiresAt: Instant | null;
}

/** What the admins' list shows of a token: everything but its hash and account. */
export type PublicApiToken = Pick<ApiToken, 'id' | 'label' | 'createdAt' | 'lastUsedAt' | 'createdBy' | 'scope' | 'expiresAt'>;

export const toPublicApiToken = (t: ApiToken): PublicApiToken => ({
  id: t.id,
  label: t.label,
  createdAt: t.createdAt,
  lastUsedAt: t.lastUsedAt,
  createdBy: t.createdBy,
  scope: t.scope,
  expiresAt: t.expiresAt,
});
