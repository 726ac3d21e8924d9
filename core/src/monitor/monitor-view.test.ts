import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EMPTY_GEO, type AgentPresence, type Chat, type ChatStatus } from '../model/chat.js';
import { monitorView, orderWidgets, type MonitorSource } from './monitor-view.js';

const NOW = '2026-03-01T12:00:00.000Z';
const ago = (seconds: number) => new Date(Date.parse(NOW) - seconds * 1000).toISOString();

let n = 0;
const chat = (o: Partial<Chat> & { widgetId: string; status: ChatStatus }): Chat => {
  const id = o.id ?? `chat-${String(++n).padStart(4, '0')}`;
  return {
    id,
    accountId: 'acc',
    kind: 'chat',
    agentId: null,
    visitor: {
      name: `Visitor ${id}`,
      email: `${id}@example.com`,
      ip: '203.0.113.9',
      userAgent: 'UA',
      browser: 'Firefox 128',
      os: 'Linux',
      pageUrl: 'https://shop.example/cart',
      referrerUrl: null,
      language: 'de-DE',
      customVariables: { plan: 'gold' },
      geo: { ...EMPTY_GEO, countryCode: 'DE', country: 'Germany', region: 'BE', city: 'Berlin' },
      key: null,
    },
    question: `Question of ${id}`,
    visitorTokenHash: 'hash',
    createdAt: ago(600),
    queuedAt: ago(600),
    assignedAt: null,
    firstAgentReplyAt: null,
    closedAt: null,
    closedBy: null,
    closedByUserId: null,
    transfers: [],
    proactive: false,
    labels: [],
    survey: null,
    handledAt: null,
    handledBy: null,
    lastSeq: 1,
    updatedAt: ago(600),
    version: 1,
    ...o,
  };
};

const presence = (userId: string, status: AgentPresence['status'], since = ago(3600)): AgentPresence => ({
  accountId: 'acc',
  userId,
  status,
  since,
  lastAssignedAt: null,
  version: 1,
});

const users = [
  { id: 'u-ann', name: 'Ann', status: 'active' as const },
  { id: 'u-bob', name: 'Bob', status: 'active' as const },
  { id: 'u-cid', name: 'Cid', status: 'active' as const },
  { id: 'u-dee', name: 'Dee', status: 'deactivated' as const },
];

const source = (o: Partial<MonitorSource> = {}): MonitorSource => ({
  widgets: [
    { id: 'w-sales', name: 'Sales', agentIds: ['u-ann', 'u-bob', 'u-dee', 'u-gone'], settings: { maxConcurrentChats: 3 } },
    { id: 'w-support', name: 'Support', agentIds: ['u-bob', 'u-cid'], settings: { maxConcurrentChats: 2 } },
  ],
  chats: [],
  presences: [presence('u-ann', 'online'), presence('u-bob', 'paused')],
  users,
  ...o,
});

