import type { MonitorView } from '../model/monitor.js';
import type { Id, Instant } from '../model/types.js';
import type { DomainEvent, EventBus } from '../ports/event-bus.js';
import type { Clock } from '../ports/system.js';
import { anonymize } from './anonymize.js';
import { monitorPatch } from './monitor-patch.js';
import { orderWidgets } from './monitor-view.js';
import { type Scheduler, systemScheduler } from '../runtime/scheduler.js';

/**
 * Live fan-out of the monitor to any number of open streams, independent of the transport (SSE in the
 * HTTP adapter).
 *
 * One bus subscription per account with viewers (topic `account:<id>`), not one per stream. A relevant
 * event marks the account dirty; the view is recomputed at most once per `coalesceMs` (after `gatherMs`,
 * so that the events of one commit are taken together), serialized once per audience — one per widget
 * order for signed-in viewers, one per share link's widget set, anonymized — and the same string is
 * handed to every stream of that audience. An idle stream costs an entry in a set and a heartbeat; one
 * timer for the whole hub sends heartbeats and refreshes accounts whose view is older than `resyncMs`
 * (a safety net against a lost event). When the bus announces a gap (`EventBus.onGap`), every account
 * watched is recomputed at once, as if an event had come.
 *
 * Every snapshot has an id (`<hub>-<revision>`) that the client sends back when it reconnects (SSE
 * `Last-Event-ID`); if it names the latest revision, nothing is resent, otherwise the client gets a
 * fresh snapshot.
 *
 * A sink that takes patches ({@link MonitorSink.patch}) gets its first view whole and then only what
 * changed since the view it has, as RFC 6902 JSON Patch ({@link monitorPatch}), computed and serialized
 * once per audience like the snapshots. It gets a snapshot instead when it has none of the last few
 * views (it just opened, its layout changed), when the patch would not be smaller, and every
 * `fullSnapshotMs` (a client that went wrong applying patches is set right).
 */

/** Who watches: a signed-in user (full view in their layout order) or a share link (anonymized). */
export type MonitorAudience =
  | { readonly kind: 'user'; readonly accountId: Id; readonly userId: Id }
  | {
      readonly kind: 'link';
      readonly accountId: Id;
      readonly linkId: Id;
      /** The widgets it shows; null: all. */
      readonly widgetIds: readonly Id[] | null;
      readonly expiresAt: Instant | null;
    };

/** Why the hub ended a stream. */
export type MonitorEndReason = 'revoked' | 'expired' | 'access_changed' | 'shutdown';

/** Where a stream's frames go. Calls never overlap; a sink that throws is ended. */
export interface MonitorSink {
  /** A full snapshot, already serialized (`MonitorView` or `AnonymousMonitorView` JSON), and its id. */
  snapshot(id: string, json: string): void;
  /**
   * A sink with this method gets patches after its first snapshot: `json` is `{"base": <id of the view
   * it applies to>, "ops": <RFC 6902 JSON Patch>}`, `id` the id of the view it makes.
   */
  patch?(id: string, json: string): void;
  /** Nothing changed for a while: keep the connection alive. */
  heartbeat(): void;
  /** The hub ended the stream (called at most once); the transport closes it. */
  end(reason: MonitorEndReason): void;
}

export interface MonitorSubscription {
  /** Stops the stream's updates (the client went away). Idempotent. */
  close(): void;
}

/** What the hub reads. */
export interface MonitorHubSource {
  /** The account's full view, widgets in canonical order. */
  view(accountId: Id): Promise<MonitorView>;
  /** A user's widget order (their layout). */
  order(accountId: Id, userId: Id): Promise<readonly Id[]>;
}

