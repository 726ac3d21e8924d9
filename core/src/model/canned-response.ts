import { INPUT_LIMITS } from './limits.js';
import type { Id, Instant, Versioned } from './types.js';

/**
 * A canned response: a text an agent inserts by its shortcut (`#refund`). It belongs to the account, or
 * to one widget when `widgetId` is set (then only that widget's agents see it). `{visitor.name}` and
 * `{agent.name}` in `text` are kept as written: the agent console fills them in.
 */
export interface CannedResponse extends Versioned {
  readonly id: Id;
  readonly accountId: Id;
  /**
   * Stored without a leading `#` and in lower case (`refund`), so `#Refund` and `refund` are one
   * shortcut; unique per account and scope (the widget, or the whole account).
   */
  readonly shortcut: string;
  readonly title: string;
  readonly text: string;
  /** The widget it is for; null for every widget of the account. */
  readonly widgetId: Id | null;
  readonly createdAt: Instant;
  readonly updatedAt: Instant;
}

/** Longest canned text, in UTF-16 code units (as long as a message). */
export const CANNED_TEXT_MAX_LENGTH = INPUT_LIMITS.cannedText;
