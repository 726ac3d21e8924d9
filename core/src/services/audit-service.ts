import { chainedText } from '../audit/chain.js';
import { driftedSince, redactChanges, revertChanges, secretKeysOf } from '../audit/diff.js';
import { notFound, ParleyError, forbidden } from '../errors.js';
import type { AuditActor, AuditDraft, AuditEntry, AuditFilter, AuditType } from '../model/audit.js';
import { AUDIT_TYPES, GENESIS_HASH } from '../model/audit.js';
import type { Id, Page } from '../model/types.js';
import { canManage, canSupervise } from '../model/user.js';
import type { Repositories } from '../ports/storage.js';
import { isoNow } from '../ports/system.js';
import { parseInput, schemas } from '../validation.js';
import type { AuditQuery } from '../validation.js';
import type { CoreDeps, Principal } from '../runtime/context.js';
import { commit, type Emit } from '../runtime/context.js';

/** Actions whose entries can be reverted, when none of their changes is redacted. */
const REVERTIBLE_ACTIONS = new Set([
  'account.updated',
  'widget.updated',
  'widget.agents_changed',
  'user.updated',
  'user.role_changed',
  'user.deactivated',
  'user.reactivated',
  'security.updated',
  'canned_response.updated',
  'label.updated',
]);

/**
 * Appends an entry to the account's audit chain inside the caller's transaction, so the change and its
 * entry commit together. Secret values are redacted before anything is written.
 */
export const appendAudit = async (
  tx: Repositories,
  deps: Pick<CoreDeps, 'clock' | 'ids' | 'crypto'>,
  accountId: Id,
  actor: AuditActor,
  draft: AuditDraft,
): Promise<AuditEntry> => {
  const head = await tx.audit.lockHead(accountId);
  if (!head) throw notFound('Account');
  const changes = redactChanges(draft.changes, secretKeysOf(draft.targetType));
  // Time never goes back along the chain, even if the clock does: seq order is time order.
  const [previous] = head.seq > head.anchorSeq ? await tx.audit.scan(accountId, head.seq - 1, 1) : [];
  const now = isoNow(deps.clock);
  const unhashed: Omit<AuditEntry, 'hash'> = {
    id: deps.ids.next(),
    accountId,
    seq: head.seq + 1,
    createdAt: previous && previous.createdAt > now ? previous.createdAt : now,
    actor,
    type: draft.type,
    action: draft.action,
    targetType: draft.targetType,
    targetId: draft.targetId,
    widgetId: draft.widgetId,
    changes,
    revertOf: draft.revertOf ?? null,
    revertible: REVERTIBLE_ACTIONS.has(draft.action) && changes.length > 0 && changes.every((c) => !c.redacted),
    prevHash: head.hash,
  };
  const entry: AuditEntry = { ...unhashed, hash: deps.crypto.sha256(chainedText(unhashed)) };
  await tx.audit.append(entry);
  return entry;
};

/**
 * Something whose audited view can be written back by a revert. Each service that records revertible
 * entries registers one, so a revert goes through the same checks and audit path as a normal edit.
 */
export interface RevertTarget {
  readonly targetType: string;
  /** The audited view of the target (the object the entry's paths point into). */
  load(tx: Repositories, accountId: Id, targetId: Id): Promise<{ view: unknown; version: number } | null>;
  /**
   * Writes `view` back as `principal` through the service's own checks, appending an entry with
   * `revertOf`; null when there was nothing to write.
   */
  apply(
    tx: Repositories,
    principal: Principal,
    targetId: Id,
    view: unknown,
    version: number,
    revertOf: Id,
    emit: Emit,
  ): Promise<AuditEntry | null>;
}

export interface VerifyResult {
  readonly intact: boolean;
  readonly checked: number;
  /** The last entry of the chain (or the anchor when nothing remains). */
  readonly headSeq: number;
  /** The first entry that does not verify, and why. */
  readonly firstBroken: { readonly id: Id | null; readonly seq: number; readonly reason: string } | null;
}

