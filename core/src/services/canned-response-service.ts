import { diff } from '../audit/diff.js';
import { consoleSchemas, type CannedCreateInput, type CannedPatchInput, type CannedQuery } from '../console/console-validation.js';
import { forbidden, notFound, ParleyError, validationFailed } from '../errors.js';
import type { AuditActor, AuditEntry } from '../model/audit.js';
import type { CannedResponse } from '../model/canned-response.js';
import type { Id, Page } from '../model/types.js';
import { canManage, canSupervise } from '../model/user.js';
import type { CannedResponseFilter } from '../ports/console-storage.js';
import { StorageConflictError, type Repositories } from '../ports/storage.js';
import { isoNow } from '../ports/system.js';
import { parseInput } from '../validation.js';
import { appendAudit, type AuditService, type RevertTarget } from './audit-service.js';
import { actorOf, commit, type CoreDeps, type Emit, type Principal, lostRace } from '../runtime/context.js';
import { expectVersion, pageOf } from './shared.js';

/** The audited view of a canned response. */
export const cannedResponseView = (r: CannedResponse) => ({ shortcut: r.shortcut, title: r.title, text: r.text, widgetId: r.widgetId });

const shortcutTaken = (): ParleyError =>
  new ParleyError('shortcut_taken', 'This shortcut is already used in the same scope (the widget, or the whole account).', {
    details: [{ path: '/shortcut', code: 'shortcut_taken', message: 'Already used in this scope.' }],
  });

/** Runs a write whose unique shortcut may collide, as the `shortcut_taken` problem. */
const guardShortcut = async <T>(write: () => Promise<T>): Promise<T> => {
  try {
    return await write();
  } catch (e) {
    if (e instanceof StorageConflictError && e.constraint === 'canned_responses.shortcut') throw shortcutTaken();
    throw e;
  }
};

const cannedEvent = (type: string, r: CannedResponse, at: string) => ({
  type,
  accountId: r.accountId,
  topics: [`account:${r.accountId}`],
  at,
  data: { cannedResponseId: r.id, widgetId: r.widgetId },
});

/**
 * Canned responses of the agent console. Owners and admins write them (audited, revertible like widget
 * settings); every agent reads the account-wide ones and those of the widgets they serve; supervisors and up
 * read all.
 */
export class CannedResponseService {
  constructor(
    private readonly deps: CoreDeps,
    audit: AuditService,
  ) {
    audit.registerRevertTarget(this.target);
  }

  /** A page by id; `q` finds text in the shortcut, title or text; `widgetId` keeps what that widget's chats can use. */
  async list(p: Principal, query: CannedQuery): Promise<Page<CannedResponse>> {
    const q = parseInput(consoleSchemas.cannedQuery, query);
    return this.deps.storage.read(async (r) => {
      let scope: CannedResponseFilter['scope'] = q.widgetId ? { accountWide: true, widgetIds: [q.widgetId] } : undefined;
      if (!canSupervise(p.role)) {
        const mine = (await r.widgets.listByAgent(p.accountId, p.userId)).map((w) => w.id);
        scope = { accountWide: true, widgetIds: scope ? scope.widgetIds.filter((id) => mine.includes(id)) : mine };
      }
      const text = q.q?.trim();
      return r.cannedResponses.list(p.accountId, { ...(scope ? { scope } : {}), ...(text ? { q: text } : {}) }, pageOf(q));
    });
  }

  async get(p: Principal, id: Id): Promise<CannedResponse> {
    return this.deps.storage.read(async (r) => {
      const found = await r.cannedResponses.get(p.accountId, id);
      if (!found || !(await this.mayRead(r, p, found))) throw notFound('Canned response');
      return found;
    });
  }

  async create(p: Principal, input: CannedCreateInput): Promise<CannedResponse> {
    const data = parseInput(consoleSchemas.cannedCreate, input);
    if (!canManage(p.role)) throw forbidden('Only owners and admins can write canned responses.');
    const now = isoNow(this.deps.clock);
    const response: CannedResponse = {
      id: this.deps.ids.next(),
      accountId: p.accountId,
      shortcut: data.shortcut,
      title: data.title,
      text: data.text,
      widgetId: data.widgetId ?? null,
      createdAt: now,
      updatedAt: now,
      version: 1,
    };
    await commit(this.deps, async (tx, emit) => {
      await this.assertWidget(tx, p.accountId, response.widgetId);
      await guardShortcut(() => tx.cannedResponses.insert(response));
      await appendAudit(tx, this.deps, p.accountId, actorOf(p), {
        type: 'canned_response',
        action: 'canned_response.created',
        targetType: 'canned_response',
        targetId: response.id,
        widgetId: response.widgetId,
        changes: diff({}, cannedResponseView(response)),
      });
      emit(cannedEvent('canned_response.created', response, now));
    });
    return response;
  }