export interface MonitorHubOptions {
  /** At most one recomputation per account per this many ms. Default 250. */
  readonly coalesceMs: number;
  /**
   * Wait this long after the first event before recomputing. Default 0: the next turn of the event loop, which
   * takes a commit's events together (the bus publishes them one after the other, in the same turn).
   */
  readonly gatherMs: number;
  /** A new stream gets the cached view if it is at most this old; otherwise a recomputed one. Default 1000. */
  readonly freshMs: number;
  /** Heartbeat period. Default 25 000 (under the usual 60 s proxy idle timeout). */
  readonly heartbeatMs: number;
  /** Recompute accounts whose view is older than this, events or not. Default 60 000. */
  readonly resyncMs: number;
  /** Streams that take patches get a full snapshot again when their account's last one is this old. Default 60 000. */
  readonly fullSnapshotMs: number;
  readonly scheduler: Scheduler;
  /** Called when the view cannot be computed (storage down); streams keep their last snapshot. */
  readonly onError: (err: unknown) => void;
}

export const defaultMonitorHubOptions: MonitorHubOptions = {
  coalesceMs: 250,
  gatherMs: 0,
  freshMs: 1000,
  heartbeatMs: 25_000,
  resyncMs: 60_000,
  fullSnapshotMs: 60_000,
  scheduler: systemScheduler,
  onError: () => {},
};

/** Bus events after which the monitor may look different. */
const RELEVANT = new Set([
  'chat.queued',
  'chat.assigned',
  'chat.transferred',
  'chat.closed',
  'chat.abandoned',
  'agent.status',
  'monitor.layout_changed',
]);
const isRelevant = (type: string): boolean => RELEVANT.has(type) || type.startsWith('widget.') || type.startsWith('user.');

export const MONITOR_EVENTS = {
  shareLinkRevoked: 'monitor.share_link_revoked',
  layoutChanged: 'monitor.layout_changed',
} as const;

interface Subscriber {
  readonly audience: MonitorAudience;
  readonly sink: MonitorSink;
  order: readonly Id[];
  key: string;
  state: 'opening' | 'open' | 'ended';
  /** Waiting for its first snapshot. */
  pending: boolean;
  /** Id of the view it has (the last it was sent, or the one it resumed at). */
  has: string | null;
  expiry: unknown;
}

interface Channel {
  readonly accountId: Id;
  readonly subs: Set<Subscriber>;
  unsubscribe: () => void;
  view: MonitorView | null;
  /** Id of the current view's snapshots. */
  id: string | null;
  computedAt: number;
  lastRunAt: number;
  /** Each audience's view of the current view (by audience key), and its serialization. */
  views: Map<string, AudienceView>;
  /** The last few views before the current one, by id, oldest first: patches start from them. */
  readonly history: Map<string, { readonly view: MonitorView; readonly values: Map<string, unknown> }>;
  /** Serialized patches to the current view, by audience key and base id; null: send a snapshot. */
  patches: Map<string, string | null>;
  /** When everyone last got a full snapshot. */
  fullAt: number;
  timer: unknown;
  running: boolean;
  /** An event arrived since the last computation: everyone gets the next one. */
  dirty: boolean;
}

interface AudienceView {
  readonly value: unknown;
  readonly json: string;
}

const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * How many views before the current one a patch can start from. More than one: a stream that opens when
 * the view is stale gets a view computed for it alone, and the others, who still have the one before,
 * get a patch from that one at the next change.
 */
const HISTORY = 3;

const audienceKey = (a: MonitorAudience, order: readonly Id[]): string =>
  a.kind === 'user' ? `u:${order.join(',')}` : `l:${a.widgetIds === null ? '*' : a.widgetIds.join(',')}`;

/** The view an audience sees. */
export const viewFor = (view: MonitorView, audience: MonitorAudience, order: readonly Id[] = []) => {
  if (audience.kind === 'user') return { ...view, widgets: orderWidgets(view.widgets, order) };
  const allowed = audience.widgetIds === null ? null : new Set(audience.widgetIds);
  return anonymize({ ...view, widgets: allowed === null ? view.widgets : view.widgets.filter((w) => allowed.has(w.id)) });
};

