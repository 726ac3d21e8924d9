import { diff } from '../audit/diff.js';
import { forbidden, notFound, ParleyError, validationFailed, type ErrorDetail } from '../errors.js';
import type { Chat } from '../model/chat.js';
import {
  shareLinkState,
  toPublicShareLink,
  type AnonymousMonitorView,
  type MonitorShareLink,
  type MonitorView,
  type PublicMonitorShareLink,
} from '../model/monitor.js';
import type { Id, Instant, Page } from '../model/types.js';
import { canManage, canSupervise } from '../model/user.js';
import type { Repositories } from '../ports/storage.js';
import { isoNow } from '../ports/system.js';
import { parseInput } from '../validation.js';
import {
  MONITOR_EVENTS,
  MonitorHub,
  viewFor,
  type MonitorHubOptions,
  type MonitorSink,
  type MonitorSubscription,
} from '../monitor/monitor-hub.js';
import { monitorView, orderWidgets, type MonitorSource } from '../monitor/monitor-view.js';
import { monitorSchemas, SHARE_TOKEN_PATTERN, type MonitorLayoutInput, type ShareLinkCreateInput } from '../monitor/monitor-validation.js';
import { appendAudit } from './audit-service.js';
import { actorOf, commit, type CoreDeps, type Principal, lostRace } from '../runtime/context.js';
import { expectVersion } from './shared.js';

/** A user's widget order as the API shows it: every widget of the account, top first. */
export interface MonitorLayoutView {
  readonly widgetIds: readonly Id[];
  /** 0 until the user saves an order. */
  readonly version: number;
  readonly updatedAt: Instant | null;
}

/** A new share link: the token is in it once, and never again. */
export interface CreatedShareLink {
  readonly link: PublicMonitorShareLink;
  readonly token: string;
}

export interface MonitorServiceOptions {
  /** Where a chat's transcript is, for the monitor's links. Default `/api/v1/chats/<id>`. */
  readonly transcriptUrl?: (chatId: Id) => string;
  /** Timing of the live fan-out (see {@link MonitorHub}). */
  readonly live?: Partial<MonitorHubOptions>;
}

/** Bytes of randomness in a share link token (256 bits; the issue asks for at least 128). */
const SHARE_TOKEN_BYTES = 32;
const SHARE_LINKS_LISTED = 200;
const PAGE = 200;
const MAX_WIDGETS = 2000;
const MAX_USERS = 10_000;
/** Queued chats read per computation (counts stay exact whatever the queue's length). */
const QUEUE_READ_LIMIT = 2000;

const unknownLink = () => new ParleyError('not_found', 'This monitor link does not exist, was revoked or has expired.');

/** Reads every page of a cursor-paged list, up to `max` items. */
const readAll = async <T extends { readonly id: Id }>(page: (cursor: string | null) => Promise<Page<T>>, max: number): Promise<T[]> => {
  const out: T[] = [];
  let cursor: string | null = null;
  do {
    const p: Page<T> = await page(cursor);
    out.push(...p.items);
    cursor = p.nextCursor;
  } while (cursor !== null && out.length < max);
  return out;
};

/**
 * The chat monitor: live views of queues, chats in progress and agents for supervisors, admins and
 * owners; per-user widget order; and share links that show the same monitor, anonymized, to anyone
 * who has the link. Share links are created and revoked by owners and admins, audited (`monitor`), and
 * their tokens are stored only as SHA-256.
 */
export class MonitorService {
  /** The live fan-out to open streams. */
  readonly live: MonitorHub;
  private readonly transcriptUrl: ((chatId: Id) => string) | undefined;

  constructor(
    private readonly deps: CoreDeps,
    options: MonitorServiceOptions = {},
  ) {
    this.transcriptUrl = options.transcriptUrl;
    this.live = new MonitorHub(
      { view: (accountId) => this.accountView(accountId), order: (accountId, userId) => this.storedOrder(accountId, userId) },
      deps.events,
      deps.clock,
      options.live,
    );
  }

  // ---------------------------------------------------------------- views

