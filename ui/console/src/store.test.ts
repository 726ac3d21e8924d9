import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ChatEvent } from './model.js';

// The store is the browser's: it reads the address and listens for `popstate` when it loads, and applies the
// stream's events on the next animation frame. Those are stubbed here, and frames run when the test says.
const frames: FrameRequestCallback[] = [];
const runFrame = () => {
  for (const f of frames.splice(0)) f(0);
};
vi.stubGlobal('location', { pathname: '/app', search: '' });
vi.stubGlobal('history', { pushState() {}, replaceState() {} });
vi.stubGlobal('addEventListener', () => {});
vi.stubGlobal('document', { visibilityState: 'visible' });
vi.stubGlobal('requestAnimationFrame', (f: FrameRequestCallback) => frames.push(f));
/** The browser's local storage (read marks), shared by "tabs" as it is by a browser's. */
const stored = new Map<string, string>();
vi.stubGlobal('localStorage', {
  getItem: (k: string) => stored.get(k) ?? null,
  setItem: (k: string, v: string) => void stored.set(k, v),
  removeItem: (k: string) => void stored.delete(k),
});

/** The console's API client: only the calls the inbox makes, answered when the test resolves them. */
const calls: { path: string; query: unknown; answer: (data: unknown) => void }[] = [];
/** What the store posted (typing updates, replies), answered at once. */
const posted = vi.hoisted(() => [] as { path: string; body: unknown }[]);
vi.mock('./api.js', () => ({
  api: {
    GET: (path: string, init: { params?: { query?: unknown } }) =>
      new Promise((resolve) => calls.push({ path, query: init.params?.query, answer: (data) => resolve({ data }) })),
    POST: (path: string, init: { body?: unknown }) => {
      posted.push({ path, body: init.body });
      return Promise.resolve({ data: {}, error: undefined, response: new Response(null, { status: 201 }) });
    },
  },
}));
/** The new-message notifications the store asked for: each one's chat, and what its click does. */
const notified = vi.hoisted(() => [] as { chatId: string; open: () => void }[]);
vi.mock('./notify.js', () => ({
  notifyNew: (e: { chatId: string }, _chat: unknown, open: () => void) => notified.push({ chatId: e.chatId, open }),
}));

let store: typeof import('./store.js');
beforeAll(async () => {
  store = await import('./store.js');
  store.me.value = { id: 'agent-1', name: 'Ann' } as NonNullable<typeof store.me.value>;
});
afterEach(() => {
  calls.length = 0;
  store.chats.value = new Map();
});

/** The first message of chat `chatId`, as the agent stream replays it. */
const opening = (chatId: string): ChatEvent =>
  ({
    id: `e-${chatId}`,
    chatId,
    seq: 1,
    type: 'chat.message',
    at: '2026-01-01T00:00:00.000Z',
    author: { kind: 'visitor', userId: null, alias: 'Vera' },
    text: 'Hello',
    data: {},
  }) as ChatEvent;
const record = (id: string) => ({ id, visitor: { name: `Visitor ${id}` } });
const settled = () => new Promise((r) => setTimeout(r, 0));