export class MonitorHub {
  private readonly options: MonitorHubOptions;
  private readonly channels = new Map<Id, Channel>();
  private readonly hubId: string;
  private revision = 0;
  private ticker: unknown = null;
  private closed = false;
  private readonly stopGaps: (() => void) | undefined;

  constructor(
    private readonly source: MonitorHubSource,
    private readonly events: EventBus,
    private readonly clock: Clock,
    options: Partial<MonitorHubOptions> = {},
  ) {
    this.options = { ...defaultMonitorHubOptions, ...options };
    this.hubId = clock.now().getTime().toString(36);
    this.stopGaps = events.onGap?.(() => {
      for (const ch of this.channels.values()) {
        ch.dirty = true;
        this.schedule(ch);
      }
    });
  }

  /**
   * Opens a stream for `audience`. It gets a snapshot at once (the cached view when fresh, else one
   * computed for it), unless `lastEventId` names the latest snapshot. `verify`, when given, runs once
   * the stream listens to the bus and before anything is sent: false ends the stream (`revoked`) — so a
   * share link revoked while the stream opened is never served.
   */
  async open(
    audience: MonitorAudience,
    sink: MonitorSink,
    options: { lastEventId?: string | null; verify?: () => Promise<boolean> } = {},
  ): Promise<MonitorSubscription> {
    if (this.closed) {
      sink.end('shutdown');
      return { close: () => {} };
    }
    const ch = this.channel(audience.accountId);
    const sub: Subscriber = {
      audience,
      sink,
      order: [],
      key: audienceKey(audience, []),
      state: 'opening',
      pending: false,
      has: null,
      expiry: null,
    };
    ch.subs.add(sub);
    this.ensureTicker();
    const subscription: MonitorSubscription = { close: () => this.remove(sub) };
    try {
      if (audience.kind === 'user') {
        sub.order = await this.source.order(audience.accountId, audience.userId);
        sub.key = audienceKey(audience, sub.order);
      }
      if (options.verify && !(await options.verify())) {
        this.end(sub, 'revoked');
        return subscription;
      }
    } catch (err) {
      this.remove(sub);
      throw err;
    }
    if (sub.state === 'ended') return subscription;
    sub.state = 'open';
    if (audience.kind === 'link' && audience.expiresAt !== null) this.armExpiry(sub, audience.expiresAt);
    if (sub.state !== 'open') return subscription;
    const now = this.now();
    if (ch.view && ch.id !== null && options.lastEventId === ch.id) {
      sub.has = ch.id; // resumed: it has this one
      return subscription;
    }
    if (ch.view && !ch.dirty && now - ch.computedAt <= this.options.freshMs) this.deliver(ch, sub);
    else {
      sub.pending = true;
      this.schedule(ch);
    }
    return subscription;
  }

  /** Streams and bus subscriptions open now (for tests and metrics). */
  stats(): { accounts: number; streams: number } {
    let streams = 0;
    for (const ch of this.channels.values()) streams += ch.subs.size;
    return { accounts: this.channels.size, streams };
  }

  /** Ends every stream (`shutdown`) and stops every timer. */
  close(): void {
    this.closed = true;
    this.stopGaps?.();
    for (const ch of [...this.channels.values()]) for (const sub of [...ch.subs]) this.end(sub, 'shutdown');
    this.stopTicker();
  }

  // ------------------------------------------------------------------------------------------------

  private now(): number {
    return this.clock.now().getTime();
  }

  private channel(accountId: Id): Channel {
    const found = this.channels.get(accountId);
    if (found) return found;
    const ch: Channel = {
      accountId,
      subs: new Set(),
      unsubscribe: () => {},
      view: null,
      id: null,
      computedAt: -Infinity,
      lastRunAt: -Infinity,
      views: new Map(),
      history: new Map(),
      patches: new Map(),
      fullAt: this.now(),
      timer: null,
      running: false,
      dirty: false,
    };
    ch.unsubscribe = this.events.subscribe(`account:${accountId}`, (e) => this.onEvent(ch, e));
    this.channels.set(accountId, ch);
    return ch;
  }