  /** The monitor of the principal's account, in their layout order (supervisors, admins, owners). */
  async snapshot(p: Principal): Promise<MonitorView> {
    this.assertCanWatch(p);
    const [view, order] = await Promise.all([this.accountView(p.accountId), this.storedOrder(p.accountId, p.userId)]);
    return viewFor(view, { kind: 'user', accountId: p.accountId, userId: p.userId }, order) as MonitorView;
  }

  /** What a share link shows: the link's widgets, anonymized. `not_found` for an unknown, revoked or expired link. */
  async sharedSnapshot(token: string): Promise<AnonymousMonitorView> {
    const link = await this.shareLinkByToken(token);
    return viewFor(await this.accountView(link.accountId), this.linkAudience(link)) as AnonymousMonitorView;
  }

  /**
   * Streams the principal's monitor to `sink` (see {@link MonitorHub.open}). Checks the role first:
   * agents get `forbidden` and nothing is opened.
   */
  async watch(p: Principal, sink: MonitorSink, lastEventId?: string | null): Promise<MonitorSubscription> {
    this.assertCanWatch(p);
    return this.live.open({ kind: 'user', accountId: p.accountId, userId: p.userId }, sink, { lastEventId: lastEventId ?? null });
  }

  /**
   * Streams a share link's monitor to `sink`. `not_found` for an unknown, revoked or expired link; a link
   * revoked later (or expiring) ends the stream.
   */
  async watchShared(token: string, sink: MonitorSink, lastEventId?: string | null): Promise<MonitorSubscription> {
    const link = await this.shareLinkByToken(token);
    return this.live.open(this.linkAudience(link), sink, {
      lastEventId: lastEventId ?? null,
      // Checked again once the stream listens for revocations, so none can slip in between.
      verify: async () => {
        const again = await this.deps.storage.read((r) => r.monitorShareLinks.get(link.accountId, link.id));
        return again !== null && shareLinkState(again, isoNow(this.deps.clock)) === 'active';
      },
    });
  }

  /** The active share link with this token; `not_found` otherwise (unknown, revoked, expired, malformed alike). */
  async shareLinkByToken(token: string): Promise<MonitorShareLink> {
    if (typeof token !== 'string' || !SHARE_TOKEN_PATTERN.test(token)) throw unknownLink();
    const link = await this.deps.storage.read((r) => r.monitorShareLinks.findByTokenHash(this.deps.crypto.sha256(token)));
    if (!link || shareLinkState(link, isoNow(this.deps.clock)) !== 'active') throw unknownLink();
    return link;
  }

  /** The full view of an account, widgets in canonical order (by name). No permission check: callers do it. */
  async accountView(accountId: Id): Promise<MonitorView> {
    const source = await this.deps.storage.read((r) => this.loadSource(r, accountId));
    return monitorView(source, { now: isoNow(this.deps.clock), ...(this.transcriptUrl ? { transcriptUrl: this.transcriptUrl } : {}) });
  }

  // ---------------------------------------------------------------- layout

  async layout(p: Principal): Promise<MonitorLayoutView> {
    this.assertCanWatch(p);
    return this.deps.storage.read(async (r) => {
      const stored = await r.monitorLayouts.get(p.accountId, p.userId);
      const widgets = await readAll((cursor) => r.widgets.list(p.accountId, { cursor, limit: PAGE }), MAX_WIDGETS);
      return {
        widgetIds: orderWidgets(widgets, stored?.widgetIds ?? []).map((w) => w.id),
        version: stored?.version ?? 0,
        updatedAt: stored?.updatedAt ?? null,
      };
    });
  }

