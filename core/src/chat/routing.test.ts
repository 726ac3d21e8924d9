import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AgentLoad, AgentStatus } from '../model/chat.js';
import {
  availabilityOf,
  availableSlots,
  byQueueOrder,
  estimateWaitSeconds,
  maxChatsOf,
  pickAgent,
  planDrain,
  startMode,
  type QueuedChatRef,
  type RoutingWidget,
  type StartingWidget,
} from './routing.js';

const T = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s)).toISOString();
const agent = (userId: string, o: Partial<AgentLoad> = {}): AgentLoad => ({
  accountId: 'acc',
  userId,
  status: 'online',
  since: T(0),
  lastAssignedAt: null,
  version: 1,
  activeChats: 0,
  ...o,
});
const widget = (o: Partial<StartingWidget> = {}): StartingWidget => ({
  id: 'w1',
  agentIds: ['a', 'b', 'c'],
  maxConcurrentChats: 2,
  alwaysOffline: false,
  maxQueueSize: null,
  ...o,
});
const open = (queued = 0) => ({ queued, open: true });

describe('pickAgent', () => {
  it('picks the least busy agent first', () => {
    expect(
      pickAgent(widget(), [agent('a', { activeChats: 1 }), agent('b', { activeChats: 0 }), agent('c', { activeChats: 1 })])?.userId,
    ).toBe('b');
  });

  it('breaks ties by the longest idle (earliest of last assignment or coming online)', () => {
    const loads = [
      agent('a', { since: T(1), lastAssignedAt: T(50) }),
      agent('b', { since: T(40), lastAssignedAt: T(10) }), // came online after its last chat: idle since 40
      agent('c', { since: T(5), lastAssignedAt: T(30) }),
    ];
    expect(pickAgent(widget(), loads)?.userId).toBe('c');
  });

  it('skips paused, offline, full agents and agents who do not serve the widget', () => {
    const loads = [agent('a', { status: 'paused' }), agent('b', { status: 'offline' }), agent('c', { activeChats: 2 }), agent('z')];
    expect(pickAgent(widget(), loads)).toBeNull();
    expect(pickAgent(widget(), [...loads, agent('c', { activeChats: 1 })])?.userId).toBe('c');
  });

  it('holds an agent to their own maximum instead of the widget’s', () => {
    expect(pickAgent(widget(), [agent('a', { activeChats: 2, maxConcurrentChats: 5 })])?.userId).toBe('a');
    expect(pickAgent(widget(), [agent('a', { activeChats: 1, maxConcurrentChats: 1 })])).toBeNull();
    expect(pickAgent(widget(), [agent('a', { activeChats: 1, maxConcurrentChats: null })])?.userId).toBe('a');
  });
});