const parseTypes = (raw: string | undefined): AuditType[] | undefined => {
  if (!raw) return undefined;
  const types = raw.split(',').map((t) => t.trim());
  const bad = types.filter((t) => !(AUDIT_TYPES as readonly string[]).includes(t));
  if (bad.length)
    throw new ParleyError('validation_failed', 'Unknown audit type.', {
      details: [{ path: '/type', code: 'invalid_value', message: `Unknown type ${bad.join(', ')}; use ${AUDIT_TYPES.join(', ')}.` }],
    });
  return types as AuditType[];
};

/** Reading, exporting, reverting and verifying the audit log. */
export class AuditService {
  private readonly targets = new Map<string, RevertTarget>();

  constructor(private readonly deps: CoreDeps) {}

  registerRevertTarget(target: RevertTarget): void {
    this.targets.set(target.targetType, target);
  }

  private assertReader(p: Principal): void {
    if (!canSupervise(p.role)) throw forbidden('Only owners, admins and supervisors can read the audit log.');
  }

  /** Validates a query into a filter (also used by export). */
  filterOf(query: AuditQuery): { filter: AuditFilter; beforeSeq: number | null; limit: number } {
    const q = parseInput(schemas.auditQuery, query);
    const types = parseTypes(q.type);
    const filter: AuditFilter = {
      ...(q.from ? { from: new Date(q.from).toISOString() } : {}),
      ...(q.to ? { to: new Date(q.to).toISOString() } : {}),
      ...(types ? { types } : {}),
      ...(q.widgetId ? { widgetId: q.widgetId } : {}),
      ...(q.actorId ? { actorId: q.actorId } : {}),
      ...(q.actorKind ? { actorKind: q.actorKind } : {}),
    };
    return { filter, beforeSeq: q.cursor ? Number(q.cursor) : null, limit: q.limit };
  }

  /** Newest first; `nextCursor` continues below the last entry, however many arrive meanwhile. */
  async list(p: Principal, query: AuditQuery): Promise<Page<AuditEntry>> {
    this.assertReader(p);
    const { filter, beforeSeq, limit } = this.filterOf(query);
    const rows = await this.deps.storage.read((r) => r.audit.list(p.accountId, filter, beforeSeq, limit + 1));
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    return { items, nextCursor: rows.length > limit && last ? String(last.seq) : null };
  }

  async get(p: Principal, id: Id): Promise<AuditEntry> {
    this.assertReader(p);
    const e = await this.deps.storage.read((r) => r.audit.get(p.accountId, id));
    if (!e) throw notFound('Audit entry');
    return e;
  }

  /** Every entry matching the filter, newest first, fetched in batches: memory stays flat. */
  async *export(p: Principal, query: Omit<AuditQuery, 'cursor' | 'limit'>, batchSize = 1000): AsyncGenerator<AuditEntry> {
    this.assertReader(p);
    const { filter } = this.filterOf({ ...query, limit: 1 });
    let before: number | null = null;
    for (;;) {
      const rows: AuditEntry[] = await this.deps.storage.read((r) => r.audit.list(p.accountId, filter, before, batchSize));
      for (const e of rows) yield e;
      if (rows.length < batchSize) return;
      before = rows[rows.length - 1]!.seq;
    }
  }

