import type { Id, Instant } from './types.js';

export const AUDIT_TYPES = [
  'account',
  'widget',
  'permissions',
  'security',
  'integration',
  'monitor',
  'canned_response',
  'label',
  'agent',
] as const;
export type AuditType = (typeof AUDIT_TYPES)[number];

/**
 * One changed field. `path` is an RFC 6901 JSON Pointer into the changed object
 * (`/settings/offlineForm/enabled`); arrays are compared and recorded whole.
 * A missing `from` means the field did not exist before; a missing `to` means it was removed.
 * A redacted change (secrets) carries neither value, only `redacted: true`.
 */
export interface FieldChange {
  readonly path: string;
  readonly from?: unknown;
  readonly to?: unknown;
  readonly redacted?: true;
}

export interface AuditActor {
  /** A signed-in user, Parley itself, or an account API token (a script calling the compatible APIs). */
  readonly kind: 'user' | 'system' | 'api_token';
  readonly userId: Id | null;
  readonly email: string | null;
  readonly ip: string | null;
  readonly userAgent: string | null;
  /** For `api_token`: the token's id (never its secret). */
  readonly apiTokenId?: Id;
}

export const SYSTEM_ACTOR: AuditActor = { kind: 'system', userId: null, email: null, ip: null, userAgent: null };

/** What a service hands to the audit log; sequence and hashes are added when it is appended. */
export interface AuditDraft {
  readonly type: AuditType;
  /** What happened, `<target>.<verb>`: `widget.updated`, `user.role_changed`, `audit.reverted`... */
  readonly action: string;
  readonly targetType: string;
  readonly targetId: Id;
  readonly widgetId: Id | null;
  readonly changes: readonly FieldChange[];
  /** The entry this one reverts, if it is a revert. */
  readonly revertOf?: Id | null;
}

export interface AuditEntry extends AuditDraft {
  readonly id: Id;
  readonly accountId: Id;
  /** 1, 2, 3... per account, with no gaps: the order of the hash chain and of paging. */
  readonly seq: number;
  readonly createdAt: Instant;
  readonly actor: AuditActor;
  readonly revertOf: Id | null;
  /** Whether `POST /audit/:id/revert` can apply to this entry at all. */
  readonly revertible: boolean;
  readonly prevHash: string;
  readonly hash: string;
}

/** The tip of an account's chain, and the anchor left by retention purges. */
export interface AuditHead {
  readonly accountId: Id;
  readonly seq: number;
  readonly hash: string;
  /** Entries up to `anchorSeq` were purged; the first remaining entry must follow `anchorHash`. */
  readonly anchorSeq: number;
  readonly anchorHash: string;
}

/** All given conditions must hold. `from` and `to` are both inclusive bounds on `createdAt`. */
export interface AuditFilter {
  readonly from?: Instant;
  readonly to?: Instant;
  /** Any of these types (non-empty when given). */
  readonly types?: readonly AuditType[];
  readonly widgetId?: Id;
  readonly actorId?: Id;
  /** Entries by this kind of actor: people, Parley itself (the CLI, timed jobs, automatic deactivation), or API tokens. */
  readonly actorKind?: AuditActor['kind'];
}

/** The hash an account's chain starts from. */
export const GENESIS_HASH = '0'.repeat(64);
