import { describe, expect, it } from 'vitest';
import type { HttpAppOptions } from './app.js';
import { testApp } from './testing/index.js';

/** Each request names its client address in `x-test-peer` (default 198.51.100.1). */
const peer = (c: { req: { header(name: string): string | undefined } }) => c.req.header('x-test-peer') ?? '198.51.100.1';
const from = (ip: string) => ({ 'x-test-peer': ip });

/** An account with a widget whose agent is online, over an app with the given limits. */
const setup = async (limits: HttpAppOptions['limits']) => {
  const t = testApp({}, { limits, peerAddress: peer });
  const o = await t.owner();
  const agent = await t.member(o.token, 'agent');
  const widget = (await t.call('POST', '/api/v1/widgets', { name: 'Support' }, o.token)).json;
  await t.call('PUT', `/api/v1/widgets/${widget.id}/agents`, { agentIds: [agent.user.id] }, o.token);
  await t.call('PUT', `/api/v1/widgets/${widget.id}`, { settings: { maxConcurrentChats: 50 } }, o.token);
  await t.call('PUT', '/api/v1/agents/me/status', { status: 'online' }, agent.token);
  const start = (ip = '198.51.100.1') =>
    t.call(
      'POST',
      `/api/v1/widgets/${widget.id}/chats`,
      { message: 'Hello', email: 'vera@example.com', name: 'Vera' },
      undefined,
      from(ip),
    );
  const chatCount = async () => (await t.call('GET', '/api/v1/chats?limit=100', undefined, o.token)).json.items.length as number;
  return { ...t, o, agent, widget, start, chatCount };
};

const expectRateLimited = (r: { status: number; json: any; headers: Headers }) => {
  expect(r.status).toBe(429);
  expect(r.headers.get('content-type')).toContain('application/problem+json');
  expect(r.json).toMatchObject({ code: 'rate_limited', type: 'https://parley.dev/problems/rate_limited' });
  expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
};

describe('chat starts per client address', () => {
  it('allows the rate plus the burst, then answers 429 with Retry-After and starts nothing', async () => {
    const t = await setup({ chatStart: { points: 2, durationSeconds: 60, burst: 1 } });
    for (let i = 0; i < 3; i++) expect((await t.start()).status).toBe(201);
    expectRateLimited(await t.start());
    expect(Number((await t.start()).headers.get('retry-after'))).toBeLessThanOrEqual(60);
    expect(await t.chatCount()).toBe(3);
    expect((await t.start('198.51.100.2')).status).toBe(201);
  });
});

describe('client addresses', () => {
  it('count IPv6 clients by their /64, where one client can take a fresh address for every request', async () => {
    const t = await setup({ chatStart: { points: 2, durationSeconds: 60 } });
    expect((await t.start('2001:db8:1:2::1')).status).toBe(201);
    expect((await t.start('2001:db8:1:2:ffff:eeee:dddd:cccc')).status).toBe(201);
    expectRateLimited(await t.start('2001:0db8:0001:0002::7'));
    expect((await t.start('2001:db8:1:3::1')).status).toBe(201);
  });

  it('count an IPv4-mapped IPv6 address as the IPv4 address', async () => {
    const t = await setup({ chatStart: { points: 1, durationSeconds: 60 } });
    expect((await t.start('203.0.113.4')).status).toBe(201);
    expectRateLimited(await t.start('::ffff:203.0.113.4'));
  });
});

describe('chat writes', () => {
  it('limits messages and drafts per chat, so one visitor cannot flood their agent', async () => {
    const t = await setup({ chatWritesPerChat: { points: 3, durationSeconds: 60 } });
    const a = (await t.start()).json;
    const b = (await t.start()).json;
    const send = (chat: { chatId: string; visitorToken: string }, path: 'messages' | 'typing') =>
      t.call('POST', `/api/v1/chats/${chat.chatId}/${path}`, path === 'messages' ? { text: 'hi' } : { text: 'h' }, chat.visitorToken);
    expect((await send(a, 'messages')).status).toBe(201);
    expect((await send(a, 'typing')).status).toBe(204);
    expect((await send(a, 'messages')).status).toBe(201);
    expectRateLimited(await send(a, 'typing'));
    expectRateLimited(await send(a, 'messages'));
    expect((await send(b, 'messages')).status).toBe(201);
    // The chat's agent answers whatever its visitor did.
    expect((await t.call('POST', `/api/v1/chats/${a.chatId}/messages`, { text: 'Hello Vera' }, t.agent.token)).status).toBe(201);
    expect(
      (await t.call('GET', `/api/v1/chats/${a.chatId}`, undefined, t.o.token)).json.events.filter(
        (e: { type: string }) => e.type === 'chat.message',
      ),
    ).toHaveLength(4);
  });

  it('does not let callers who are not the chat’s spend its allowance', async () => {
    const t = await setup({ chatWritesPerChat: { points: 1, durationSeconds: 60 } });
    const a = (await t.start()).json;
    for (let i = 0; i < 3; i++)
      expect((await t.call('POST', `/api/v1/chats/${a.chatId}/messages`, { text: 'x' }, 'not-the-token')).status).toBe(401);
    expect((await t.call('POST', `/api/v1/chats/${a.chatId}/messages`, { text: 'hi' }, a.visitorToken)).status).toBe(201);
  });

  it('limits writes per client address across chats, authenticated or not', async () => {
    const t = await setup({ chatWritesPerAddress: { points: 2, durationSeconds: 60 } });
    const a = (await t.start()).json;
    expect((await t.call('POST', `/api/v1/chats/${a.chatId}/messages`, { text: 'x' }, 'garbage', from('203.0.113.5'))).status).toBe(401);
    expect((await t.call('POST', `/api/v1/chats/${a.chatId}/typing`, { text: 'x' }, 'garbage', from('203.0.113.5'))).status).toBe(401);
    expectRateLimited(await t.call('POST', `/api/v1/chats/${a.chatId}/messages`, { text: 'x' }, 'garbage', from('203.0.113.5')));
    expect((await t.call('POST', `/api/v1/chats/${a.chatId}/messages`, { text: 'hi' }, a.visitorToken)).status).toBe(201);
  });
});

