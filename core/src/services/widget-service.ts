import { diff } from '../audit/diff.js';
import { forbidden, notFound, ParleyError } from '../errors.js';
import type { AuditActor, AuditEntry } from '../model/audit.js';
import type { Id, Page } from '../model/types.js';
import { canManage } from '../model/user.js';
import { defaultWidgetSettings, type Widget, type WidgetSettings } from '../model/widget.js';
import type { Repositories } from '../ports/storage.js';
import { isoNow } from '../ports/system.js';
import { parseInput, schemas, type WidgetPatch } from '../validation.js';
import { stripUndefined } from './account-service.js';
import { appendAudit, type AuditService, type RevertTarget } from './audit-service.js';
import { cannedResponseView } from './canned-response-service.js';
import { actorOf, commit, type CoreDeps, type Emit, type Principal, lostRace } from '../runtime/context.js';
import { expectVersion, pageOf } from './shared.js';
import type { QueueDrainer } from './routing-service.js';

/** The audited view of a widget's settings. Agent assignments are audited separately, as permissions. */
export const widgetView = (w: Widget) => ({ name: w.name, settings: w.settings });
export const widgetAgentsView = (w: Widget) => ({ agentIds: [...w.agentIds] });

const widgetEvent = (type: string, w: Widget, at: string) => ({
  type,
  accountId: w.accountId,
  topics: [`account:${w.accountId}`, `widget:${w.id}`],
  at,
  data: { widgetId: w.id },
});

/** The widget's two audited parts: what each write compares, and the entry and event it records. */
const WIDGET_PARTS = {
  settings: { view: widgetView, type: 'widget', action: 'widget.updated', targetType: 'widget' },
  agents: { view: widgetAgentsView, type: 'permissions', action: 'widget.agents_changed', targetType: 'widget_agents' },
} as const;

/** An audited write of a widget: `next` over `cur` at `version`; nothing when what it records did not change. */
type WidgetWrite = (
  tx: Repositories,
  deps: Pick<CoreDeps, 'clock' | 'ids' | 'crypto'>,
  actor: AuditActor,
  cur: Widget,
  next: Widget,
  version: number,
  revertOf: Id | null,
  emit: Emit,
) => Promise<{ widget: Widget; entry: AuditEntry | null }>;

/**
 * The write of one part: `next` over `cur` with that part's audit entry (each value before and after) and the
 * widget's event for after commit; nothing when that part did not change.
 */
const savePart =
  (part: keyof typeof WIDGET_PARTS): WidgetWrite =>
  async (tx, deps, actor, cur, next, version, revertOf, emit) => {
    const { view, type, action, targetType } = WIDGET_PARTS[part];
    const changes = diff(view(cur), view(next));
    if (changes.length === 0) return { widget: cur, entry: null };
    const now = isoNow(deps.clock);
    const saved: Widget = { ...next, updatedAt: now, version: version + 1 };
    if (!(await tx.widgets.update(saved, version))) throw lostRace();
    const entry = await appendAudit(tx, deps, cur.accountId, actor, {
      type,
      action,
      targetType,
      targetId: cur.id,
      widgetId: cur.id,
      changes,
      revertOf,
    });
    emit(widgetEvent(action, saved, now));
    return { widget: saved, entry };
  };

const saveAgentsPart = savePart('agents');

/**
 * Writes a widget's agent list with its audit entry (`permissions`, `widget.agents_changed`).
 * Shared by widget assignment and user removal so both record the same way.
 */
export const saveWidgetAgents = (
  tx: Repositories,
  deps: Pick<CoreDeps, 'clock' | 'ids' | 'crypto'>,
  actor: AuditActor,
  cur: Widget,
  agentIds: readonly Id[],
  version: number,
  revertOf: Id | null,
  emit: Emit,
): Promise<{ widget: Widget; entry: AuditEntry | null }> =>
  saveAgentsPart(tx, deps, actor, cur, { ...cur, agentIds: [...new Set(agentIds)].sort() }, version, revertOf, emit);

/**
 * Writes a widget's name and settings with its audit entry (`widget`, `widget.updated`); nothing when nothing
 * changed. Shared by the widget screens, reverts, and an agent blocking a visitor.
 */
export const saveWidget: WidgetWrite = savePart('settings');

/**
 * Deletes the canned responses of a widget that is being deleted (nobody could use them any more), each
 * with its `canned_response.deleted` entry, in the caller's transaction.
 */
