import { describe, expect, it } from 'vitest';
import { NO_AGENT_CURSOR, openAgentFeed, type FeedItem } from '../chat/chat-feed.js';
import { auditLog, expectParleyError, lastAudit, makeWorld, META } from '../../test-support/fakes.js';

const DAY = 86_400_000;

/** An account with a widget served by one online agent, and a supervisor. */
const setup = async () => {
  const w = await makeWorld();
  const agent = await w.addUser('agent', 'Ann Agent');
  const supervisor = await w.addUser('supervisor', 'Sam Super');
  const widget = await w.parley.widgets.create(w.owner, { name: 'Support' });
  await w.parley.widgets.setAgents(w.owner, widget.id, { agentIds: [agent.user.id] });
  await w.parley.presence.setStatus(agent.p, { status: 'online' });
  const start = (message: string) => w.parley.chats.start(widget.id, { message, email: 'vera@example.com', name: 'Vera Visitor' }, META);
  /** A chat its agent took and closed. */
  const closed = async (message: string) => {
    const { chat, visitorToken } = await start(message);
    await w.parley.chats.close(agent.p, chat.id);
    return { chat, visitorToken };
  };
  return { ...w, agent, supervisor, widget, start, closed };
};

describe('deleting a chat', () => {
  it('removes an ended chat for good, for owners and admins only, and audits it without the visitor', async () => {
    const w = await setup();
    const { chat, visitorToken } = await w.closed('My card number is in here');
    const other = await w.closed('Keep me');
    await expectParleyError(w.parley.chats.deleteChat(w.agent.p, chat.id), 'forbidden');
    await expectParleyError(w.parley.chats.deleteChat(w.supervisor.p, chat.id), 'forbidden');
    await w.parley.chats.deleteChat(w.owner, chat.id);
    await expectParleyError(w.parley.chats.get(w.owner, chat.id), 'not_found');
    expect(await w.read((r) => r.chatEvents.list(w.account.id, chat.id, 0, 10))).toEqual([]);
    await expectParleyError(w.parley.chats.authenticateVisitor(chat.id, visitorToken), 'unauthenticated');
    expect((await w.parley.chats.list(w.owner, { q: 'card' })).items).toEqual([]);
    expect((await w.parley.chats.get(w.owner, other.chat.id)).chat.id).toBe(other.chat.id);
    const entry = await lastAudit(w, w.account.id);
    expect(entry).toMatchObject({
      type: 'account',
      action: 'chat.deleted',
      targetType: 'chat',
      targetId: chat.id,
      widgetId: w.widget.id,
      revertible: false,
      actor: { kind: 'user', userId: w.owner.userId },
      changes: [
        { path: '/kind', from: 'chat' },
        { path: '/status', from: 'closed' },
        { path: '/createdAt', from: chat.createdAt },
      ],
    });
    expect(JSON.stringify(entry)).not.toMatch(/Vera|vera@example\.com|card number/);
    // Deleted once: a second try finds nothing.
    await expectParleyError(w.parley.chats.deleteChat(w.owner, chat.id), 'not_found');
  });

  it('tells the stream of the agent who had the chat, so that their console drops it', async () => {
    const w = await setup();
    const { chat } = await w.closed('Forget this one');
    const items: FeedItem[] = [];
    const feed = openAgentFeed(w.parley, w.agent.p, NO_AGENT_CURSOR, (i) => items.push(i));
    await new Promise((r) => setTimeout(r, 5));
    await w.parley.chats.deleteChat(w.owner, chat.id);
    await new Promise((r) => setTimeout(r, 5));
    feed.close();
    expect(items.at(-1)).toEqual({ id: null, event: 'chat.deleted', data: { chatId: chat.id, widgetId: w.widget.id } });
  });

  it('refuses a chat still open or queued, and another account’s', async () => {
    const w = await setup();
    const open = await w.start('Still talking');
    await expectParleyError(w.parley.chats.deleteChat(w.owner, open.chat.id), 'chat_open');
    await w.parley.presence.setStatus(w.agent.p, { status: 'paused' });
    const queued = await w.start('Waiting');
    expect(queued.chat.status).toBe('queued');
    await expectParleyError(w.parley.chats.deleteChat(w.owner, queued.chat.id), 'chat_open');
    const elsewhere = await makeWorld();
    await expectParleyError(elsewhere.parley.chats.deleteChat(elsewhere.owner, open.chat.id), 'not_found');
    expect((await w.parley.chats.get(w.owner, open.chat.id)).chat.status).toBe('active');
  });
});

