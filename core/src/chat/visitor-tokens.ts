import type { VisitorIdentity } from '../runtime/context.js';

/** Visitor tokens remembered after a successful check (least recently used dropped first; a few hundred bytes each). */
const KNOWN_VISITOR_TOKENS = 10_000;

/**
 * Identities of visitor tokens checked before, by the token's SHA-256, least recently used first. A chat's
 * id, account, widget and token hash never change and chats are never deleted, so an entry never goes stale.
 */
export class VisitorTokenCache {
  private readonly known = new Map<string, VisitorIdentity>();

  constructor(private readonly capacity = KNOWN_VISITOR_TOKENS) {}

  get(tokenHash: string): VisitorIdentity | undefined {
    return this.known.get(tokenHash);
  }

  /** Remembers (or refreshes) a token as the most recently used, dropping the least recently used beyond capacity. */
  remember(tokenHash: string, visitor: VisitorIdentity): void {
    this.known.delete(tokenHash); // re-inserted as the most recently used
    this.known.set(tokenHash, visitor);
    if (this.known.size > this.capacity) this.known.delete(this.known.keys().next().value!);
  }
}
