import type { Kysely, Migration } from 'kysely';
import type { DialectTraits } from '../dialect.js';
import { dropIndex } from './drop-index.js';

/**
 * Chats by account and status, and by account and agent, each newest first (by id), so that a list of the chats of
 * one status (the history's "Active" or "Queued", the quiet-chat sweep's open chats of a widget) or of one agent (the
 * history's agent filter) reads those chats instead of walking every chat of the account or widget, newest first,
 * and reading each row to check it. On SQLite, with 300,000 ended chats in a widget: the sweep's list took 174 ms,
 * on the event loop, every minute, and the history's Active filter 148 ms, 1 ms each with the index; the history of an
 * agent with ten of those chats 142 ms, 0.4 ms with it. `chats_agent_idx` (account, agent, status), which counts the
 * agents' open chats without reading a row, gets `closed_at` after them: an agent's stream that reconnects asks for
 * their chats closed since it left, which read every closed chat of theirs (246 ms for an agent with 300,000) and
 * now only those (0.2 ms). And offline requests by whether they were handled (`chats_handled_idx`), so that the
 * history's "Not handled" finds the few waiting among many handled ones: 124 ms among 300,000, 0.4 ms with it. A
 * message changes none of these columns, so the message path writes none of these
 * indexes; a chat's start, assignment, transfer and status changes do. Frozen once released.
 */

// Untyped on purpose: a migration describes the schema as it was then.
type AnyDb = Kysely<any>;

export const chatListIndexes = (traits: DialectTraits): Migration => ({
  async up(db: AnyDb) {
    await db.schema.createIndex('chats_status_idx').on('chats').columns(['account_id', 'status', 'id']).execute();
    await db.schema.createIndex('chats_agent_list_idx').on('chats').columns(['account_id', 'agent_id', 'id']).execute();
    await dropIndex(db, traits, 'chats_agent_idx', 'chats');
    await db.schema.createIndex('chats_agent_idx').on('chats').columns(['account_id', 'agent_id', 'status', 'closed_at']).execute();
    await db.schema.createIndex('chats_handled_idx').on('chats').columns(['account_id', 'kind', 'handled_at', 'id']).execute();
  },
  async down(db: AnyDb) {
    await dropIndex(db, traits, 'chats_handled_idx', 'chats');
    await dropIndex(db, traits, 'chats_agent_idx', 'chats');
    await db.schema.createIndex('chats_agent_idx').on('chats').columns(['account_id', 'agent_id', 'status']).execute();
    await dropIndex(db, traits, 'chats_agent_list_idx', 'chats');
    await dropIndex(db, traits, 'chats_status_idx', 'chats');
  },
});
