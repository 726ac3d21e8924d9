import { describe, expect, it, vi } from 'vitest';
import { decodeAgentCursor, NO_AGENT_CURSOR, openAgentFeed, openChatFeed, type FeedItem, visitorView } from '../chat/chat-feed.js';
import type { ChatEvent } from '../model/chat.js';
import type { DomainEvent, EventBus } from '../ports/event-bus.js';
import type { Storage } from '../ports/storage.js';
import type { Logger } from '../ports/system.js';
import type { ParleyError } from '../errors.js';
import { expectParleyError, lastAudit, losingCommits, makeWorld, META, OutageBus, type World } from '../../test-support/fakes.js';
import { ManualScheduler } from '../testing/manual-scheduler.js';
import { ChatService } from './chat-service.js';
import { HANDLE_TIME_TTL_MS } from './queue-board.js';
import { PresenceService } from './presence-service.js';
import type { Principal, VisitorPrincipal } from '../runtime/context.js';

const flush = () => new Promise((r) => setTimeout(r, 5));

/** An account with a widget (max 2) served by two agents, both online unless told otherwise. */
const setupChat = async (
  opts: {
    online?: boolean;
    max?: number;
    wrapStorage?: (s: Storage) => Storage;
    wrapEvents?: (bus: EventBus) => EventBus;
    logger?: Logger;
  } = {},
) => {
  const w = await makeWorld({
    wrapStorage: opts.wrapStorage,
    wrapEvents: opts.wrapEvents,
    deps: opts.logger ? { logger: opts.logger } : {},
  });
  const a1 = await w.addUser('agent', 'Ann Agent');
  const a2 = await w.addUser('agent', 'Bob Agent');
  const widget = await w.parley.widgets.create(w.owner, { name: 'Support' });
  await w.parley.widgets.update(w.owner, widget.id, { settings: { maxConcurrentChats: opts.max ?? 2 } });
  await w.parley.widgets.setAgents(w.owner, widget.id, { agentIds: [a1.user.id, a2.user.id] });
  if (opts.online !== false) {
    await w.parley.presence.setStatus(a1.p, { status: 'online' });
    w.clock.advance(1000);
    await w.parley.presence.setStatus(a2.p, { status: 'online' });
  }
  const start = (message = 'Hello', extra: Record<string, unknown> = {}) => {
    w.clock.advance(10);
    return w.parley.chats.start(widget.id, { message, email: 'vera@example.com', name: 'Vera', ...extra }, META);
  };
  return { ...w, a1, a2, widget, start };
};

const eventsOf = async (w: World, chatId: string) => (await w.parley.chats.get(w.owner, chatId)).events;

/** The chat's stream as its visitor gets it and the agent's stream of the first agent, both open from the start. */
const bothSides = async (w: World & { a1: { p: Principal } }, v: VisitorPrincipal, chatId: string) => {
  const seen: FeedItem[] = [];
  const heard: FeedItem[] = [];
  const visitorFeed = openChatFeed(w.parley.chats, w.events, v, chatId, 0, (i) => seen.push(i));
  const agentFeed = openAgentFeed(w.parley, w.a1.p, NO_AGENT_CURSOR, (i) => heard.push(i));
  await flush();
  const types = (items: FeedItem[]) => items.filter((i) => i.id !== null).map((i) => (i.data as ChatEvent).type);
  return {
    seen,
    visitorTypes: () => types(seen),
    agentTypes: () => types(heard),
    close: () => {
      visitorFeed.close();
      agentFeed.close();
    },
  };
};

describe('starting chats', () => {
  it('gives a new chat to the online agent idle longest, with queued, message and assigned events', async () => {
    const w = await setupChat();
    const { chat, visitorToken } = await w.start('Where is my order?', {
      pageUrl: 'https://shop.example/cart',
      customVariables: { plan: 'gold' },
    });
    expect(chat).toMatchObject({ status: 'active', agentId: w.a1.user.id, kind: 'chat', question: 'Where is my order?' });
    expect(chat.visitor).toMatchObject({
      name: 'Vera',
      email: 'vera@example.com',
      ip: META.ip,
      pageUrl: 'https://shop.example/cart',
      customVariables: { plan: 'gold' },
    });
    expect(visitorToken.length).toBeGreaterThanOrEqual(22);
    expect(JSON.stringify(await w.read((r) => r.chats.get(chat.accountId, chat.id)))).not.toContain(visitorToken);
    expect((await eventsOf(w, chat.id)).map((e) => [e.seq, e.type, e.text])).toEqual([
      [1, 'chat.queued', null],
      [2, 'chat.message', 'Where is my order?'],
      [3, 'chat.assigned', null],
    ]);
    const second = await w.start();
    expect(second.chat.agentId).toBe(w.a2.user.id); // least busy
    expect((await w.start()).chat.agentId).toBe(w.a1.user.id); // tie: a1 idle longer now
    expect(w.published.filter((e) => e.type === 'chat.assigned').every((e) => e.topics.includes(`agent:${e.data.agentId}`))).toBe(true);
  });

  it('stores whether the visitor answered a proactive invitation, with the chat and the offline request', async () => {
    const w = await setupChat();
    const invited = await w.start('Yes, about sizes', { proactive: true });
    expect(invited.chat.proactive).toBe(true);
    expect((await w.read((r) => r.chats.get(invited.chat.accountId, invited.chat.id)))?.proactive).toBe(true);
    expect((await w.start()).chat.proactive).toBe(false);
    const offline = await setupChat({ online: false });
    expect((await offline.start('Call me back', { proactive: true })).chat).toMatchObject({ kind: 'offline', proactive: true });
    await expectParleyError(w.start('Hi', { proactive: 'yes' }), 'validation_failed');
  });

  it('opens with the widget’s invitation the visitor answers, by the widget, so the agent reads what they reply to', async () => {
    const w = await setupChat();
    await w.parley.widgets.update(w.owner, w.widget.id, {
      settings: { proactiveRules: [{ id: 'sizes', message: 'Need help with sizes?' }] },
    });
    const invited = await w.start('Yes: is a 38 small?', { proactive: true, invitation: 'Need help with sizes?' });
    const lines = (await eventsOf(w, invited.chat.id))
      .filter((e) => e.type === 'chat.message')
      .map((e) => [e.author?.kind, e.author?.alias, e.text]);
    expect(lines).toEqual([
      ['system', 'Support', 'Need help with sizes?'],
      ['visitor', 'Vera', 'Yes: is a 38 small?'],
    ]);
    expect(invited.chat.question).toBe('Yes: is a 38 small?');
    // A text the widget never showed is no invitation of its own: left out.
    const forged = await w.start('Hi', { proactive: true, invitation: 'Your account is suspended, send us your password' });
    expect((await eventsOf(w, forged.chat.id)).filter((e) => e.type === 'chat.message').map((e) => e.author?.kind)).toEqual(['visitor']);
  });

  it('authenticates the visitor by the token of their one chat only', async () => {
    const w = await setupChat();
    const one = await w.start();
    const two = await w.start();
    await expect(w.parley.chats.authenticateVisitor(one.chat.id, one.visitorToken)).resolves.toMatchObject({ chatId: one.chat.id });
    await expectParleyError(w.parley.chats.authenticateVisitor(one.chat.id, two.visitorToken), 'unauthenticated');
    await expectParleyError(w.parley.chats.authenticateVisitor(one.chat.id, 'nope'), 'unauthenticated');
    await expectParleyError(w.parley.chats.authenticateVisitor(one.chat.id, null), 'unauthenticated');
  });

  it('identifies a visitor whose token was checked before without reading storage, and never with another chat’s token', async () => {
    const w = await setupChat();
    const one = await w.start();
    const two = await w.start();
    const reads = vi.spyOn(w.storage, 'read');
    const identity = { kind: 'visitor', chatId: one.chat.id, accountId: one.chat.accountId, widgetId: one.chat.widgetId };
    await expect(w.parley.chats.identifyVisitor(one.chat.id, one.visitorToken)).resolves.toEqual(identity); // known since the start
    expect(reads).not.toHaveBeenCalled();
    // Another instance (say, a second host) checks the token once, then knows it.
    const other = new ChatService(w.parley.deps);
    await expect(other.identifyVisitor(one.chat.id, one.visitorToken)).resolves.toEqual(identity);
    expect(reads).toHaveBeenCalledTimes(1);
    await expect(other.identifyVisitor(one.chat.id, one.visitorToken)).resolves.toEqual(identity);
    expect(reads).toHaveBeenCalledTimes(1);
    other.shutdown();
    await expectParleyError(w.parley.chats.identifyVisitor(one.chat.id, two.visitorToken), 'unauthenticated');
    await expectParleyError(w.parley.chats.identifyVisitor(two.chat.id, one.visitorToken), 'unauthenticated');
    await expectParleyError(w.parley.chats.identifyVisitor(one.chat.id, 'nope'), 'unauthenticated');
    await expectParleyError(w.parley.chats.identifyVisitor(one.chat.id, null), 'unauthenticated');
    // A closed chat's visitor is still who they were (and is then told the chat is over).
    await w.parley.chats.closeAsVisitor(await w.parley.chats.authenticateVisitor(one.chat.id, one.visitorToken));
    await expectParleyError(
      w.parley.chats.sendAsVisitor(await w.parley.chats.identifyVisitor(one.chat.id, one.visitorToken), { text: 'still there?' }),
      'chat_closed',
    );
  });

  it('queues when every agent is full, first in, first out, and drains as soon as one frees up or comes online', async () => {
    const w = await setupChat({ max: 1 });
    const c1 = await w.start('1');
    const c2 = await w.start('2');
    const c3 = await w.start('3');
    const c4 = await w.start('4');
    expect([c1, c2, c3, c4].map((c) => c.chat.status)).toEqual(['active', 'active', 'queued', 'queued']);
    expect(await w.parley.chats.queueStatus(w.account.id, c4.chat.id)).toMatchObject({ position: 2 });
    await w.parley.chats.close(w.a1.p, c1.chat.id);
    expect((await w.parley.chats.get(w.owner, c3.chat.id)).chat).toMatchObject({ status: 'active', agentId: w.a1.user.id });
    expect((await w.parley.chats.get(w.owner, c4.chat.id)).chat.status).toBe('queued');
    const queueUpdate = w.published.filter((e) => e.type === 'chat.queue' && e.data.chatId === c4.chat.id).at(-1);
    expect(queueUpdate?.data).toMatchObject({ position: 1 });
    const b = await w.addUser('agent', 'Cy');
    await w.parley.widgets.setAgents(w.owner, w.widget.id, { agentIds: [w.a1.user.id, w.a2.user.id, b.user.id] });
    await w.parley.presence.setStatus(b.p, { status: 'online' });
    expect((await w.parley.chats.get(w.owner, c4.chat.id)).chat).toMatchObject({ status: 'active', agentId: b.user.id });
  });

  it('answers a start with the queued chat’s place and wait, as the queue reads them, in the start’s own transaction', async () => {
    const w = await setupChat({ max: 1 });
    const c1 = await w.start('1');
    await w.start('2');
    expect(c1.queue).toBeNull(); // active
    const reads = vi.spyOn(w.storage, 'read');
    const c3 = await w.start('3');
    const c4 = await w.start('4');
    expect(reads).toHaveBeenCalledTimes(2); // the widget, before each start's transaction: nothing read after it
    expect(c3.queue).toEqual(await w.parley.chats.queueStatus(w.account.id, c3.chat.id));
    expect(c4.queue).toEqual(await w.parley.chats.queueStatus(w.account.id, c4.chat.id));
    expect(c4.queue).toMatchObject({ chatId: c4.chat.id, position: 2, estimatedWaitSeconds: expect.any(Number) });
  });

  it('learns a widget’s average chat length again only after a while: an estimate, not a read per start', async () => {
    const w = await setupChat({ max: 1 }); // two agents online, one chat each
    const c1 = await w.start('1');
    await w.start('2');
    w.clock.advance(600_000);
    // No chat closed yet: the default length (300 s), two agents' places → 150 s for the first in line.
    expect((await w.start('3')).queue).toMatchObject({ position: 1, estimatedWaitSeconds: 150 });
    await w.parley.chats.close(w.a1.p, c1.chat.id); // lasted ten minutes; the third chat takes its place
    expect((await w.start('4')).queue).toMatchObject({ position: 1, estimatedWaitSeconds: 150 }); // the length learnt before
    w.clock.advance(HANDLE_TIME_TTL_MS);
    expect((await w.start('5')).queue).toMatchObject({ position: 2, estimatedWaitSeconds: 600 }); // learnt again: 600 s
  });

  it('tells nobody waiting a new place when a chat joins the end of the queue, and everyone behind when the line moves', async () => {
    const w = await setupChat({ max: 1 });
    const c1 = await w.start('1');
    await w.start('2');
    const c3 = await w.start('3');
    const placesOf = (id: string) => w.published.filter((e) => e.type === 'chat.queue' && e.data.chatId === id).length;
    const before = placesOf(c3.chat.id);
    const c4 = await w.start('4');
    expect(c4.chat.status).toBe('queued');
    expect(await w.parley.chats.queueStatus(w.account.id, c4.chat.id)).toMatchObject({ position: 2 });
    expect(placesOf(c3.chat.id)).toBe(before); // still first: nothing to tell
    await w.parley.chats.close(w.owner, c1.chat.id); // c3 is given the free agent; c4 moves up
    expect(w.published.filter((e) => e.type === 'chat.queue' && e.data.chatId === c4.chat.id).at(-1)?.data).toMatchObject({ position: 1 });
  });

  it('queues behind paused agents, and routes nothing to them', async () => {
    const w = await setupChat({ online: false });
    await w.parley.presence.setStatus(w.a1.p, { status: 'paused' });
    const c = await w.start();
    expect(c.chat.status).toBe('queued');
    expect(await w.parley.chats.availability(w.widget.id)).toEqual({
      widgetId: w.widget.id,
      available: false,
      mode: 'busy',
      queued: 1,
      queueFull: false,
      outsideBusinessHours: false,
    });
    await w.parley.presence.setStatus(w.a1.p, { status: 'online' });
    expect((await w.parley.chats.get(w.owner, c.chat.id)).chat.status).toBe('active');
  });

  it('makes an offline request when nobody is online, and requires the email for it', async () => {
    const w = await setupChat({ online: false });
    expect((await w.parley.chats.availability(w.widget.id)).mode).toBe('offline');
    const before = await w.read((r) => r.chats.list(w.account.id, {}, { limit: 10 }));
    const e = await expectParleyError(w.parley.chats.start(w.widget.id, { message: 'Call me' }, META), 'validation_failed');
    expect(e.details.map((d) => d.path)).toEqual(['/email']);
    expect(await w.read((r) => r.chats.list(w.account.id, {}, { limit: 10 }))).toEqual(before);
    const { chat } = await w.start('Call me back');
    expect(chat).toMatchObject({ kind: 'offline', status: 'offline', agentId: null, queuedAt: null });
    expect((await eventsOf(w, chat.id)).map((x) => [x.type, x.text])).toEqual([['chat.offline', 'Call me back']]);
    expect(w.published.some((x) => x.type === 'chat.offline' && x.data.chatId === chat.id)).toBe(true);
  });

  it('refuses a chat when nobody is online and the widget takes no offline requests; always offline wins', async () => {
    const w = await setupChat({ online: false });
    await w.parley.widgets.update(w.owner, w.widget.id, { settings: { offlineForm: { enabled: false } } });
    await expectParleyError(w.start(), 'unavailable');
    await w.parley.presence.setStatus(w.a1.p, { status: 'online' });
    await w.parley.widgets.update(w.owner, w.widget.id, { settings: { offlineForm: { alwaysOffline: true } } });
    expect((await w.start()).chat.status).toBe('offline');
  });

  it('applies the pre-chat form: required fields, fields turned off', async () => {
    const w = await setupChat();
    await w.parley.widgets.update(w.owner, w.widget.id, { settings: { preChat: { askName: 'required', askEmail: 'off' } } });
    const e = await expectParleyError(w.parley.chats.start(w.widget.id, { message: 'hi' }, META), 'validation_failed');
    expect(e.details.map((d) => d.path)).toEqual(['/name']);
    const { chat } = await w.start('hi', { name: 'Vera', email: 'vera@example.com' });
    expect(chat.visitor).toMatchObject({ name: 'Vera', email: null });
    await expectParleyError(w.parley.chats.start('no-such-widget', { message: 'hi' }, META), 'not_found');
    await expectParleyError(w.parley.chats.start(w.widget.id, { message: '   ' }, META), 'validation_failed');
  });
});