describe('forgetting a visitor', () => {
  it('deletes every ended chat of their e-mail address or browser, leaves open ones and other visitors', async () => {
    const w = await setup();
    const key = 'k'.repeat(22);
    const start = (message: string, extra: Record<string, unknown>) => w.parley.chats.start(w.widget.id, { message, ...extra }, META);
    const end = async (c: { chat: { id: string } }) => w.parley.chats.close(w.agent.p, c.chat.id);
    const byEmail = await start('First time', { email: 'Vera@Example.com' });
    await end(byEmail);
    const byKey = await start('No e-mail this time', { visitorKey: key });
    await end(byKey);
    const both = await start('Both', { email: 'vera@example.com', visitorKey: key });
    await end(both);
    const stillOpen = await start('Still here', { email: 'vera@example.com' });
    const lookalike = await start('Another Vera', { email: 'vera.other@example.com' });
    await end(lookalike);
    await expectParleyError(w.parley.chats.forgetVisitor(w.agent.p, { email: 'vera@example.com' }), 'forbidden');
    await expectParleyError(w.parley.chats.forgetVisitor(w.owner, {}), 'validation_failed');
    await expectParleyError(w.parley.chats.forgetVisitor(w.owner, { visitorKey: 'short' }), 'validation_failed');
    expect(await w.parley.chats.forgetVisitor(w.owner, { email: 'VERA@example.com', visitorKey: key })).toEqual({ deleted: 3, open: 1 });
    for (const c of [byEmail, byKey, both]) await expectParleyError(w.parley.chats.get(w.owner, c.chat.id), 'not_found');
    expect((await w.parley.chats.get(w.owner, stillOpen.chat.id)).chat.status).toBe('active');
    expect((await w.parley.chats.get(w.owner, lookalike.chat.id)).chat.status).toBe('closed');
    const deletions = (await auditLog(w, w.account.id)).filter((e) => e.action === 'chat.deleted').map((e) => e.targetId);
    expect(deletions.sort()).toEqual([byEmail.chat.id, byKey.chat.id, both.chat.id].sort());
    // Once the open chat ends, asking again forgets it too.
    await end(stillOpen);
    expect(await w.parley.chats.forgetVisitor(w.owner, { email: 'vera@example.com' })).toEqual({ deleted: 1, open: 0 });
  });
});