  /**
   * Saves the principal's widget order (top first). Every id must be a widget of the account, each once;
   * widgets left out follow by name. Not audited: it is a personal view preference.
   */
  async setLayout(p: Principal, input: MonitorLayoutInput, expectedVersion?: number): Promise<MonitorLayoutView> {
    const data = parseInput(monitorSchemas.layoutPut, input);
    this.assertCanWatch(p);
    const now = isoNow(this.deps.clock);
    await commit(this.deps, async (tx, emit) => {
      await this.assertWidgets(tx, p.accountId, data.widgetIds, '/widgetIds');
      const cur = await tx.monitorLayouts.get(p.accountId, p.userId);
      const version = cur ? expectVersion(cur, expectedVersion ?? data.version) : this.expectNone(expectedVersion ?? data.version);
      const saved = { accountId: p.accountId, userId: p.userId, widgetIds: data.widgetIds, updatedAt: now, version: version + 1 };
      if (!(await tx.monitorLayouts.put(saved, version))) throw lostRace();
      emit({
        type: MONITOR_EVENTS.layoutChanged,
        accountId: p.accountId,
        topics: [`account:${p.accountId}`],
        at: now,
        data: { userId: p.userId, widgetIds: data.widgetIds },
      });
    });
    return this.layout(p);
  }

  // ---------------------------------------------------------------- share links

  /**
   * Creates a share link (owners, admins) for some widgets or all, optionally expiring. Returns the token
   * once; only its SHA-256 is stored. Audited as `monitor.share_link_created`, with the token redacted.
   */
  async createShareLink(p: Principal, input: ShareLinkCreateInput): Promise<CreatedShareLink> {
    const data = parseInput(monitorSchemas.shareLinkCreate, input);
    if (!canManage(p.role)) throw forbidden('Only owners and admins can share the monitor.');
    const now = isoNow(this.deps.clock);
    const expiresAt = data.expiresAt ? new Date(data.expiresAt).toISOString() : null;
    if (expiresAt !== null && expiresAt <= now)
      throw validationFailed([{ path: '/expiresAt', code: 'not_in_future', message: 'The expiry must be in the future.' }]);
    const token = this.deps.crypto.randomToken(SHARE_TOKEN_BYTES);
    const widgetIds = data.widgetIds ?? null;
    const link: MonitorShareLink = {
      id: this.deps.ids.next(),
      accountId: p.accountId,
      tokenHash: this.deps.crypto.sha256(token),
      label: data.label,
      widgetIds,
      createdAt: now,
      createdBy: p.userId,
      expiresAt,
      revokedAt: null,
      revokedBy: null,
    };
    await commit(this.deps, async (tx) => {
      if (widgetIds) await this.assertWidgets(tx, p.accountId, widgetIds, '/widgetIds');
      await tx.monitorShareLinks.insert(link);
      await appendAudit(tx, this.deps, p.accountId, actorOf(p), {
        type: 'monitor',
        action: 'monitor.share_link_created',
        targetType: 'monitor_share_link',
        targetId: link.id,
        widgetId: widgetIds?.length === 1 ? widgetIds[0]! : null,
        // `token` is a secret key: the entry records that a token was issued, never its value.
        changes: diff({}, { label: link.label, widgetIds, expiresAt, token }),
      });
    });
    return { link: toPublicShareLink(link, now), token };
  }

  /** The account's share links, newest first, with their state (owners, admins). */
  async listShareLinks(p: Principal): Promise<PublicMonitorShareLink[]> {
    if (!canManage(p.role)) throw forbidden('Only owners and admins can see the monitor’s share links.');
    const now = isoNow(this.deps.clock);
    const links = await this.deps.storage.read((r) => r.monitorShareLinks.list(p.accountId, SHARE_LINKS_LISTED));
    return links.map((l) => toPublicShareLink(l, now));
  }

  /**
   * Revokes a share link (owners, admins): it never works again and its open streams end. Audited as
   * `monitor.share_link_revoked`. Revoking a revoked link changes nothing.
   */
  async revokeShareLink(p: Principal, id: Id): Promise<PublicMonitorShareLink> {
    if (!canManage(p.role)) throw forbidden('Only owners and admins can revoke the monitor’s share links.');
    const now = isoNow(this.deps.clock);
    const link = await commit(this.deps, async (tx, emit) => {
      const cur = await tx.monitorShareLinks.get(p.accountId, id);
      if (!cur) throw notFound('Share link');
      if (cur.revokedAt !== null) return cur;
      if (!(await tx.monitorShareLinks.revoke(p.accountId, id, now, p.userId)))
        return (await tx.monitorShareLinks.get(p.accountId, id)) ?? cur;
      await appendAudit(tx, this.deps, p.accountId, actorOf(p), {
        type: 'monitor',
        action: 'monitor.share_link_revoked',
        targetType: 'monitor_share_link',
        targetId: id,
        widgetId: cur.widgetIds?.length === 1 ? cur.widgetIds[0]! : null,
        changes: diff({ revokedAt: null }, { revokedAt: now }),
      });
      emit({
        type: MONITOR_EVENTS.shareLinkRevoked,
        accountId: p.accountId,
        topics: [`account:${p.accountId}`],
        at: now,
        data: { linkId: id },
      });
      return { ...cur, revokedAt: now, revokedBy: p.userId };
    });
    return toPublicShareLink(link, now);
  }