describe('monitorView', () => {
  it('lists each widget’s queue oldest first, with how long each chat has waited', () => {
    const view = monitorView(
      source({
        chats: [
          chat({ id: 'c-new', widgetId: 'w-sales', status: 'queued', queuedAt: ago(5) }),
          chat({ id: 'c-old', widgetId: 'w-sales', status: 'queued', queuedAt: ago(125) }),
          chat({ id: 'c-sup', widgetId: 'w-support', status: 'queued', queuedAt: ago(30) }),
        ],
      }),
      { now: NOW },
    );
    const sales = view.widgets.find((w) => w.id === 'w-sales')!;
    expect(sales.queue.map((q) => [q.chatId, q.waitingSeconds])).toEqual([
      ['c-old', 125],
      ['c-new', 5],
    ]);
    expect(sales.queue[0]).toMatchObject({
      queuedAt: ago(125),
      question: 'Question of c-old',
      visitor: {
        name: 'Visitor c-old',
        email: 'c-old@example.com',
        city: 'Berlin',
        region: 'BE',
        country: 'Germany',
        countryCode: 'DE',
        customVariables: { plan: 'gold' },
      },
    });
    expect(sales.stats).toMatchObject({ queued: 2, longestWaitSeconds: 125 });
    expect(view.widgets.find((w) => w.id === 'w-support')!.queue.map((q) => q.chatId)).toEqual(['c-sup']);
    expect(view.generatedAt).toBe(NOW);
  });

  it('lists chats in progress with agent, duration, visitor location and transcript link', () => {
    const view = monitorView(
      source({
        chats: [
          chat({ id: 'c-1', widgetId: 'w-sales', status: 'active', agentId: 'u-ann', assignedAt: ago(90) }),
          chat({ id: 'c-2', widgetId: 'w-sales', status: 'active', agentId: 'u-gone', assignedAt: ago(300) }),
        ],
      }),
      { now: NOW, transcriptUrl: (id) => `https://parley.example/chats/${id}` },
    );
    const sales = view.widgets.find((w) => w.id === 'w-sales')!;
    expect(sales.active.map((a) => [a.chatId, a.agentName, a.durationSeconds])).toEqual([
      ['c-2', null, 300],
      ['c-1', 'Ann', 90],
    ]);
    expect(sales.active[1]).toMatchObject({
      agentId: 'u-ann',
      transcriptUrl: 'https://parley.example/chats/c-1',
      visitor: { city: 'Berlin', countryCode: 'DE' },
    });
    expect(sales.stats.active).toBe(2);
  });

  it('uses /api/v1/chats/:id as the transcript link by default', () => {
    const view = monitorView(
      source({ chats: [chat({ id: 'c 1', widgetId: 'w-sales', status: 'active', agentId: 'u-ann', assignedAt: ago(1) })] }),
      { now: NOW },
    );
    expect(view.widgets[0]!.active[0]!.transcriptUrl).toBe('/api/v1/chats/c%201');
  });

  it('ignores closed, abandoned and offline chats', () => {
    const view = monitorView(
      source({
        chats: (['closed', 'abandoned', 'offline'] as const).map((status) =>
          chat({ widgetId: 'w-sales', status, agentId: status === 'closed' ? 'u-ann' : null }),
        ),
      }),
      { now: NOW },
    );
    expect(view.widgets.every((w) => w.queue.length === 0 && w.active.length === 0)).toBe(true);
  });

  it('shows each widget’s agents: online, then paused, then offline; deactivated and deleted users left out', () => {
    const view = monitorView(
      source({
        chats: [
          chat({ widgetId: 'w-sales', status: 'active', agentId: 'u-bob', assignedAt: ago(10) }),
          chat({ widgetId: 'w-support', status: 'active', agentId: 'u-bob', assignedAt: ago(10) }),
        ],
      }),
      { now: NOW },
    );
    const [sales, support] = view.widgets;
    expect(sales!.agents).toEqual([
      { userId: 'u-ann', name: 'Ann', status: 'online', since: ago(3600), activeChats: 0, reason: null },
      { userId: 'u-bob', name: 'Bob', status: 'paused', since: ago(3600), activeChats: 2, reason: null },
    ]);
    expect(support!.agents.map((a) => [a.name, a.status, a.since])).toEqual([
      ['Bob', 'paused', ago(3600)],
      ['Cid', 'offline', null],
    ]);
    expect(sales!.stats).toMatchObject({ online: 1, paused: 1, offline: 0 });
    expect(support!.stats).toMatchObject({ online: 0, paused: 1, offline: 1 });
  });

  it('counts each widget’s available slots: online agents’ maximums (own, else the widget’s) minus open chats, shared agents in each widget', () => {
    const users2 = [
      { id: 'u-ann', name: 'Ann', status: 'active' as const, maxConcurrentChats: 5 },
      { id: 'u-bob', name: 'Bob', status: 'active' as const },
      { id: 'u-cid', name: 'Cid', status: 'active' as const },
      { id: 'u-dee', name: 'Dee', status: 'deactivated' as const },
    ];
    const view = monitorView(
      source({
        users: users2,
        presences: [presence('u-ann', 'online'), presence('u-bob', 'online'), presence('u-cid', 'paused'), presence('u-dee', 'online')],
        activeChatsByAgent: { 'u-ann': 1, 'u-bob': 1 },
      }),
      { now: NOW },
    );
    const [sales, support] = view.widgets;
    // Sales (max 3): Ann 5 − 1 (her own maximum) + Bob 3 − 1; Dee is deactivated, Cid paused and not in Sales
    expect(sales!.stats.availableSlots).toBe(6);
    // Support (max 2): Bob 2 − 1, counted here too; Cid paused
    expect(support!.stats.availableSlots).toBe(1);
  });

  it('shows the reason an agent gave with their status', () => {
    const view = monitorView(source({ presences: [{ ...presence('u-bob', 'paused'), reason: 'lunch' }] }), { now: NOW });
    expect(view.widgets[0]!.agents.find((a) => a.userId === 'u-bob')).toMatchObject({ status: 'paused', reason: 'lunch' });
  });

  it('counts open chats from activeChatsByAgent when given (the chat list may be cut)', () => {
    const view = monitorView(source({ activeChatsByAgent: { 'u-ann': 7 } }), { now: NOW });
    expect(view.widgets[0]!.agents.find((a) => a.userId === 'u-ann')!.activeChats).toBe(7);
  });

  it('cuts long lists at the limit but keeps exact counts', () => {
    const chats = Array.from({ length: 5 }, (_, i) => chat({ widgetId: 'w-sales', status: 'queued', queuedAt: ago(100 - i) }));
    const view = monitorView(source({ chats, queuedCounts: { 'w-sales': 40 } }), { now: NOW, listLimit: 3 });
    expect(view.widgets[0]!.queue).toHaveLength(3);
    expect(view.widgets[0]!.stats.queued).toBe(40);
    expect(view.widgets[0]!.stats.longestWaitSeconds).toBe(100);
  });

  it('orders widgets by the layout first, then the rest by name', () => {
    const widgets = [
      { id: 'w1', name: 'Zeta' },
      { id: 'w2', name: 'Alpha' },
      { id: 'w3', name: 'Mid' },
      { id: 'w4', name: 'Beta' },
    ];
    expect(orderWidgets(widgets, ['w3', 'unknown', 'w1', 'w3']).map((w) => w.id)).toEqual(['w3', 'w1', 'w2', 'w4']);
    expect(orderWidgets(widgets).map((w) => w.name)).toEqual(['Alpha', 'Beta', 'Mid', 'Zeta']);
    const view = monitorView(source(), { now: NOW, order: ['w-support'] });
    expect(view.widgets.map((w) => w.id)).toEqual(['w-support', 'w-sales']);
  });

  it('never shows a negative time when a clock is slightly behind', () => {
    const view = monitorView(source({ chats: [chat({ widgetId: 'w-sales', status: 'queued', queuedAt: ago(-3) })] }), { now: NOW });
    expect(view.widgets[0]!.queue[0]!.waitingSeconds).toBe(0);
  });

  it('places every queued and active chat of a known widget exactly once, in its widget (property)', () => {
    const widgetIds = ['w-sales', 'w-support', 'w-unknown'];
    const arbChat = fc.record({
      widgetId: fc.constantFrom(...widgetIds),
      status: fc.constantFrom<ChatStatus>('queued', 'active', 'closed', 'abandoned', 'offline'),
      agentId: fc.constantFrom('u-ann', 'u-bob', 'u-cid'),
      age: fc.nat({ max: 10_000 }),
    });
    fc.assert(
      fc.property(fc.array(arbChat, { maxLength: 30 }), (specs) => {
        const chats = specs.map((s, i) =>
          chat({
            id: `p-${String(i).padStart(3, '0')}`,
            widgetId: s.widgetId,
            status: s.status,
            agentId: s.status === 'queued' ? null : s.agentId,
            queuedAt: ago(s.age),
            assignedAt: ago(s.age),
          }),
        );
        const view = monitorView(source({ chats }), { now: NOW });
        for (const w of view.widgets) {
          const mine = chats.filter((c) => c.widgetId === w.id);
          expect(w.queue.map((q) => q.chatId).sort()).toEqual(
            mine
              .filter((c) => c.status === 'queued')
              .map((c) => c.id)
              .sort(),
          );
          expect(w.active.map((a) => a.chatId).sort()).toEqual(
            mine
              .filter((c) => c.status === 'active')
              .map((c) => c.id)
              .sort(),
          );
          const waits = w.queue.map((q) => q.waitingSeconds);
          expect(waits).toEqual([...waits].sort((a, b) => b - a));
          expect(w.stats.queued).toBe(w.queue.length);
        }
        expect(view.widgets.map((w) => w.id)).toEqual(['w-sales', 'w-support']);
      }),
      { numRuns: 200 },
    );
  });
});
