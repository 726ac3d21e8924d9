import { diff } from '../audit/diff.js';
import { consoleSchemas, type LabelCreateInput, type LabelPatchInput } from '../console/console-validation.js';
import { forbidden, notFound, ParleyError } from '../errors.js';
import type { AuditActor, AuditEntry } from '../model/audit.js';
import type { Label } from '../model/label.js';
import type { Id } from '../model/types.js';
import { canManage } from '../model/user.js';
import { StorageConflictError, type Repositories } from '../ports/storage.js';
import { isoNow } from '../ports/system.js';
import { parseInput } from '../validation.js';
import { appendAudit, type AuditService, type RevertTarget } from './audit-service.js';
import { actorOf, commit, type CoreDeps, type Emit, type Principal, lostRace } from '../runtime/context.js';
import { expectVersion } from './shared.js';

/** The audited view of a label. */
export const labelView = (l: Label) => ({ name: l.name, color: l.color });

/** Runs a write whose unique name may collide, as the `label_name_taken` problem. */
const guardName = async <T>(write: () => Promise<T>): Promise<T> => {
  try {
    return await write();
  } catch (e) {
    if (e instanceof StorageConflictError && e.constraint === 'labels.name')
      throw new ParleyError('label_name_taken', 'The account already has a label of this name.', {
        details: [{ path: '/name', code: 'label_name_taken', message: 'Already used (names are compared without regard to case).' }],
      });
    throw e;
  }
};

const labelEvent = (type: string, l: Label, at: string) => ({
  type,
  accountId: l.accountId,
  topics: [`account:${l.accountId}`],
  at,
  data: { labelId: l.id },
});

/**
 * The account's chat labels. Owners and admins define them (audited, revertible like widget settings);
 * every user reads them. Putting labels on a chat is `ChatService.setLabels`.
 */
export class LabelService {
  constructor(
    private readonly deps: CoreDeps,
    audit: AuditService,
  ) {
    audit.registerRevertTarget(this.target);
  }

  async list(p: Principal): Promise<Label[]> {
    return this.deps.storage.read((r) => r.labels.list(p.accountId));
  }

  async get(p: Principal, id: Id): Promise<Label> {
    const l = await this.deps.storage.read((r) => r.labels.get(p.accountId, id));
    if (!l) throw notFound('Label');
    return l;
  }

  async create(p: Principal, input: LabelCreateInput): Promise<Label> {
    const data = parseInput(consoleSchemas.labelCreate, input);
    if (!canManage(p.role)) throw forbidden('Only owners and admins can define labels.');
    const now = isoNow(this.deps.clock);
    const label: Label = {
      id: this.deps.ids.next(),
      accountId: p.accountId,
      name: data.name,
      color: data.color,
      createdAt: now,
      updatedAt: now,
      version: 1,
    };
    await commit(this.deps, async (tx, emit) => {
      await guardName(() => tx.labels.insert(label));
      await appendAudit(tx, this.deps, p.accountId, actorOf(p), {
        type: 'label',
        action: 'label.created',
        targetType: 'label',
        targetId: label.id,
        widgetId: null,
        changes: diff({}, labelView(label)),
      });
      emit(labelEvent('label.created', label, now));
    });
    return label;
  }

  async update(p: Principal, id: Id, patch: LabelPatchInput, expectedVersion?: number): Promise<Label> {
    const data = parseInput(consoleSchemas.labelPatch, patch);
    if (!canManage(p.role)) throw forbidden('Only owners and admins can change labels.');
    return commit(this.deps, async (tx, emit) => {
      const cur = await tx.labels.get(p.accountId, id);
      if (!cur) throw notFound('Label');
      const version = expectVersion(cur, expectedVersion ?? data.version);
      const next: Label = { ...cur, name: data.name ?? cur.name, color: data.color ?? cur.color };
      return (await this.save(tx, actorOf(p), cur, next, version, null, emit)).label;
    });
  }

  /** Deletes the definition; chats that carry it keep its id, which no longer resolves to a name. */
  async delete(p: Principal, id: Id): Promise<void> {
    if (!canManage(p.role)) throw forbidden('Only owners and admins can delete labels.');
    await commit(this.deps, async (tx, emit) => {
      const cur = await tx.labels.get(p.accountId, id);
      if (!cur) throw notFound('Label');
      await tx.labels.delete(p.accountId, id);
      await appendAudit(tx, this.deps, p.accountId, actorOf(p), {
        type: 'label',
        action: 'label.deleted',
        targetType: 'label',
        targetId: id,
        widgetId: null,
        changes: diff(labelView(cur), {}),
      });
      emit(labelEvent('label.deleted', cur, isoNow(this.deps.clock)));
    });
  }

  private async save(
    tx: Repositories,
    actor: AuditActor,
    cur: Label,
    next: Label,
    version: number,
    revertOf: Id | null,
    emit: Emit,
  ): Promise<{ label: Label; entry: AuditEntry | null }> {
    const changes = diff(labelView(cur), labelView(next));
    if (changes.length === 0) return { label: cur, entry: null };
    const now = isoNow(this.deps.clock);
    const saved: Label = { ...next, updatedAt: now, version: version + 1 };
    if (!(await guardName(() => tx.labels.update(saved, version)))) throw lostRace();
    const entry = await appendAudit(tx, this.deps, cur.accountId, actor, {
      type: 'label',
      action: 'label.updated',
      targetType: 'label',
      targetId: cur.id,
      widgetId: null,
      changes,
      revertOf,
    });
    emit(labelEvent('label.updated', saved, now));
    return { label: saved, entry };
  }

  private readonly target: RevertTarget = {
    targetType: 'label',
    load: async (tx, accountId, id) => {
      const l = await tx.labels.get(accountId, id);
      return l ? { view: labelView(l), version: l.version } : null;
    },
    apply: async (tx, p, id, view, version, revertOf, emit) => {
      if (!canManage(p.role)) throw forbidden('Only owners and admins can change labels.');
      const cur = await tx.labels.get(p.accountId, id);
      if (!cur) throw notFound('Label');
      const v = view as ReturnType<typeof labelView>;
      return (await this.save(tx, actorOf(p), cur, { ...cur, name: v.name, color: v.color }, version, revertOf, emit)).entry;
    },
  };
}