  /** Ends every open stream (shutdown). */
  close(): void {
    this.live.close();
  }

  // ---------------------------------------------------------------- internals

  /** `forbidden` unless the principal may watch the monitor (supervisors, admins, owners). */
  assertCanWatch(p: Principal): void {
    if (!canSupervise(p.role)) throw forbidden('Only supervisors, admins and owners can watch the monitor.');
  }

  private expectNone(expected: number | undefined): number {
    if (expected !== undefined && expected !== 0)
      throw new ParleyError('version_mismatch', 'No layout is saved yet; send version 0 or none.', { meta: { currentVersion: 0 } });
    return 0;
  }

  private linkAudience(link: MonitorShareLink) {
    return { kind: 'link' as const, accountId: link.accountId, linkId: link.id, widgetIds: link.widgetIds, expiresAt: link.expiresAt };
  }

  private async storedOrder(accountId: Id, userId: Id): Promise<readonly Id[]> {
    return (await this.deps.storage.read((r) => r.monitorLayouts.get(accountId, userId)))?.widgetIds ?? [];
  }

  /** Every id a widget of the account, each once; otherwise `validation_failed` naming each bad one. */
  private async assertWidgets(tx: Repositories, accountId: Id, ids: readonly Id[], path: string): Promise<void> {
    const details: ErrorDetail[] = [];
    const seen = new Set<Id>();
    for (const [i, id] of ids.entries()) {
      if (seen.has(id)) details.push({ path: `${path}/${i}`, code: 'duplicate', message: `Widget ${id} is listed twice.` });
      else if (!(await tx.widgets.get(accountId, id)))
        details.push({ path: `${path}/${i}`, code: 'unknown_widget', message: `No widget ${id} in this account.` });
      seen.add(id);
    }
    if (details.length) throw validationFailed(details, 'Some widgets are not widgets of this account.');
  }

  /** What the projection needs, read in one go (a few indexed queries, whatever the account's history). */
  private async loadSource(r: Repositories, accountId: Id): Promise<MonitorSource> {
    const widgets = await readAll((cursor) => r.widgets.list(accountId, { cursor, limit: PAGE }), MAX_WIDGETS);
    const users = await readAll((cursor) => r.users.list(accountId, {}, { cursor, limit: PAGE }), MAX_USERS);
    const widgetIds = widgets.map((w) => w.id);
    const userIds = users.map((u) => u.id);
    const queued = widgetIds.length ? await r.chats.listQueued(accountId, widgetIds, QUEUE_READ_LIMIT) : [];
    const queuedCounts = widgetIds.length ? await r.chats.countQueued(accountId, widgetIds) : {};
    // Open chats through each agent's index rather than a scan of the account's chats.
    const activeChatsByAgent = userIds.length ? await r.chats.countActiveByAgent(accountId, userIds) : {};
    const active: Chat[] = [];
    for (const [agentId, n] of Object.entries(activeChatsByAgent))
      if (n > 0) active.push(...(await r.chats.listActiveByAgent(accountId, agentId)));
    const agentIds = [...new Set(widgets.flatMap((w) => w.agentIds))];
    const presences = agentIds.length ? await r.presence.list(accountId, agentIds) : [];
    return { widgets, users, chats: [...queued, ...active], queuedCounts, presences, activeChatsByAgent };
  }
}