describe('widget reads per client address', () => {
  it('answers 429 past the allowance', async () => {
    const t = await setup({ widgetReads: { points: 2, durationSeconds: 60 } });
    const read = (ip = '198.51.100.1') => t.call('GET', `/api/v1/widgets/${t.widget.id}/availability`, undefined, undefined, from(ip));
    expect((await read()).status).toBe(200);
    expect((await read()).status).toBe(200);
    expectRateLimited(await read());
    expect((await read('198.51.100.9')).status).toBe(200);
  });
});

describe('visitor event streams', () => {
  it('holds at most the configured number open per chat, and frees a slot when one closes', async () => {
    const t = await setup({ visitorStreams: 2 });
    const chat = (await t.start()).json;
    const open = () => t.app.request(`/api/v1/chats/${chat.chatId}/events?token=${encodeURIComponent(chat.visitorToken)}`);
    const first = await open();
    const second = await open();
    expect([first.status, second.status]).toEqual([200, 200]);
    const third = await open();
    expect(third.status).toBe(429);
    expect(((await third.json()) as { code: string }).code).toBe('rate_limited');
    await first.body!.cancel();
    await new Promise((r) => setTimeout(r, 20));
    const again = await open();
    expect(again.status).toBe(200);
    // The chat's agent is not a visitor: their streams are not counted.
    const agentStream = await t.app.request(`/api/v1/chats/${chat.chatId}/events`, {
      headers: { authorization: `Bearer ${t.agent.token}` },
    });
    expect(agentStream.status).toBe(200);
    for (const r of [second, again, agentStream]) await r.body!.cancel();
  });

  it('holds no slot for a HEAD, which gets the headers only', async () => {
    const t = await setup({ visitorStreams: 1 });
    const chat = (await t.start()).json;
    const path = `/api/v1/chats/${chat.chatId}/events?token=${encodeURIComponent(chat.visitorToken)}`;
    for (let i = 0; i < 3; i++) expect((await t.app.request(path, { method: 'HEAD' })).status).toBe(200);
    await new Promise((r) => setTimeout(r, 20));
    const stream = await t.app.request(path);
    expect(stream.status).toBe(200);
    await stream.body!.cancel();
  });
});

describe('failed logins per client address', () => {
  const login = (t: ReturnType<typeof testApp>, email: string, password: string, ip = '198.51.100.1') =>
    t.call('POST', '/api/v1/auth/login', { email, password }, undefined, from(ip));

  it('counts unknown emails like wrong passwords, then refuses even the right password, alike for every email', async () => {
    const t = testApp({}, { limits: { loginFailures: { points: 3, durationSeconds: 600 } }, peerAddress: peer });
    const o = await t.owner();
    for (const email of ['nobody@example.com', o.email, 'ghost@example.com']) expect((await login(t, email, 'not it')).status).toBe(401);
    const right = await login(t, o.email, o.password);
    expectRateLimited(right);
    const unknown = await login(t, 'nobody@example.com', 'x');
    expect(unknown.json.detail).toBe(right.json.detail);
    expect((await login(t, o.email, o.password, '198.51.100.66')).status).toBe(200);
  });

  it('does not count logins that succeed', async () => {
    const t = testApp({}, { limits: { loginFailures: { points: 2, durationSeconds: 600 } }, peerAddress: peer });
    const o = await t.owner();
    for (let i = 0; i < 5; i++) expect((await login(t, o.email, o.password)).status).toBe(200);
    expect((await login(t, o.email, 'wrong')).status).toBe(401);
    expect((await login(t, o.email, o.password)).status).toBe(200);
  });
});