  private onEvent(ch: Channel, e: DomainEvent): void {
    const data = e.data as Record<string, unknown>;
    if (e.type === MONITOR_EVENTS.shareLinkRevoked) {
      for (const sub of [...ch.subs]) if (sub.audience.kind === 'link' && sub.audience.linkId === data.linkId) this.end(sub, 'revoked');
      return;
    }
    if (e.type === MONITOR_EVENTS.layoutChanged) {
      const order = Array.isArray(data.widgetIds) ? (data.widgetIds as Id[]) : [];
      for (const sub of ch.subs)
        if (sub.audience.kind === 'user' && sub.audience.userId === data.userId) {
          sub.order = order;
          sub.key = audienceKey(sub.audience, order);
          if (sub.state === 'open') sub.pending = true;
        }
      this.schedule(ch);
      return;
    }
    if (e.type.startsWith('user.') && typeof data.userId === 'string') {
      // A viewer who lost the right to watch (now an agent, deactivated, deleted) is cut off.
      const lost = e.type === 'user.deleted' || data.role === 'agent' || (data.status !== undefined && data.status !== 'active');
      if (lost)
        for (const sub of [...ch.subs])
          if (sub.audience.kind === 'user' && sub.audience.userId === data.userId) this.end(sub, 'access_changed');
    }
    if (!isRelevant(e.type)) return;
    ch.dirty = true;
    this.schedule(ch);
  }

  private schedule(ch: Channel): void {
    if (ch.timer !== null || ch.running || this.closed) return;
    const delay = Math.max(this.options.gatherMs, ch.lastRunAt + this.options.coalesceMs - this.now());
    ch.timer = this.options.scheduler.setTimeout(() => {
      ch.timer = null;
      void this.run(ch);
    }, delay);
  }

  private async run(ch: Channel): Promise<void> {
    if (this.closed || this.channels.get(ch.accountId) !== ch) return;
    ch.running = true;
    const broadcast = ch.dirty;
    ch.dirty = false;
    let view: MonitorView;
    try {
      view = await this.source.view(ch.accountId);
    } catch (err) {
      ch.running = false;
      ch.lastRunAt = this.now();
      this.options.onError(err);
      return; // the next event, new stream or resync tries again
    }
    ch.running = false;
    ch.lastRunAt = ch.computedAt = this.now();
    if (this.closed || this.channels.get(ch.accountId) !== ch) return;
    // Only the audiences' values are kept, not their serializations: a patch starts from a value, and an account
    // whose viewers have many layouts would otherwise hold each one's JSON once per view kept.
    if (ch.view && ch.id !== null)
      ch.history.set(ch.id, { view: ch.view, values: new Map([...ch.views].map(([key, v]) => [key, v.value])) });
    for (const id of ch.history.keys()) if (ch.history.size > HISTORY) ch.history.delete(id);
    ch.view = view;
    ch.id = `${this.hubId}-${++this.revision}`;
    ch.views = new Map();
    ch.patches = new Map();
    if (broadcast && ch.computedAt - ch.fullAt >= this.options.fullSnapshotMs) {
      ch.fullAt = ch.computedAt;
      ch.history.clear(); // everyone gets it whole
    }
    for (const sub of [...ch.subs]) if (sub.state === 'open' && (broadcast || sub.pending)) this.deliver(ch, sub);
    if (ch.dirty || [...ch.subs].some((s) => s.pending)) this.schedule(ch);
  }

