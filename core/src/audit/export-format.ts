import type { AuditEntry } from '../model/audit.js';

/** The CSV columns of an audit export: one row per changed field, so a spreadsheet can filter on it. */
export const AUDIT_CSV_COLUMNS = [
  'entry_id',
  'seq',
  'created_at',
  'type',
  'action',
  'actor_kind',
  'actor_id',
  'actor_email',
  'actor_ip',
  'actor_user_agent',
  'target_type',
  'target_id',
  'widget_id',
  'path',
  'from',
  'to',
  'redacted',
  'revert_of',
  'revertible',
  'hash',
] as const;

/**
 * One CSV cell (RFC 4180 quoting). A cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab
 * or carriage return first) gets a leading `'` so it is shown as text (OWASP CSV injection).
 */
export const csvCell = (value: unknown): string => {
  let s = value === null || value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

export const csvLine = (cells: readonly unknown[]): string => `${cells.map(csvCell).join(',')}\r\n`;

/** The CSV lines of one entry (at least one, even when it changed no field). */
export const auditEntryCsv = (e: AuditEntry): string => {
  const base = [
    e.id,
    e.seq,
    e.createdAt,
    e.type,
    e.action,
    e.actor.kind,
    e.actor.userId,
    e.actor.email,
    e.actor.ip,
    e.actor.userAgent,
    e.targetType,
    e.targetId,
    e.widgetId,
  ];
  const tail = [e.revertOf, e.revertible, e.hash];
  const changes = e.changes.length ? e.changes : [null];
  return changes
    .map((c) =>
      csvLine([...base, c?.path ?? '', c && 'from' in c ? c.from : '', c && 'to' in c ? c.to : '', c?.redacted ? 'true' : '', ...tail]),
    )
    .join('');
};

/** One JSON Lines record per entry. */
export const auditEntryJsonl = (e: AuditEntry): string => `${JSON.stringify(e)}\n`;