  /**
   * Restores the `from` values of an entry when the target still holds its `to` values; otherwise
   * `revert_conflict` listing the fields changed since, and nothing is written. Owners and admins only
   * (each target checks its own rules too); anyone else gets `forbidden` whether or not the entry exists.
   */
  async revert(p: Principal, entryId: Id): Promise<AuditEntry> {
    // Before any lookup: otherwise 404 against 409 would tell someone who may not revert which entries exist.
    if (!canManage(p.role)) throw forbidden('Only owners and admins can revert audit entries.');
    return commit(this.deps, async (tx, emit) => {
      const entry = await tx.audit.get(p.accountId, entryId);
      if (!entry) throw notFound('Audit entry');
      const target = this.targets.get(entry.targetType);
      if (!entry.revertible || !target) throw new ParleyError('not_revertible', 'This entry cannot be reverted.', { meta: { entryId } });
      const current = await target.load(tx, p.accountId, entry.targetId);
      if (!current) throw new ParleyError('not_revertible', 'What this entry changed no longer exists.', { meta: { entryId } });
      const drifted = driftedSince(current.view, entry.changes);
      if (drifted.length)
        throw new ParleyError('revert_conflict', 'These fields changed after the entry; revert would overwrite them.', {
          details: drifted.map((c) => ({ path: c.path, code: 'changed_since', message: `${c.path} changed since this entry.` })),
          meta: { fields: drifted.map((c) => c.path) },
        });
      const applied = await target.apply(
        tx,
        p,
        entry.targetId,
        revertChanges(current.view, entry.changes),
        current.version,
        entry.id,
        emit,
      );
      if (!applied) throw new ParleyError('not_revertible', 'There is nothing to revert: the values are already as before.');
      return applied;
    });
  }

  /** Walks the chain from the anchor to the head, recomputing every hash. */
  async verify(p: Principal): Promise<VerifyResult> {
    this.assertReader(p);
    return this.verifyAccount(p.accountId);
  }

  async verifyAccount(accountId: Id, batchSize = 2000): Promise<VerifyResult> {
    const head = await this.deps.storage.read((r) => r.audit.head(accountId));
    if (!head) throw notFound('Account');
    let prevSeq = head.anchorSeq;
    let prevHash = head.anchorSeq === 0 ? GENESIS_HASH : head.anchorHash;
    let checked = 0;
    const broken = (id: Id | null, seq: number, reason: string): VerifyResult => ({
      intact: false,
      checked,
      headSeq: head.seq,
      firstBroken: { id, seq, reason },
    });
    for (;;) {
      const rows = await this.deps.storage.read((r) => r.audit.scan(accountId, prevSeq, batchSize));
      for (const e of rows) {
        // The missing entry's id is unknown: report its seq alone, as for entries missing at the end.
        if (e.seq !== prevSeq + 1) return broken(null, prevSeq + 1, `entry ${prevSeq + 1} is missing`);
        if (e.prevHash !== prevHash) return broken(e.id, e.seq, 'does not follow the previous entry');
        const { hash, ...rest } = e;
        if (!this.deps.crypto.safeEqual(this.deps.crypto.sha256(chainedText(rest)), hash))
          return broken(e.id, e.seq, 'content does not match its hash');
        prevSeq = e.seq;
        prevHash = e.hash;
        checked++;
      }
      if (rows.length < batchSize) break;
    }
    if (prevSeq !== head.seq) return broken(null, prevSeq + 1, `entries up to ${head.seq} are missing`);
    if (prevHash !== head.hash) return broken(null, head.seq, 'the last entry does not match the chain head');
    return { intact: true, checked, headSeq: head.seq, firstBroken: null };
  }

  /** Applies the account's retention setting; returns how many entries were purged. */
  async applyRetention(accountId: Id): Promise<number> {
    return this.deps.storage.transaction(async (tx) => {
      const account = await tx.accounts.get(accountId);
      const days = account?.settings.auditRetentionDays;
      if (!account || !days) return 0;
      const cutoff = new Date(this.deps.clock.now().getTime() - days * 86_400_000).toISOString();
      return tx.audit.purgeBefore(accountId, cutoff);
    });
  }

  /** Retention for every account (the host runs this periodically). */
  async applyRetentionAll(): Promise<number> {
    const ids = await this.deps.storage.read((r) => r.accounts.listIds());
    let n = 0;
    for (const id of ids) n += await this.applyRetention(id);
    return n;
  }
}