describe('messages, close, transfer', () => {
  it('lets the visitor and the assigned agent exchange messages, with aliases, and records the first reply', async () => {
    const w = await setupChat();
    const { chat, visitorToken } = await w.start();
    const v = await w.parley.chats.authenticateVisitor(chat.id, visitorToken);
    await w.parley.chats.sendAsVisitor(v, { text: 'Anyone?' });
    w.clock.advance(5000);
    const reply = await w.parley.chats.sendAsAgent(w.a1.p, chat.id, { text: 'Hi Vera' });
    expect(reply).toMatchObject({ seq: 5, author: { kind: 'agent', userId: w.a1.user.id, alias: 'Ann Agent' } });
    const t = await w.parley.chats.get(w.a1.p, chat.id);
    expect(t.chat.firstAgentReplyAt).toBe(reply.at);
    expect(t.events.filter((e) => e.type === 'chat.message').map((e) => `${e.author?.alias}: ${e.text}`)).toEqual([
      'Vera: Hello',
      'Vera: Anyone?',
      'Ann Agent: Hi Vera',
    ]);
    await expectParleyError(w.parley.chats.sendAsAgent(w.a2.p, chat.id, { text: 'me too' }), 'forbidden');
    await expectParleyError(w.parley.chats.sendAsAgent(w.a1.p, chat.id, { text: '' }), 'validation_failed');
  });

  it('closes: agents their chats, supervisors any; nothing happens in a closed chat; the agent takes the next queued chat', async () => {
    const w = await setupChat({ max: 1 });
    const c1 = await w.start();
    await w.start();
    const c3 = await w.start();
    await expectParleyError(w.parley.chats.close(w.a2.p, c1.chat.id), 'forbidden');
    const { p: sup } = await w.addUser('supervisor', 'Sue Supervisor');
    const closed = await w.parley.chats.close(sup, c1.chat.id);
    expect(closed).toMatchObject({ status: 'closed', closedBy: 'agent', closedByUserId: sup.userId });
    const { events } = await w.parley.chats.get(w.owner, c1.chat.id);
    expect(events.at(-1)).toMatchObject({ type: 'chat.closed', data: { by: 'agent', userId: sup.userId, userName: 'Sue Supervisor' } });
    await expectParleyError(w.parley.chats.close(w.a1.p, c1.chat.id), 'chat_closed');
    const v = await w.parley.chats.authenticateVisitor(c1.chat.id, c1.visitorToken);
    await expectParleyError(w.parley.chats.sendAsVisitor(v, { text: 'hello?' }), 'chat_closed');
    expect((await w.parley.chats.get(w.owner, c3.chat.id)).chat).toMatchObject({ status: 'active', agentId: w.a1.user.id });
  });

  it('marks a queued chat the visitor closes as abandoned, an open one as closed', async () => {
    const w = await setupChat({ max: 1 });
    const c1 = await w.start();
    await w.start();
    const c3 = await w.start();
    const v3 = await w.parley.chats.authenticateVisitor(c3.chat.id, c3.visitorToken);
    expect(await w.parley.chats.closeAsVisitor(v3)).toMatchObject({ status: 'abandoned', closedBy: 'visitor' });
    const v1 = await w.parley.chats.authenticateVisitor(c1.chat.id, c1.visitorToken);
    expect(await w.parley.chats.closeAsVisitor(v1)).toMatchObject({ status: 'closed', closedBy: 'visitor' });
  });

  it('with requireLabelToClose, refuses users closing an unlabeled chat but lets the visitor and the system end it', async () => {
    const w = await setupChat({ max: 1 });
    await w.parley.widgets.update(w.owner, w.widget.id, { settings: { requireLabelToClose: true } });
    const open = await w.start();
    await w.start();
    const queued = await w.start();
    await expectParleyError(w.parley.chats.close(w.a1.p, open.chat.id), 'label_required');
    await expectParleyError(w.parley.chats.close(w.owner, queued.chat.id), 'label_required');
    expect(await w.parley.chats.abandon(queued.chat.accountId, queued.chat.id)).toMatchObject({ status: 'abandoned', closedBy: 'system' });
    const v = await w.parley.chats.authenticateVisitor(open.chat.id, open.visitorToken);
    expect(await w.parley.chats.closeAsVisitor(v)).toMatchObject({ status: 'closed', closedBy: 'visitor' });
  });

  it('sets a chat’s labels as a chat.labeled event naming who labeled, published on the chat’s topics, and changes nothing for the same set', async () => {
    const w = await setupChat();
    const vip = await w.parley.labels.create(w.owner, { name: 'VIP', color: '#ffaa00' });
    const { chat } = await w.start();
    const before = w.published.length;
    const labeled = await w.parley.chats.setLabels(w.a1.p, chat.id, { labelIds: [vip.id] });
    expect(labeled.labels).toEqual([vip.id]);
    const published = w.published.slice(before).filter((e) => e.type === 'chat.labeled');
    expect(published).toHaveLength(1);
    expect(published[0]!.topics).toEqual(expect.arrayContaining([`chat:${chat.id}`, `agent:${w.a1.user.id}`, `widget:${w.widget.id}`]));
    expect(published[0]!.data.event).toMatchObject({
      type: 'chat.labeled',
      seq: labeled.lastSeq,
      data: { before: [], after: [vip.id], byUserId: w.a1.user.id, byUserName: 'Ann Agent' },
    });
    const same = await w.parley.chats.setLabels(w.a1.p, chat.id, { labelIds: [vip.id] });
    expect(same.version).toBe(labeled.version);
    expect(w.published.slice(before).filter((e) => e.type === 'chat.labeled')).toHaveLength(1);
    await expectParleyError(w.parley.chats.setLabels(w.a2.p, chat.id, { labelIds: [] }), 'forbidden');
  });

  it('takes the visitor’s survey of an ended chat once, as a chat.surveyed event published on the chat’s topics', async () => {
    const w = await setupChat();
    const { chat, visitorToken } = await w.start();
    const v = await w.parley.chats.identifyVisitor(chat.id, visitorToken);
    await expectParleyError(w.parley.chats.takeSurvey(v, { score: 5 }), 'not_surveyable');
    await w.parley.chats.close(w.a1.p, chat.id);
    const before = w.published.length;
    w.clock.advance(60_000);
    const rated = await w.parley.chats.takeSurvey(v, { score: 4, comment: '  Quick\r\nand kind \u0007 ' });
    expect(rated.survey).toEqual({ score: 4, comment: 'Quick\nand kind', at: w.clock.now().toISOString() });
    const published = w.published.slice(before).filter((e) => e.type === 'chat.surveyed');
    expect(published).toHaveLength(1);
    expect(published[0]!.topics).toEqual(expect.arrayContaining([`chat:${chat.id}`, `agent:${w.a1.user.id}`, `widget:${w.widget.id}`]));
    expect(published[0]!.data.event).toMatchObject({
      type: 'chat.surveyed',
      seq: rated.lastSeq,
      data: { score: 4, comment: 'Quick\nand kind' },
    });
    // The first answer stands: a second is refused and changes nothing.
    await expectParleyError(w.parley.chats.takeSurvey(v, { score: 1, comment: 'Changed my mind' }), 'survey_taken');
    const stored = (await w.parley.chats.get(w.owner, chat.id)).chat;
    expect(stored.survey).toEqual(rated.survey);
    expect(stored.version).toBe(rated.version);
    expect((await eventsOf(w, chat.id)).filter((e) => e.type === 'chat.surveyed')).toHaveLength(1);
  });

  it('refuses a survey of an abandoned chat, an offline request or a queued chat an agent closed, and a malformed one, saving nothing', async () => {
    const w = await setupChat({ max: 1 });
    const taken = await w.start();
    await w.start();
    const [abandoned, closedQueued] = [await w.start(), await w.start()];
    const visitor = (c: { chat: { id: string }; visitorToken: string }) => w.parley.chats.identifyVisitor(c.chat.id, c.visitorToken);
    await w.parley.chats.closeAsVisitor(await w.parley.chats.authenticateVisitor(abandoned.chat.id, abandoned.visitorToken));
    await w.parley.chats.close(w.owner, closedQueued.chat.id);
    await expectParleyError(w.parley.chats.takeSurvey(await visitor(abandoned), { score: 3 }), 'not_surveyable');
    await expectParleyError(w.parley.chats.takeSurvey(await visitor(closedQueued), { score: 3 }), 'not_surveyable');
    await w.parley.chats.close(w.owner, taken.chat.id);
    await w.parley.presence.setStatus(w.a1.p, { status: 'offline' });
    await w.parley.presence.setStatus(w.a2.p, { status: 'offline' });
    await w.parley.widgets.update(w.owner, w.widget.id, { settings: { offlineForm: { enabled: true } } });
    const offline = await w.start('Call me back');
    expect(offline.chat.status).toBe('offline');
    await expectParleyError(w.parley.chats.takeSurvey(await visitor(offline), { score: 3 }), 'not_surveyable');
    const v = await visitor(taken);
    for (const bad of [
      { score: 0 },
      { score: 6 },
      { score: 4.5 },
      { score: '5' },
      {},
      { score: 5, comment: 'x'.repeat(2001) },
      { score: 5, extra: 1 },
    ])
      await expectParleyError(w.parley.chats.takeSurvey(v, bad as never), 'validation_failed');
    expect((await w.parley.chats.get(w.owner, taken.chat.id)).chat.survey).toBeNull();
    // A comment of nothing visible is none.
    expect((await w.parley.chats.takeSurvey(v, { score: 2, comment: ' \u200b ' })).survey).toMatchObject({ score: 2, comment: null });
  });

  it('transfers to another online agent of the widget with room, recording it, and drains for the one who gave it', async () => {
    const w = await setupChat({ max: 1 });
    const c1 = await w.start();
    const c2 = await w.start();
    const q = await w.start();
    await expectParleyError(w.parley.chats.transfer(w.a1.p, c1.chat.id, { agentId: w.a2.user.id }), 'agent_unavailable');
    const outsider = await w.addUser('agent');
    const e = await expectParleyError(w.parley.chats.transfer(w.a1.p, c1.chat.id, { agentId: outsider.user.id }), 'validation_failed');
    expect(e.details[0]?.code).toBe('not_widget_agent');
    await w.parley.chats.close(w.a2.p, c2.chat.id); // a2 takes q
    expect((await w.parley.chats.get(w.owner, q.chat.id)).chat.agentId).toBe(w.a2.user.id);
    await w.parley.chats.close(w.a2.p, q.chat.id);
    const moved = await w.parley.chats.transfer(w.a1.p, c1.chat.id, { agentId: w.a2.user.id });
    expect(moved.agentId).toBe(w.a2.user.id);
    expect(moved.transfers).toEqual([
      expect.objectContaining({ fromAgentId: w.a1.user.id, toAgentId: w.a2.user.id, byUserId: w.a1.user.id }),
    ]);
    expect((await eventsOf(w, c1.chat.id)).at(-1)).toMatchObject({
      type: 'chat.transferred',
      data: { fromAgentId: w.a1.user.id, toAgentId: w.a2.user.id, agentName: 'Bob Agent', byUserId: w.a1.user.id, byUserName: 'Ann Agent' },
    });
    const ev = w.published.filter((x) => x.type === 'chat.transferred').at(-1)!;
    expect(ev.topics).toEqual(expect.arrayContaining([`agent:${w.a1.user.id}`, `agent:${w.a2.user.id}`]));
  });
});