describe('exporting a visitor’s data', () => {
  it('gives every chat of their e-mail address or browser, open ones too, oldest first, without the team’s notes', async () => {
    const w = await setup();
    const key = 'k'.repeat(22);
    const start = (message: string, extra: Record<string, unknown>) => w.parley.chats.start(w.widget.id, { message, ...extra }, META);
    const first = await start('Where is my order?', {
      email: 'Vera@Example.com',
      name: 'Vera Visitor',
      pageUrl: 'https://shop.example/cart',
    });
    const visitor = await w.parley.chats.authenticateVisitor(first.chat.id, first.visitorToken);
    await w.parley.chats.recordPage(visitor, { url: 'https://shop.example/checkout' });
    await w.parley.chats.sendAsAgent(w.agent.p, first.chat.id, { text: 'It left today.' });
    await w.parley.chats.addNote(w.agent.p, first.chat.id, { text: 'Asked twice already' });
    await w.parley.chats.close(w.agent.p, first.chat.id);
    const byKey = await start('No e-mail this time', { visitorKey: key });
    await w.parley.chats.close(w.agent.p, byKey.chat.id);
    const open = await start('Still here', { email: 'vera@example.com', visitorKey: key });
    const other = await start('Another Vera', { email: 'vera.other@example.com' });

    const data = await w.parley.chats.exportVisitor(w.owner, { email: 'VERA@example.com', visitorKey: key });
    expect(data).toMatchObject({ email: 'vera@example.com', visitorKey: key });
    expect(data.chats.map((c) => c.id)).toEqual([first.chat.id, byKey.chat.id, open.chat.id]);
    expect(data.chats.map((c) => c.status)).toEqual(['closed', 'closed', 'active']);
    expect(data.chats[0]).toMatchObject({
      requested_by: 'vera@example.com',
      requester_details: { name: 'Vera Visitor' },
      agent: { alias: 'Ann Agent' },
    });
    expect(data.chats[0]!.transcripts.map((t) => [t.author_type, t.message])).toEqual([
      ['visitor', 'Where is my order?'],
      ['agent', 'It left today.'],
    ]);
    // The pages they opened during the chat, after the one it started on.
    expect(data.chats[0]).toMatchObject({ page_url: 'https://shop.example/cart' });
    expect(data.chats[0]!.pages_viewed.map((p) => p.url)).toEqual(['https://shop.example/checkout']);
    expect(data.chats[1]!.pages_viewed).toEqual([]);
    expect(JSON.stringify(data)).not.toContain('Asked twice already');
    expect(JSON.stringify(data)).not.toContain(other.chat.id);
    // Audited, as how many chats went out, never who the visitor is; nothing else changed.
    const entry = await lastAudit(w, w.account.id);
    expect(entry).toMatchObject({
      action: 'visitor.exported',
      actor: { userId: w.owner.userId },
      changes: [{ path: '/exportedChats', to: 3 }],
    });
    expect(JSON.stringify(entry)).not.toContain('vera');
    expect((await w.parley.chats.get(w.owner, first.chat.id)).chat.status).toBe('closed');
    // An address nobody gave is an empty export.
    expect((await w.parley.chats.exportVisitor(w.owner, { email: 'nobody@example.com' })).chats).toEqual([]);
  });

  it('is for owners and admins signed in, with an e-mail address or a browser key', async () => {
    const w = await setup();
    for (const p of [w.agent.p, w.supervisor.p, { ...w.owner, apiToken: { id: 't', label: 'Script' } }])
      await expectParleyError(w.parley.chats.exportVisitor(p, { email: 'vera@example.com' }), 'forbidden');
    await expectParleyError(w.parley.chats.exportVisitor(w.owner, {}), 'validation_failed');
    await expectParleyError(w.parley.chats.exportVisitor(w.owner, { email: 'not an address' }), 'validation_failed');
    expect((await auditLog(w, w.account.id)).some((e) => e.action === 'visitor.exported')).toBe(false);
  });
});

describe('chat retention', () => {
  it('deletes the ended chats and offline requests last changed before the account’s days, by the system, and keeps open ones', async () => {
    const w = await setup();
    const old = await w.closed('From long ago');
    await w.parley.presence.setStatus(w.agent.p, { status: 'offline' });
    const request = await w.start('Call me back'); // nobody online: an offline request
    expect(request.chat.status).toBe('offline');
    await w.parley.presence.setStatus(w.agent.p, { status: 'online' });
    const stillOpen = await w.start('A chat nobody closed');
    w.clock.advance(40 * DAY);
    const recent = await w.closed('Last week');
    // Without the setting nothing goes.
    expect(await w.parley.chats.applyRetentionAll()).toBe(0);
    await expectParleyError(w.parley.accounts.update(w.owner, { settings: { chatRetentionDays: 29 } }), 'validation_failed');
    await w.parley.accounts.update(w.owner, { settings: { chatRetentionDays: 30 } });
    expect((await lastAudit(w, w.account.id)).changes).toEqual([{ path: '/settings/chatRetentionDays', from: null, to: 30 }]);
    expect(await w.parley.chats.applyRetentionAll()).toBe(2);
    await expectParleyError(w.parley.chats.get(w.owner, old.chat.id), 'not_found');
    await expectParleyError(w.parley.chats.get(w.owner, request.chat.id), 'not_found');
    expect((await w.parley.chats.get(w.owner, stillOpen.chat.id)).chat.status).toBe('active');
    expect((await w.parley.chats.get(w.owner, recent.chat.id)).chat.status).toBe('closed');
    const entry = await lastAudit(w, w.account.id);
    expect(entry).toMatchObject({
      action: 'chats.purged',
      targetType: 'account',
      actor: { kind: 'system' },
      revertible: false,
      changes: [
        { path: '/deletedChats', to: 2 },
        { path: '/deletedDeliveries', to: 0 },
        { path: '/lastChangedBefore', to: new Date(w.clock.now().getTime() - 30 * DAY).toISOString() },
      ],
    });
    // A run with nothing to delete records nothing.
    const entries = (await auditLog(w, w.account.id)).length;
    expect(await w.parley.chats.applyRetentionAll()).toBe(0);
    expect((await auditLog(w, w.account.id)).length).toBe(entries);
  });
});
