import type { ApiToken } from '../model/api-token.js';
import type { Id, Instant } from '../model/types.js';

/**
 * API tokens of the compatible APIs: part of {@link Repositories}. Only the SHA-256 of a token's secret
 * is stored and a token is looked up by it, never by the secret.
 */
export interface ApiTokenRepository {
  /** Throws `StorageConflictError` (`api_tokens.id`, `api_tokens.token_hash`) on a duplicate. */
  insert(token: ApiToken): Promise<void>;
  get(accountId: Id, id: Id): Promise<ApiToken | null>;
  /** The token with this hash, whatever its account (a request names the account in its path: the caller compares). */
  findByTokenHash(tokenHash: string): Promise<ApiToken | null>;
  /** The account's tokens, newest first (by `createdAt`, then id, descending), at most `limit`. */
  list(accountId: Id, limit: number): Promise<ApiToken[]>;
  /** Deletes the token and answers whether it did: of concurrent deletions exactly one gets `true`. False for another account's. */
  delete(accountId: Id, id: Id): Promise<boolean>;
  /** Sets `lastUsedAt` to `at` unless it is already later; nothing for an unknown token. */
  touch(accountId: Id, id: Id, at: Instant): Promise<void>;
}