describe('inactive chats', () => {
  it('close by themselves after their widget’s minutes without activity, as the system, and the agent takes the next queued chat', async () => {
    const w = await setupChat({ max: 1 });
    await w.parley.widgets.update(w.owner, w.widget.id, { settings: { closeInactiveAfterMinutes: 30, requireLabelToClose: true } });
    const quiet = await w.start('Hello?'); // Ann's
    const talking = await w.start('Hi'); // Bob's
    const waiting = await w.start('Me too'); // queued: both agents are full
    expect(waiting.chat.status).toBe('queued');
    const other = await w.parley.widgets.create(w.owner, { name: 'Sales' }); // no setting: its chats stay open
    await w.parley.widgets.setAgents(w.owner, other.id, { agentIds: [w.a1.user.id] });
    w.clock.advance(20 * 60_000);
    const v = await w.parley.chats.authenticateVisitor(talking.chat.id, talking.visitorToken);
    await w.parley.chats.sendAsVisitor(v, { text: 'Still here' });
    w.clock.advance(10 * 60_000 + 1);
    expect(await w.parley.chats.closeInactive()).toBe(1);
    const closed = await w.parley.chats.get(w.owner, quiet.chat.id);
    expect(closed.chat).toMatchObject({ status: 'closed', closedBy: 'system', closedByUserId: null }); // no label asked for
    expect(closed.events.at(-1)).toMatchObject({ type: 'chat.closed', data: { by: 'system', userId: null, inactiveMinutes: 30 } });
    // The visitor is told why, and nothing of the team.
    expect(visitorView(closed.events.at(-1)!)?.data).toEqual({ by: 'system', inactiveMinutes: 30 });
    expect((await w.parley.chats.get(w.owner, talking.chat.id)).chat.status).toBe('active');
    // Ann's place went to the chat that waited.
    expect((await w.parley.chats.get(w.owner, waiting.chat.id)).chat).toMatchObject({ status: 'active', agentId: w.a1.user.id });
    // A second sweep closes nothing more; the one that talked closes once it too has been quiet long enough, and
    // the one just taken counts from when Ann took it.
    expect(await w.parley.chats.closeInactive()).toBe(0);
    w.clock.advance(20 * 60_000);
    expect(await w.parley.chats.closeInactive()).toBe(1);
    expect((await w.parley.chats.get(w.owner, talking.chat.id)).chat.status).toBe('closed');
    expect((await w.parley.chats.get(w.owner, waiting.chat.id)).chat.status).toBe('active');
  });

  it('stay open while someone types in them, though typing is never stored', async () => {
    const w = await setupChat();
    await w.parley.widgets.update(w.owner, w.widget.id, { settings: { closeInactiveAfterMinutes: 5 } });
    const visitorSide = await w.start('I will describe it');
    const agentSide = await w.start('Any news?');
    const quiet = await w.start('Hello?');
    const v = await w.parley.chats.authenticateVisitor(visitorSide.chat.id, visitorSide.visitorToken);
    const agentOf = (id: string) => (id === w.a1.user.id ? w.a1.p : w.a2.p);
    const started = (await w.parley.chats.get(w.owner, visitorSide.chat.id)).chat;
    // Four minutes of silence, then the visitor writes a long message and the other chat's agent a long answer.
    w.clock.advance(4 * 60_000);
    await w.parley.chats.typingAsVisitor(v, { text: 'It started on Monday' });
    const typedIn = (await w.parley.chats.get(w.owner, agentSide.chat.id)).chat;
    await w.parley.chats.typingAsAgent(agentOf(typedIn.agentId!), typedIn.id, { text: 'Let me look' });
    const touched = (await w.parley.chats.get(w.owner, visitorSide.chat.id)).chat;
    expect(touched.updatedAt).toBe(w.clock.now().toISOString());
    expect(touched.lastSeq).toBe(started.lastSeq); // nothing stored in the transcript
    expect(touched.version).toBe(started.version + 1);
    // More typing within the minute writes nothing more.
    w.clock.advance(30_000);
    await w.parley.chats.typingAsVisitor(await w.parley.chats.authenticateVisitor(v.chat.id, visitorSide.visitorToken), {
      text: 'It started on Monday, when',
    });
    expect((await w.parley.chats.get(w.owner, visitorSide.chat.id)).chat.version).toBe(touched.version);
    w.clock.advance(90_000);
    expect(await w.parley.chats.closeInactive()).toBe(1);
    expect((await w.parley.chats.get(w.owner, quiet.chat.id)).chat.status).toBe('closed');
    expect((await w.parley.chats.get(w.owner, visitorSide.chat.id)).chat.status).toBe('active');
    expect((await w.parley.chats.get(w.owner, agentSide.chat.id)).chat.status).toBe('active');
    // Once the typing stops, the minutes count from the last of it.
    w.clock.advance(4 * 60_000);
    expect(await w.parley.chats.closeInactive()).toBe(2);
  });

  it('stay open where the widget does not ask for it, and the setting is validated and audited', async () => {
    const w = await setupChat();
    const { chat } = await w.start();
    w.clock.advance(48 * 60 * 60_000);
    expect(await w.parley.chats.closeInactive()).toBe(0);
    expect((await w.parley.chats.get(w.owner, chat.id)).chat.status).toBe('active');
    for (const bad of [4, 1441, 12.5, '30'])
      await expectParleyError(
        w.parley.widgets.update(w.owner, w.widget.id, { settings: { closeInactiveAfterMinutes: bad as number } }),
        'validation_failed',
      );
    await w.parley.widgets.update(w.owner, w.widget.id, { settings: { closeInactiveAfterMinutes: 60 } });
    expect(await lastAudit(w, w.account.id)).toMatchObject({
      action: 'widget.updated',
      changes: [{ path: '/settings/closeInactiveAfterMinutes', from: null, to: 60 }],
    });
    expect(await w.parley.chats.closeInactive()).toBe(1);
  });
});

describe('notes for the team', () => {
  it('lets anyone who may read the chat add a note, in any state, as a chat.note with its author; it is no reply', async () => {
    const w = await setupChat();
    const outsider = await w.addUser('agent', 'Olga Outside');
    const { chat } = await w.start();
    const note = await w.parley.chats.addNote(w.a1.p, chat.id, { text: 'Asked about order 1234 last week too' });
    expect(note).toMatchObject({
      type: 'chat.note',
      seq: 4,
      text: 'Asked about order 1234 last week too',
      author: { kind: 'agent', userId: w.a1.user.id, alias: 'Ann Agent' },
    });
    // a colleague of the widget and a supervisor may whisper too; nobody outside the widget may
    await w.parley.chats.addNote(w.a2.p, chat.id, { text: 'I had her yesterday' });
    await w.parley.chats.addNote(w.owner, chat.id, { text: 'Offer the discount' });
    await expectParleyError(w.parley.chats.addNote(outsider.p, chat.id, { text: 'nosy' }), 'not_found');
    await expectParleyError(w.parley.chats.addNote(w.a1.p, chat.id, { text: '  ' }), 'validation_failed');
    expect((await w.parley.chats.get(w.a1.p, chat.id)).chat.firstAgentReplyAt).toBeNull();
    await w.parley.chats.close(w.a1.p, chat.id);
    await w.parley.chats.addNote(w.a1.p, chat.id, { text: 'Wrap-up: refund sent' });
    const notes = (await eventsOf(w, chat.id)).filter((e) => e.type === 'chat.note');
    expect(notes.map((e) => `${e.author?.alias}: ${e.text}`)).toEqual([
      'Ann Agent: Asked about order 1234 last week too',
      'Bob Agent: I had her yesterday',
      'Olivia Owner: Offer the discount',
      'Ann Agent: Wrap-up: refund sent',
    ]);
  });

  it('answers a note sent again with its clientMessageId with the stored one, and refuses the key for another text', async () => {
    const w = await setupChat();
    const { chat } = await w.start();
    const first = await w.parley.chats.addNote(w.a1.p, chat.id, { text: 'Call back at 5', clientMessageId: 'note-key-1' });
    expect(await w.parley.chats.addNote(w.a1.p, chat.id, { text: 'Call back at 5', clientMessageId: 'note-key-1' })).toEqual(first);
    await expectParleyError(
      w.parley.chats.addNote(w.a1.p, chat.id, { text: 'Call back at 6', clientMessageId: 'note-key-1' }),
      'idempotency_key_reused',
    );
    expect((await eventsOf(w, chat.id)).filter((e) => e.type === 'chat.note')).toHaveLength(1);
  });

  it('reaches the agent’s stream but never the visitor’s, whose stream goes on past it', async () => {
    const w = await setupChat();
    const { chat, visitorToken } = await w.start();
    const v = await w.parley.chats.authenticateVisitor(chat.id, visitorToken);
    const feeds = await bothSides(w, v, chat.id);
    await w.parley.chats.addNote(w.owner, chat.id, { text: 'She is a reseller' });
    await w.parley.chats.sendAsAgent(w.a1.p, chat.id, { text: 'Hi Vera' });
    await flush();
    expect(feeds.visitorTypes()).toEqual(['chat.queued', 'chat.message', 'chat.assigned', 'chat.message']);
    expect(JSON.stringify(feeds.seen)).not.toContain('reseller');
    expect(feeds.agentTypes()).toEqual(['chat.queued', 'chat.message', 'chat.assigned', 'chat.note', 'chat.message']);
    feeds.close();
  });

  it('stays out of the transcript mailed to the visitor', async () => {
    const w = await setupChat();
    const { chat, visitorToken } = await w.start();
    await w.parley.chats.addNote(w.a1.p, chat.id, { text: 'Angry customer, be careful' });
    await w.parley.chats.sendAsAgent(w.a1.p, chat.id, { text: 'Happy to help' });
    const v = await w.parley.chats.authenticateVisitor(chat.id, visitorToken);
    await w.parley.chats.mailTranscript(v, {}, META);
    const mails = await w.read((r) => r.deliveries.listByWidget(chat.accountId, chat.widgetId, {}, { limit: 10 }));
    const mail = JSON.stringify(mails.items.find((d) => d.eventType === 'mail.transcript')?.payload);
    expect(mail).toContain('Happy to help');
    expect(mail).not.toContain('Angry customer');
  });

  it('is written in the language the widget spoke to the visitor, not their browser’s', async () => {
    const w = await setupChat();
    // A German browser on an English widget: the widget spoke English, and so does the mail.
    const { chat, visitorToken } = await w.start('Hello', { language: 'de-DE' });
    const v = await w.parley.chats.authenticateVisitor(chat.id, visitorToken);
    const subjects = async () =>
      (await w.read((r) => r.deliveries.listByWidget(chat.accountId, chat.widgetId, {}, { limit: 10 }))).items
        .filter((d) => d.eventType === 'mail.transcript')
        .map((d) => (d.payload as { mail: { subject: string } }).mail.subject)
        .sort();
    await w.parley.chats.mailTranscript(v, {}, META);
    expect(await subjects()).toEqual(['Your chat transcript (Support)']);
    // The page chose French (setLanguage), and the widget says so.
    await w.parley.chats.mailTranscript(v, { language: 'fr' }, META);
    expect(await subjects()).toEqual(['La transcription de votre chat (Support)', 'Your chat transcript (Support)']);
  });
});