const deleteWidgetCannedResponses = async (
  tx: Repositories,
  deps: Pick<CoreDeps, 'clock' | 'ids' | 'crypto'>,
  actor: AuditActor,
  w: Widget,
): Promise<void> => {
  for (;;) {
    const page = await tx.cannedResponses.list(w.accountId, { scope: { accountWide: false, widgetIds: [w.id] } }, { limit: 200 });
    for (const r of page.items) {
      await tx.cannedResponses.delete(w.accountId, r.id);
      await appendAudit(tx, deps, w.accountId, actor, {
        type: 'canned_response',
        action: 'canned_response.deleted',
        targetType: 'canned_response',
        targetId: r.id,
        widgetId: w.id,
        changes: diff(cannedResponseView(r), {}),
      });
    }
    if (page.nextCursor === null) return;
  }
};

/** Widgets: their settings and which agents serve them. */
export class WidgetService {
  constructor(
    private readonly deps: CoreDeps,
    audit: AuditService,
    /** Drains a widget's queue after a change that may give it room (a raised limit, an agent added). */
    private readonly queues?: QueueDrainer,
  ) {
    audit.registerRevertTarget(this.settingsTarget);
    audit.registerRevertTarget(this.agentsTarget);
  }

  /** Owners, admins and supervisors see every widget; agents see the widgets they serve. */
  async list(p: Principal, query: { cursor?: string; limit?: number | string }): Promise<Page<Widget>> {
    const q = parseInput(schemas.pageQuery, query);
    if (p.role === 'agent') {
      const mine = await this.deps.storage.read((r) => r.widgets.listByAgent(p.accountId, p.userId));
      return { items: mine, nextCursor: null };
    }
    return this.deps.storage.read((r) => r.widgets.list(p.accountId, pageOf(q)));
  }

  async get(p: Principal, id: Id): Promise<Widget> {
    const w = await this.deps.storage.read((r) => r.widgets.get(p.accountId, id));
    if (!w || (p.role === 'agent' && !w.agentIds.includes(p.userId))) throw notFound('Widget');
    return w;
  }

  /**
   * A new widget with the default settings, except that its offline requests are mailed to whoever made it
   * (`notifyEmails`), so that they reach someone before anyone has looked at the setting, and that in an account
   * of one user its maker serves it (`agentIds`): a team of one answers its own chats.
   */
  async create(p: Principal, input: { name: string }): Promise<Widget> {
    const data = parseInput(schemas.widgetCreate, input);
    if (!canManage(p.role)) throw forbidden('Only owners and admins can create widgets.');
    const now = isoNow(this.deps.clock);
    const id = this.deps.ids.next();
    return commit(this.deps, async (tx, emit) => {
      // Offline requests reach someone from the start: whoever made the widget, until the team says otherwise.
      const maker = await tx.users.get(p.accountId, p.userId);
      // A team of one (the owner alone, at first) answers its chats itself: its maker serves the widget at once.
      // Any other user, even deactivated, makes a team (a page of two, filtered, could miss an active third).
      const team = (await tx.users.list(p.accountId, {}, { limit: 2 })).items;
      const alone = maker !== null && team.length === 1 && team[0]!.id === maker.id;
      const widget: Widget = {
        id,
        accountId: p.accountId,
        name: data.name,
        settings: { ...defaultWidgetSettings(), notifyEmails: maker ? [maker.email] : [] },
        agentIds: alone ? [maker.id] : [],
        createdAt: now,
        updatedAt: now,
        version: 1,
      };
      await tx.widgets.insert(widget);
      await appendAudit(tx, this.deps, p.accountId, actorOf(p), {
        type: 'widget',
        action: 'widget.created',
        targetType: 'widget',
        targetId: widget.id,
        widgetId: widget.id,
        // Its agents too, when its maker serves it (see above): every change is in the log.
        changes: diff({}, alone ? { ...widgetView(widget), ...widgetAgentsView(widget) } : widgetView(widget)),
      });
      emit(widgetEvent('widget.created', widget, now));
      return widget;
    });
  }

  async update(p: Principal, id: Id, patch: WidgetPatch, expectedVersion?: number): Promise<Widget> {
    const data = parseInput(schemas.widgetPatch, patch);
    if (!canManage(p.role)) throw forbidden('Only owners and admins can change widgets.');
    const saved = await commit(this.deps, async (tx, emit) => {
      const cur = await tx.widgets.get(p.accountId, id);
      if (!cur) throw notFound('Widget');
      const version = expectVersion(cur, expectedVersion ?? data.version);
      const s = data.settings ?? {};
      const settings: WidgetSettings = {
        ...cur.settings,
        ...stripUndefined({
          maxConcurrentChats: s.maxConcurrentChats,
          maxQueueSize: s.maxQueueSize,
          businessHours: s.businessHours as WidgetSettings['businessHours'] | undefined,
          greeting: s.greeting,
          language: s.language,
          requireLabelToClose: s.requireLabelToClose,
          closeInactiveAfterMinutes: s.closeInactiveAfterMinutes,
          notifyEmails: s.notifyEmails,
          transcriptToTeam: s.transcriptToTeam,
          proactiveRules: s.proactiveRules,
          blockedVisitors: s.blockedVisitors && [...new Set(s.blockedVisitors)],
        }),
        offlineForm: { ...cur.settings.offlineForm, ...stripUndefined(s.offlineForm ?? {}) },
        preChat: { ...cur.settings.preChat, ...stripUndefined(s.preChat ?? {}) },
        appearance: { ...cur.settings.appearance, ...stripUndefined(s.appearance ?? {}) },
        ...(s.allowedOrigins ? { allowedOrigins: s.allowedOrigins } : {}),
      };
      return (await saveWidget(tx, this.deps, actorOf(p), cur, { ...cur, name: data.name ?? cur.name, settings }, version, null, emit))
        .widget;
    });
    await this.queues?.drainWidgets(p.accountId, [id]);
    return saved;
  }

