import { StorageConflictError, StorageUnavailableError } from '@parley/core';
import type { TableName } from './schema.js';

/**
 * Driver errors to domain errors: unique violations become {@link StorageConflictError} named
 * `<table>.<column>` (`users.email`), whichever database raised them; a database that cannot be reached
 * becomes {@link StorageUnavailableError}.
 */

interface UniqueKey {
  readonly table: TableName;
  /** The index name used in MySQL's message; `PRIMARY` for the primary key. */
  readonly index: string;
  /** The columns SQLite lists in its message. */
  readonly columns: readonly string[];
  readonly constraint: string;
}

const key = (table: TableName, index: string, columns: readonly string[], constraint: string): UniqueKey => ({
  table,
  index,
  columns,
  constraint,
});

/** Every unique key in the schema (see the migrations). */
const UNIQUE_KEYS: readonly UniqueKey[] = [
  key('accounts', 'PRIMARY', ['id'], 'accounts.id'),
  key('users', 'PRIMARY', ['id'], 'users.id'),
  key('users', 'users_account_email_uq', ['account_id', 'email'], 'users.email'),
  key('sessions', 'PRIMARY', ['token_hash'], 'sessions.token_hash'),
  key('widgets', 'PRIMARY', ['id'], 'widgets.id'),
  key('widget_agents', 'PRIMARY', ['widget_id', 'user_id'], 'widget_agents.user_id'),
  key('audit_entries', 'PRIMARY', ['id'], 'audit_entries.id'),
  key('audit_entries', 'audit_entries_seq_uq', ['account_id', 'seq'], 'audit_entries.seq'),
  key('audit_heads', 'PRIMARY', ['account_id'], 'audit_heads.account_id'),
  key('chats', 'PRIMARY', ['id'], 'chats.id'),
  key('chats', 'chats_visitor_token_uq', ['visitor_token_hash'], 'chats.visitor_token_hash'),
  key('chat_events', 'PRIMARY', ['chat_id', 'seq'], 'chat_events.seq'),
  key('chat_events', 'chat_events_client_message_uq', ['chat_id', 'client_message_id'], 'chat_events.client_message_id'),
  key('integrations', 'PRIMARY', ['widget_id', 'kind'], 'integrations.widget_kind'),
  key('deliveries', 'PRIMARY', ['id'], 'deliveries.id'),
  key('delivery_attempts', 'PRIMARY', ['id'], 'delivery_attempts.id'),
  key('monitor_share_links', 'PRIMARY', ['id'], 'monitor_share_links.id'),
  key('monitor_share_links', 'monitor_share_links_token_uq', ['token_hash'], 'monitor_share_links.token_hash'),
  key('monitor_layouts', 'PRIMARY', ['account_id', 'user_id'], 'monitor_layouts.user_id'),
  key('api_tokens', 'PRIMARY', ['id'], 'api_tokens.id'),
  key('api_tokens', 'api_tokens_token_uq', ['token_hash'], 'api_tokens.token_hash'),
  key('security_settings', 'PRIMARY', ['account_id'], 'security_settings.account_id'),
  key('password_history', 'PRIMARY', ['id'], 'password_history.id'),
  key('password_tickets', 'PRIMARY', ['token_hash'], 'password_tickets.token_hash'),
  key('canned_responses', 'PRIMARY', ['id'], 'canned_responses.id'),
  key('canned_responses', 'canned_responses_shortcut_uq', ['account_id', 'scope', 'shortcut'], 'canned_responses.shortcut'),
  key('labels', 'PRIMARY', ['id'], 'labels.id'),
  key('labels', 'labels_name_uq', ['account_id', 'name_key'], 'labels.name'),
];

const field = (e: unknown, name: string): unknown =>
  typeof e === 'object' && e !== null ? (e as Record<string, unknown>)[name] : undefined;

/** The error and its causes, outermost first. */
const chain = function* (e: unknown): Generator<unknown> {
  for (let cur = e, depth = 0; cur !== undefined && cur !== null && depth < 8; cur = field(cur, 'cause'), depth++) yield cur;
};