describe('pages the visitor opens during the chat', () => {
  it('records each page as a chat.page the agent’s stream carries and the visitor’s leaves out; the page they are on adds nothing', async () => {
    const w = await setupChat();
    const { chat, visitorToken } = await w.start('Where is my order?', { pageUrl: 'https://shop.example/cart' });
    const v = await w.parley.chats.authenticateVisitor(chat.id, visitorToken);
    const feeds = await bothSides(w, v, chat.id);
    // The page the chat started on is where the visitor is: a reload of it adds nothing.
    expect(await w.parley.chats.recordPage(v, { url: 'https://shop.example/cart' })).toBeNull();
    const page = await w.parley.chats.recordPage(v, { url: 'https://shop.example/checkout' });
    expect(page).toMatchObject({ type: 'chat.page', author: null, text: null, data: { url: 'https://shop.example/checkout' } });
    expect(await w.parley.chats.recordPage(v, { url: 'https://shop.example/checkout' })).toBeNull(); // a reload
    await w.parley.chats.sendAsVisitor(v, { text: 'Still here' });
    expect(await w.parley.chats.recordPage(v, { url: 'https://shop.example/checkout' })).toBeNull(); // still there after a message
    // Back to the first page, in two tabs at once: one page view.
    const twice = await Promise.all([1, 2].map(() => w.parley.chats.recordPage(v, { url: 'https://shop.example/cart' })));
    expect(twice.filter((e) => e !== null)).toHaveLength(1);
    await flush();
    expect(feeds.agentTypes()).toEqual(['chat.queued', 'chat.message', 'chat.assigned', 'chat.page', 'chat.message', 'chat.page']);
    expect(feeds.visitorTypes()).toEqual(['chat.queued', 'chat.message', 'chat.assigned', 'chat.message']);
    await expectParleyError(w.parley.chats.recordPage(v, { url: 'javascript:alert(1)' }), 'validation_failed');
    await w.parley.chats.close(w.a1.p, chat.id);
    await expectParleyError(w.parley.chats.recordPage(v, { url: 'https://shop.example/thanks' }), 'chat_closed');
    // No integration cares: a page view writes no delivery.
    const deliveries = await w.read((r) => r.deliveries.listByWidget(chat.accountId, chat.widgetId, {}, { limit: 50 }));
    expect(deliveries.items.filter((d) => JSON.stringify(d.payload).includes('checkout'))).toEqual([]);
    feeds.close();
  });
});

describe('blocking a visitor', () => {
  it('blocks the chat’s visitor from its widget and closes the chat in one go, audited as the agent’s change of the widget', async () => {
    const w = await setupChat();
    await w.parley.widgets.update(w.owner, w.widget.id, { settings: { requireLabelToClose: true } });
    const { chat } = await w.start('buy cheap watches');
    const { chat: closed, blocked } = await w.parley.chats.blockVisitor(w.a1.p, chat.id);
    expect(blocked).toBe(META.ip);
    expect(closed).toMatchObject({ status: 'closed', closedBy: 'agent', closedByUserId: w.a1.user.id }); // no label asked for
    expect((await w.parley.widgets.get(w.owner, w.widget.id)).settings.blockedVisitors).toEqual([META.ip]);
    const entry = await lastAudit(w, w.account.id);
    expect(entry).toMatchObject({
      action: 'widget.updated',
      actor: { userId: w.a1.user.id },
      changes: [{ path: '/settings/blockedVisitors', from: [], to: [META.ip] }],
      revertible: true,
    });
    // From that address, the widget takes no chat and no offline request; from another, it does.
    await expectParleyError(w.start('again'), 'visitor_blocked');
    await w.parley.presence.setStatus(w.a1.p, { status: 'offline' });
    await w.parley.presence.setStatus(w.a2.p, { status: 'offline' });
    await expectParleyError(w.start('an offline request then'), 'visitor_blocked');
    const other = await w.parley.chats.start(w.widget.id, { message: 'hi', email: 'x@example.com' }, { ...META, ip: '198.51.100.4' });
    expect(other.chat.status).toBe('offline');
    // The owner lifts it by reverting the entry.
    await w.parley.audit.revert(w.owner, entry.id);
    expect((await w.start('hello again')).chat.status).toBe('offline');
  });

  it('matches wildcards and ranges set with the widget, refuses what is no address, and answers a second block unchanged', async () => {
    const w = await setupChat();
    await expectParleyError(
      w.parley.widgets.update(w.owner, w.widget.id, { settings: { blockedVisitors: ['not an address'] } }),
      'validation_failed',
    );
    await w.parley.widgets.update(w.owner, w.widget.id, { settings: { blockedVisitors: ['203.0.113.*', '203.0.113.*', '2001:db8::/32'] } });
    expect((await w.parley.widgets.get(w.owner, w.widget.id)).settings.blockedVisitors).toEqual(['203.0.113.*', '2001:db8::/32']);
    await expectParleyError(w.start(), 'visitor_blocked');
    await expectParleyError(w.parley.chats.start(w.widget.id, { message: 'hi' }, { ...META, ip: '2001:db8::9' }), 'visitor_blocked');
    // The widget's configuration tells a blocked visitor's widget to show nothing; an unknown address is not blocked.
    expect((await w.parley.chats.widgetConfig(w.widget.id, '2001:db8::9')).visitorBlocked).toBe(true);
    expect((await w.parley.chats.widgetConfig(w.widget.id, '198.51.100.4')).visitorBlocked).toBe(false);
    expect((await w.parley.chats.widgetConfig(w.widget.id)).visitorBlocked).toBe(false);
    await w.parley.widgets.update(w.owner, w.widget.id, { settings: { blockedVisitors: [] } });
    const { chat } = await w.start();
    await w.parley.chats.blockVisitor(w.owner, chat.id);
    const before = await lastAudit(w, w.account.id);
    // Blocking the ended chat's visitor again changes nothing and writes no entry.
    expect((await w.parley.chats.blockVisitor(w.a1.p, chat.id)).chat.status).toBe('closed');
    expect((await lastAudit(w, w.account.id)).id).toBe(before.id);
  });

  it('lets the chat’s agent and supervisors block, not a colleague of the widget or an agent outside it', async () => {
    const w = await setupChat();
    const outsider = await w.addUser('agent', 'Olga Outside');
    const { chat } = await w.start();
    await expectParleyError(w.parley.chats.blockVisitor(w.a2.p, chat.id), 'forbidden');
    await expectParleyError(w.parley.chats.blockVisitor(outsider.p, chat.id), 'not_found');
    expect((await w.parley.widgets.get(w.owner, w.widget.id)).settings.blockedVisitors).toEqual([]);
    expect((await w.parley.chats.get(w.owner, chat.id)).chat.status).toBe('active');
    const supervisor = await w.addUser('supervisor', 'Sue Supervisor');
    expect((await w.parley.chats.blockVisitor(supervisor.p, chat.id)).blocked).toBe(META.ip);
  });
});

describe('transfer to another widget’s queue', () => {
  /** setupChat's widget (a1, a2) and a second widget served by a third agent only. */
  const setupTwo = async (opts: { max?: number } = {}) => {
    const w = await setupChat({ max: opts.max ?? 2 });
    const b = await w.addUser('agent', 'Cleo Billing');
    const billing = await w.parley.widgets.create(w.owner, { name: 'Billing' });
    await w.parley.widgets.update(w.owner, billing.id, { settings: { maxConcurrentChats: 1 } });
    await w.parley.widgets.setAgents(w.owner, billing.id, { agentIds: [b.user.id] });
    return { ...w, b, billing };
  };

  it('moves an open chat to a free agent of the other widget, recorded in the transcript; the old agent’s stream loses it', async () => {
    const w = await setupTwo();
    await w.parley.presence.setStatus(w.b.p, { status: 'online' });
    const c = await w.start('My invoice is wrong');
    const from = c.chat.agentId!;
    const who = from === w.a1.user.id ? w.a1 : w.a2;
    const moved = await w.parley.chats.transfer(who.p, c.chat.id, { widgetId: w.billing.id });
    expect(moved).toMatchObject({ widgetId: w.billing.id, status: 'active', agentId: w.b.user.id });
    const events = await eventsOf(w, c.chat.id);
    const transferred = events.find((e) => e.type === 'chat.transferred')!;
    expect(transferred.data).toMatchObject({
      fromAgentId: from,
      toAgentId: null,
      fromWidgetId: w.widget.id,
      toWidgetId: w.billing.id,
      widgetName: 'Billing',
      byUserId: who.user.id,
      byUserName: who.user.name,
    });
    expect(events.at(-1)).toMatchObject({ type: 'chat.assigned', data: expect.objectContaining({ agentId: w.b.user.id }) });
    const ev = w.published.find((x) => x.type === 'chat.transferred' && x.data.chatId === c.chat.id)!;
    expect(ev.topics).toEqual(expect.arrayContaining([`agent:${from}`, `chat:${c.chat.id}`]));
    expect((await w.parley.chats.activeChatsOf(who.p)).map((x) => x.id)).not.toContain(c.chat.id);
    // The old widget's agents no longer see it; the new one's do.
    const other = who === w.a1 ? w.a2 : w.a1;
    await expectParleyError(w.parley.chats.get(other.p, c.chat.id), 'not_found');
    expect((await w.parley.chats.get(w.b.p, c.chat.id)).chat.agentId).toBe(w.b.user.id);
  });

  it('queues the chat when the other widget’s agents are full, and routes it as soon as one has room', async () => {
    const w = await setupTwo();
    await w.parley.presence.setStatus(w.b.p, { status: 'online' });
    const first = await w.start();
    const second = await w.start();
    const byAgent = (c: typeof first) => (c.chat.agentId === w.a1.user.id ? w.a1 : w.a2);
    await w.parley.chats.transfer(byAgent(first).p, first.chat.id, { widgetId: w.billing.id });
    // The second visitor's stream, open as the chat is passed on: it tells them their place in the new queue.
    const seen: FeedItem[] = [];
    const visitor = await w.parley.chats.authenticateVisitor(second.chat.id, second.visitorToken);
    const feed = openChatFeed(w.parley.chats, w.events, visitor, second.chat.id, 0, (i) => seen.push(i));
    await flush();
    const waiting = await w.parley.chats.transfer(byAgent(second).p, second.chat.id, { widgetId: w.billing.id });
    expect(waiting).toMatchObject({ widgetId: w.billing.id, status: 'queued', agentId: null });
    expect((await w.parley.chats.queueStatus(w.account.id, second.chat.id))?.position).toBe(1);
    await flush();
    expect(seen.filter((i) => i.event === 'chat.queue').map((i) => (i.data as { position: number }).position)).toEqual([1]);
    feed.close();
    await w.parley.chats.close(w.b.p, first.chat.id);
    expect((await w.parley.chats.get(w.owner, second.chat.id)).chat).toMatchObject({ status: 'active', agentId: w.b.user.id });
  });

  it('refuses a widget that takes no chats now (widget_unavailable), the same widget, an unknown one, or both targets at once, changing nothing', async () => {
    const w = await setupTwo();
    const c = await w.start();
    const who = c.chat.agentId === w.a1.user.id ? w.a1 : w.a2;
    const e = await expectParleyError(w.parley.chats.transfer(who.p, c.chat.id, { widgetId: w.billing.id }), 'widget_unavailable');
    expect(e.meta).toMatchObject({ queueFull: false, outsideBusinessHours: false });
    const same = await expectParleyError(w.parley.chats.transfer(who.p, c.chat.id, { widgetId: w.widget.id }), 'validation_failed');
    expect(same.details[0]?.code).toBe('same_widget');
    const unknown = await expectParleyError(w.parley.chats.transfer(who.p, c.chat.id, { widgetId: 'nope' }), 'validation_failed');
    expect(unknown.details[0]?.code).toBe('unknown_widget');
    await expectParleyError(
      w.parley.chats.transfer(who.p, c.chat.id, { widgetId: w.billing.id, agentId: w.a2.user.id } as never),
      'validation_failed',
    );
    await expectParleyError(w.parley.chats.transfer(who.p, c.chat.id, {} as never), 'validation_failed');
    // A paused agent means the widget queues chats: it takes the transfer.
    await w.parley.presence.setStatus(w.b.p, { status: 'paused' });
    expect(await w.parley.chats.get(w.owner, c.chat.id)).toMatchObject({ chat: { widgetId: w.widget.id, agentId: who.user.id } });
    expect(await w.parley.chats.transfer(who.p, c.chat.id, { widgetId: w.billing.id })).toMatchObject({
      status: 'queued',
      widgetId: w.billing.id,
    });
  });

  it('lists the other widgets by name with their availability now', async () => {
    const w = await setupTwo();
    const c = await w.start();
    const who = c.chat.agentId === w.a1.user.id ? w.a1 : w.a2;
    expect(await w.parley.chats.transferWidgets(who.p, c.chat.id)).toEqual([
      { widgetId: w.billing.id, name: 'Billing', availability: expect.objectContaining({ mode: 'offline' }) },
    ]);
    await w.parley.presence.setStatus(w.b.p, { status: 'online' });
    expect((await w.parley.chats.transferWidgets(who.p, c.chat.id))[0]?.availability.mode).toBe('available');
    await expectParleyError(w.parley.chats.transferWidgets(w.b.p, c.chat.id), 'not_found');
  });
});

