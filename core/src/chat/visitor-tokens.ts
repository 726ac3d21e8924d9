import { RecentMap } from '../runtime/recent-map.js';
import type { VisitorIdentity } from '../runtime/context.js';

/** Visitor tokens remembered after a successful check (least recently used dropped first; a few hundred bytes each). */
const KNOWN_VISITOR_TOKENS = 10_000;

/**
 * Identities of visitor tokens checked before, by the token's SHA-256, least recently used first. A chat's
 * id, account, widget and token hash never change and chats are never deleted, so an entry never goes stale.
 */
export class VisitorTokenCache extends RecentMap<string, VisitorIdentity> {
  constructor(capacity = KNOWN_VISITOR_TOKENS) {
    super(capacity);
  }
}
