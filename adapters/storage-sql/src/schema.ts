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
  chats: ChatsTable;
  chat_events: ChatEventsTable;
  chat_labels: ChatLabelsTable;
  chat_report_days: ChatReportDaysTable;
  agent_presence: AgentPresenceTable;
  chat_routing: ChatRoutingTable;
  installation_locks: InstallationLocksTable;
  integrations: IntegrationsTable;
  deliveries: DeliveriesTable;
  delivery_attempts: DeliveryAttemptsTable;
  monitor_share_links: MonitorShareLinksTable;
  monitor_layouts: MonitorLayoutsTable;
  canned_responses: CannedResponsesTable;
  labels: LabelsTable;
  security_settings: SecuritySettingsTable;
  password_history: PasswordHistoryTable;
  password_tickets: PasswordTicketsTable;
  api_tokens: ApiTokensTable;
}

export type TableName = keyof Database;

/** A label a chat carries (migration 0028): its `labels` array as rows, for lists by label. */
export interface ChatLabelsTable {
  account_id: string;
  label_id: string;
  chat_id: string;
}

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
  max_concurrent_chats: number | null;
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

/** The figures of a settled local day of a time zone (`encodeDay` of core/src/reports/chat-report.ts). */
export interface ChatReportDaysTable {
  account_id: string;
  time_zone: string;
  day: string;
  figures: Uint8Array;
}

export interface ChatsTable {
  id: string;
  account_id: string;
  widget_id: string;
  kind: string;
  status: string;
  agent_id: string | null;
  /** JSON of `Visitor`. */
  visitor: string;
  /** `Visitor.key` again, indexed (migration 0025). */
  visitor_key: string | null;
  question: string;
  /** 1 when the visitor answered a proactive invitation, else 0. */
  proactive: number;
  visitor_token_hash: string;
  created_at: string;
  queued_at: string | null;
  assigned_at: string | null;
  first_agent_reply_at: string | null;
  closed_at: string | null;
  closed_by: string | null;
  closed_by_user_id: string | null;
  /** JSON of `ChatTransfer[]`. */
  transfers: string;
  /** JSON array of label ids, sorted. */
  labels: string;
  /** The visitor's survey: all three NULL until they answer. */
  survey_score: number | null;
  survey_comment: string | null;
  survey_at: string | null;
  /** When and by whom an offline request was marked handled: both NULL while it is not. */
  handled_at: string | null;
  handled_by: string | null;
  last_seq: number;
  updated_at: string;
  version: number;
}

export interface ChatEventsTable {
  chat_id: string;
  seq: number;
  id: string;
  account_id: string;
  type: string;
  at: string;
  /** JSON of `ChatAuthor`, or null. */
  author: string | null;
  text: string | null;
  /** JSON object. */
  data: string;
  /** The client's key for a message, unique per chat (NULL when none was sent). */
  client_message_id: string | null;
}

export interface AgentPresenceTable {
  account_id: string;
  user_id: string;
  status: string;
  since: string;
  last_assigned_at: string | null;
  reason: string | null;
  version: number;
}

/** One row per account; locked by routing transactions on MySQL. */
export interface ChatRoutingTable {
  account_id: string;
}

/** Named installation-wide locks, taken by writing the row (MySQL). */
export interface InstallationLocksTable {
  name: string;
}

export interface IntegrationsTable {
  widget_id: string;
  kind: string;
  account_id: string;
  /** JSON of the integration's settings (its secrets already sealed by the core). */
  settings: string;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface DeliveriesTable {
  id: string;
  account_id: string;
  widget_id: string;
  target: string;
  event_type: string;
  /** JSON object. */
  payload: string;
  status: string;
  attempts: number;
  next_attempt_at: string | null;
  last_error: string | null;
  last_status: number | null;
  claimed_by: string | null;
  claim_until: string | null;
  created_at: string;
  updated_at: string;
}

export interface DeliveryAttemptsTable {
  id: string;
  delivery_id: string;
  account_id: string;
  started_at: string;
  latency_ms: number;
  status: number | null;
  /** 0 or 1. */
  ok: number;
  error: string | null;
  response_snippet: string | null;
  worker_id: string;
}

/** Chat monitor share links (see migration 0005); only the token's SHA-256 is stored. */
export interface MonitorShareLinksTable {
  id: string;
  account_id: string;
  token_hash: string;
  label: string;
  /** JSON array of widget ids, or null for every widget of the account. */
  widget_ids: string | null;
  created_at: string;
  created_by: string;
  expires_at: string | null;
  revoked_at: string | null;
  revoked_by: string | null;
}

/** One row per (account, user): their widget order on the multi monitor. */
export interface MonitorLayoutsTable {
  account_id: string;
  user_id: string;
  /** JSON array of widget ids, top first. */
  widget_ids: string;
  updated_at: string;
  version: number;
}

export interface SecuritySettingsTable {
  account_id: string;
  /** JSON of `SecuritySettings`. */
  settings: string;
  passwords_expired_at: string | null;
  updated_at: string;
  version: number;
}

export interface PasswordHistoryTable {
  id: string;
  account_id: string;
  user_id: string;
  password_hash: string;
  set_at: string;
}

export interface PasswordTicketsTable {
  token_hash: string;
  purpose: string;
  user_id: string;
  account_id: string;
  created_at: string;
  expires_at: string;
}

export interface CannedResponsesTable {
  id: string;
  account_id: string;
  /** The widget id, or '' for an account-wide response (never NULL, so the unique key covers both). */
  scope: string;
  widget_id: string | null;
  shortcut: string;
  title: string;
  text: string;
  /** `shortcut`, `title` and `text`, lower-cased, for the substring search. */
  search_text: string;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface LabelsTable {
  id: string;
  account_id: string;
  name: string;
  /** The lower-cased name (`labelNameKey`), unique per account. */
  name_key: string;
  color: string;
  created_at: string;
  updated_at: string;
  version: number;
}

/** API tokens of the compatible APIs (see migration 0015); only the secret's SHA-256 is stored. */
export interface ApiTokensTable {
  id: string;
  account_id: string;
  token_hash: string;
  label: string;
  created_at: string;
  created_by: string;
  last_used_at: string | null;
  /** `read` or `full` (tokens made before scopes existed are `full`). */
  scope: string;
  expires_at: string | null;
}