describe('offline requests marked handled', () => {
  it('marks and unmarks an offline request handled, idempotently, telling every agent of the widget who did', async () => {
    const w = await setupChat({ online: false });
    const { chat } = await w.start('Call me back');
    const marked = await w.parley.chats.setHandled(w.a1.p, chat.id, { handled: true });
    expect(marked).toMatchObject({ handledAt: expect.any(String), handledBy: w.a1.user.id });
    const ev = w.published.filter((x) => x.type === 'chat.handled');
    expect(ev).toHaveLength(1);
    expect(ev[0]!.topics).toEqual(expect.arrayContaining([`agent:${w.a1.user.id}`, `agent:${w.a2.user.id}`]));
    expect(ev[0]!.data.event).toMatchObject({
      type: 'chat.handled',
      data: { handled: true, byUserId: w.a1.user.id, byUserName: 'Ann Agent' },
    });
    // The same state again changes nothing.
    expect(await w.parley.chats.setHandled(w.a2.p, chat.id, { handled: true })).toEqual(marked);
    expect(w.published.filter((x) => x.type === 'chat.handled')).toHaveLength(1);
    const h = (handled: 'true' | 'false') => w.parley.chats.list(w.a2.p, { handled }).then((p) => p.items.map((c) => c.id));
    expect(await h('true')).toEqual([chat.id]);
    expect(await h('false')).toEqual([]);
    expect(await w.parley.chats.setHandled(w.a2.p, chat.id, { handled: false })).toMatchObject({ handledAt: null, handledBy: null });
    expect(await h('false')).toEqual([chat.id]);
    expect((await eventsOf(w, chat.id)).map((e) => e.type)).toEqual(['chat.offline', 'chat.handled', 'chat.handled']);
  });

  it('refuses a live chat (not_offline_request), an agent of another widget (not_found) and a body that is not {handled}', async () => {
    const w = await setupChat();
    const live = await w.start();
    await expectParleyError(w.parley.chats.setHandled(w.a1.p, live.chat.id, { handled: true }), 'not_offline_request');
    await w.parley.presence.setStatus(w.a1.p, { status: 'offline' });
    await w.parley.presence.setStatus(w.a2.p, { status: 'offline' });
    const { chat } = await w.start('Call me back');
    const outsider = await w.addUser('agent');
    await expectParleyError(w.parley.chats.setHandled(outsider.p, chat.id, { handled: true }), 'not_found');
    await expectParleyError(w.parley.chats.setHandled(w.a1.p, chat.id, { handled: 'yes' } as never), 'validation_failed');
    expect((await w.parley.chats.get(w.owner, chat.id)).chat.handledAt).toBeNull();
    // A supervisor who serves no widget may.
    const sup = await w.addUser('supervisor');
    expect((await w.parley.chats.setHandled(sup.p, chat.id, { handled: true })).handledBy).toBe(sup.user.id);
  });
});

describe('messages that arrive together (group commit)', () => {
  /** Counts transactions, and lets a test make the store refuse some event inserts. */
  const instrumented = () => {
    const seen = { transactions: 0, refuse: (_events: readonly ChatEvent[]): boolean => false };
    const wrapStorage = (s: Storage): Storage => ({
      capabilities: s.capabilities,
      read: (fn) => s.read(fn),
      ping: () => s.ping(),
      close: () => s.close(),
      transaction: (fn) => {
        seen.transactions++;
        return s.transaction((tx) =>
          fn({
            ...tx,
            chatEvents: {
              append: (e) => tx.chatEvents.append(e),
              list: (...a) => tx.chatEvents.list(...a),
              get: (...a) => tx.chatEvents.get(...a),
              findByClientMessageId: (...a) => tx.chatEvents.findByClientMessageId(...a),
              appendMany: async (events) => {
                if (seen.refuse(events)) throw new Error('disk full');
                return tx.chatEvents.appendMany(events);
              },
            },
          }),
        );
      },
    });
    return { seen, wrapStorage };
  };

  /** `n` chats with their visitors, all active (seq 1-3: queued, message, assigned). */
  const openChats = async (w: Awaited<ReturnType<typeof setupChat>>, n: number) => {
    const out = [];
    for (let i = 0; i < n; i++) {
      const { chat, visitorToken } = await w.start(`hello ${i}`);
      out.push({ chat, v: await w.parley.chats.authenticateVisitor(chat.id, visitorToken) });
    }
    return out;
  };

  it('writes messages sent at the same moment in one transaction, each with its chat’s next seq, published after commit in order', async () => {
    const { seen, wrapStorage } = instrumented();
    const w = await setupChat({ max: 10, wrapStorage });
    const chats = await openChats(w, 6);
    const [tx0, pub0] = [seen.transactions, w.published.length];
    const sent = await Promise.all(chats.map(({ v }, i) => w.parley.chats.sendAsVisitor(v, { text: `m${i}` })));
    expect(seen.transactions - tx0).toBe(1);
    expect(sent.map((e) => [e.seq, e.text, e.author?.alias])).toEqual(chats.map((_, i) => [4, `m${i}`, 'Vera']));
    expect(w.published.slice(pub0).map((e) => [e.type, e.data.chatId, (e.data.event as ChatEvent).text])).toEqual(
      chats.map(({ chat }, i) => ['chat.message', chat.id, `m${i}`]),
    );
    for (const { chat } of chats) {
      const t = await w.parley.chats.get(w.owner, chat.id);
      expect(t.chat).toMatchObject({ lastSeq: 4, version: chat.version + 1 });
      expect(t.events.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
    }
  });

  it('commits the next group while the bus still takes the last one’s events, answering each message once published, in order', async () => {
    // A shared bus (Redis) answers a publish a round trip later: held here until released.
    let hold = true;
    const held: (() => void)[] = [];
    const issued: string[] = [];
    const wrapEvents = (inner: EventBus): EventBus => ({
      publish: (e) => {
        const text = (e.data.event as ChatEvent | undefined)?.text;
        if (e.type !== 'chat.message' || !hold || !text?.startsWith('m')) return inner.publish(e);
        issued.push(text);
        return new Promise<void>((resolve) => held.push(() => resolve(inner.publish(e))));
      },
      subscribe: (topic, handler) => inner.subscribe(topic, handler),
      close: () => inner.close(),
    });
    const w = await setupChat({ max: 10, wrapEvents });
    const [a, b] = await openChats(w, 2);
    const answered: string[] = [];
    const first = w.parley.chats.sendAsVisitor(a!.v, { text: 'm1' }).then((e) => answered.push(e.text!));
    await vi.waitFor(async () => expect((await eventsOf(w, a!.chat.id)).at(-1)?.text).toBe('m1'));
    // m1 is stored and its publish waits: m2 is stored all the same, and neither is answered yet.
    const second = w.parley.chats.sendAsVisitor(b!.v, { text: 'm2' }).then((e) => answered.push(e.text!));
    await vi.waitFor(async () => expect((await eventsOf(w, b!.chat.id)).at(-1)?.text).toBe('m2'));
    await vi.waitFor(() => expect(issued).toEqual(['m1', 'm2']));
    expect(answered).toEqual([]);
    hold = false;
    for (const release of held.splice(0)) release();
    await Promise.all([first, second]);
    expect(answered).toEqual(['m1', 'm2']);
  });

  it('reads none of the chats its last group left as they are, and whole only those another writer changed since', async () => {
    const reads: string[][] = [];
    const wrapStorage = (st: Storage): Storage => ({
      capabilities: st.capabilities,
      read: (fn) => st.read(fn),
      ping: () => st.ping(),
      close: () => st.close(),
      transaction: (fn) =>
        st.transaction((tx) =>
          fn({
            ...tx,
            chats: {
              ...tx.chats,
              lockMany: (accountId, ids) => {
                reads.push(['whole', ...ids]);
                return tx.chats.lockMany(accountId, ids);
              },
              lockVersions: (accountId, ids) => {
                reads.push(['versions', ...ids]);
                return tx.chats.lockVersions(accountId, ids);
              },
            },
          }),
        ),
    });
    const w = await setupChat({ max: 10, wrapStorage });
    const [a, b] = await openChats(w, 2);
    const both = [a!, b!];
    const send = (text: string) => Promise.all(both.map(({ v }) => w.parley.chats.sendAsVisitor(v, { text })));
    const groupReads = async (text: string) => {
      reads.length = 0;
      await send(text);
      return reads.map((r) => [r[0], ...r.slice(1).sort()]);
    };
    const ids = both.map(({ chat }) => chat.id).sort();
    expect(await groupReads('first')).toEqual([['whole', ...ids]]); // nothing kept yet
    expect(await groupReads('second')).toEqual([]); // both kept as the last group left them
    // Another writer (a labeling) moves b's version: the try that took b as kept changes nothing; the group is
    // written again, reading the versions, and b alone whole, which keeps what that writer stored.
    const vip = await w.parley.labels.create(w.owner, { name: 'VIP', color: '#ffaa00' });
    await w.parley.chats.setLabels(w.owner, b!.chat.id, { labelIds: [vip.id] });
    const pub0 = w.published.length;
    expect(await groupReads('third')).toEqual([
      ['versions', ...ids],
      ['whole', b!.chat.id],
    ]);
    expect(w.published.slice(pub0).map((e) => [e.data.chatId, (e.data.event as ChatEvent).text])).toEqual(
      both.map(({ chat }) => [chat.id, 'third']),
    );
    // An agent's first reply changes the chat beyond its messages: its group locks the versions first, in order.
    const agentIdOfB = (await w.parley.chats.get(w.owner, b!.chat.id)).chat.agentId;
    const agentOfB = [w.a1, w.a2].find((x) => x.p.userId === agentIdOfB)!;
    reads.length = 0;
    await Promise.all([
      w.parley.chats.sendAsVisitor(a!.v, { text: 'fourth' }),
      w.parley.chats.sendAsAgent(agentOfB.p, b!.chat.id, { text: 'hi' }),
    ]);
    expect(reads.map((r) => [r[0], ...r.slice(1).sort()])).toEqual([['versions', ...ids]]);
    expect((await w.parley.chats.get(w.owner, b!.chat.id)).chat.firstAgentReplyAt).not.toBeNull();
    for (const { chat } of both) {
      const t = await w.parley.chats.get(w.owner, chat.id);
      expect(t.events.filter((e) => e.type === 'chat.message').map((e) => e.text)).toEqual([
        `hello ${both.findIndex((x) => x.chat.id === chat.id)}`,
        'first',
        'second',
        'third',
        ...(chat.id === a!.chat.id ? ['fourth'] : ['hi']),
      ]);
      expect(t.chat.lastSeq).toBe(t.events.at(-1)!.seq);
    }
    expect((await w.parley.chats.get(w.owner, b!.chat.id)).chat.labels).toEqual([vip.id]);
  });

  it('refuses no message by a chat as it kept it, once another writer changed the chat (a transfer to another agent)', async () => {
    const w = await setupChat({ max: 10 });
    const { chat, v } = (await openChats(w, 1))[0]!;
    await w.parley.chats.sendAsVisitor(v, { text: 'kept' }); // the appender now keeps the chat, assigned to its first agent
    const agentId = (await w.parley.chats.get(w.owner, chat.id)).chat.agentId;
    const [from, to] = agentId === w.a1.user.id ? [w.a1, w.a2] : [w.a2, w.a1];
    await w.parley.chats.transfer(from.p, chat.id, { agentId: to.user.id });
    expect((await w.parley.chats.sendAsAgent(to.p, chat.id, { text: 'taken over' })).text).toBe('taken over');
    await expectParleyError(w.parley.chats.sendAsAgent(from.p, chat.id, { text: 'not mine now' }), 'forbidden');
    expect((await eventsOf(w, chat.id)).filter((e) => e.type === 'chat.message').map((e) => e.text)).toEqual([
      'hello 0',
      'kept',
      'taken over',
    ]);
  });

  it('numbers several messages to one chat in one group in the order they were sent, and the agent’s first reply is recorded', async () => {
    const w = await setupChat();
    const { chat, v } = (await openChats(w, 1))[0]!;
    const sent = await Promise.all([
      w.parley.chats.sendAsVisitor(v, { text: 'one' }),
      w.parley.chats.sendAsAgent(w.a1.p, chat.id, { text: 'two' }),
      w.parley.chats.sendAsVisitor(v, { text: 'three' }),
      w.parley.chats.sendAsAgent(w.a1.p, chat.id, { text: 'four' }),
    ]);
    expect(sent.map((e) => [e.seq, e.text])).toEqual([
      [4, 'one'],
      [5, 'two'],
      [6, 'three'],
      [7, 'four'],
    ]);
    const t = await w.parley.chats.get(w.owner, chat.id);
    expect(t.chat).toMatchObject({ lastSeq: 7, firstAgentReplyAt: sent[1]!.at });
    expect(t.events.slice(3).map((e) => [e.seq, e.author?.kind, e.text])).toEqual([
      [4, 'visitor', 'one'],
      [5, 'agent', 'two'],
      [6, 'visitor', 'three'],
      [7, 'agent', 'four'],
    ]);
  });

  it('refuses one message of a group alone: the others are stored', async () => {
    const w = await setupChat({ max: 10 });
    const chats = await openChats(w, 3);
    await w.parley.chats.close(w.owner, chats[1]!.chat.id);
    const results = await Promise.allSettled([
      w.parley.chats.sendAsVisitor(chats[0]!.v, { text: 'a' }),
      w.parley.chats.sendAsVisitor(chats[1]!.v, { text: 'b' }),
      w.parley.chats.sendAsAgent(w.a2.p, chats[2]!.chat.id, { text: 'not mine' }),
      w.parley.chats.sendAsVisitor(chats[2]!.v, { text: 'c' }),
    ]);
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value.text : (r.reason as ParleyError).code))).toEqual([
      'a',
      'chat_closed',
      expect.any(String),
      'c',
    ]);
    expect(['forbidden', 'not_found']).toContain((results[2] as PromiseRejectedResult).reason.code);
    expect((await eventsOf(w, chats[0]!.chat.id)).at(-1)).toMatchObject({ seq: 4, text: 'a' });
    expect((await eventsOf(w, chats[2]!.chat.id)).at(-1)).toMatchObject({ seq: 4, text: 'c' });
  });

  it('writes the messages of a group the store refuses one by one, so only the one that cannot be stored fails', async () => {
    const { seen, wrapStorage } = instrumented();
    const w = await setupChat({ max: 10, wrapStorage });
    const chats = await openChats(w, 3);
    seen.refuse = (events) => events.some((e) => e.text === 'poison');
    const pub0 = w.published.length;
    const results = await Promise.allSettled([
      w.parley.chats.sendAsVisitor(chats[0]!.v, { text: 'fine' }),
      w.parley.chats.sendAsVisitor(chats[1]!.v, { text: 'poison' }),
      w.parley.chats.sendAsVisitor(chats[2]!.v, { text: 'also fine' }),
    ]);
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value.text : (r.reason as Error).message))).toEqual([
      'fine',
      'disk full',
      'also fine',
    ]);
    expect((await eventsOf(w, chats[1]!.chat.id)).map((e) => e.seq)).toEqual([1, 2, 3]);
    expect((await w.parley.chats.get(w.owner, chats[1]!.chat.id)).chat.lastSeq).toBe(3);
    // Nothing of the failed group was published; each message that was stored was, once.
    expect(w.published.slice(pub0).map((e) => (e.data.event as ChatEvent).text)).toEqual(['fine', 'also fine']);
  });
});