describe('planDrain', () => {
  it('assigns the oldest chats first and stops a widget at its first chat nobody can take', () => {
    const queue: QueuedChatRef[] = [
      { id: 'q3', widgetId: 'w1', queuedAt: T(3) },
      { id: 'q1', widgetId: 'w1', queuedAt: T(1) },
      { id: 'q2', widgetId: 'w1', queuedAt: T(2) },
    ];
    const plan = planDrain(
      queue,
      new Map([['w1', widget({ agentIds: ['a', 'b'], maxConcurrentChats: 1 })]]),
      [agent('a'), agent('b')],
      T(9),
    );
    expect(plan).toEqual([
      { chatId: 'q1', agentId: 'a' },
      { chatId: 'q2', agentId: 'b' },
    ]);
  });

  it('spreads chats evenly: least busy, then longest idle, counting its own assignments', () => {
    const queue = ['1', '2', '3', '4'].map((n) => ({ id: `q${n}`, widgetId: 'w1', queuedAt: T(Number(n)) }));
    const plan = planDrain(
      queue,
      new Map([['w1', widget({ agentIds: ['a', 'b'] })]]),
      [agent('a', { since: T(0) }), agent('b', { since: T(0), activeChats: 1 })],
      T(9),
    );
    // a (0 open) first; then a and b both have 1 and b has been idle longer; then a again; then both are full.
    expect(plan.map((p) => p.agentId)).toEqual(['a', 'b', 'a']);
  });

  const statusArb = fc.constantFrom<AgentStatus>('online', 'online', 'paused', 'offline');
  const scenario = fc
    .record({
      max: fc.integer({ min: 1, max: 4 }),
      agents: fc.array(
        fc.record({
          status: statusArb,
          active: fc.integer({ min: 0, max: 5 }),
          idle: fc.integer({ min: 0, max: 100 }),
          own: fc.option(fc.integer({ min: 1, max: 6 })),
        }),
        { minLength: 0, maxLength: 6 },
      ),
      queue: fc.array(fc.record({ widget: fc.constantFrom('w1', 'w2'), at: fc.integer({ min: 0, max: 1000 }) }), { maxLength: 30 }),
      split: fc.integer({ min: 0, max: 6 }),
    })
    .map(({ max, agents, queue, split }) => {
      const loads = agents.map((a, i) =>
        agent(`u${i}`, { status: a.status, activeChats: a.active, since: T(a.idle), maxConcurrentChats: a.own }),
      );
      const ids = loads.map((l) => l.userId);
      const widgets = new Map<string, RoutingWidget>([
        ['w1', { id: 'w1', agentIds: ids.slice(0, Math.max(split, 1)), maxConcurrentChats: max }],
        ['w2', { id: 'w2', agentIds: ids.slice(Math.min(split, ids.length - 1)), maxConcurrentChats: max }],
      ]);
      const q = queue.map((c, i) => ({ id: `c${String(i).padStart(3, '0')}`, widgetId: c.widget, queuedAt: T(c.at) }));
      return { loads, widgets, queue: q, max };
    });

  it('never pushes an agent past their maximum (their own, else the widget’s), never assigns a chat twice, only to eligible agents', () => {
    fc.assert(
      fc.property(scenario, ({ loads, widgets, queue, max }) => {
        const plan = planDrain(queue, widgets, loads, T(2000));
        expect(new Set(plan.map((p) => p.chatId)).size).toBe(plan.length);
        const extra = new Map<string, number>();
        for (const p of plan) {
          const chat = queue.find((c) => c.id === p.chatId)!;
          const a = loads.find((l) => l.userId === p.agentId)!;
          expect(a.status).toBe('online');
          expect(widgets.get(chat.widgetId)!.agentIds).toContain(p.agentId);
          extra.set(p.agentId, (extra.get(p.agentId) ?? 0) + 1);
        }
        for (const [id, n] of extra) {
          const a = loads.find((l) => l.userId === id)!;
          expect(a.activeChats + n).toBeLessThanOrEqual(a.maxConcurrentChats ?? max);
        }
      }),
    );
  });

  it('is first in, first out per widget: assigned chats are a prefix of the widget’s queue, and the rest have nobody free', () => {
    fc.assert(
      fc.property(scenario, ({ loads, widgets, queue }) => {
        const plan = planDrain(queue, widgets, loads, T(2000));
        const assigned = new Set(plan.map((p) => p.chatId));
        for (const w of widgets.keys()) {
          const mine = queue.filter((c) => c.widgetId === w).sort(byQueueOrder);
          const k = mine.filter((c) => assigned.has(c.id)).length;
          expect(mine.slice(0, k).every((c) => assigned.has(c.id))).toBe(true);
          if (k < mine.length) {
            // the first one left waiting found nobody: replay the plan's load and check
            const load = new Map(loads.map((l) => [l.userId, l.activeChats]));
            for (const p of plan) load.set(p.agentId, load.get(p.agentId)! + 1);
            const wd = widgets.get(w)!;
            expect(
              loads.some((l) => l.status === 'online' && wd.agentIds.includes(l.userId) && load.get(l.userId)! < maxChatsOf(wd, l)),
            ).toBe(false);
          }
        }
      }),
    );
  });

  it('always gives a chat to a least-busy eligible agent at the moment of choice', () => {
    fc.assert(
      fc.property(scenario, ({ loads, widgets, queue }) => {
        const plan = planDrain(queue, widgets, loads, T(2000));
        const load = new Map(loads.map((l) => [l.userId, l.activeChats]));
        for (const p of plan) {
          const w = widgets.get(queue.find((c) => c.id === p.chatId)!.widgetId)!;
          const eligible = loads.filter(
            (l) => l.status === 'online' && w.agentIds.includes(l.userId) && load.get(l.userId)! < maxChatsOf(w, l),
          );
          const least = Math.min(...eligible.map((l) => load.get(l.userId)!));
          expect(load.get(p.agentId)).toBe(least);
          load.set(p.agentId, load.get(p.agentId)! + 1);
        }
      }),
    );
  });
});

