import { describe, expect, it } from 'vitest';
import type { DomainEvent } from '../ports/event-bus.js';
import type { Storage } from '../ports/storage.js';
import { expectParleyError, makeWorld, META } from '../../test-support/fakes.js';
import { openChatFeed } from '../chat/chat-feed.js';

/** Storage that logs when each transaction has committed (or failed), next to the event log. */
const loggingStorage =
  (log: string[]) =>
  (inner: Storage): Storage => ({
    capabilities: inner.capabilities,
    transaction: async (fn) => {
      try {
        const r = await inner.transaction(fn);
        log.push('commit');
        return r;
      } catch (e) {
        log.push('rollback');
        throw e;
      }
    },
    read: (fn) => inner.read(fn),
    ping: () => inner.ping(),
    close: () => inner.close(),
  });

describe('events', () => {
  it('publishes a committed change after the commit, on its topics', async () => {
    const log: string[] = [];
    const w = await makeWorld({ wrapStorage: loggingStorage(log) });
    w.events.subscribe('*', (e) => log.push(`event:${e.type}`));
    const seen: DomainEvent[] = [];
    w.events.subscribe(`account:${w.account.id}`, (e) => seen.push(e));
    log.length = 0;

    const widget = await w.parley.widgets.create(w.owner, { name: 'Support' });

    expect(log).toEqual(['commit', 'event:widget.created']);
    expect(seen).toEqual([
      {
        type: 'widget.created',
        accountId: w.account.id,
        topics: [`account:${w.account.id}`, `widget:${widget.id}`],
        at: '2026-01-01T00:00:00.000Z',
        data: { widgetId: widget.id },
      },
    ]);
  });

  it('lets a subscriber read the committed change when the event arrives', async () => {
    const w = await makeWorld();
    const reads: Promise<unknown>[] = [];
    w.events.subscribe(`account:${w.account.id}`, (e) => {
      if (e.type === 'widget.updated') reads.push(w.read((r) => r.widgets.get(w.account.id, String(e.data.widgetId))));
    });
    const widget = await w.parley.widgets.create(w.owner, { name: 'Support' });
    await w.parley.widgets.update(w.owner, widget.id, { name: 'Renamed' });
    expect(await Promise.all(reads)).toEqual([expect.objectContaining({ name: 'Renamed', version: 2 })]);
  });

  it('publishes every event a change emits, in order', async () => {
    const w = await makeWorld();
    const { user } = await w.addUser('agent');
    const widget = await w.parley.widgets.create(w.owner, { name: 'Support' });
    await w.parley.widgets.setAgents(w.owner, widget.id, { agentIds: [user.id] });
    w.published.length = 0;
    await w.parley.users.delete(w.owner, user.id);
    expect(w.published.map((e) => e.type)).toEqual(['widget.agents_changed', 'session.ended', 'user.deleted']);
  });

  it('sends a commit’s events to the bus one after the other, without waiting for each to be published', async () => {
    let slow = false;
    const sent: string[] = [];
    const answers: (() => void)[] = [];
    const w = await makeWorld({
      wrapEvents: (bus) => ({
        // A shared bus whose server answers each publish only when the test says so.
        publish: (e) => {
          if (!slow) return bus.publish(e);
          sent.push(e.type);
          return bus.publish(e).then(() => new Promise<void>((resolve) => answers.push(resolve)));
        },
        subscribe: (topic, handler) => bus.subscribe(topic, handler),
        close: () => bus.close(),
      }),
    });
    const { user } = await w.addUser('agent');
    slow = true;
    let done = false;
    const deleting = w.parley.users.delete(w.owner, user.id).then(() => (done = true));
    for (let i = 0; i < 50 && sent.length < 2; i++) await new Promise((r) => setImmediate(r));
    // Both events went out before the bus answered the first; the change answers once the bus answered all.
    expect(sent).toEqual(['session.ended', 'user.deleted']);
    expect(done).toBe(false);
    answers.splice(0).forEach((answer) => answer());
    await deleting;
    expect(done).toBe(true);
  });

  it('publishes nothing for a change that fails', async () => {
    const log: string[] = [];
    const w = await makeWorld({ wrapStorage: loggingStorage(log) });
    const widget = await w.parley.widgets.create(w.owner, { name: 'Support' });
    await w.parley.widgets.update(w.owner, widget.id, { name: 'Renamed' });
    w.published.length = 0;
    log.length = 0;

    await expectParleyError(w.parley.widgets.update(w.owner, widget.id, { name: 'Stale' }, 1), 'version_mismatch');
    await expectParleyError(w.parley.widgets.setAgents(w.owner, widget.id, { agentIds: ['ghost'] }), 'validation_failed');

    expect(log).toEqual(['rollback', 'rollback']);
    expect(w.published).toEqual([]);
  });

  it('answers changes that were saved even while the bus cannot publish (queue updates, sneak peek, streams)', async () => {
    let down = false;
    const w = await makeWorld({
      wrapEvents: (bus) => ({
        publish: (e) => (down ? Promise.reject(new Error('bus down')) : bus.publish(e)),
        subscribe: (topic, handler) => bus.subscribe(topic, handler),
        close: () => bus.close(),
      }),
    });
    const { user: agent, p } = await w.addUser('agent');
    const widget = await w.parley.widgets.create(w.owner, { name: 'Support' });
    await w.parley.widgets.update(w.owner, widget.id, { settings: { maxConcurrentChats: 1 } });
    await w.parley.widgets.setAgents(w.owner, widget.id, { agentIds: [agent.id] });
    await w.parley.presence.setStatus(p, { status: 'online' });
    down = true;
    const start = () => w.parley.chats.start(widget.id, { message: 'Hi', email: 'v@example.com' }, META);
    const first = await start();
    const second = await start(); // queued: the queue update cannot be published
    expect(second.chat.status).toBe('queued');
    const v1 = await w.parley.chats.authenticateVisitor(first.chat.id, first.visitorToken);
    w.parley.chats.typingAsVisitor(v1, { text: 'still there?' }); // to the agent: cannot be published
    const v = await w.parley.chats.authenticateVisitor(second.chat.id, second.visitorToken);
    const feed = openChatFeed(w.parley.chats, w.events, v, second.chat.id, 0, () => {});
    await w.parley.chats.close(p, first.chat.id); // the agent takes the queued chat: queue update again
    expect((await w.parley.chats.get(w.owner, second.chat.id)).chat).toMatchObject({ status: 'active', agentId: agent.id });
    feed.close();
    w.parley.chats.shutdown();
  });

  it('publishes nothing when the commit itself fails after the change emitted its events', async () => {
    let failCommit = false;
    const w = await makeWorld({
      wrapStorage: (inner) => ({
        capabilities: inner.capabilities,
        // The change runs to the end (and emits), then the database refuses to commit.
        transaction: (fn) =>
          inner.transaction(async (tx) => {
            const r = await fn(tx);
            if (failCommit) throw new Error('serialization failure');
            return r;
          }),
        read: (fn) => inner.read(fn),
        ping: () => inner.ping(),
        close: () => inner.close(),
      }),
    });
    w.published.length = 0;
    failCommit = true;
    await expect(w.parley.widgets.create(w.owner, { name: 'Support' })).rejects.toThrow('serialization failure');
    expect(w.published).toEqual([]);
    expect((await w.read((r) => r.widgets.list(w.account.id, { limit: 10 }))).items).toEqual([]);
  });

  it("publishes only the last attempt's events when the storage retries a transaction", async () => {
    let retryNext = false;
    const w = await makeWorld({
      wrapStorage: (inner) => ({
        capabilities: inner.capabilities,
        // Like a SQL adapter after a deadlock: the first attempt is rolled back, then `fn` runs again.
        transaction: async (fn) => {
          if (retryNext) {
            retryNext = false;
            await inner
              .transaction(async (tx) => {
                await fn(tx);
                throw new Error('deadlock');
              })
              .catch(() => undefined);
          }
          return inner.transaction(fn);
        },
        read: (fn) => inner.read(fn),
        ping: () => inner.ping(),
        close: () => inner.close(),
      }),
    });
    w.published.length = 0;
    retryNext = true;
    const widget = await w.parley.widgets.create(w.owner, { name: 'Support' });
    expect(w.published.map((e) => [e.type, e.data.widgetId])).toEqual([['widget.created', widget.id]]);
    expect((await w.parley.audit.verify(w.owner)).intact).toBe(true);
  });
});

describe('a bus that fails after commit', () => {
  it('still reports the saved change as saved', async () => {
    const w = await makeWorld();
    w.events.publish = async () => {
      throw new Error('bus down');
    };
    const widget = await w.parley.widgets.create(w.owner, { name: 'Saved anyway' });
    expect((await w.parley.widgets.get(w.owner, widget.id)).name).toBe('Saved anyway');
  });
});
