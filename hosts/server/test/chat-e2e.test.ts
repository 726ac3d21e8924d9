import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeAgentCursor } from '@parley/core';
import { createSqlStorage } from '@parley/storage-sql';
import { type HostProcess, json, MAIN, readUntil, runToExit, startHost } from './process.js';

const dir = mkdtempSync(join(tmpdir(), 'parley-chat-e2e-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A signed-up owner who serves the account's one widget and is online: their token, the widget and themselves. */
const ownerServing = async (host: HostProcess) => {
  const password = 'correct horse battery staple';
  await json(`${host.url}/api/v1/accounts`, 'POST', { accountName: 'Acme', email: 'o@acme.test', name: 'Olive', password });
  const owner = (await json(`${host.url}/api/v1/auth/login`, 'POST', { email: 'o@acme.test', password })).json.token as string;
  const widget = (await json(`${host.url}/api/v1/widgets`, 'POST', { name: 'Support' }, owner)).json;
  const me = (await json(`${host.url}/api/v1/me`, 'GET', undefined, owner)).json;
  await json(`${host.url}/api/v1/widgets/${widget.id}/agents`, 'PUT', { agentIds: [me.id] }, owner);
  expect((await json(`${host.url}/api/v1/agents/me/status`, 'PUT', { status: 'online' }, owner)).status).toBe(200);
  return { owner, widget, me };
};

describe('live chat through the real host process', () => {
  it('carries a chat from visitor to agent stream, and shuts down promptly with streams open', async () => {
    const host = await startHost(
      { PARLEY_SIGNUP: 'open', PARLEY_DATABASE_URL: `sqlite:${join(dir, 'chat.db')}`, PARLEY_GEOIP: 'off' },
      dir,
    );
    let stopped = false;
    try {
      const password = 'correct horse battery staple';
      const signup = await json(`${host.url}/api/v1/accounts`, 'POST', {
        accountName: 'Acme',
        email: 'o@acme.test',
        name: 'Olive',
        password,
      });
      expect(signup.status).toBe(201);
      const owner = (await json(`${host.url}/api/v1/auth/login`, 'POST', { email: 'o@acme.test', password })).json.token;
      const agentUser = (
        await json(`${host.url}/api/v1/users`, 'POST', { email: 'a@acme.test', name: 'Ann', role: 'agent', password }, owner)
      ).json;
      const agent = (await json(`${host.url}/api/v1/auth/login`, 'POST', { email: 'a@acme.test', password })).json.token;
      const widget = (await json(`${host.url}/api/v1/widgets`, 'POST', { name: 'Support' }, owner)).json;
      await json(`${host.url}/api/v1/widgets/${widget.id}/agents`, 'PUT', { agentIds: [agentUser.id] }, owner);
      expect((await json(`${host.url}/api/v1/agents/me/status`, 'PUT', { status: 'online' }, agent)).status).toBe(200);

      const stream = await fetch(`${host.url}/api/v1/agents/me/events?token=${agent}`);
      const reader = stream.body!.getReader();
      await readUntil(reader, (t) => t.includes(': connected'));
      const chat = await json(`${host.url}/api/v1/widgets/${widget.id}/chats`, 'POST', {
        message: 'Hello from the page',
        email: 'v@example.com',
      });
      expect(chat.json.status).toBe('active');
      await json(`${host.url}/api/v1/chats/${chat.json.chatId}/messages`, 'POST', { text: 'second line' }, chat.json.visitorToken);
      const seen = await readUntil(reader, (t) => t.includes('second line'));
      const ids = [...seen.text.matchAll(/^id: (.+)$/gm)].map((m) => decodeAgentCursor(m[1]));
      expect(ids.at(-1)?.chats).toEqual(new Map([[chat.json.chatId, 4]]));

      const t0 = Date.now();
      expect(await host.stop('SIGTERM')).toBe(0);
      stopped = true;
      expect(Date.now() - t0).toBeLessThan(1900); // not the 2 s connection cut-off: the stream hub ended the stream
    } finally {
      if (!stopped) await host.stop();
    }
  });

  it('closes a chat that has gone quiet for its widget’s minutes, from the host’s own sweep', async () => {
    const file = join(dir, 'quiet.db');
    const host = await startHost(
      { PARLEY_SIGNUP: 'open', PARLEY_DATABASE_URL: `sqlite:${file}`, PARLEY_GEOIP: 'off', PARLEY_CHAT_SWEEP_SECONDS: '1' },
      dir,
    );
    try {
      const { owner, widget, me } = await ownerServing(host);
      const settings = { closeInactiveAfterMinutes: 5 };
      expect((await json(`${host.url}/api/v1/widgets/${widget.id}`, 'PATCH', { settings }, owner)).status).toBe(200);
      const quiet = (await json(`${host.url}/api/v1/widgets/${widget.id}/chats`, 'POST', { message: 'Hello?', email: 'v@example.com' }))
        .json;
      const lively = (await json(`${host.url}/api/v1/widgets/${widget.id}/chats`, 'POST', { message: 'Hi', email: 'w@example.com' })).json;
      expect([quiet.status, lively.status]).toEqual(['active', 'active']);
      // Five minutes pass for one of them: its last change moves back ten minutes, written beside the host.
      const storage = await createSqlStorage({ url: `sqlite:${file}` });
      try {
        await storage.transaction(async (tx) => {
          const chat = (await tx.chats.get(me.accountId, quiet.chatId))!;
          const updatedAt = new Date(Date.now() - 10 * 60_000).toISOString();
          expect(await tx.chats.update({ ...chat, updatedAt }, chat.version)).toBe(true);
        });
      } finally {
        await storage.close();
      }
      const statusOf = async (chatId: string) => (await json(`${host.url}/api/v1/chats/${chatId}`, 'GET', undefined, owner)).json;
      await expect.poll(async () => (await statusOf(quiet.chatId)).chat.status, { timeout: 8000 }).toBe('closed');
      const closed = await statusOf(quiet.chatId);
      expect(closed.chat.closedBy).toBe('system');
      expect(closed.events.at(-1)).toMatchObject({ type: 'chat.closed', data: { by: 'system', inactiveMinutes: 5 } });
      expect((await statusOf(lively.chatId)).chat.status).toBe('active');
    } finally {
      expect(await host.stop()).toBe(0);
    }
  });

  it('tells the agent when the visitor of an open chat leaves the site and when they come back', async () => {
    const host = await startHost(
      {
        PARLEY_SIGNUP: 'open',
        PARLEY_DATABASE_URL: `sqlite:${join(dir, 'presence.db')}`,
        PARLEY_GEOIP: 'off',
        PARLEY_ABANDON_GRACE_SECONDS: '1',
      },
      dir,
    );
    try {
      const { owner, widget } = await ownerServing(host);
      const agentStream = (await fetch(`${host.url}/api/v1/agents/me/events?token=${owner}`)).body!.getReader();
      const agentSeen = { text: '' };
      await readUntil(agentStream, (t) => t.includes(': connected'), agentSeen);
      const chat = (await json(`${host.url}/api/v1/widgets/${widget.id}/chats`, 'POST', { message: 'Hello', email: 'v@example.com' })).json;
      expect(chat.status).toBe('active');
      const visit = async () => {
        const reader = (await fetch(`${host.url}/api/v1/chats/${chat.chatId}/events?token=${chat.visitorToken}`)).body!.getReader();
        const seen = await readUntil(reader, (t) => t.includes('event: chat.assigned'));
        return { reader, seen };
      };
      // The visitor's page closes and none opens again within the grace period (one second here).
      const first = await visit();
      await first.reader.cancel();
      await readUntil(agentStream, (t) => t.includes('event: chat.visitor_left'), agentSeen);
      // Back on the site: the agent hears it; the visitor's own stream shows neither.
      const again = await visit();
      await readUntil(agentStream, (t) => t.includes('event: chat.visitor_back'), agentSeen);
      expect((await json(`${host.url}/api/v1/chats/${chat.chatId}/messages`, 'POST', { text: 'Welcome back' }, owner)).status).toBe(201);
      const shown = await readUntil(again.reader, (t) => t.includes('Welcome back'), again.seen);
      expect(shown.text).not.toMatch(/chat\.visitor_(left|back)/);
      await again.reader.cancel();
      const types = (await json(`${host.url}/api/v1/chats/${chat.chatId}`, 'GET', undefined, owner)).json.events.map(
        (e: { type: string }) => e.type,
      );
      expect(types.filter((t: string) => t.startsWith('chat.visitor_'))).toEqual(
        expect.arrayContaining(['chat.visitor_left', 'chat.visitor_back']),
      );
      await agentStream.cancel();
    } finally {
      expect(await host.stop()).toBe(0);
    }
  });

  it('stops at start-up with one line naming a bad chat variable', async () => {
    for (const [name, value] of [
      ['PARLEY_ABANDON_GRACE_SECONDS', 'soon'],
      ['PARLEY_AGENT_AWAY_GRACE_SECONDS', '-5'],
      ['PARLEY_GEOIP', 'maxmind'],
      ['PARLEY_SSE_HEARTBEAT_SECONDS', '0'],
      ['PARLEY_TYPING_THROTTLE_MS', '-1'],
      ['PARLEY_CHAT_SWEEP_SECONDS', '0'],
    ] as const) {
      const { code, out } = await runToExit(MAIN, [], { [name]: value }, dir);
      expect(code, name).toBe(78);
      expect(out.trim().split('\n')).toHaveLength(1);
      expect(out).toContain(name);
    }
  });
});