describe('availability and start mode', () => {
  it('is offline when nobody of the widget is online or paused, or the widget always shows the form', () => {
    expect(startMode(widget(), [agent('a', { status: 'offline' }), agent('z')], open())).toBe('offline');
    expect(startMode(widget(), [agent('a', { status: 'paused' })], open())).toBe('chat');
    expect(startMode(widget({ alwaysOffline: true }), [agent('a')], open())).toBe('offline');
  });

  it('is offline outside business hours, even with agents free', () => {
    expect(startMode(widget(), [agent('a')], { queued: 0, open: false })).toBe('offline');
    expect(availabilityOf(widget(), [agent('a')], { queued: 0, open: false })).toEqual({
      widgetId: 'w1',
      available: false,
      mode: 'offline',
      queued: 0,
      queueFull: false,
      outsideBusinessHours: true,
    });
  });

  it('is offline with queueFull once the queue holds maxQueueSize chats and nobody is free', () => {
    const w = widget({ maxQueueSize: 2 });
    const busy = [agent('a', { activeChats: 2 })];
    expect(startMode(w, busy, open(1))).toBe('chat');
    expect(startMode(w, busy, open(2))).toBe('offline');
    expect(availabilityOf(w, busy, open(2))).toMatchObject({ available: false, mode: 'offline', queueFull: true });
    expect(availabilityOf(w, busy, open(1))).toMatchObject({ mode: 'busy', queueFull: false });
    // Nobody there at all: offline, and no word of a full queue (the visitor is not told agents are busy).
    expect(availabilityOf(w, [agent('a', { status: 'offline' })], open(2))).toMatchObject({ mode: 'offline', queueFull: false });
    expect(availabilityOf(w, [], open(2))).toMatchObject({ mode: 'offline', queueFull: false });
    // a queue size of 0: chats only when someone can take one at once
    expect(startMode(widget({ maxQueueSize: 0 }), busy, open(0))).toBe('offline');
    expect(startMode(widget({ maxQueueSize: 0 }), [agent('a')], open(0))).toBe('chat');
  });

  it('never lets the queue grow past maxQueueSize, whatever arrives and whoever is online', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 5 }),
        fc.array(
          fc.record({
            status: fc.constantFrom<AgentStatus>('online', 'paused', 'offline'),
            active: fc.integer({ min: 0, max: 3 }),
            own: fc.option(fc.integer({ min: 1, max: 3 })),
          }),
          { maxLength: 4 },
        ),
        fc.integer({ min: 0, max: 20 }),
        (maxQueueSize, agents, arrivals) => {
          const w = widget({ agentIds: agents.map((_, i) => `u${i}`), maxQueueSize });
          let loads = agents.map((a, i) => agent(`u${i}`, { status: a.status, activeChats: a.active, maxConcurrentChats: a.own }));
          let queue: QueuedChatRef[] = [];
          for (let n = 0; n < arrivals; n++) {
            if (startMode(w, loads, open(queue.length)) === 'offline') continue;
            queue.push({ id: `c${String(n).padStart(3, '0')}`, widgetId: 'w1', queuedAt: T(n) });
            const plan = planDrain(queue, new Map([['w1', w]]), loads, T(n));
            const taken = new Set(plan.map((p) => p.chatId));
            queue = queue.filter((c) => !taken.has(c.id));
            loads = loads.map((l) => ({ ...l, activeChats: l.activeChats + plan.filter((p) => p.agentId === l.userId).length }));
            expect(queue.length).toBeLessThanOrEqual(maxQueueSize);
          }
        },
      ),
    );
  });

  it('is available with a free agent and an empty queue, busy otherwise', () => {
    expect(availabilityOf(widget(), [agent('a')], open(0))).toEqual({
      widgetId: 'w1',
      available: true,
      mode: 'available',
      queued: 0,
      queueFull: false,
      outsideBusinessHours: false,
    });
    expect(availabilityOf(widget(), [agent('a')], open(2)).mode).toBe('busy');
    expect(availabilityOf(widget(), [agent('a', { activeChats: 2 })], open(0)).mode).toBe('busy');
    expect(availabilityOf(widget(), [agent('a', { activeChats: 2, maxConcurrentChats: 3 })], open(0)).mode).toBe('available');
    expect(availabilityOf(widget(), [agent('a', { status: 'paused' })], open(0))).toMatchObject({ available: false, mode: 'busy' });
    expect(availabilityOf(widget(), [], open(0)).mode).toBe('offline');
  });

  it('counts available slots: online agents’ maximums minus their open chats, never below zero', () => {
    const loads = [
      agent('a', { activeChats: 1 }), // 2 - 1
      agent('b', { activeChats: 1, maxConcurrentChats: 4 }), // 4 - 1
      agent('c', { activeChats: 5 }), // over the maximum: 0, not -3
      agent('z'), // not the widget's
      agent('x', { status: 'paused' }),
    ];
    expect(availableSlots(widget({ agentIds: ['a', 'b', 'c', 'x'] }), loads)).toBe(4);
  });

  it('estimates the wait from position, online capacity and handling time', () => {
    expect(estimateWaitSeconds(1, 6, 300)).toBe(50);
    expect(estimateWaitSeconds(6, 6, 300)).toBe(300);
    expect(estimateWaitSeconds(1, 0, 300)).toBeNull();
  });
});