  private deliver(ch: Channel, sub: Subscriber): void {
    if (!ch.view || ch.id === null || sub.state !== 'open') return;
    const current = this.audienceView(ch, ch.view, sub);
    const patch = sub.sink.patch && !sub.pending ? this.patchFor(ch, sub, current) : null;
    sub.pending = false;
    sub.has = ch.id;
    try {
      if (patch !== null) sub.sink.patch!(ch.id, patch);
      else sub.sink.snapshot(ch.id, current.json);
    } catch {
      this.end(sub, 'shutdown');
    }
  }

  /** The view `sub`'s audience sees of the current view (`ch.view`), and its serialization: once per audience. */
  private audienceView(ch: Channel, view: MonitorView, sub: Subscriber): AudienceView {
    let found = ch.views.get(sub.key);
    if (found === undefined) {
      const value = viewFor(view, sub.audience, sub.order);
      found = { value, json: JSON.stringify(value) };
      ch.views.set(sub.key, found);
    }
    return found;
  }

  /** The serialized patch from the view `sub` has to `current`; null when it must get a snapshot. */
  private patchFor(ch: Channel, sub: Subscriber, current: AudienceView): string | null {
    const base = sub.has === null ? undefined : ch.history.get(sub.has);
    if (base === undefined) return null;
    const key = `${sub.has}\n${sub.key}`;
    let patch = ch.patches.get(key);
    if (patch === undefined) {
      let before = base.values.get(sub.key);
      if (before === undefined) {
        before = viewFor(base.view, sub.audience, sub.order);
        base.values.set(sub.key, before);
      }
      const json = JSON.stringify({ base: sub.has, ops: monitorPatch(before, current.value) });
      patch = json.length < current.json.length ? json : null;
      ch.patches.set(key, patch);
    }
    return patch;
  }

  private armExpiry(sub: Subscriber, expiresAt: Instant): void {
    const left = Date.parse(expiresAt) - this.now();
    if (left <= 0) {
      this.end(sub, 'expired');
      return;
    }
    sub.expiry = this.options.scheduler.setTimeout(
      () => {
        sub.expiry = null;
        if (sub.state !== 'ended') this.armExpiry(sub, expiresAt);
      },
      Math.min(left, MAX_TIMER_MS),
    );
  }

  private end(sub: Subscriber, reason: MonitorEndReason): void {
    if (sub.state === 'ended') return;
    this.remove(sub);
    try {
      sub.sink.end(reason);
    } catch {
      // the transport is gone already
    }
  }

  private remove(sub: Subscriber): void {
    if (sub.state === 'ended') return;
    sub.state = 'ended';
    if (sub.expiry !== null) this.options.scheduler.clearTimeout(sub.expiry);
    const ch = this.channels.get(sub.audience.accountId);
    if (!ch?.subs.delete(sub) || ch.subs.size > 0) return;
    ch.unsubscribe();
    if (ch.timer !== null) this.options.scheduler.clearTimeout(ch.timer);
    ch.timer = null;
    this.channels.delete(ch.accountId);
    if (this.channels.size === 0) this.stopTicker();
  }

  private ensureTicker(): void {
    if (this.ticker !== null || this.closed) return;
    this.ticker = this.options.scheduler.setTimeout(() => {
      this.ticker = null;
      this.tick();
      if (this.channels.size > 0) this.ensureTicker();
    }, this.options.heartbeatMs);
  }

  private stopTicker(): void {
    if (this.ticker !== null) this.options.scheduler.clearTimeout(this.ticker);
    this.ticker = null;
  }

  private tick(): void {
    const now = this.now();
    for (const ch of [...this.channels.values()]) {
      for (const sub of [...ch.subs]) {
        if (sub.state !== 'open') continue;
        try {
          sub.sink.heartbeat();
        } catch {
          this.end(sub, 'shutdown');
        }
      }
      if (ch.subs.size > 0 && now - ch.computedAt >= this.options.resyncMs) {
        ch.dirty = true;
        this.schedule(ch);
      }
    }
  }
}
