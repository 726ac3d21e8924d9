import { describe, expect, it } from 'vitest';
import { visitorView } from '../chat/chat-feed.js';
import { makeWorld, META } from '../../test-support/fakes.js';

describe('agent status', () => {
  it('answers offline, with no since, to an agent who never set a status and goes offline', async () => {
    const w = await makeWorld();
    const a = await w.addUser('agent', 'Ann Agent');
    const before = await w.parley.presence.get(a.p);
    expect(await w.parley.presence.setStatus(a.p, { status: 'offline' })).toEqual(before);
    expect(before).toEqual({ userId: a.user.id, status: 'offline', since: null, lastAssignedAt: null, activeChats: 0, reason: null });
  });
});

describe('an agent who goes offline with open chats', () => {
  /** Ann and Bob serve Support (one chat each at most); Ann is online and holds a chat. */
  const setup = async () => {
    const w = await makeWorld();
    const ann = await w.addUser('agent', 'Ann Agent');
    const bob = await w.addUser('agent', 'Bob Agent');
    const widget = await w.parley.widgets.create(w.owner, { name: 'Support' });
    await w.parley.widgets.update(w.owner, widget.id, { settings: { maxConcurrentChats: 1 } });
    await w.parley.widgets.setAgents(w.owner, widget.id, { agentIds: [ann.user.id, bob.user.id] });
    await w.parley.presence.setStatus(ann.p, { status: 'online' });
    const start = async () => {
      w.clock.advance(10);
      return (await w.parley.chats.start(widget.id, { message: 'Hello' }, META)).chat;
    };
    const held = await start();
    const chat = async (id: string) => (await w.parley.chats.get(w.owner, id)).chat;
    const events = async (id: string) => (await w.parley.chats.get(w.owner, id)).events;
    return { ...w, ann, bob, widget, start, held, chat, events };
  };

  it('hands them back to the queue ahead of later visitors, where the next free colleague takes them', async () => {
    const w = await setup();
    expect(w.held.agentId).toBe(w.ann.user.id);
    const later = await w.start(); // Ann is full: queued
    expect(later.status).toBe('queued');
    // Offline with a chat open: nobody else is there, so both wait, the held one first.
    expect((await w.parley.presence.setStatus(w.ann.p, { status: 'offline' })).activeChats).toBe(0);
    expect(await w.chat(w.held.id)).toMatchObject({ status: 'queued', agentId: null });
    // Nobody serving the widget is there: the visitors are told so, with no estimate to give.
    expect(await w.parley.chats.queueStatus(w.account.id, w.held.id)).toMatchObject({
      position: 1,
      staffed: false,
      estimatedWaitSeconds: null,
    });
    expect(await w.parley.chats.queueStatus(w.account.id, later.id)).toMatchObject({ position: 2, staffed: false });
    const told = w.published.filter((e) => e.type === 'chat.queue' && e.topics.includes(`chat:${later.id}`)).at(-1);
    expect(told?.data).toMatchObject({ position: 2, staffed: false, estimatedWaitSeconds: null });
    const moved = (await w.events(w.held.id)).at(-1)!;
    expect(moved).toMatchObject({
      type: 'chat.transferred',
      data: {
        fromAgentId: w.ann.user.id,
        toAgentId: null,
        toWidgetId: w.widget.id,
        widgetName: 'Support',
        byUserId: null,
        reason: 'agent_offline',
      },
    });
    // The visitor's own stream says why, naming nobody by id.
    expect(visitorView(moved)?.data).toEqual({ toWidgetId: w.widget.id, widgetName: 'Support', reason: 'agent_offline' });
    await w.parley.presence.setStatus(w.bob.p, { status: 'online' });
    expect(await w.chat(w.held.id)).toMatchObject({ status: 'active', agentId: w.bob.user.id });
    expect((await w.chat(later.id)).status).toBe('queued');
    expect(await w.parley.chats.queueStatus(w.account.id, later.id)).toMatchObject({ position: 1, staffed: true });
  });

  it('tells waiting visitors when the last agent leaves, even one holding no chat', async () => {
    const w = await setup();
    const later = await w.start();
    await w.parley.presence.setStatus(w.ann.p, { status: 'paused' }); // paused: still there, so staffed
    await w.parley.chats.close(w.owner, w.held.id);
    expect(await w.parley.chats.queueStatus(w.account.id, later.id)).toMatchObject({ staffed: true, estimatedWaitSeconds: null });
    const count = w.published.filter((e) => e.type === 'chat.queue').length;
    await w.parley.presence.setStatus(w.ann.p, { status: 'offline' });
    const told = w.published.filter((e) => e.type === 'chat.queue').slice(count);
    expect(told.map((e) => e.data)).toEqual([expect.objectContaining({ chatId: later.id, position: 1, staffed: false })]);
  });

  it('keeps them when pausing, and hands them over when a supervisor sets the agent offline', async () => {
    const w = await setup();
    await w.parley.presence.setStatus(w.bob.p, { status: 'online' });
    expect((await w.parley.presence.setStatus(w.ann.p, { status: 'paused' })).activeChats).toBe(1);
    expect((await w.chat(w.held.id)).agentId).toBe(w.ann.user.id);
    await w.parley.presence.setStatusOf(w.owner, w.ann.user.id, { status: 'offline', reason: 'Forgot to sign out' });
    expect(await w.chat(w.held.id)).toMatchObject({ status: 'active', agentId: w.bob.user.id });
  });

  it('hands them over at once when the agent is deactivated', async () => {
    const w = await setup();
    await w.parley.presence.setStatus(w.bob.p, { status: 'online' });
    await w.parley.users.update(w.owner, w.ann.user.id, { status: 'deactivated' });
    expect((await w.parley.presence.get(w.owner, w.ann.user.id)).status).toBe('offline');
    expect(await w.chat(w.held.id)).toMatchObject({ status: 'active', agentId: w.bob.user.id });
    expect((await w.events(w.held.id)).find((e) => e.type === 'chat.transferred')?.data).toMatchObject({
      reason: 'agent_deactivated',
    });
  });
});
