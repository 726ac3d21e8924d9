import type { Id, Instant, Versioned } from './types.js';

/**
 * A label agents put on chats (`Billing`, `Bug`). Defined per account by owners and admins; a chat
 * carries label ids (`Chat.labels`). Names are unique per account, compared without regard to case.
 */
export interface Label extends Versioned {
  readonly id: Id;
  readonly accountId: Id;
  readonly name: string;
  /** `#rrggbb`, lower case. */
  readonly color: string;
  readonly createdAt: Instant;
  readonly updatedAt: Instant;
}

/** Most labels one chat carries. */
export const MAX_LABELS_PER_CHAT = 20;

/** The key a label name is unique by: two names that differ only in case are one name. */
export const labelNameKey = (name: string): string => name.toLowerCase();