describe('console inbox: loading the chats a replay brings', () => {
  it('asks once for the agent’s open chats when the replay arrives over two frames, and fills in every chat', async () => {
    for (const id of ['a', 'b']) store.receive(opening(id));
    runFrame();
    for (const id of ['c', 'd']) store.receive(opening(id));
    runFrame();
    await settled();
    expect(calls.map((c) => c.path)).toEqual(['/api/v1/chats']);
    expect(calls[0]!.query).toEqual({ agentId: 'agent-1', status: 'active', limit: 200 });
    calls[0]!.answer({ items: ['a', 'b', 'c', 'd'].map(record) });
    await settled();
    expect(calls).toHaveLength(1);
    expect([...store.chats.value.values()].map((c) => c.chat?.id)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('asks for a chat of a later burst by itself when the list it waited for does not hold it', async () => {
    for (const id of ['a', 'b']) store.receive(opening(id));
    runFrame();
    for (const id of ['c', 'd']) store.receive(opening(id));
    runFrame();
    await settled();
    calls[0]!.answer({ items: ['a', 'b', 'c'].map(record) });
    await settled();
    expect(calls.map((c) => c.path)).toEqual(['/api/v1/chats', '/api/v1/chats/{id}']);
    calls[1]!.answer({ chat: record('d') });
    await settled();
    expect(store.chats.value.get('d')?.chat?.id).toBe('d');
  });

  it('asks again for a burst that comes after the list call has answered', async () => {
    for (const id of ['a', 'b']) store.receive(opening(id));
    runFrame();
    await settled();
    calls[0]!.answer({ items: ['a', 'b'].map(record) });
    await settled();
    for (const id of ['c', 'd']) store.receive(opening(id));
    runFrame();
    await settled();
    expect(calls.map((c) => c.path)).toEqual(['/api/v1/chats', '/api/v1/chats']);
  });
});

describe('a chat deleted by an owner or admin', () => {
  it('leaves the inbox, with its events not yet applied, and the next chat is shown', async () => {
    store.receive(opening('kept'));
    store.receive(opening('gone'));
    runFrame();
    store.selectedId.value = 'gone';
    store.receive({ ...opening('gone'), id: 'e-gone-2', seq: 2 });
    store.receiveDeleted('gone');
    expect([...store.chats.value.keys()]).toEqual(['kept']);
    expect(store.selectedId.value).toBe('kept');
    runFrame();
    expect([...store.chats.value.keys()]).toEqual(['kept']);
  });
});

describe('a chat the agent dismissed', () => {
  it('is not brought back by what the stream says of it later, but is when it comes back to the agent', async () => {
    store.receive(opening('moved'));
    runFrame();
    // Passed on to another widget's queue: the console dismisses it when the transfer answers, which may be
    // before the stream's frame with the transfer runs.
    store.receive({
      ...opening('moved'),
      id: 'e-moved-2',
      seq: 2,
      type: 'chat.transferred',
      author: null,
      data: { fromAgentId: 'agent-1', toAgentId: null, toWidgetId: 'w2' },
    });
    store.dismiss('moved');
    runFrame();
    store.receive({
      ...opening('moved'),
      id: 'e-moved-3',
      seq: 3,
      author: { kind: 'agent', userId: 'agent-2', alias: 'Ben' },
      type: 'chat.note',
    });
    runFrame();
    expect(store.chats.value.has('moved')).toBe(false);
    // Given back to the agent later: it is theirs again.
    store.receive({
      ...opening('moved'),
      id: 'e-moved-4',
      seq: 4,
      author: null,
      type: 'chat.transferred',
      data: { fromAgentId: 'agent-2', toAgentId: 'agent-1' },
    });
    runFrame();
    expect(store.chats.value.get('moved')?.ended).toBeNull();
  });
});

describe('a lockout that ends by itself', () => {
  it('says the time it ends, and the date too when that is not today', () => {
    const now = new Date(2026, 11, 6, 9, 0);
    const today = new Date(2026, 11, 6, 9, 15);
    const time = today.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
    expect(store.lockedUntilMessage(today, now)).toBe(
      `Too many failed sign-ins: try again after ${time}, or ask an owner or admin to unlock you.`,
    );
    const tomorrow = new Date(2026, 11, 7, 0, 10);
    expect(store.lockedUntilMessage(tomorrow, now)).toContain(`after ${tomorrow.toLocaleDateString()} `);
  });
});

describe('a new visitor message’s notification', () => {
  it('is not given for what the stream replays when it opens, however recent, but for what follows, and after a reconnect', async () => {
    store.streamOpening();
    const now = () => new Date().toISOString();
    store.receive({ ...opening('r1'), id: 'e-r1-replayed', at: now() });
    store.receiveReady();
    store.receive({ ...opening('r2'), id: 'e-r2-live', at: now() });
    runFrame();
    await settled();
    expect(notified.map((n) => n.chatId)).toEqual(['r2']);
    // A reconnect of the same stream replays what the page missed: new to the agent, so it is told.
    store.receive({ ...opening('r3'), id: 'e-r3-missed', at: now() });
    store.receiveReady();
    runFrame();
    await settled();
    expect(notified.map((n) => n.chatId)).toEqual(['r2', 'r3']);
    // A new stream (signed in again) starts silent again.
    store.streamOpening();
    store.receive({ ...opening('r4'), id: 'e-r4-replayed', at: now() });
    runFrame();
    await settled();
    expect(notified.map((n) => n.chatId)).toEqual(['r2', 'r3']);
    store.receiveReady();
    runFrame();
    notified.length = 0;
  });

  it('opens its chat in the inbox when clicked, from another screen', async () => {
    store.route.value = { page: 'admin', section: 'audit', rest: [] };
    store.receive({ ...opening('n1'), id: 'e-n1-live', at: new Date().toISOString() });
    runFrame();
    await settled();
    const note = notified.find((n) => n.chatId === 'n1')!;
    expect(note).toBeDefined();
    store.selectedId.value = 'another';
    note.open();
    expect(store.route.value).toEqual({ page: 'main' });
    expect(store.selectedId.value).toBe('n1');
  });
});

describe('console: telling the visitor the agent is typing', () => {
  it('drops the update still waiting for its second when the reply is sent, so the visitor’s indicator stays cleared', async () => {
    vi.useFakeTimers();
    try {
      posted.length = 0;
      store.typing('chat-t', 'typing'); // posted at once
      vi.advanceTimersByTime(300);
      store.typing('chat-t', 'typing'); // waits for the rest of the second
      expect(posted.map((p) => p.path)).toEqual(['/api/v1/chats/{id}/typing']);
      await store.sendMessage('chat-t', 'Hello Vera');
      vi.advanceTimersByTime(5000);
      expect(posted.map((p) => p.path)).toEqual(['/api/v1/chats/{id}/typing', '/api/v1/chats/{id}/messages']);
      // The next reply's typing is told at once again.
      store.typing('chat-t', 'typing');
      expect(posted.at(-1)).toEqual({ path: '/api/v1/chats/{id}/typing', body: { text: 'typing' } });
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('a chat given to the agent while the inbox shows one that has ended', () => {
  const now = () => new Date().toISOString();
  const assigned = (chatId: string): ChatEvent =>
    ({
      ...opening(chatId),
      id: `a-${chatId}`,
      seq: 2,
      type: 'chat.assigned',
      at: now(),
      author: null,
      text: null,
      data: { agentId: 'agent-1' },
    }) as ChatEvent;
  const passedOn = (chatId: string): ChatEvent =>
    ({
      ...opening(chatId),
      id: `t-${chatId}`,
      seq: 3,
      text: null,
      type: 'chat.transferred',
      at: now(),
      author: null,
      data: { fromAgentId: 'agent-1', toAgentId: 'agent-2' },
    }) as ChatEvent;
  const showPassedOn = () => {
    store.streamOpening();
    store.receive({ ...opening('old'), at: now() });
    store.receive(assigned('old'));
    store.receiveReady();
    runFrame();
    store.selectedId.value = 'old';
    store.receive(passedOn('old'));
    runFrame();
    expect(store.chats.value.get('old')?.ended).toBe('transferred');
  };

  it('is shown instead, so the reply the agent types goes to the new visitor and not into the ended chat’s note box', () => {
    showPassedOn();
    store.receive({ ...opening('new'), at: now() });
    store.receive(assigned('new'));
    runFrame();
    expect(store.selectedId.value).toBe('new');
    expect(store.chats.value.get('new')?.unread).toBe(0);
  });

  it('is not, while a note is being written in the ended chat', () => {
    showPassedOn();
    store.keepDraft('old', 'note', 'Handed to Bo, who knows the account');
    store.receive({ ...opening('new'), at: now() });
    store.receive(assigned('new'));
    runFrame();
    expect(store.selectedId.value).toBe('old');
    store.keepDraft('old', 'note', '');
  });

  it('is not, while the ended chat holds a reply left unsent, which stays a reply and never becomes its note', () => {
    store.keepDraft('old', 'reply', 'Draft I was composing about delivery times');
    showPassedOn();
    expect(store.keptDraft('old', 'note')).toBe('');
    expect(store.keptDraft('old', 'reply')).toBe('Draft I was composing about delivery times');
    store.receive({ ...opening('new'), at: now() });
    store.receive(assigned('new'));
    runFrame();
    expect(store.selectedId.value).toBe('old');
    store.keepDraft('old', 'reply', '');
  });

  it('is not, when the chat shown is still open', () => {
    store.streamOpening();
    store.receive({ ...opening('mine'), at: now() });
    store.receive(assigned('mine'));
    store.receiveReady();
    runFrame();
    store.selectedId.value = 'mine';
    store.receive({ ...opening('new'), at: now() });
    store.receive(assigned('new'));
    runFrame();
    expect(store.selectedId.value).toBe('mine');
  });
});

describe('the Inbox tab’s unread count', () => {
  it('counts the chats still open, not those that ended with messages unread, which no longer show any', () => {
    const closed = (chatId: string): ChatEvent =>
      ({ ...opening(chatId), id: `c-${chatId}`, seq: 2, type: 'chat.closed', author: null, text: null, data: {} }) as ChatEvent;
    store.selectedId.value = 'elsewhere';
    store.receive(opening('open-one'));
    store.receive(opening('ended-one'));
    runFrame();
    expect(store.unreadTotal.value).toBe(2);
    store.receive(closed('ended-one'));
    runFrame();
    expect(store.chats.value.get('ended-one')?.unread).toBe(0);
    expect(store.unreadTotal.value).toBe(1);
  });
});

describe('a chat passed on to a widget’s queue', () => {
  const now = () => new Date().toISOString();
  const event = (chatId: string, seq: number, type: string, data: object): ChatEvent =>
    ({ ...opening(chatId), id: `${type}-${chatId}-${seq}`, seq, type, at: now(), author: null, text: null, data }) as ChatEvent;

  it('leaves the inbox once the transfer is answered, unless the queue gave it straight back to the agent', () => {
    store.receive(opening('q1'));
    store.receive(event('q1', 2, 'chat.assigned', { agentId: 'agent-1' }));
    store.receive(event('q1', 3, 'chat.transferred', { fromAgentId: 'agent-1', toWidgetId: 'sales' }));
    runFrame();
    store.dismissPassedOn('q1', 'agent-1'); // the answer: theirs again (its assignment may still be on its way)
    store.receive(event('q1', 4, 'chat.assigned', { agentId: 'agent-1' }));
    runFrame();
    expect(store.chats.value.get('q1')?.ended).toBeNull();
    store.receive(opening('q2'));
    store.receive(event('q2', 2, 'chat.assigned', { agentId: 'agent-1' }));
    store.receive(event('q2', 3, 'chat.transferred', { fromAgentId: 'agent-1', toWidgetId: 'sales' }));
    runFrame();
    store.dismissPassedOn('q2', 'agent-2');
    expect(store.chats.value.has('q2')).toBe(false);
  });

  it('waits for the stream when the answer comes first, then leaves the inbox', () => {
    store.receive(opening('q3'));
    store.receive(event('q3', 2, 'chat.assigned', { agentId: 'agent-1' }));
    runFrame();
    store.dismissPassedOn('q3', null); // queued
    expect(store.chats.value.has('q3')).toBe(true);
    store.receive(event('q3', 3, 'chat.transferred', { fromAgentId: 'agent-1', toWidgetId: 'sales' }));
    runFrame();
    expect(store.chats.value.has('q3')).toBe(false);
  });
});

describe('what the agent read, after a reload or in another tab', () => {
  it('is not counted unread again: the read marks are kept per chat', () => {
    store.selectedId.value = 'elsewhere';
    store.receive({ ...opening('kept'), seq: 1 });
    store.receive({ ...opening('kept'), id: 'e-kept-2', seq: 2, text: 'Still there?' });
    runFrame();
    expect(store.chats.value.get('kept')?.unread).toBe(2);
    store.markRead('kept');
    // The page again (a reload, another tab): the same events replayed count nothing; a new one does.
    store.chats.value = new Map();
    store.receive({ ...opening('kept'), seq: 1 });
    store.receive({ ...opening('kept'), id: 'e-kept-2', seq: 2, text: 'Still there?' });
    store.receive({ ...opening('kept'), id: 'e-kept-3', seq: 3, text: 'Hello?' });
    runFrame();
    expect(store.chats.value.get('kept')?.unread).toBe(1);
  });
});