describe('idempotent messages', () => {
  /** A world whose storage can lose commits, with the warnings the core logs. */
  const setupLosing = async () => {
    const losing = losingCommits();
    const warnings: { message: string; fields?: Record<string, unknown> }[] = [];
    const w = await setupChat({
      max: 10,
      wrapStorage: losing.wrap,
      logger: { warn: (message, fields) => warnings.push({ message, fields }) },
    });
    const open = async (text: string) => {
      const { chat, visitorToken } = await w.start(text);
      return { chat, v: await w.parley.chats.authenticateVisitor(chat.id, visitorToken) };
    };
    return { ...w, ...losing, warnings, open };
  };
  const messagesOf = async (w: World, chatId: string) =>
    (await eventsOf(w, chatId)).filter((e) => e.type === 'chat.message').map((e) => [e.seq, e.text]);

  it('answers a message whose commit happened but was reported lost with the stored event, stored once, and logs the lost commit', async () => {
    const w = await setupLosing();
    const { chat, v } = await w.open('hello');
    const pub0 = w.published.length;
    w.loseNext(1);
    const sent = await w.parley.chats.sendAsVisitor(v, { text: 'once only' });
    expect(sent).toMatchObject({ seq: 4, text: 'once only', chatId: chat.id });
    expect(await messagesOf(w, chat.id)).toEqual([
      [2, 'hello'],
      [4, 'once only'],
    ]);
    expect((await w.parley.chats.get(w.owner, chat.id)).events.find((e) => e.seq === 4)).toEqual(sent);
    // Published once the second try found it (the first try's commit() never got to publish).
    expect(w.published.slice(pub0).map((e) => (e.data.event as ChatEvent).seq)).toEqual([4]);
    expect(w.warnings).toEqual([
      { message: expect.stringContaining('writing messages failed'), fields: { messages: 1, error: w.seen.lost[0] } },
    ]);
  });

  it('writes a group whose commit was reported lost again one message at a time, each stored once and answered with its seq', async () => {
    const w = await setupLosing();
    const [a, b] = [await w.open('hello a'), await w.open('hello b')];
    w.loseNext(1);
    const sent = await Promise.all([
      w.parley.chats.sendAsVisitor(a.v, { text: 'a1' }),
      w.parley.chats.sendAsVisitor(b.v, { text: 'b1' }),
      w.parley.chats.sendAsAgent(w.a1.p, a.chat.id, { text: 'a2' }),
    ]);
    expect(sent.map((e) => [e.chatId, e.seq, e.text])).toEqual([
      [a.chat.id, 4, 'a1'],
      [b.chat.id, 4, 'b1'],
      [a.chat.id, 5, 'a2'],
    ]);
    expect(await messagesOf(w, a.chat.id)).toEqual([
      [2, 'hello a'],
      [4, 'a1'],
      [5, 'a2'],
    ]);
    expect(await messagesOf(w, b.chat.id)).toEqual([
      [2, 'hello b'],
      [4, 'b1'],
    ]);
    expect(w.warnings.map((x) => x.fields)).toEqual([{ messages: 3, error: w.seen.lost[0] }]);
  });

  it('rejects a message whose second try fails too with that error, having logged the first', async () => {
    const w = await setupLosing();
    const { chat, v } = await w.open('hello');
    w.loseNext(2);
    const error = await w.parley.chats.sendAsVisitor(v, { text: 'unlucky' }).catch((e: unknown) => e);
    expect(w.seen.lost).toHaveLength(2);
    expect(error).toBe(w.seen.lost[1]);
    expect(w.warnings.map((x) => x.fields?.error)).toEqual([w.seen.lost[0]]);
    // Stored once all the same; the client's retry with its key (see below) finds it.
    expect(await messagesOf(w, chat.id)).toEqual([
      [2, 'hello'],
      [4, 'unlucky'],
    ]);
  });

  it('answers a message sent again with the same clientMessageId with the stored event, also after its commit was reported lost', async () => {
    const w = await setupLosing();
    const { chat, v } = await w.open('hello');
    const first = await w.parley.chats.sendAsVisitor(v, { text: 'hi there', clientMessageId: 'visitor-msg-0001' });
    expect(first).toMatchObject({ seq: 4, clientMessageId: 'visitor-msg-0001' });
    expect(await w.parley.chats.sendAsVisitor(v, { text: 'hi there', clientMessageId: 'visitor-msg-0001' })).toEqual(first);
    // Twice in one group (a double send), and a lost commit followed by the client's own retry.
    const both = await Promise.all([
      w.parley.chats.sendAsAgent(w.a1.p, chat.id, { text: 'welcome', clientMessageId: 'agent-msg-0001' }),
      w.parley.chats.sendAsAgent(w.a1.p, chat.id, { text: 'welcome', clientMessageId: 'agent-msg-0001' }),
    ]);
    expect(both[1]).toEqual(both[0]);
    w.loseNext(2);
    const error = await w.parley.chats.sendAsVisitor(v, { text: 'lost?', clientMessageId: 'visitor-msg-0002' }).catch((e: unknown) => e);
    expect(error).toBe(w.seen.lost[1]);
    const retried = await w.parley.chats.sendAsVisitor(v, { text: 'lost?', clientMessageId: 'visitor-msg-0002' });
    expect(await messagesOf(w, chat.id)).toEqual([
      [2, 'hello'],
      [4, 'hi there'],
      [5, 'welcome'],
      [6, 'lost?'],
    ]);
    expect(retried).toMatchObject({ seq: 6, clientMessageId: 'visitor-msg-0002' });
    // A chat that ended meanwhile still answers a message it stored.
    await w.parley.chats.close(w.a1.p, chat.id);
    expect(await w.parley.chats.sendAsVisitor(v, { text: 'hi there', clientMessageId: 'visitor-msg-0001' })).toEqual(first);
    await expectParleyError(w.parley.chats.sendAsVisitor(v, { text: 'hi there', clientMessageId: 'visitor-msg-0009' }), 'chat_closed');
  });

  it('refuses a clientMessageId used for another message of the chat, by text or by author, writing nothing', async () => {
    const w = await setupLosing();
    const { chat, v } = await w.open('hello');
    const other = await w.open('other chat');
    await w.parley.chats.sendAsVisitor(v, { text: 'first', clientMessageId: 'shared-key-01' });
    await expectParleyError(
      w.parley.chats.sendAsVisitor(v, { text: 'second', clientMessageId: 'shared-key-01' }),
      'idempotency_key_reused',
    );
    await expectParleyError(
      w.parley.chats.sendAsAgent(w.a1.p, chat.id, { text: 'first', clientMessageId: 'shared-key-01' }),
      'idempotency_key_reused',
    );
    // Someone who may not write to the chat learns nothing about its keys.
    await expectParleyError(w.parley.chats.sendAsAgent(w.a2.p, chat.id, { text: 'first', clientMessageId: 'shared-key-01' }), 'forbidden');
    expect(await messagesOf(w, chat.id)).toEqual([
      [2, 'hello'],
      [4, 'first'],
    ]);
    // Keys are per chat.
    expect(await w.parley.chats.sendAsVisitor(other.v, { text: 'second', clientMessageId: 'shared-key-01' })).toMatchObject({
      seq: 4,
      chatId: other.chat.id,
    });
    // Client retries are expected: they are not logged as failures.
    expect(w.warnings).toEqual([]);
  });

  it('refuses a malformed clientMessageId', async () => {
    const w = await setupLosing();
    const { v } = await w.open('hello');
    for (const clientMessageId of ['short', 'x'.repeat(65), 'has space 123', 'ünïcode-123'])
      expect(
        (await expectParleyError(w.parley.chats.sendAsVisitor(v, { text: 'hi', clientMessageId }), 'validation_failed')).details[0]?.path,
      ).toBe('/clientMessageId');
  });
});

describe('reading transcripts', () => {
  it('shows agents the chats of their widgets, supervisors everything', async () => {
    const w = await setupChat();
    const { chat } = await w.start();
    const outsider = await w.addUser('agent');
    await expectParleyError(w.parley.chats.get(outsider.p, chat.id), 'not_found');
    expect((await w.parley.chats.list(outsider.p, {})).items).toEqual([]);
    expect((await w.parley.chats.list(w.a2.p, {})).items.map((c) => c.id)).toEqual([chat.id]);
    const { p: sup } = await w.addUser('supervisor');
    expect((await w.parley.chats.list(sup, { status: 'active' })).items.map((c) => c.id)).toEqual([chat.id]);
    expect((await w.parley.chats.list(sup, { status: 'closed' })).items).toEqual([]);
    expect(JSON.stringify(await w.parley.chats.get(sup, chat.id))).not.toContain('visitorTokenHash');
  });
});