const MYSQL_DUPLICATE = 1062;
const MYSQL_LOCK_WAIT_TIMEOUT = 1205;
const MYSQL_DEADLOCK = 1213;

/** Deadlock or lock wait timeout: the transaction may succeed when run again. */
export const isTransientMysqlError = (e: unknown): boolean => {
  for (const c of chain(e)) {
    const errno = field(c, 'errno');
    if (errno === MYSQL_DEADLOCK || errno === MYSQL_LOCK_WAIT_TIMEOUT) return true;
  }
  return false;
};

const constraintFromMysql = (message: string, table: TableName): string => {
  // MariaDB: "for key 'users_account_email_uq'"; MySQL 8: "for key 'users.users_account_email_uq'".
  const m = /for key '(?:[^'.]+\.)?([^'.]+)'$/.exec(message);
  const index = m?.[1] ?? null;
  const found = UNIQUE_KEYS.find((k) => (index === 'PRIMARY' ? k.table === table && k.index === 'PRIMARY' : k.index === index));
  return found?.constraint ?? (index ? `${table}.${index}` : `${table}.unknown`);
};

const constraintFromSqlite = (message: string, table: TableName): string => {
  // "UNIQUE constraint failed: audit_entries.account_id, audit_entries.seq"
  const m = /constraint failed: (.+)$/.exec(message);
  const parts = (m?.[1] ?? '').split(',').map((s) => s.trim().split('.'));
  const t = (parts[0]?.[0] ?? table) as TableName;
  const cols = parts.map((p) => p[1] ?? p[0] ?? '');
  const found = UNIQUE_KEYS.find((k) => k.table === t && k.columns.length === cols.length && k.columns.every((c, i) => c === cols[i]));
  return found?.constraint ?? `${t}.${cols.join('_')}`;
};

/** The {@link StorageConflictError} for a unique violation, or null when `e` is something else. */
export const conflictOf = (e: unknown, table: TableName): StorageConflictError | null => {
  for (const c of chain(e)) {
    if (c instanceof StorageConflictError) return c;
    const message = String(field(c, 'message') ?? '');
    if (field(c, 'errno') === MYSQL_DUPLICATE) return new StorageConflictError(constraintFromMysql(message, table), { cause: e });
    const code = field(c, 'code');
    if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY')
      return new StorageConflictError(constraintFromSqlite(message, table), { cause: e });
  }
  return null;
};

/** Runs one write, turning a unique violation into {@link StorageConflictError}. */
export const guardUnique = async <T>(table: TableName, run: () => Promise<T>): Promise<T> => {
  try {
    return await run();
  } catch (e) {
    throw conflictOf(e, table) ?? e;
  }
};

/**
 * Connection-level failures: the server refused, dropped or never answered the connection, is shutting
 * down or full, or the name did not resolve (mysql2 and node:net codes); the SQLite file is locked
 * beyond the busy timeout or cannot be opened.
 */
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_SEQUENCE_TIMEOUT',
  'ER_CON_COUNT_ERROR',
  'ER_SERVER_SHUTDOWN',
  'SQLITE_BUSY',
  'SQLITE_CANTOPEN',
]);
/** mysql2 refuses a query on a pooled connection that was closed under it with this message and no code. */
const CLOSED_CONNECTION = /^Can't add new command when connection is in closed state/;

/** The {@link StorageUnavailableError} for a connection-level failure, or null when `e` is something else. */
export const unavailableOf = (e: unknown): StorageUnavailableError | null => {
  for (const c of chain(e)) {
    if (c instanceof StorageUnavailableError) return c;
    const code = field(c, 'code');
    if (typeof code === 'string') {
      const base = code.startsWith('SQLITE_') ? code.replace(/^(SQLITE_[A-Z]+)_.*$/, '$1') : code;
      if (UNAVAILABLE_CODES.has(base)) return new StorageUnavailableError(code, { cause: e });
    }
    if (CLOSED_CONNECTION.test(String(field(c, 'message') ?? ''))) return new StorageUnavailableError('connection closed', { cause: e });
  }
  return null;
};
