import {
  defaultAccountSettings,
  defaultWidgetSettings,
  type Account,
  type AuditEntry,
  type AuditHead,
  type Session,
  type User,
  type Widget,
} from '@parley/core';
import type { AccountsTable, AuditEntriesTable, AuditHeadsTable, SessionsTable, UsersTable, WidgetsTable } from './schema.js';

/**
 * Rows to domain objects and back. Numbers are passed through `Number()` because drivers may hand
 * back BIGINT and COUNT results as other types; JSON text is parsed; 0/1 become booleans.
 */

const json = (text: string): unknown => JSON.parse(text);

export const accountToRow = (a: Account): AccountsTable => ({
  id: a.id,
  name: a.name,
  plan: a.plan,
  settings: JSON.stringify(a.settings),
  created_at: a.createdAt,
  updated_at: a.updatedAt,
  version: a.version,
});

export const accountFromRow = (r: AccountsTable): Account => ({
  id: r.id,
  name: r.name,
  plan: r.plan as Account['plan'],
  // Settings added after an account was saved read as their defaults until it is saved again.
  settings: { ...defaultAccountSettings(), ...(json(r.settings) as Partial<Account['settings']>) },
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  version: Number(r.version),
});

export const userToRow = (u: User): UsersTable => ({
  id: u.id,
  account_id: u.accountId,
  email: u.email,
  name: u.name,
  role: u.role,
  status: u.status,
  password_hash: u.passwordHash,
  password_changed_at: u.passwordChangedAt,
  last_login_at: u.lastLoginAt,
  failed_login_count: u.failedLoginCount,
  locked_until: u.lockedUntil,
  max_concurrent_chats: u.maxConcurrentChats ?? null,
  created_at: u.createdAt,
  updated_at: u.updatedAt,
  version: u.version,
});

export const userFromRow = (r: UsersTable): User => ({
  id: r.id,
  accountId: r.account_id,
  email: r.email,
  name: r.name,
  role: r.role as User['role'],
  status: r.status as User['status'],
  passwordHash: r.password_hash,
  passwordChangedAt: r.password_changed_at,
  lastLoginAt: r.last_login_at,
  failedLoginCount: Number(r.failed_login_count),
  lockedUntil: r.locked_until,
  maxConcurrentChats: r.max_concurrent_chats === null ? null : Number(r.max_concurrent_chats),
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  version: Number(r.version),
});

export const sessionToRow = (s: Session): SessionsTable => ({
  token_hash: s.tokenHash,
  user_id: s.userId,
  account_id: s.accountId,
  created_at: s.createdAt,
  expires_at: s.expiresAt,
  ip: s.ip,
  user_agent: s.userAgent,
});

export const sessionFromRow = (r: SessionsTable): Session => ({
  tokenHash: r.token_hash,
  userId: r.user_id,
  accountId: r.account_id,
  createdAt: r.created_at,
  expiresAt: r.expires_at,
  ip: r.ip,
  userAgent: r.user_agent,
});

export const widgetToRow = (w: Widget): WidgetsTable => ({
  id: w.id,
  account_id: w.accountId,
  name: w.name,
  settings: JSON.stringify(w.settings),
  agent_ids: JSON.stringify(w.agentIds),
  created_at: w.createdAt,
  updated_at: w.updatedAt,
  version: w.version,
});

export const widgetFromRow = (r: WidgetsTable): Widget => ({
  id: r.id,
  accountId: r.account_id,
  name: r.name,
  // Settings added after a widget was saved read as their defaults until the widget is saved again.
  settings: { ...defaultWidgetSettings(), ...(json(r.settings) as Partial<Widget['settings']>) },
  agentIds: json(r.agent_ids) as Widget['agentIds'],
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  version: Number(r.version),
});

export const auditEntryToRow = (e: AuditEntry): AuditEntriesTable => ({
  id: e.id,
  account_id: e.accountId,
  seq: e.seq,
  created_at: e.createdAt,
  type: e.type,
  action: e.action,
  target_type: e.targetType,
  target_id: e.targetId,
  widget_id: e.widgetId ?? null,
  actor_id: e.actor.userId ?? null,
  actor: JSON.stringify(e.actor),
  changes: JSON.stringify(e.changes),
  revert_of: e.revertOf ?? null,
  revertible: e.revertible ? 1 : 0,
  prev_hash: e.prevHash,
  hash: e.hash,
});

export const auditEntryFromRow = (r: AuditEntriesTable): AuditEntry => ({
  id: r.id,
  accountId: r.account_id,
  seq: Number(r.seq),
  createdAt: r.created_at,
  actor: json(r.actor) as AuditEntry['actor'],
  type: r.type as AuditEntry['type'],
  action: r.action,
  targetType: r.target_type,
  targetId: r.target_id,
  widgetId: r.widget_id,
  changes: json(r.changes) as AuditEntry['changes'],
  revertOf: r.revert_of,
  revertible: Number(r.revertible) === 1,
  prevHash: r.prev_hash,
  hash: r.hash,
});

export const auditHeadFromRow = (r: AuditHeadsTable): AuditHead => ({
  accountId: r.account_id,
  seq: Number(r.seq),
  hash: r.hash,
  anchorSeq: Number(r.anchor_seq),
  anchorHash: r.anchor_hash,
});
