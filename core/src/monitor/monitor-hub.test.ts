import jsonPatch from 'fast-json-patch';
import { describe, expect, it } from 'vitest';
import { MemoryEventBus } from '@parley/events-memory';
import type { MonitorView, MonitorWidget } from '../model/monitor.js';
import type { DomainEvent, EventBus } from '../ports/event-bus.js';
import { ManualClock } from '../testing/manual-clock.js';
import { ManualScheduler } from '../testing/manual-scheduler.js';
import { MonitorHub, type MonitorAudience, type MonitorEndReason, type MonitorSink } from './monitor-hub.js';

const widget = (id: string, name: string, o: Partial<MonitorWidget> = {}): MonitorWidget => ({
  id,
  name,
  queue: [],
  active: [],
  agents: [],
  stats: { queued: 0, active: 0, online: 0, paused: 0, offline: 0, longestWaitSeconds: 0, availableSlots: 0 },
  ...o,
});

const visitor = {
  name: 'Vera Visible',
  email: 'vera@example.com',
  city: 'Berlin',
  region: 'BE',
  country: 'Germany',
  countryCode: 'DE',
  language: 'de',
  browser: 'Firefox',
  os: 'Linux',
  pageUrl: 'https://shop.example/',
  customVariables: { plan: 'gold' },
};

/** What a share link must never show of the visitor above and their chat. */
const HIDDEN = ['Vera', 'vera@example.com', 'Berlin', 'Secret question', 'gold', 'shop.example'];

/** A sink that records what it gets. */
const recorder = () => {
  const snapshots: { id: string; view: any }[] = [];
  const ends: MonitorEndReason[] = [];
  let heartbeats = 0;
  const sink: MonitorSink = {
    snapshot: (id, json) => snapshots.push({ id, view: JSON.parse(json) }),
    heartbeat: () => heartbeats++,
    end: (r) => ends.push(r),
  };
  return { sink, snapshots, ends, heartbeats: () => heartbeats };
};

/**
 * A sink that takes patches, as a browser would: it keeps the view, applies each patch to it (with an
 * independent RFC 6902 implementation) and records what came.
 */
const patcher = () => {
  const frames: { kind: 'snapshot' | 'patch'; id: string; base?: string; bytes: number }[] = [];
  let view: any = null;
  let has: string | null = null;
  const sink: MonitorSink = {
    snapshot: (id, json) => {
      frames.push({ kind: 'snapshot', id, bytes: json.length });
      view = JSON.parse(json);
      has = id;
    },
    patch: (id, json) => {
      const { base, ops } = JSON.parse(json);
      frames.push({ kind: 'patch', id, base, bytes: json.length });
      if (base !== has) throw new Error(`patch from ${base}, but this sink has ${has}`);
      view = jsonPatch.applyPatch(view, ops, true).newDocument;
      has = id;
    },
    heartbeat: () => {},
    end: () => {},
  };
  return { sink, frames, view: () => view, kinds: () => frames.map((f) => f.kind) };
};

const queued = (chatId: string, queuedAt: string) => ({ chatId, queuedAt, waitingSeconds: 5, question: 'Secret question', visitor });

const setup = (opts: { orders?: Record<string, string[]> } = {}) => {
  const clock = new ManualClock('2026-03-01T12:00:00.000Z');
  const scheduler = new ManualScheduler(clock);
  const bus = new MemoryEventBus();
  let subscriptions = 0;
  /** The gap listeners of a bus that can lose events (such as the Redis one). */
  const gapListeners = new Set<() => void>();
  const events: EventBus = {
    onGap: (listener) => {
      const own = () => listener();
      gapListeners.add(own);
      return () => void gapListeners.delete(own);
    },
    publish: (e) => bus.publish(e),
    subscribe: (topic, h) => {
      subscriptions++;
      const off = bus.subscribe(topic, h);
      return () => {
        subscriptions--;
        off();
      };
    },
    close: () => bus.close(),
  };
  let computations = 0;
  let fail = false;
  let widgets: MonitorWidget[] = [
    widget('w-a', 'Alpha', {
      queue: [{ chatId: 'c1', queuedAt: '2026-03-01T11:59:00.000Z', waitingSeconds: 60, question: 'Secret question', visitor }],
      stats: { queued: 1, active: 0, online: 0, paused: 0, offline: 0, longestWaitSeconds: 60, availableSlots: 0 },
    }),
    widget('w-b', 'Beta'),
  ];
  const errors: unknown[] = [];
  const hub = new MonitorHub(
    {
      view: async (): Promise<MonitorView> => {
        computations++;
        if (fail) throw new Error('storage down');
        return { generatedAt: clock.now().toISOString(), widgets };
      },
      order: async (_a, userId) => opts.orders?.[userId] ?? [],
    },
    events,
    clock,
    { scheduler, coalesceMs: 250, gatherMs: 15, freshMs: 1000, heartbeatMs: 25_000, resyncMs: 60_000, onError: (e) => errors.push(e) },
  );
  const publish = (type: string, data: Record<string, unknown> = {}, accountId = 'acc') =>
    bus.publish({ type, accountId, topics: [`account:${accountId}`], at: clock.now().toISOString(), data } satisfies DomainEvent);
  const user = (userId: string, accountId = 'acc'): MonitorAudience => ({ kind: 'user', accountId, userId });
  const link = (linkId: string, widgetIds: string[] | null = null, expiresAt: string | null = null): MonitorAudience => ({
    kind: 'link',
    accountId: 'acc',
    linkId,
    widgetIds,
    expiresAt,
  });
  return {
    hub,
    clock,
    scheduler,
    publish,
    user,
    link,
    errors,
    computations: () => computations,
    subscriptions: () => subscriptions,
    gap: () => [...gapListeners].forEach((listener) => listener()),
    gapListeners: () => gapListeners.size,
    setWidgets: (w: MonitorWidget[]) => (widgets = w),
    setFail: (f: boolean) => (fail = f),
  };
};