describe('sneak peek and abandonment', () => {
  const engine = async (opts: { max?: number } = {}) => {
    const w = await setupChat(opts);
    const scheduler = new ManualScheduler(w.clock);
    const chats = new ChatService(w.parley.deps, { scheduler, config: { typingIntervalMs: 250, abandonGraceMs: 30_000 } });
    return { ...w, chats, scheduler };
  };
  const typingOf = (published: DomainEvent[]) => published.filter((e) => e.type === 'chat.typing').map((e) => e.data.text);

  it('relays the draft at most every 250 ms, latest wins, and clears it when the message is sent', async () => {
    const w = await engine();
    const { chat, visitorToken } = await w.start();
    const v = await w.chats.authenticateVisitor(chat.id, visitorToken);
    w.chats.typingAsVisitor(v, { text: 'W' });
    w.chats.typingAsVisitor(v, { text: 'Wh' });
    w.chats.typingAsVisitor(v, { text: 'Whe' });
    expect(typingOf(w.published)).toEqual(['W']);
    await w.scheduler.advance(249);
    expect(typingOf(w.published)).toEqual(['W']);
    await w.scheduler.advance(1);
    expect(typingOf(w.published)).toEqual(['W', 'Whe']);
    w.chats.typingAsVisitor(v, { text: 'Where' });
    await w.chats.sendAsVisitor(v, { text: 'Where?' });
    await w.scheduler.advance(1000);
    expect(typingOf(w.published)).toEqual(['W', 'Whe', '']);
    const typing = w.published.filter((e) => e.type === 'chat.typing');
    expect(typing.every((e) => e.topics.length === 1 && e.topics[0] === `agent:${w.a1.user.id}`)).toBe(true);
    expect((await eventsOf(w, chat.id)).some((e) => e.text === 'Where')).toBe(false);
  });

  const agentTypingOf = (published: DomainEvent[]) => published.filter((e) => e.type === 'chat.agent_typing');

  it('tells the visitor the agent is typing, throttled, never the text, and clears it when the agent’s message is sent', async () => {
    const w = await engine();
    const { chat } = await w.start();
    await w.chats.typingAsAgent(w.a1.p, chat.id, { text: 'Let me' });
    await w.chats.typingAsAgent(w.a1.p, chat.id, { text: 'Let me check' });
    expect(agentTypingOf(w.published).map((e) => e.data)).toEqual([{ typing: true, alias: 'Ann Agent' }]);
    await w.scheduler.advance(250);
    expect(agentTypingOf(w.published)).toHaveLength(2);
    await w.chats.typingAsAgent(w.a1.p, chat.id, { text: 'Let me check your order' });
    await w.chats.sendAsAgent(w.a1.p, chat.id, { text: 'Let me check your order.' });
    await w.scheduler.advance(1000);
    const sent = agentTypingOf(w.published);
    expect(sent.map((e) => e.data)).toEqual([
      { typing: true, alias: 'Ann Agent' },
      { typing: true, alias: 'Ann Agent' },
      { typing: false, alias: 'Ann Agent' },
    ]);
    expect(sent.every((e) => e.topics.length === 1 && e.topics[0] === `chat:${chat.id}`)).toBe(true);
    expect(JSON.stringify(sent)).not.toContain('Let me');
    expect(
      (await eventsOf(w, chat.id)).filter((e) => e.type !== 'chat.message' && e.type !== 'chat.queued' && e.type !== 'chat.assigned'),
    ).toEqual([]);
  });

  it('counts an emptied draft as having stopped typing, and clears the indicator when the chat ends or moves', async () => {
    const w = await engine();
    const { chat } = await w.start();
    await w.chats.typingAsAgent(w.a1.p, chat.id, { text: 'Hi' });
    await w.scheduler.advance(250);
    await w.chats.typingAsAgent(w.a1.p, chat.id, { text: '' });
    expect(agentTypingOf(w.published).map((e) => e.data.typing)).toEqual([true, false]);
    await w.scheduler.advance(250);
    await w.chats.typingAsAgent(w.a1.p, chat.id, { text: 'Hi again' });
    await w.chats.transfer(w.a1.p, chat.id, { agentId: w.a2.user.id });
    expect(agentTypingOf(w.published).map((e) => e.data)).toEqual([
      { typing: true, alias: 'Ann Agent' },
      { typing: false, alias: 'Ann Agent' },
      { typing: true, alias: 'Ann Agent' },
      { typing: false, alias: 'Ann Agent' },
    ]);
    await w.chats.typingAsAgent(w.a2.p, chat.id, { text: 'Bob here' });
    await w.chats.close(w.a2.p, chat.id);
    expect(
      agentTypingOf(w.published)
        .slice(4)
        .map((e) => e.data),
    ).toEqual([
      { typing: true, alias: 'Bob Agent' },
      { typing: false, alias: 'Bob Agent' },
    ]);
  });

  it('lets only the chat’s assigned agent type, and only while it is open', async () => {
    const w = await engine();
    const { chat } = await w.start();
    await expectParleyError(w.chats.typingAsAgent(w.a2.p, chat.id, { text: 'x' }), 'forbidden');
    const { p: outsider } = await w.addUser('agent');
    await expectParleyError(w.chats.typingAsAgent(outsider, chat.id, { text: 'x' }), 'not_found');
    await expectParleyError(w.chats.typingAsAgent(w.a1.p, 'nope', { text: 'x' }), 'not_found');
    await expectParleyError(w.chats.typingAsAgent(w.a1.p, chat.id, { text: 'x'.repeat(20_000) }), 'validation_failed');
    await w.chats.close(w.a1.p, chat.id);
    await expectParleyError(w.chats.typingAsAgent(w.a1.p, chat.id, { text: 'x' }), 'chat_closed');
    expect(agentTypingOf(w.published)).toEqual([]);
  });

  it('abandons a queued chat whose visitor stream stayed closed past the grace period, not one that came back', async () => {
    const w = await engine({ max: 1 });
    await w.start();
    await w.start();
    const left = await w.start();
    const back = await w.start();
    // Created through the other service instance; these visitors never opened a stream here yet.
    for (const c of [left, back]) {
      const v = await w.chats.authenticateVisitor(c.chat.id, c.visitorToken);
      const feed = openChatFeed(w.chats, w.events, v, c.chat.id, 0, () => {});
      await flush();
      feed.close();
    }
    expect(w.chats.visitors.pending).toBe(2);
    await w.scheduler.advance(20_000);
    const vb = await w.chats.authenticateVisitor(back.chat.id, back.visitorToken);
    openChatFeed(w.chats, w.events, vb, back.chat.id, 0, () => {});
    await w.scheduler.advance(10_001);
    await flush();
    expect((await w.parley.chats.get(w.owner, left.chat.id)).chat).toMatchObject({ status: 'abandoned', closedBy: 'system' });
    expect((await w.parley.chats.get(w.owner, back.chat.id)).chat.status).toBe('queued');
  });

  it('records that the visitor of an open chat left the site past the grace period, once, and that they came back', async () => {
    const w = await engine();
    const { chat, visitorToken } = await w.start();
    const v = await w.chats.authenticateVisitor(chat.id, visitorToken);
    const comings = async () =>
      (await eventsOf(w, chat.id)).filter((e) => e.type === 'chat.visitor_left' || e.type === 'chat.visitor_back').map((e) => e.type);
    const visit = async () => {
      const feed = openChatFeed(w.chats, w.events, v, chat.id, 0, () => {});
      await flush();
      return feed;
    };
    // Another page of the site within the grace period: nothing to record.
    (await visit()).close();
    await w.scheduler.advance(10_000);
    const next = await visit();
    await w.scheduler.advance(30_001);
    await flush();
    expect(await comings()).toEqual([]);
    // The tab closes for good: after the grace period, once (a second page closing adds nothing).
    next.close();
    await w.scheduler.advance(30_001);
    await flush();
    expect(await comings()).toEqual(['chat.visitor_left']);
    const stored = (await eventsOf(w, chat.id)).at(-1)!;
    expect(stored).toMatchObject({ type: 'chat.visitor_left', author: null, text: null, data: {} });
    expect(visitorView(stored)).toBeNull(); // the visitor's own stream leaves it out
    // They come back: recorded once however many pages open, at once or later; then they leave again.
    const [back, tab] = await Promise.all([visit(), visit()]);
    tab!.close();
    (await visit()).close();
    await flush();
    expect(await comings()).toEqual(['chat.visitor_left', 'chat.visitor_back']);
    back.close();
    await w.scheduler.advance(30_001);
    await flush();
    expect(await comings()).toEqual(['chat.visitor_left', 'chat.visitor_back', 'chat.visitor_left']);
    // An ended chat records nothing more.
    await w.chats.close(w.a1.p, chat.id);
    (await visit()).close();
    await w.scheduler.advance(30_001);
    await flush();
    expect((await comings()).length).toBe(3);
  });
});

describe('agents who leave', () => {
  /** A world whose agents' presence runs on a manual scheduler with a 60 s grace. */
  const engine = async () => {
    const w = await setupChat({ max: 5 });
    const scheduler = new ManualScheduler(w.clock);
    const chats = new ChatService(w.parley.deps, { scheduler, config: { agentAwayGraceMs: 60_000 } });
    const presence = new PresenceService(w.parley.deps, chats, { scheduler });
    const services = { chats, presence, deps: w.parley.deps };
    return { ...w, scheduler, presence, services };
  };
  const statusOf = async (w: Awaited<ReturnType<typeof engine>>, p: Principal) => (await w.presence.get(p)).status;

  it('sets an online agent offline when their last stream stays closed past the grace period, their chats going to a colleague', async () => {
    const w = await engine();
    const { chat } = await w.start();
    expect(chat.agentId).toBe(w.a1.user.id);
    const one = openAgentFeed(w.services, w.a1.p, NO_AGENT_CURSOR, () => {});
    const two = openAgentFeed(w.services, w.a1.p, NO_AGENT_CURSOR, () => {});
    await flush();
    one.close();
    await w.scheduler.advance(120_000);
    expect(await statusOf(w, w.a1.p)).toBe('online'); // the second stream is still open
    two.close();
    await w.scheduler.advance(59_999);
    expect(await statusOf(w, w.a1.p)).toBe('online');
    await w.scheduler.advance(1);
    await flush();
    expect(await statusOf(w, w.a1.p)).toBe('offline');
    const gone = w.published.filter((e) => e.type === 'agent.status').at(-1)!;
    expect(gone.data).toMatchObject({ userId: w.a1.user.id, status: 'offline', reason: 'disconnected' });
    expect(gone.topics).toEqual(expect.arrayContaining([`account:${w.account.id}`, `agent:${w.a1.user.id}`]));
    // The visitor is not left with nobody: the colleague who is there takes the chat.
    expect((await w.parley.chats.get(w.owner, chat.id)).chat).toMatchObject({ status: 'active', agentId: w.a2.user.id });
    const back = w.published.find((e) => e.type === 'chat.transferred' && e.data.chatId === chat.id);
    expect(back?.data.event).toMatchObject({ data: { fromAgentId: w.a1.user.id, toAgentId: null, reason: 'agent_offline' } });
    // New chats now go to the agent who is there.
    expect((await w.start()).chat.agentId).toBe(w.a2.user.id);
  });

  it('keeps the status of an agent who comes back within the grace period, or who sets a status meanwhile', async () => {
    const w = await engine();
    openAgentFeed(w.services, w.a1.p, NO_AGENT_CURSOR, () => {}).close();
    openAgentFeed(w.services, w.a2.p, NO_AGENT_CURSOR, () => {}).close();
    await w.scheduler.advance(30_000);
    openAgentFeed(w.services, w.a1.p, NO_AGENT_CURSOR, () => {}); // a1 reconnects
    await w.presence.setStatus(w.a2.p, { status: 'paused' }); // a2 chose a status (from a client without a stream)
    expect(w.presence.connections.pending).toBe(0);
    await w.scheduler.advance(60_000);
    await flush();
    expect(await statusOf(w, w.a1.p)).toBe('online');
    expect(await statusOf(w, w.a2.p)).toBe('paused');
    expect(w.published.filter((e) => e.type === 'agent.status' && e.data.reason === 'disconnected')).toEqual([]);
  });

  it('keeps an agent who comes back on another host instance (heard through the bus), and bothers no open stream with it', async () => {
    const w = await engine();
    const otherChats = new ChatService(w.parley.deps, { scheduler: w.scheduler, config: { agentAwayGraceMs: 60_000 } });
    const other = {
      chats: otherChats,
      presence: new PresenceService(w.parley.deps, otherChats, { scheduler: w.scheduler }),
      deps: w.parley.deps,
    };
    const onAgentTopic: string[] = [];
    w.events.subscribe(`agent:${w.a1.user.id}`, (e) => onAgentTopic.push(e.type));
    openAgentFeed(w.services, w.a1.p, NO_AGENT_CURSOR, () => {}).close(); // this instance starts its timer
    expect(w.presence.connections.pending).toBe(1);
    openAgentFeed(other, w.a1.p, NO_AGENT_CURSOR, () => {}); // back, on the other instance
    await flush();
    expect(w.presence.connections.pending).toBe(0);
    await w.scheduler.advance(60_000);
    await flush();
    expect(await statusOf(w, w.a1.p)).toBe('online');
    expect(onAgentTopic).toEqual([]); // announced for grace timers only, not to every stream of the agent
  });

  it('keeps an agent whose stream stays open on another host instance when their stream here closes', async () => {
    const w = await engine();
    const otherChats = new ChatService(w.parley.deps, { scheduler: w.scheduler, config: { agentAwayGraceMs: 60_000 } });
    const other = {
      chats: otherChats,
      presence: new PresenceService(w.parley.deps, otherChats, { scheduler: w.scheduler }),
      deps: w.parley.deps,
    };
    const elsewhere = openAgentFeed(other, w.a1.p, NO_AGENT_CURSOR, () => {}); // opened first, and stays open
    openAgentFeed(w.services, w.a1.p, NO_AGENT_CURSOR, () => {}).close(); // here: the timer starts, and asks
    await flush();
    expect(w.presence.connections.pending).toBe(0);
    await w.scheduler.advance(60_000);
    await flush();
    expect(await statusOf(w, w.a1.p)).toBe('online');
    // Once the stream elsewhere closes too, that instance times the agent out.
    elsewhere.close();
    expect(other.presence.connections.pending).toBe(1);
    await w.scheduler.advance(60_000);
    await flush();
    expect(await statusOf(w, w.a1.p)).toBe('offline');
  });

  it('leaves an agent who is already offline as they are, and never times out without a grace period', async () => {
    const w = await engine();
    await w.presence.setStatus(w.a1.p, { status: 'offline' });
    const before = w.published.length;
    openAgentFeed(w.services, w.a1.p, NO_AGENT_CURSOR, () => {}).close();
    await w.scheduler.advance(60_000);
    await flush();
    expect(w.published.slice(before).filter((e) => e.type === 'agent.status')).toEqual([]);

    const chats = new ChatService(w.parley.deps, { scheduler: w.scheduler, config: { agentAwayGraceMs: null } });
    const presence = new PresenceService(w.parley.deps, chats, { scheduler: w.scheduler });
    openAgentFeed({ chats, presence, deps: w.parley.deps }, w.a2.p, NO_AGENT_CURSOR, () => {}).close();
    expect(presence.connections.pending).toBe(0);
    await w.scheduler.advance(3_600_000);
    expect(await statusOf(w, w.a2.p)).toBe('online');
  });
});

