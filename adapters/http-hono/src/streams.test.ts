/**
 * Event streams against a real HTTP server on 127.0.0.1 (port 0), read with fetch as a browser's
 * EventSource would: delivery, resume with Last-Event-ID, heartbeats, sneak peek, queue updates,
 * abandonment after the grace period, and shutdown.
 */
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { decodeAgentCursor, defaultSecuritySettings } from '@parley/core';
import { StreamHub } from './sse.js';
import { testApp, openSse as openSseAt } from './testing/index.js';

const hub = new StreamHub({ heartbeatMs: 150 });
const t = testApp({ chat: { abandonGraceMs: 400, typingIntervalMs: 100 } }, { streamHub: hub });
let server: ServerType;
let base = '';

beforeAll(async () => {
  server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: t.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  hub.closeAll();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

/** Opens a stream on the test server; `stored()` are the events with an id (replayable). */
const openSse = async (path: string, headers: Record<string, string> = {}) => {
  const sse = await openSseAt(base + path, headers);
  return Object.assign(sse, { stored: () => sse.messages.filter((m) => m.id !== null) });
};

/** A widget with one online agent (max 1 chat) and one offline. */
const setup = async () => {
  const o = await t.owner();
  const a = await t.member(o.token, 'agent');
  const b = await t.member(o.token, 'agent');
  const widget = (await t.call('POST', '/api/v1/widgets', { name: 'Support' }, o.token)).json;
  await t.call('PATCH', `/api/v1/widgets/${widget.id}`, { settings: { maxConcurrentChats: 1 } }, o.token);
  await t.call('PUT', `/api/v1/widgets/${widget.id}/agents`, { agentIds: [a.user.id, b.user.id] }, o.token);
  await t.call('PUT', '/api/v1/agents/me/status', { status: 'online' }, a.token);
  const start = async (message = 'Hello') =>
    (await t.call('POST', `/api/v1/widgets/${widget.id}/chats`, { message, email: 'v@example.com', name: 'Vera' })).json;
  return { o, a, b, widget, start };
};

describe('event streams on a real server', () => {
  it('delivers a visitor’s message to the agent stream and the agent’s reply to the visitor stream', async () => {
    const s = await setup();
    const agent = await openSse(`/api/v1/agents/me/events?token=${s.a.token}`);
    expect(agent.status).toBe(200);
    expect(agent.contentType).toContain('text/event-stream');
    const chat = await s.start('Hi there');
    await agent.waitFor(() => agent.messages.some((m) => m.event === 'chat.assigned'), 'the assignment');
    const visitor = await openSse(`/api/v1/chats/${chat.chatId}/events`, { authorization: `Bearer ${chat.visitorToken}` });
    await visitor.waitFor(() => visitor.stored().length === 3, 'the replay');
    await t.call('POST', `/api/v1/chats/${chat.chatId}/messages`, { text: 'Is my order shipped?' }, chat.visitorToken);
    await agent.waitFor(() => agent.messages.some((m) => m.data?.text === 'Is my order shipped?'), 'the visitor message');
    await t.call('POST', `/api/v1/chats/${chat.chatId}/messages`, { text: 'Yes, today.' }, s.a.token);
    await visitor.waitFor(() => visitor.messages.some((m) => m.data?.text === 'Yes, today.'), 'the agent reply');
    expect(visitor.stored().map((m) => m.id)).toEqual(['1', '2', '3', '4', '5']);
    expect(agent.stored().map((m) => `${m.event}:${m.data.seq}`)).toEqual([
      'chat.queued:1',
      'chat.message:2',
      'chat.assigned:3',
      'chat.message:4',
      'chat.message:5',
    ]);
    const cursor = decodeAgentCursor(agent.stored().at(-1)!.id);
    expect(cursor.chats).toEqual(new Map([[chat.chatId, 5]]));
    expect(cursor.since).not.toBeNull();
    await Promise.all([agent.close(), visitor.close()]);
  });

  it('replays what a reconnecting client missed, in order, without duplicates (Last-Event-ID)', async () => {
    const s = await setup();
    const chat = await s.start('one');
    const first = await openSse(`/api/v1/chats/${chat.chatId}/events?token=${chat.visitorToken}`);
    await first.waitFor(() => first.stored().length === 3);
    const lastId = first.stored().at(-1)!.id!;
    const agentFirst = await openSse(`/api/v1/agents/me/events`, { authorization: `Bearer ${s.a.token}` });
    await agentFirst.waitFor(() => agentFirst.stored().length === 3);
    const agentCursor = agentFirst.stored().at(-1)!.id!;
    await Promise.all([first.close(), agentFirst.close()]);

    for (const text of ['two', 'three']) await t.call('POST', `/api/v1/chats/${chat.chatId}/messages`, { text }, chat.visitorToken);
    await t.call('POST', `/api/v1/chats/${chat.chatId}/messages`, { text: 'four' }, s.a.token);

    const again = await openSse(`/api/v1/chats/${chat.chatId}/events`, {
      authorization: `Bearer ${chat.visitorToken}`,
      'last-event-id': lastId,
    });
    await again.waitFor(() => again.stored().length === 3);
    await t.call('POST', `/api/v1/chats/${chat.chatId}/messages`, { text: 'five' }, chat.visitorToken);
    await again.waitFor(() => again.stored().length === 4);
    expect(again.stored().map((m) => [m.id, m.data.text])).toEqual([
      ['4', 'two'],
      ['5', 'three'],
      ['6', 'four'],
      ['7', 'five'],
    ]);
    const viaQuery = await openSse(`/api/v1/chats/${chat.chatId}/events?token=${chat.visitorToken}&lastEventId=6`);
    await viaQuery.waitFor(() => viaQuery.stored().length === 1);

    const agentAgain = await openSse(`/api/v1/agents/me/events`, { authorization: `Bearer ${s.a.token}`, 'last-event-id': agentCursor });
    await agentAgain.waitFor(() => agentAgain.stored().length === 4);
    expect(agentAgain.stored().map((m) => m.data.text)).toEqual(['two', 'three', 'four', 'five']);
    await new Promise((r) => setTimeout(r, 100));
    expect(again.stored()).toHaveLength(4);
    expect(viaQuery.stored().map((m) => m.id)).toEqual(['7']);
    await Promise.all([again.close(), viaQuery.close(), agentAgain.close()]);
  });

  it('sends a label change to the agent’s stream as chat.labeled, and replays it to a reconnecting one', async () => {
    const s = await setup();
    const label = (await t.call('POST', '/api/v1/labels', { name: 'VIP', color: '#ffaa00' }, s.o.token)).json;
    const chat = await s.start('Label me');
    const agent = await openSse(`/api/v1/agents/me/events?token=${s.a.token}`);
    await agent.waitFor(() => agent.messages.some((m) => m.event === 'chat.assigned'), 'the assignment');
    expect((await t.call('PUT', `/api/v1/chats/${chat.chatId}/labels`, { labelIds: [label.id] }, s.a.token)).status).toBe(200);
    await agent.waitFor(() => agent.messages.some((m) => m.event === 'chat.labeled'), 'the label change');
    const labeled = agent.stored().find((m) => m.event === 'chat.labeled')!;
    expect(labeled.data).toMatchObject({
      chatId: chat.chatId,
      seq: 4,
      type: 'chat.labeled',
      data: { before: [], after: [label.id], byUserId: s.a.user.id },
    });
    await agent.close();
    const again = await openSse(`/api/v1/agents/me/events?token=${s.a.token}`, { 'last-event-id': agent.stored()[2]!.id! });
    await again.waitFor(() => again.stored().some((m) => m.event === 'chat.labeled'), 'the replayed label change');
    expect(again.stored().map((m) => `${m.event}:${m.data.seq}`)).toEqual(['chat.labeled:4']);
    await again.close();
  });

  it('shows the visitor what happened to their chat by name, not the team’s labels, handled marks or user ids', async () => {
    const s = await setup();
    const label = (await t.call('POST', '/api/v1/labels', { name: 'Difficult', color: '#ffaa00' }, s.o.token)).json;
    const chat = await s.start('Label me');
    const visitor = await openSse(`/api/v1/chats/${chat.chatId}/events?token=${chat.visitorToken}`);
    await visitor.waitFor(() => visitor.stored().length === 3, 'the replay');
    expect(visitor.stored()[2]!.data).toMatchObject({ type: 'chat.assigned', data: { agentName: s.a.user.name } });
    expect(visitor.stored()[2]!.data.data).toEqual({ agentName: s.a.user.name });
    expect((await t.call('PUT', `/api/v1/chats/${chat.chatId}/labels`, { labelIds: [label.id] }, s.a.token)).status).toBe(200);
    await t.call('POST', `/api/v1/chats/${chat.chatId}/messages`, { text: 'Happy to help.' }, s.a.token);
    await visitor.waitFor(() => visitor.stored().length === 4, 'the reply');
    const reply = visitor.stored()[3]!;
    expect(reply).toMatchObject({ id: '5', event: 'chat.message' });
    expect(reply.data.author).toEqual({ kind: 'agent', userId: null, alias: s.a.user.name });
    expect((await t.call('POST', `/api/v1/chats/${chat.chatId}/close`, {}, s.a.token)).status).toBe(200);
    await visitor.waitFor(() => visitor.stored().some((m) => m.event === 'chat.closed'), 'the close');
    expect(visitor.stored().at(-1)!.data.data).toEqual({ by: 'agent' });
    expect(visitor.stored().map((m) => m.event)).not.toContain('chat.labeled');
    await visitor.close();
    // Resumed after the last event it was shown before the label: the labeling is left out again.
    const again = await openSse(`/api/v1/chats/${chat.chatId}/events`, {
      authorization: `Bearer ${chat.visitorToken}`,
      'last-event-id': '3',
    });
    await again.waitFor(() => again.stored().some((m) => m.event === 'chat.closed'), 'the replay');
    expect(again.stored().map((m) => `${m.id}:${m.event}`)).toEqual(['5:chat.message', '6:chat.closed']);
    await again.close();
  });

  it('sends the visitor’s rating to the agent’s open stream after the chat ended, and replays it on the chat’s stream', async () => {
    const s = await setup();
    const chat = await s.start('Rate me');
    const agent = await openSse(`/api/v1/agents/me/events?token=${s.a.token}`);
    await agent.waitFor(() => agent.stored().length === 3, 'the replay');
    expect((await t.call('POST', `/api/v1/chats/${chat.chatId}/close`, undefined, s.a.token)).status).toBe(200);
    await agent.waitFor(() => agent.messages.some((m) => m.event === 'chat.closed'), 'the close');
    expect((await t.call('POST', `/api/v1/chats/${chat.chatId}/survey`, { score: 4, comment: 'Nice' }, chat.visitorToken)).status).toBe(
      201,
    );
    await agent.waitFor(() => agent.messages.some((m) => m.event === 'chat.surveyed'), 'the rating');
    const rated = agent.messages.find((m) => m.event === 'chat.surveyed')!;
    expect(rated.id).toBeNull();
    expect(rated.data).toMatchObject({ chatId: chat.chatId, seq: 5, type: 'chat.surveyed', data: { score: 4, comment: 'Nice' } });
    await agent.close();
    const again = await openSse(`/api/v1/chats/${chat.chatId}/events`, {
      authorization: `Bearer ${chat.visitorToken}`,
      'last-event-id': '4',
    });
    await again.waitFor(() => again.stored().length === 1, 'the replayed rating');
    expect(again.stored()[0]).toMatchObject({ id: '5', event: 'chat.surveyed' });
    await again.close();
  });

  it('keeps idle streams alive with heartbeat comments', async () => {
    const s = await setup();
    const agent = await openSse(`/api/v1/agents/me/events?token=${s.a.token}`);
    await agent.waitFor(() => agent.comments.filter((c) => c === 'heartbeat').length >= 2, 'two heartbeats');
    await agent.close();
  });

  it('shows the agent the visitor’s draft (sneak peek), throttled, and clears it when the message is sent', async () => {
    const s = await setup();
    const chat = await s.start();
    const agent = await openSse(`/api/v1/agents/me/events?token=${s.a.token}`);
    await agent.waitFor(() => agent.stored().length === 3);
    for (const text of ['W', 'Wh', 'Whe', 'When']) await t.call('POST', `/api/v1/chats/${chat.chatId}/typing`, { text }, chat.visitorToken);
    await agent.waitFor(() => agent.messages.some((m) => m.event === 'chat.typing' && m.data.text === 'When'), 'the latest draft');
    const drafts = agent.messages.filter((m) => m.event === 'chat.typing');
    expect(drafts.length).toBeLessThan(4); // throttled: the ones in between were replaced
    expect(drafts.every((d) => d.id === null)).toBe(true);
    await t.call('POST', `/api/v1/chats/${chat.chatId}/messages`, { text: 'When will it ship?' }, chat.visitorToken);
    await agent.waitFor(
      () => agent.messages.at(-1)?.event === 'chat.typing' && agent.messages.at(-1)?.data.text === '',
      'the cleared draft',
    );
    const transcript = await t.call('GET', `/api/v1/chats/${chat.chatId}`, undefined, s.o.token);
    expect(transcript.text).not.toContain('"When"');
    await agent.close();
  });

  it('shows the visitor that the agent is typing, never the text, and stops when the agent’s message is sent', async () => {
    const s = await setup();
    const chat = await s.start();
    const visitor = await openSse(`/api/v1/chats/${chat.chatId}/events?token=${chat.visitorToken}`);
    await visitor.waitFor(() => visitor.stored().length === 3, 'the replay');
    for (const text of ['Let', 'Let me', 'Let me see']) await t.call('POST', `/api/v1/chats/${chat.chatId}/typing`, { text }, s.a.token);
    await visitor.waitFor(() => visitor.messages.some((m) => m.event === 'chat.agent_typing'), 'the typing indicator');
    await t.call('POST', `/api/v1/chats/${chat.chatId}/messages`, { text: 'Let me see.' }, s.a.token);
    await visitor.waitFor(
      () => visitor.messages.at(-1)?.event === 'chat.agent_typing' && visitor.messages.at(-1)?.data.typing === false,
      'the cleared indicator',
    );
    const typing = visitor.messages.filter((m) => m.event === 'chat.agent_typing');
    expect(typing.length).toBeLessThan(4); // throttled
    expect(typing.every((m) => m.id === null && m.data.alias === 'Pat agent')).toBe(true);
    expect(typing.at(-2)?.data).toEqual({ typing: true, alias: 'Pat agent' });
    const raw = JSON.stringify(typing);
    expect(raw).not.toContain('Let');
    expect(visitor.messages.filter((m) => m.event === 'chat.message').map((m) => m.data.text)).toEqual(['Hello', 'Let me see.']);
    await visitor.close();
  });

  it('tells a queued visitor their place as the queue moves', async () => {
    const s = await setup();
    const active = await s.start('first');
    const second = await s.start('second');
    const third = await s.start('third');
    const v = await openSse(`/api/v1/chats/${third.chatId}/events?token=${third.visitorToken}`);
    await v.waitFor(() => v.messages.some((m) => m.event === 'chat.queue'));
    expect(v.messages.find((m) => m.event === 'chat.queue')!.data).toMatchObject({ position: 2, chatId: third.chatId });
    const v2 = await openSse(`/api/v1/chats/${second.chatId}/events?token=${second.visitorToken}`);
    await t.call('POST', `/api/v1/chats/${active.chatId}/close`, undefined, s.a.token); // second gets the agent
    await v.waitFor(() => v.messages.filter((m) => m.event === 'chat.queue').at(-1)?.data.position === 1, 'position 1');
    await v2.waitFor(() => v2.messages.some((m) => m.event === 'chat.assigned'), 'the assignment of the second');
    await Promise.all([v.close(), v2.close()]);
  });

  it('marks a queued chat abandoned when its visitor’s stream stays closed past the grace period', async () => {
    const s = await setup();
    await s.start('busy');
    const leaving = await s.start('leaving');
    const staying = await s.start('staying');
    const v1 = await openSse(`/api/v1/chats/${leaving.chatId}/events?token=${leaving.visitorToken}`);
    const v2 = await openSse(`/api/v1/chats/${staying.chatId}/events?token=${staying.visitorToken}`);
    await v1.waitFor(() => v1.stored().length === 2);
    await v2.waitFor(() => v2.stored().length === 2);
    await v1.close();
    const status = async (id: string) => (await t.call('GET', `/api/v1/chats/${id}`, undefined, s.o.token)).json.chat.status;
    await vi.waitFor(async () => expect(await status(leaving.chatId)).toBe('abandoned'), { timeout: 10_000, interval: 50 });
    await new Promise((r) => setTimeout(r, 600)); // well past the grace: the open one stays queued
    expect(await status(staying.chatId)).toBe('queued');
    await v2.waitFor(() => v2.messages.filter((m) => m.event === 'chat.queue').at(-1)?.data.position === 1, 'the queue moving up');
    await v2.close();
  });

  it('sets an agent offline when their event stream stays closed past the grace period, not one who comes back', async () => {
    const localHub = new StreamHub({ heartbeatMs: 10_000 });
    const local = testApp({ chat: { agentAwayGraceMs: 300 } }, { streamHub: localHub });
    const srv = await new Promise<ServerType>((resolve) => {
      const x = serve({ fetch: local.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(x));
    });
    const at = `http://127.0.0.1:${(srv.address() as AddressInfo).port}`;
    try {
      const o = await local.owner();
      const [away, back] = [await local.member(o.token, 'agent'), await local.member(o.token, 'agent')];
      for (const a of [away, back]) await local.call('PUT', '/api/v1/agents/me/status', { status: 'online' }, a.token);
      const status = async (token: string) => (await local.call('GET', '/api/v1/agents/me/status', undefined, token)).json.status;
      const awayStream = await openSseAt(`${at}/api/v1/agents/me/events?token=${away.token}`);
      const backStream = await openSseAt(`${at}/api/v1/agents/me/events?token=${back.token}`);
      await awayStream.waitFor(() => awayStream.comments.includes('connected'));
      await backStream.waitFor(() => backStream.comments.includes('connected'));
      await awayStream.close();
      await backStream.close();
      const again = await openSseAt(`${at}/api/v1/agents/me/events?token=${back.token}`); // back within the grace
      await vi.waitFor(async () => expect(await status(away.token)).toBe('offline'), { timeout: 10_000, interval: 50 });
      await new Promise((r) => setTimeout(r, 500)); // well past the grace
      expect(await status(back.token)).toBe('online');
      await again.close();
    } finally {
      localHub.closeAll();
      await new Promise<void>((resolve) => srv.close(() => resolve()));
    }
  });

  it('ends a signed-in user’s streams when their session ends, with a last end event, and leaves their other sessions’ streams open', async () => {
    const s = await setup();
    const again = (await t.call('POST', '/api/v1/auth/login', { email: s.a.email, password: s.a.password })).json.token as string;
    const sup = await t.member(s.o.token, 'supervisor');
    const first = await openSse(`/api/v1/agents/me/events?token=${s.a.token}`);
    const second = await openSse(`/api/v1/agents/me/events?token=${again}`);
    const monitor = await openSse(`/api/v1/monitor/stream?token=${sup.token}`);
    await monitor.waitFor(() => monitor.messages.some((m) => m.event === 'snapshot'), 'the first snapshot');
    await first.waitFor(() => first.comments.includes('connected'));
    await second.waitFor(() => second.comments.includes('connected'));

    expect((await t.call('POST', '/api/v1/auth/logout', undefined, s.a.token)).status).toBe(204);
    await first.waitFor(() => first.ended, 'the logged-out stream to end');
    expect(first.messages.at(-1)).toMatchObject({ event: 'end', data: { reason: 'session_ended' } });
    await new Promise((r) => setTimeout(r, 300));
    expect(second.ended).toBe(false);

    await t.call('PATCH', `/api/v1/users/${s.a.user.id}`, { status: 'deactivated' }, s.o.token);
    await second.waitFor(() => second.ended, 'the deactivated agent’s other stream to end');
    expect(second.messages.at(-1)).toMatchObject({ event: 'end', data: { reason: 'session_ended' } });

    expect(
      (
        await t.call(
          'POST',
          '/api/v1/auth/password',
          { currentPassword: sup.password, newPassword: 'a different long passphrase 7' },
          sup.token,
        )
      ).status,
    ).toBe(200);
    await monitor.waitFor(() => monitor.ended, 'the monitor of a user whose password changed to end');
    expect(monitor.messages.at(-1)).toMatchObject({ event: 'end', data: { reason: 'session_ended' } });
  });

  it('ends the account’s streams when the owner raises the password rules', async () => {
    const s = await setup();
    const stream = await openSse(`/api/v1/agents/me/events?token=${s.a.token}`);
    await stream.waitFor(() => stream.comments.includes('connected'));
    const d = defaultSecuritySettings();
    const raised = { ...d, password: { ...d.password, requireMixedCase: true } };
    expect((await t.call('PUT', '/api/v1/account/security', raised, s.o.token)).status).toBe(200);
    await stream.waitFor(() => stream.ended, 'the stream of a user whose password expired to end');
    expect(stream.messages.at(-1)).toMatchObject({ event: 'end', data: { reason: 'session_ended' } });
  });

  it('ends a signed-in user’s stream when its session expires', async () => {
    const localHub = new StreamHub({ heartbeatMs: 100 });
    const local = testApp({ sessionTtlSeconds: 1 }, { streamHub: localHub });
    const srv = await new Promise<ServerType>((resolve) => {
      const x = serve({ fetch: local.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(x));
    });
    try {
      const o = await local.owner();
      const stream = await openSseAt(`http://127.0.0.1:${(srv.address() as AddressInfo).port}/api/v1/agents/me/events?token=${o.token}`);
      await stream.waitFor(() => stream.ended, 'the expired session’s stream to end');
      expect(stream.messages.at(-1)).toMatchObject({ event: 'end', data: { reason: 'session_expired' } });
    } finally {
      localHub.closeAll();
      await new Promise<void>((resolve) => srv.close(() => resolve()));
    }
  });

  it('refuses a stream without a valid token with problem+json', async () => {
    const s = await setup();
    const chat = await s.start();
    const bad = await fetch(`${base}/api/v1/chats/${chat.chatId}/events?token=wrong`);
    expect(bad.status).toBe(401);
    expect(bad.headers.get('content-type')).toContain('application/problem+json');
    expect((await fetch(`${base}/api/v1/agents/me/events`)).status).toBe(401);
  });

  it('ends every open stream when the hub closes (server shutdown)', async () => {
    const localHub = new StreamHub({ heartbeatMs: 10_000 });
    const local = testApp({}, { streamHub: localHub });
    const srv = await new Promise<ServerType>((resolve) => {
      const x = serve({ fetch: local.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(x));
    });
    const port = (srv.address() as AddressInfo).port;
    const o = await local.owner();
    const res = await fetch(`http://127.0.0.1:${port}/api/v1/agents/me/events?token=${o.token}`);
    const reader = res.body!.getReader();
    await reader.read();
    expect(localHub.size).toBe(1);
    localHub.closeAll();
    for (;;) if ((await reader.read()).done) break;
    expect(localHub.size).toBe(0);
    await new Promise<void>((resolve) => srv.close(() => resolve()));
  });
});