describe('MonitorHub', () => {
  it('sends a new stream a snapshot, computed once and shared by streams that open meanwhile', async () => {
    const t = setup();
    const [a, b] = [recorder(), recorder()];
    await t.hub.open(t.user('u1'), a.sink);
    await t.hub.open(t.user('u2'), b.sink);
    expect(a.snapshots).toHaveLength(0); // computed after gatherMs
    await t.scheduler.advance(15);
    expect(t.computations()).toBe(1);
    expect(a.snapshots).toHaveLength(1);
    expect(b.snapshots).toHaveLength(1);
    expect(a.snapshots[0]!.view.widgets.map((w: MonitorWidget) => w.id)).toEqual(['w-a', 'w-b']);
    // A third stream within freshMs gets the cached view at once, without a new computation.
    const c = recorder();
    await t.hub.open(t.user('u3'), c.sink);
    expect(c.snapshots).toHaveLength(1);
    expect(c.snapshots[0]!.id).toBe(a.snapshots[0]!.id);
    expect(t.computations()).toBe(1);
  });

  it('keeps one bus subscription per account, however many streams, and drops it with the last one', async () => {
    const t = setup();
    const subs = await Promise.all(Array.from({ length: 50 }, (_, i) => t.hub.open(t.user(`u${i}`), recorder().sink)));
    const other = await t.hub.open(t.user('x', 'other-account'), recorder().sink);
    expect(t.subscriptions()).toBe(2);
    expect(t.hub.stats()).toEqual({ accounts: 2, streams: 51 });
    subs.forEach((s) => s.close());
    expect(t.subscriptions()).toBe(1);
    other.close();
    other.close();
    expect(t.subscriptions()).toBe(0);
    expect(t.hub.stats()).toEqual({ accounts: 0, streams: 0 });
    await t.scheduler.advance(100_000);
    expect(t.scheduler.pending).toBe(0); // no timer left behind when nobody watches
  });

  it('coalesces a burst of events into at most one computation per window and sends it to every stream', async () => {
    const t = setup();
    const [a, b] = [recorder(), recorder()];
    await t.hub.open(t.user('u1'), a.sink);
    await t.hub.open(t.link('l1'), b.sink);
    await t.scheduler.advance(15);
    expect(t.computations()).toBe(1);
    for (let i = 0; i < 20; i++) {
      await t.publish(i % 2 ? 'chat.queued' : 'agent.status');
      await t.scheduler.advance(10);
    }
    // 200 ms of events: the first window ends 250 ms after the first computation, then one more.
    await t.scheduler.advance(300);
    expect(t.computations()).toBeLessThanOrEqual(3);
    expect(t.computations()).toBeGreaterThanOrEqual(2);
    expect(a.snapshots).toHaveLength(t.computations());
    expect(b.snapshots).toHaveLength(t.computations());
  });

  it('recomputes every watched account when the bus announces a gap, and sends each stream the new view', async () => {
    const t = setup();
    const [a, b] = [recorder(), recorder()];
    await t.hub.open(t.user('u1'), a.sink);
    await t.hub.open(t.user('x', 'other-account'), b.sink);
    await t.scheduler.advance(15);
    expect(t.computations()).toBe(2);
    t.gap(); // whatever the bus lost meanwhile, the view is computed from storage
    await t.scheduler.advance(300);
    expect(t.computations()).toBe(4);
    expect(a.snapshots).toHaveLength(2);
    expect(b.snapshots).toHaveLength(2);
    expect(a.snapshots[1]!.id).not.toBe(a.snapshots[0]!.id);
    t.hub.close();
    expect(t.gapListeners()).toBe(0);
  });

  it('ignores events that do not change the monitor', async () => {
    const t = setup();
    await t.hub.open(t.user('u1'), recorder().sink);
    await t.scheduler.advance(15);
    for (const type of ['chat.message', 'chat.offline', 'chat.typing', 'account.updated']) await t.publish(type);
    await t.scheduler.advance(1000);
    expect(t.computations()).toBe(1);
    await t.publish('widget.updated');
    await t.scheduler.advance(300);
    expect(t.computations()).toBe(2);
  });

  it('orders widgets per viewer and re-orders a viewer’s streams when their layout changes', async () => {
    const t = setup({ orders: { u2: ['w-b'] } });
    const [a, b] = [recorder(), recorder()];
    await t.hub.open(t.user('u1'), a.sink);
    await t.hub.open(t.user('u2'), b.sink);
    await t.scheduler.advance(15);
    expect(a.snapshots[0]!.view.widgets.map((w: MonitorWidget) => w.id)).toEqual(['w-a', 'w-b']);
    expect(b.snapshots[0]!.view.widgets.map((w: MonitorWidget) => w.id)).toEqual(['w-b', 'w-a']);
    await t.publish('monitor.layout_changed', { userId: 'u1', widgetIds: ['w-b', 'w-a'] });
    await t.scheduler.advance(300);
    expect(a.snapshots.at(-1)!.view.widgets.map((w: MonitorWidget) => w.id)).toEqual(['w-b', 'w-a']);
  });

  it('shows a share link only its widgets, anonymized', async () => {
    const t = setup();
    const [only, all] = [recorder(), recorder()];
    await t.hub.open(t.link('l1', ['w-a']), only.sink);
    await t.hub.open(t.link('l2'), all.sink);
    await t.scheduler.advance(15);
    expect(only.snapshots[0]!.view.widgets.map((w: MonitorWidget) => w.id)).toEqual(['w-a']);
    expect(all.snapshots[0]!.view.widgets.map((w: MonitorWidget) => w.id)).toEqual(['w-a', 'w-b']);
    const json = JSON.stringify(only.snapshots[0]!.view);
    for (const secret of HIDDEN) expect(json).not.toContain(secret);
    expect(only.snapshots[0]!.view.widgets[0].queue[0]).toEqual({
      chatId: 'c1',
      queuedAt: '2026-03-01T11:59:00.000Z',
      waitingSeconds: 60,
      visitor: { countryCode: 'DE' },
    });
  });

  it('ends the streams of a revoked link at once, and only those', async () => {
    const t = setup();
    const [l1, l1b, l2, u] = [recorder(), recorder(), recorder(), recorder()];
    await t.hub.open(t.link('l1'), l1.sink);
    await t.hub.open(t.link('l1'), l1b.sink);
    await t.hub.open(t.link('l2'), l2.sink);
    await t.hub.open(t.user('u1'), u.sink);
    await t.publish('monitor.share_link_revoked', { linkId: 'l1' });
    expect(l1.ends).toEqual(['revoked']);
    expect(l1b.ends).toEqual(['revoked']);
    expect(l2.ends).toEqual([]);
    expect(u.ends).toEqual([]);
    expect(t.hub.stats().streams).toBe(2);
  });

  it('never serves a link that fails verification (revoked while the stream opened)', async () => {
    const t = setup();
    const r = recorder();
    await t.hub.open(t.link('l1'), r.sink, { verify: async () => false });
    await t.scheduler.advance(100);
    expect(r.ends).toEqual(['revoked']);
    expect(r.snapshots).toEqual([]);
    expect(t.hub.stats().streams).toBe(0);
  });

  it('ends a link’s streams when it expires', async () => {
    const t = setup();
    const r = recorder();
    await t.hub.open(t.link('l1', null, '2026-03-01T12:10:00.000Z'), r.sink);
    await t.scheduler.advance(9 * 60_000);
    expect(r.ends).toEqual([]);
    await t.scheduler.advance(60_000);
    expect(r.ends).toEqual(['expired']);
    const late = recorder();
    await t.hub.open(t.link('l1', null, '2026-03-01T12:10:00.000Z'), late.sink);
    expect(late.ends).toEqual(['expired']);
    expect(late.snapshots).toEqual([]);
  });

  it('cuts off a viewer who is made an agent, deactivated or deleted', async () => {
    const t = setup();
    const [a, b, c, d] = [recorder(), recorder(), recorder(), recorder()];
    await t.hub.open(t.user('u1'), a.sink);
    await t.hub.open(t.user('u2'), b.sink);
    await t.hub.open(t.user('u3'), c.sink);
    await t.hub.open(t.user('u4'), d.sink);
    await t.publish('user.updated', { userId: 'u1', role: 'agent', status: 'active' });
    await t.publish('user.updated', { userId: 'u2', role: 'admin', status: 'deactivated' });
    await t.publish('user.deleted', { userId: 'u3', role: 'admin', status: 'active' });
    await t.publish('user.updated', { userId: 'u4', role: 'admin', status: 'active' });
    expect([a.ends, b.ends, c.ends, d.ends]).toEqual([['access_changed'], ['access_changed'], ['access_changed'], []]);
  });

  it('resumes without resending when the client already has the latest snapshot, otherwise sends a fresh one', async () => {
    const t = setup();
    const first = recorder();
    await t.hub.open(t.user('u1'), first.sink);
    await t.scheduler.advance(15);
    const id = first.snapshots[0]!.id;
    const resumed = recorder();
    await t.hub.open(t.user('u1'), resumed.sink, { lastEventId: id });
    expect(resumed.snapshots).toEqual([]);
    await t.publish('chat.assigned');
    await t.scheduler.advance(300);
    expect(resumed.snapshots).toHaveLength(1); // it follows live changes
    const stale = recorder();
    await t.hub.open(t.user('u1'), stale.sink, { lastEventId: id });
    expect(stale.snapshots).toHaveLength(1);
    expect(stale.snapshots[0]!.id).not.toBe(id);
  });

  it('sends heartbeats from one timer and refreshes views older than resyncMs', async () => {
    const t = setup();
    const r = recorder();
    await t.hub.open(t.user('u1'), r.sink);
    await t.scheduler.advance(15);
    await t.scheduler.advance(25_000);
    expect(r.heartbeats()).toBe(1);
    expect(t.computations()).toBe(1);
    await t.scheduler.advance(50_000);
    expect(r.heartbeats()).toBe(3);
    expect(t.computations()).toBe(2);
    expect(r.snapshots).toHaveLength(2);
  });

  it('reports a failed computation, keeps the streams, and recovers on the next event', async () => {
    const t = setup();
    const r = recorder();
    await t.hub.open(t.user('u1'), r.sink);
    await t.scheduler.advance(15);
    t.setFail(true);
    await t.publish('chat.queued');
    await t.scheduler.advance(300);
    expect(t.errors).toHaveLength(1);
    expect(r.ends).toEqual([]);
    t.setFail(false);
    t.setWidgets([widget('w-z', 'Zed')]);
    await t.publish('chat.queued');
    await t.scheduler.advance(300);
    expect(r.snapshots.at(-1)!.view.widgets.map((w: MonitorWidget) => w.id)).toEqual(['w-z']);
  });

  it('ends every stream on close and refuses new ones', async () => {
    const t = setup();
    const [a, b] = [recorder(), recorder()];
    await t.hub.open(t.user('u1'), a.sink);
    t.hub.close();
    await t.hub.open(t.user('u2'), b.sink);
    expect(a.ends).toEqual(['shutdown']);
    expect(b.ends).toEqual(['shutdown']);
    expect(t.subscriptions()).toBe(0);
    expect(t.scheduler.pending).toBe(0);
  });

  describe('patches', () => {
    it('sends a stream that takes patches its first view whole, then patches that rebuild every later view', async () => {
      const t = setup();
      const [p, whole] = [patcher(), recorder()];
      await t.hub.open(t.user('u1'), p.sink);
      await t.hub.open(t.user('u1'), whole.sink);
      await t.scheduler.advance(15);
      for (let i = 2; i <= 4; i++) {
        t.setWidgets([
          widget('w-a', 'Alpha', { queue: Array.from({ length: i }, (_, k) => queued(`c${k}`, `2026-03-01T11:5${k}:00.000Z`)) }),
          widget('w-b', 'Beta'),
        ]);
        await t.publish('chat.queued');
        await t.scheduler.advance(300);
        expect(p.view()).toEqual(whole.snapshots.at(-1)!.view);
      }
      expect(p.kinds()).toEqual(['snapshot', 'patch', 'patch', 'patch']);
      expect(p.frames.map((f) => f.id)).toEqual(whole.snapshots.map((s) => s.id));
      // A new chat is its own entry and the changed times, not the whole view again.
      for (const f of p.frames.slice(1)) expect(f.bytes).toBeLessThan(JSON.stringify(whole.snapshots.at(-1)!.view).length / 2);
    });

    it('sends a share link patches that carry nothing the link hides', async () => {
      const t = setup();
      const p = patcher();
      const sent: string[] = [];
      await t.hub.open(t.link('l1'), { ...p.sink, patch: (id, json) => (sent.push(json), p.sink.patch!(id, json)) });
      await t.scheduler.advance(15);
      t.setWidgets([
        widget('w-a', 'Alpha', { queue: [queued('c1', '2026-03-01T11:59:00.000Z'), queued('c2', '2026-03-01T12:00:00.000Z')] }),
        widget('w-b', 'Beta'),
      ]);
      await t.publish('chat.queued');
      await t.scheduler.advance(300);
      expect(p.kinds()).toEqual(['snapshot', 'patch']);
      expect(sent[0]).toContain('c2');
      for (const secret of HIDDEN) expect(sent[0]).not.toContain(secret);
      expect(p.view().widgets[0].queue[1]).toEqual({
        chatId: 'c2',
        queuedAt: '2026-03-01T12:00:00.000Z',
        waitingSeconds: 5,
        visitor: { countryCode: 'DE' },
      });
    });

    it('patches each stream from the view it has, when one opened on a view computed for it alone', async () => {
      const t = setup();
      const [early, late, whole] = [patcher(), patcher(), recorder()];
      await t.hub.open(t.user('u1'), early.sink);
      await t.scheduler.advance(15);
      t.clock.advance(5_000); // the cached view is stale now: the next stream gets one of its own
      await t.hub.open(t.user('u1'), late.sink);
      await t.scheduler.advance(15);
      expect(late.frames[0]!.id).not.toBe(early.frames[0]!.id);
      expect(early.frames).toHaveLength(1);
      await t.hub.open(t.user('u1'), whole.sink);
      t.setWidgets([
        widget('w-a', 'Alpha', { queue: [queued('c1', '2026-03-01T11:59:00.000Z'), queued('c9', '2026-03-01T12:00:02.000Z')] }),
        widget('w-b', 'Beta'),
      ]);
      await t.publish('chat.queued');
      await t.scheduler.advance(300);
      expect(early.frames[1]).toMatchObject({ kind: 'patch', base: early.frames[0]!.id });
      expect(late.frames[1]).toMatchObject({ kind: 'patch', base: late.frames[0]!.id });
      expect(early.view()).toEqual(whole.snapshots.at(-1)!.view);
      expect(late.view()).toEqual(whole.snapshots.at(-1)!.view);
    });

    it('patches a resumed stream from the view it resumed at', async () => {
      const t = setup();
      const first = recorder();
      await t.hub.open(t.user('u1'), first.sink);
      await t.scheduler.advance(15);
      const p = patcher();
      p.sink.snapshot(first.snapshots[0]!.id, JSON.stringify(first.snapshots[0]!.view)); // what the client kept
      await t.hub.open(t.user('u1'), p.sink, { lastEventId: first.snapshots[0]!.id });
      await t.publish('agent.status');
      await t.scheduler.advance(300);
      expect(p.frames[1]).toMatchObject({ kind: 'patch', base: first.snapshots[0]!.id });
      expect(p.view()).toEqual(first.snapshots.at(-1)!.view);
    });

    it('sends a snapshot instead when the layout changed, when a patch would not be smaller, and every fullSnapshotMs', async () => {
      const t = setup();
      const p = patcher();
      await t.hub.open(t.user('u1'), p.sink);
      await t.scheduler.advance(15);
      await t.publish('monitor.layout_changed', { userId: 'u1', widgetIds: ['w-b', 'w-a'] });
      await t.scheduler.advance(300);
      expect(p.kinds()).toEqual(['snapshot', 'snapshot']);
      expect(p.view().widgets.map((w: MonitorWidget) => w.id)).toEqual(['w-b', 'w-a']);
      t.setWidgets([widget('w-c', 'Gamma')]); // everything changed: the patch is larger than the view
      await t.publish('widget.updated');
      await t.scheduler.advance(300);
      expect(p.kinds()).toEqual(['snapshot', 'snapshot', 'snapshot']);
      await t.publish('agent.status');
      await t.scheduler.advance(300);
      expect(p.kinds().at(-1)).toBe('patch');
      t.clock.advance(60_000);
      await t.publish('agent.status');
      await t.scheduler.advance(300);
      expect(p.kinds().at(-1)).toBe('snapshot');
      await t.publish('agent.status');
      await t.scheduler.advance(300);
      expect(p.kinds().at(-1)).toBe('patch');
    });
  });
});