/** The cursor of the last item with one (`stream.ready` and sneak peeks have none). */
const lastCursor = (items: readonly FeedItem[]): string | null => items.filter((i) => i.id).at(-1)?.id ?? null;

describe('feeds', () => {
  const collect = () => {
    const items: FeedItem[] = [];
    return {
      items,
      sink: (i: FeedItem) => items.push(i),
      stored: () => items.filter((i) => i.id !== null).map((i) => (i.data as ChatEvent).seq),
    };
  };

  it('replays a chat after a seq, then live events, in order, without duplicates', async () => {
    const w = await setupChat();
    const { chat, visitorToken } = await w.start();
    const v = await w.parley.chats.authenticateVisitor(chat.id, visitorToken);
    const c = collect();
    const feed = openChatFeed(w.parley.chats, w.events, v, chat.id, 1, c.sink);
    await w.parley.chats.sendAsAgent(w.a1.p, chat.id, { text: 'hi' });
    await flush();
    expect(c.stored()).toEqual([2, 3, 4]);
    expect(c.items.map((i) => i.id)).toEqual(['2', '3', '4']);
    // a duplicate and an out-of-order publish change nothing, a gap is filled from storage
    const last = w.published.filter((e) => e.data.chatId === chat.id && e.data.event).at(-1)!;
    await w.events.publish(last);
    await w.parley.chats.sendAsVisitor(v, { text: 'one' });
    await flush();
    expect(c.stored()).toEqual([2, 3, 4, 5]);
    feed.close();
  });

  it('multiplexes an agent’s chats and resumes each where the cursor says, with the chats that began and ended meanwhile', async () => {
    const w = await setupChat();
    const one = await w.start('one');
    const c = collect();
    const feed = openAgentFeed(w.parley, w.a1.p, NO_AGENT_CURSOR, c.sink);
    await flush();
    expect(c.stored()).toEqual([1, 2, 3]);
    // The opening's replay ends with stream.ready (no id); what follows is live.
    expect(c.items.map((i) => i.event)).toEqual(['chat.queued', 'chat.message', 'chat.assigned', 'stream.ready']);
    expect(c.items.at(-1)).toEqual({ id: null, event: 'stream.ready', data: {} });
    const lastAt = (items: FeedItem[]) => (items.filter((i) => i.id).at(-1)!.data as ChatEvent).at;
    expect(decodeAgentCursor(lastCursor(c.items))).toEqual({ chats: new Map([[one.chat.id, 3]]), since: lastAt(c.items) });
    await w.start('two'); // goes to a2
    const three = await w.start('three'); // a1
    await flush();
    expect(c.items.filter((i) => i.id).map((i) => (i.data as ChatEvent).chatId)).toEqual([
      one.chat.id,
      one.chat.id,
      one.chat.id,
      three.chat.id,
      three.chat.id,
      three.chat.id,
    ]);
    expect(c.items.filter((i) => i.event === 'stream.ready')).toHaveLength(1);
    expect(c.items.findIndex((i) => i.event === 'stream.ready')).toBe(3);
    const cursor = lastCursor(c.items)!;
    expect(cursor).toBe(`${one.chat.id}:3,${three.chat.id}:3,~${Date.parse(lastAt(c.items))}`);
    feed.close();

    // while away: a message in one, three closed, five assigned and closed, four assigned
    await w.parley.chats.sendAsAgent(w.a1.p, one.chat.id, { text: 'still here' });
    await w.parley.chats.close(w.a1.p, three.chat.id);
    await w.parley.presence.setStatus(w.a2.p, { status: 'paused' });
    const five = await w.start('five');
    expect(five.chat.agentId).toBe(w.a1.user.id);
    w.clock.advance(1000);
    await w.parley.chats.close(w.owner, five.chat.id);
    const four = await w.start('four');
    expect(four.chat.agentId).toBe(w.a1.user.id);
    const again = collect();
    const resumed = openAgentFeed(w.parley, w.a1.p, decodeAgentCursor(cursor), again.sink);
    await flush();
    const names = new Map([
      [one.chat.id, 'one'],
      [three.chat.id, 'three'],
      [four.chat.id, 'four'],
      [five.chat.id, 'five'],
    ]);
    const seen = (items: FeedItem[]) =>
      items.filter((i) => i.id).map((i) => `${names.get((i.data as ChatEvent).chatId)}:${(i.data as ChatEvent).seq}`);
    expect(seen(again.items)).toEqual(['three:4', 'five:1', 'five:2', 'five:3', 'five:4', 'one:4', 'four:1', 'four:2', 'four:3']);
    expect(decodeAgentCursor(lastCursor(again.items)).chats).toEqual(
      new Map([
        [one.chat.id, 4],
        [four.chat.id, 3],
      ]),
    );

    // A chat that ended while the agent was there is not sent again on the next reconnect.
    await w.parley.chats.close(w.a1.p, one.chat.id);
    await flush();
    const cursor2 = lastCursor(again.items)!;
    expect(seen(again.items).at(-1)).toBe('one:5');
    resumed.close();
    const third = collect();
    openAgentFeed(w.parley, w.a1.p, decodeAgentCursor(cursor2), third.sink).close();
    await flush();
    expect(seen(third.items)).toEqual([]);
  });

  it('does not send a reconnecting agent a chat again because it was labeled after it ended', async () => {
    const w = await setupChat();
    const vip = await w.parley.labels.create(w.owner, { name: 'VIP', color: '#ffaa00' });
    const one = await w.start('one');
    const c = collect();
    const feed = openAgentFeed(w.parley, w.a1.p, NO_AGENT_CURSOR, c.sink);
    await flush();
    await w.parley.chats.close(w.a1.p, one.chat.id);
    await flush();
    expect(c.stored()).toEqual([1, 2, 3, 4]);
    const cursor = c.items.at(-1)!.id!;
    feed.close();
    w.clock.advance(1000);
    await w.parley.chats.setLabels(w.owner, one.chat.id, { labelIds: [vip.id] });
    const again = collect();
    const resumed = openAgentFeed(w.parley, w.a1.p, decodeAgentCursor(cursor), again.sink);
    await flush();
    expect(again.items.filter((i) => i.id)).toEqual([]);
    resumed.close();
  });

  /** A world whose bus loses what is published while it is cut, and announces a gap when restored. */
  const withOutages = async (max = 2) => {
    let bus: OutageBus | undefined;
    const w = await setupChat({ max, wrapEvents: (inner) => (bus = new OutageBus(inner)) });
    return { ...w, bus: bus! };
  };

  it('catches a chat feed up from storage after a gap of the bus: what the outage lost arrives once, in order', async () => {
    const w = await withOutages();
    const { chat, visitorToken } = await w.start();
    const v = await w.parley.chats.authenticateVisitor(chat.id, visitorToken);
    const c = collect();
    const feed = openChatFeed(w.parley.chats, w.events, v, chat.id, 0, c.sink);
    await flush();
    expect(c.stored()).toEqual([1, 2, 3]);
    w.bus.cut();
    await w.parley.chats.sendAsAgent(w.a1.p, chat.id, { text: 'sent while the bus was down' });
    await w.parley.chats.sendAsVisitor(v, { text: 'this one too' });
    await flush();
    expect(c.stored()).toEqual([1, 2, 3]);
    w.bus.restore();
    await flush();
    expect(c.stored()).toEqual([1, 2, 3, 4, 5]);
    await w.parley.chats.sendAsAgent(w.a1.p, chat.id, { text: 'live again' });
    w.bus.restore(); // another gap with nothing lost resends nothing
    await flush();
    expect(c.stored()).toEqual([1, 2, 3, 4, 5, 6]);
    feed.close();
  });

  it('catches an agent feed up after a gap of the bus: chats assigned, messages and chats that began and ended meanwhile, each once', async () => {
    const w = await withOutages(3);
    await w.parley.presence.setStatus(w.a2.p, { status: 'paused' });
    const one = await w.start('one');
    const c = collect();
    const feed = openAgentFeed(w.parley, w.a1.p, NO_AGENT_CURSOR, c.sink);
    await flush();
    const gone = await w.start('gone');
    await w.parley.chats.close(w.a1.p, gone.chat.id); // ended while the bus was up: never sent again
    await flush();
    const names = new Map([
      [one.chat.id, 'one'],
      [gone.chat.id, 'gone'],
    ]);
    const seen = () => c.items.filter((i) => i.id).map((i) => `${names.get((i.data as ChatEvent).chatId)}:${(i.data as ChatEvent).seq}`);
    expect(seen()).toEqual(['one:1', 'one:2', 'one:3', 'gone:1', 'gone:2', 'gone:3', 'gone:4']);

    w.bus.cut();
    const v = await w.parley.chats.authenticateVisitor(one.chat.id, one.visitorToken);
    await w.parley.chats.sendAsVisitor(v, { text: 'anyone?' });
    const two = await w.start('two');
    const brief = await w.start('brief');
    w.clock.advance(1000);
    await w.parley.chats.close(w.a1.p, brief.chat.id);
    names.set(two.chat.id, 'two').set(brief.chat.id, 'brief');
    await flush();
    expect(seen()).toHaveLength(7);
    w.bus.restore();
    await flush();
    expect(seen().slice(7)).toEqual(['brief:1', 'brief:2', 'brief:3', 'brief:4', 'one:4', 'two:1', 'two:2', 'two:3']);
    expect(decodeAgentCursor(c.items.at(-1)!.id).chats).toEqual(
      new Map([
        [one.chat.id, 4],
        [two.chat.id, 3],
      ]),
    );
    w.bus.restore();
    await flush();
    expect(seen()).toHaveLength(15);
    feed.close();
  });

  it('sends an agent feed that has sent nothing yet a chat that began and ended during a gap of the bus', async () => {
    const w = await withOutages();
    await w.parley.presence.setStatus(w.a2.p, { status: 'paused' });
    const c = collect();
    openAgentFeed(w.parley, w.a1.p, NO_AGENT_CURSOR, c.sink);
    await flush();
    w.clock.advance(1000);
    w.bus.cut();
    const brief = await w.start('brief');
    await w.parley.chats.close(w.a1.p, brief.chat.id);
    w.bus.restore();
    await flush();
    expect(c.stored()).toEqual([1, 2, 3, 4]);
  });

  it('reads an old cursor without a time, and counts a malformed one as a fresh start', () => {
    expect(decodeAgentCursor('a:3,b:7')).toEqual({
      chats: new Map([
        ['a', 3],
        ['b', 7],
      ]),
      since: null,
    });
    expect(decodeAgentCursor('a:3,~1767225600000')).toEqual({ chats: new Map([['a', 3]]), since: '2026-01-01T00:00:00.000Z' });
    expect(decodeAgentCursor('~1767225600000')).toEqual({ chats: new Map(), since: '2026-01-01T00:00:00.000Z' });
    for (const bad of ['a:x', 'a:3,~soon', 'a:3,~1,~2', '<script>:1', '0', '', null])
      expect(decodeAgentCursor(bad)).toEqual(NO_AGENT_CURSOR);
  });

  it('forwards the agent’s typing to the visitor’s feed of that chat only', async () => {
    const w = await setupChat();
    const one = await w.start();
    const two = await w.start();
    const c = collect();
    const other = collect();
    openChatFeed(w.parley.chats, w.events, await w.parley.chats.authenticateVisitor(one.chat.id, one.visitorToken), one.chat.id, 0, c.sink);
    openChatFeed(
      w.parley.chats,
      w.events,
      await w.parley.chats.authenticateVisitor(two.chat.id, two.visitorToken),
      two.chat.id,
      0,
      other.sink,
    );
    await flush();
    await w.parley.chats.typingAsAgent(w.a1.p, one.chat.id, { text: 'Checking' });
    await flush();
    expect(c.items.filter((i) => i.event === 'chat.agent_typing')).toEqual([
      { id: null, event: 'chat.agent_typing', data: { typing: true, alias: 'Ann Agent' } },
    ]);
    expect(other.items.filter((i) => i.event === 'chat.agent_typing')).toEqual([]);
  });

  it('forwards the visitor’s sneak peek to the agent feed for their chats only', async () => {
    const w = await setupChat();
    const { chat, visitorToken } = await w.start();
    const c = collect();
    const other = collect();
    openAgentFeed(w.parley, w.a1.p, NO_AGENT_CURSOR, c.sink);
    openAgentFeed(w.parley, w.a2.p as Principal, NO_AGENT_CURSOR, other.sink);
    await flush();
    const v = await w.parley.chats.authenticateVisitor(chat.id, visitorToken);
    w.parley.chats.typingAsVisitor(v, { text: 'Hel' });
    await flush();
    expect(c.items.filter((i) => i.event === 'chat.typing').map((i) => i.data)).toEqual([{ chatId: chat.id, by: 'visitor', text: 'Hel' }]);
    expect(other.items.filter((i) => i.event === 'chat.typing')).toEqual([]);
  });
});