  async update(p: Principal, id: Id, patch: CannedPatchInput, expectedVersion?: number): Promise<CannedResponse> {
    const data = parseInput(consoleSchemas.cannedPatch, patch);
    if (!canManage(p.role)) throw forbidden('Only owners and admins can change canned responses.');
    return commit(this.deps, async (tx, emit) => {
      const cur = await tx.cannedResponses.get(p.accountId, id);
      if (!cur) throw notFound('Canned response');
      const version = expectVersion(cur, expectedVersion ?? data.version);
      const next: CannedResponse = {
        ...cur,
        shortcut: data.shortcut ?? cur.shortcut,
        title: data.title ?? cur.title,
        text: data.text ?? cur.text,
        widgetId: data.widgetId === undefined ? cur.widgetId : data.widgetId,
      };
      return (await this.save(tx, actorOf(p), cur, next, version, null, emit)).response;
    });
  }

  async delete(p: Principal, id: Id): Promise<void> {
    if (!canManage(p.role)) throw forbidden('Only owners and admins can delete canned responses.');
    await commit(this.deps, async (tx, emit) => {
      const cur = await tx.cannedResponses.get(p.accountId, id);
      if (!cur) throw notFound('Canned response');
      await tx.cannedResponses.delete(p.accountId, id);
      await appendAudit(tx, this.deps, p.accountId, actorOf(p), {
        type: 'canned_response',
        action: 'canned_response.deleted',
        targetType: 'canned_response',
        targetId: id,
        widgetId: cur.widgetId,
        changes: diff(cannedResponseView(cur), {}),
      });
      emit(cannedEvent('canned_response.deleted', cur, isoNow(this.deps.clock)));
    });
  }

  /** Supervisors and up read every response; agents the account-wide ones and those of their widgets. */
  private async mayRead(r: Repositories, p: Principal, response: CannedResponse): Promise<boolean> {
    if (canSupervise(p.role) || response.widgetId === null) return true;
    const w = await r.widgets.get(p.accountId, response.widgetId);
    return w?.agentIds.includes(p.userId) ?? false;
  }

  private async assertWidget(tx: Repositories, accountId: Id, widgetId: Id | null): Promise<void> {
    if (widgetId !== null && !(await tx.widgets.get(accountId, widgetId)))
      throw validationFailed([{ path: '/widgetId', code: 'unknown_widget', message: `No widget ${widgetId} in this account.` }]);
  }

  private async save(
    tx: Repositories,
    actor: AuditActor,
    cur: CannedResponse,
    next: CannedResponse,
    version: number,
    revertOf: Id | null,
    emit: Emit,
  ): Promise<{ response: CannedResponse; entry: AuditEntry | null }> {
    const changes = diff(cannedResponseView(cur), cannedResponseView(next));
    if (changes.length === 0) return { response: cur, entry: null };
    if (next.widgetId !== cur.widgetId) await this.assertWidget(tx, cur.accountId, next.widgetId);
    const now = isoNow(this.deps.clock);
    const saved: CannedResponse = { ...next, updatedAt: now, version: version + 1 };
    if (!(await guardShortcut(() => tx.cannedResponses.update(saved, version)))) throw lostRace();
    const entry = await appendAudit(tx, this.deps, cur.accountId, actor, {
      type: 'canned_response',
      action: 'canned_response.updated',
      targetType: 'canned_response',
      targetId: cur.id,
      widgetId: saved.widgetId ?? cur.widgetId,
      changes,
      revertOf,
    });
    emit(cannedEvent('canned_response.updated', saved, now));
    return { response: saved, entry };
  }

  private readonly target: RevertTarget = {
    targetType: 'canned_response',
    load: async (tx, accountId, id) => {
      const r = await tx.cannedResponses.get(accountId, id);
      return r ? { view: cannedResponseView(r), version: r.version } : null;
    },
    apply: async (tx, p, id, view, version, revertOf, emit) => {
      if (!canManage(p.role)) throw forbidden('Only owners and admins can change canned responses.');
      const cur = await tx.cannedResponses.get(p.accountId, id);
      if (!cur) throw notFound('Canned response');
      const v = view as ReturnType<typeof cannedResponseView>;
      return (await this.save(tx, actorOf(p), cur, { ...cur, ...v }, version, revertOf, emit)).entry;
    },
  };
}
