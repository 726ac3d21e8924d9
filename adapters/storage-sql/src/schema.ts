/**
 * The tables as Kysely sees them. Column names are snake_case; instants are the ISO-8601 strings the
 * domain hands over (fixed width, so text order is time order); JSON values are stored as text;
 * booleans as 0/1.
 */
export interface Database {
  accounts: AccountsTable;
  users: UsersTable;
  sessions: SessionsTable;
  widgets: WidgetsTable;
  widget_agents: WidgetAgentsTable;
  audit_entries: AuditEntriesTable;
  audit_heads: AuditHeadsTable;
}

export type TableName = keyof Database;

export interface AccountsTable {
  id: string;
  name: string;
  plan: string;
  /** JSON of `AccountSettings`. */
  settings: string;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface UsersTable {
  id: string;
  account_id: string;
  email: string;
  name: string;
  role: string;
  status: string;
  password_hash: string;
  password_changed_at: string;
  last_login_at: string | null;
  failed_login_count: number;
  locked_until: string | null;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface SessionsTable {
  token_hash: string;
  user_id: string;
  account_id: string;
  created_at: string;
  expires_at: string;
  ip: string | null;
  user_agent: string | null;
}

export interface WidgetsTable {
  id: string;
  account_id: string;
  name: string;
  /** JSON of `WidgetSettings`. */
  settings: string;
  /** JSON array of the agent ids, in the order given; `widget_agents` indexes the same ids. */
  agent_ids: string;
  created_at: string;
  updated_at: string;
  version: number;
}

/** One row per (widget, agent), for `listByAgent`. */
export interface WidgetAgentsTable {
  widget_id: string;
  user_id: string;
  account_id: string;
}

export interface AuditEntriesTable {
  id: string;
  account_id: string;
  seq: number;
  created_at: string;
  type: string;
  action: string;
  target_type: string;
  target_id: string;
  widget_id: string | null;
  /** `actor.userId`, copied out of `actor` for filtering. */
  actor_id: string | null;
  /** JSON of `AuditActor`. */
  actor: string;
  /** JSON of `FieldChange[]`. */
  changes: string;
  revert_of: string | null;
  /** 0 or 1. */
  revertible: number;
  prev_hash: string;
  hash: string;
}

export interface AuditHeadsTable {
  account_id: string;
  seq: number;
  hash: string;
  anchor_seq: number;
  anchor_hash: string;
}