  /** Sets which agents serve the widget. Every id must be an active user of the account. */
  async setAgents(p: Principal, id: Id, input: { agentIds: string[]; version?: number }, expectedVersion?: number): Promise<Widget> {
    const data = parseInput(schemas.widgetAgents, input);
    if (!canManage(p.role)) throw forbidden('Only owners and admins can assign agents.');
    const saved = await commit(this.deps, async (tx, emit) => {
      const cur = await tx.widgets.get(p.accountId, id);
      if (!cur) throw notFound('Widget');
      const version = expectVersion(cur, expectedVersion ?? data.version);
      await this.assertAssignable(tx, p.accountId, data.agentIds);
      return (await saveWidgetAgents(tx, this.deps, actorOf(p), cur, data.agentIds, version, null, emit)).widget;
    });
    await this.queues?.drainWidgets(p.accountId, [id]);
    return saved;
  }

  async delete(p: Principal, id: Id): Promise<void> {
    if (!canManage(p.role)) throw forbidden('Only owners and admins can delete widgets.');
    await commit(this.deps, async (tx, emit) => {
      const cur = await tx.widgets.get(p.accountId, id);
      if (!cur) throw notFound('Widget');
      await tx.widgets.delete(p.accountId, id);
      await deleteWidgetCannedResponses(tx, this.deps, actorOf(p), cur);
      await appendAudit(tx, this.deps, p.accountId, actorOf(p), {
        type: 'widget',
        action: 'widget.deleted',
        targetType: 'widget',
        targetId: id,
        widgetId: id,
        changes: diff({ ...widgetView(cur), ...widgetAgentsView(cur) }, {}),
      });
      emit(widgetEvent('widget.deleted', cur, isoNow(this.deps.clock)));
    });
  }

  private async assertAssignable(tx: Repositories, accountId: Id, ids: readonly Id[]): Promise<void> {
    const details = [];
    const users = new Map((await tx.users.getMany(accountId, ids)).map((u) => [u.id, u]));
    for (const [i, uid] of ids.entries()) {
      const u = users.get(uid);
      if (!u) details.push({ path: `/agentIds/${i}`, code: 'unknown_user', message: `No user ${uid} in this account.` });
      else if (u.status !== 'active')
        details.push({ path: `/agentIds/${i}`, code: 'inactive_user', message: `User ${uid} is deactivated.` });
    }
    if (details.length) throw new ParleyError('validation_failed', 'Some agents cannot serve this widget.', { details });
  }

  private readonly settingsTarget: RevertTarget = {
    targetType: 'widget',
    load: async (tx, accountId, id) => {
      const w = await tx.widgets.get(accountId, id);
      return w ? { view: widgetView(w), version: w.version } : null;
    },
    apply: async (tx, p, id, view, version, revertOf, emit) => {
      if (!canManage(p.role)) throw forbidden('Only owners and admins can change widgets.');
      const cur = await tx.widgets.get(p.accountId, id);
      if (!cur) throw notFound('Widget');
      const v = view as ReturnType<typeof widgetView>;
      return (await saveWidget(tx, this.deps, actorOf(p), cur, { ...cur, name: v.name, settings: v.settings }, version, revertOf, emit))
        .entry;
    },
  };

  private readonly agentsTarget: RevertTarget = {
    targetType: 'widget_agents',
    load: async (tx, accountId, id) => {
      const w = await tx.widgets.get(accountId, id);
      return w ? { view: widgetAgentsView(w), version: w.version } : null;
    },
    apply: async (tx, p, id, view, version, revertOf, emit) => {
      if (!canManage(p.role)) throw forbidden('Only owners and admins can assign agents.');
      const cur = await tx.widgets.get(p.accountId, id);
      if (!cur) throw notFound('Widget');
      const { agentIds } = view as ReturnType<typeof widgetAgentsView>;
      await this.assertAssignable(tx, p.accountId, agentIds);
      return (await saveWidgetAgents(tx, this.deps, actorOf(p), cur, agentIds, version, revertOf, emit)).entry;
    },
  };
}
