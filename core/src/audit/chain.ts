import type { AuditEntry } from '../model/audit.js';

/**
 * Canonical JSON: object keys sorted, no whitespace, `undefined` keys dropped. The same value always
 * gives the same text on every adapter, which the hash chain relies on.
 */
export const canonicalJson = (value: unknown): string => {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const rec = value as Record<string, unknown>;
  const keys = Object.keys(rec)
    .filter((k) => rec[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(rec[k])}`).join(',')}}`;
};

/** The text an entry's hash is computed over: every field but the hash itself. */
export const chainedText = (entry: Omit<AuditEntry, 'hash'>): string =>
  canonicalJson({
    v: 1,
    id: entry.id,
    accountId: entry.accountId,
    seq: entry.seq,
    createdAt: entry.createdAt,
    actor: entry.actor,
    type: entry.type,
    action: entry.action,
    targetType: entry.targetType,
    targetId: entry.targetId,
    widgetId: entry.widgetId,
    changes: entry.changes,
    revertOf: entry.revertOf,
    revertible: entry.revertible,
    prevHash: entry.prevHash,
  });
