import type { Id, Instant } from './types.js';

/**
 * An account's API token: what scripts written for the commercial service's public APIs (Logs, Agent
 * Status) send instead of a user session. It authorizes only Parley's compatible APIs of its own account,
 * never the rest of the API. Only the SHA-256 of its secret is stored; the secret is shown once, when the
 * token is created. A revoked token is deleted (its creation and revocation stay in the audit log).
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
}

/** What the admins' list shows of a token: everything but its hash and account. */
export type PublicApiToken = Pick<ApiToken, 'id' | 'label' | 'createdAt' | 'lastUsedAt' | 'createdBy'>;

export const toPublicApiToken = (t: ApiToken): PublicApiToken => ({
  id: t.id,
  label: t.label,
  createdAt: t.createdAt,
  lastUsedAt: t.lastUsedAt,
  createdBy: t.createdBy,
});
