import { createServer, connect as tcpConnect, type AddressInfo, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Chat, Id, Parley, Principal, VisitorPrincipal } from '@parley/core';
import { conformanceFixtures as f, seedActiveChat, servicesOver } from '@parley/conformance';
import { createSqlStorage, type SqlStorage } from './index.js';
import { mysqlTestUrl, type MysqlTestDatabase } from './testing/index.js';

/**
 * Messages whose COMMIT outcome the client never learns, on a real MySQL server: a TCP proxy the test
 * controls sits between the adapter and the server and cuts a connection at its next COMMIT, either after
 * the server has answered it (committed, the answer lost) or before the server sees it (rolled back when
 * the connection drops). Either way each message must be stored exactly once and answered with its event.
 */

const COM_QUERY = 0x03;

/** A proxy to `target` on 127.0.0.1 that can cut one connection at its next COMMIT. */
const commitCutter = async (target: URL) => {
  let armed: 'after' | 'before' | null = null;
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = tcpConnect(Number(target.port || 3306), target.hostname);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('error', () => {});
      s.on('close', () => {
        sockets.delete(s);
        client.destroy();
        upstream.destroy();
      });
    }
    const cut = () => {
      client.destroy();
      upstream.destroy();
    };
    let buffered = Buffer.alloc(0);
    let swallowAnswer = false;
    // The client's side is read packet by packet (3-byte length, sequence byte, payload) to spot a COMMIT.
    client.on('data', (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      while (buffered.length >= 4) {
        const length = buffered.readUIntLE(0, 3);
        if (buffered.length < 4 + length) break;
        const packet = buffered.subarray(0, 4 + length);
        buffered = buffered.subarray(4 + length);
        const isCommit = packet[4] === COM_QUERY && packet.subarray(5).toString('utf8').trim().toLowerCase() === 'commit';
        if (isCommit && armed) {
          const mode = armed;
          armed = null;
          if (mode === 'before') return cut();
          swallowAnswer = true;
        }
        upstream.write(packet);
      }
    });
    // After a COMMIT the server answered, the answer never reaches the client: it sees the connection drop.
    upstream.on('data', (chunk: Buffer) => (swallowAnswer ? cut() : client.write(chunk)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    cutNextCommit: (mode: 'after' | 'before') => void (armed = mode),
    get armed() {
      return armed;
    },
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
};

const probe = await mysqlTestUrl();
const skip = 'skip' in probe ? probe.skip : false;
if (!('skip' in probe)) await probe.stop();

describe.skipIf(Boolean(skip))('storage-sql (mysql): messages whose commit outcome is lost', () => {
  let database: MysqlTestDatabase;
  let proxy: Awaited<ReturnType<typeof commitCutter>>;
  let storage: SqlStorage;
  let parley: Parley;
  const warnings: { message: string; fields?: Record<string, unknown> }[] = [];

  beforeAll(async () => {
    const target = await mysqlTestUrl();
    if ('skip' in target) throw new Error(target.skip);
    database = target;
    const direct = new URL(target.url);
    proxy = await commitCutter(direct);
    const viaProxy = new URL(target.url);
    viaProxy.hostname = '127.0.0.1';
    viaProxy.port = String(proxy.port);
    storage = await createSqlStorage({ url: viaProxy.toString() });
    await storage.migrate();
    parley = servicesOver(storage, {
      clock: { now: () => new Date() },
      logger: { warn: (message, fields) => warnings.push({ message, fields }) },
    });
  });

  afterAll(async () => {
    await storage?.close();
    await proxy?.close();
    await database?.stop();
  });

  /** Active chats of one agent, each with its visitor (seq 1: queued). */
  const openChats = async (n: number) => {
    const account = await f.seedAccount(storage);
    const agent = await f.seedUser(storage, account.id);
    const widget = await f.seedWidget(storage, account.id, { agentIds: [agent.id] });
    const agentP: Principal = { userId: agent.id, accountId: account.id, role: 'agent', email: agent.email, ip: null, userAgent: null };
    const chats: { chat: Chat; v: VisitorPrincipal }[] = [];
    for (let i = 0; i < n; i++) {
      const { chat, token } = await seedActiveChat(storage, account.id, widget.id, agent.id);
      chats.push({ chat, v: await parley.chats.authenticateVisitor(chat.id, token) });
    }
    return { account, agentP, chats };
  };
  const messages = async (accountId: Id, chatId: Id) =>
    (await storage.read((r) => r.chatEvents.list(accountId, chatId, 0, 100)))
      .filter((e) => e.type === 'chat.message')
      .map((e) => [e.seq, e.text]);

  it('answers a message whose COMMIT happened but whose answer was lost with its event, stored once, logging the lost commit', async () => {
    const { account, chats } = await openChats(1);
    const { chat, v } = chats[0]!;
    warnings.length = 0;
    proxy.cutNextCommit('after');
    const sent = await parley.chats.sendAsVisitor(v, { text: 'committed, answer lost' });
    expect(proxy.armed).toBeNull(); // the cut did happen
    expect(sent).toMatchObject({ chatId: chat.id, seq: 2, text: 'committed, answer lost' });
    expect(await messages(account.id, chat.id)).toEqual([[2, 'committed, answer lost']]);
    expect(await storage.read((r) => r.chatEvents.get(account.id, chat.id, sent.id))).toEqual(sent);
    expect(await storage.read((r) => r.chats.get(account.id, chat.id))).toMatchObject({ lastSeq: 2 });
    // The error logged is the one the COMMIT died of, not a later one of the same dead connection.
    expect(warnings).toHaveLength(1);
    // A lost connection reaches the core as StorageUnavailableError, whose reason is the driver's code.
    const logged = warnings[0]!.fields!.error as Error & { reason?: string };
    expect(logged.message).not.toMatch(/closed state/);
    expect(logged.reason).toBe('PROTOCOL_CONNECTION_LOST');
  });

  it('writes a group whose COMMIT answer was lost again one message at a time, each stored once with the seq it is answered with', async () => {
    const { account, agentP, chats } = await openChats(3);
    proxy.cutNextCommit('after');
    const sent = await Promise.all([
      parley.chats.sendAsVisitor(chats[0]!.v, { text: 'a1' }),
      parley.chats.sendAsVisitor(chats[1]!.v, { text: 'b1' }),
      parley.chats.sendAsAgent(agentP, chats[0]!.chat.id, { text: 'a2', clientMessageId: 'agent-key-a2' }),
      parley.chats.sendAsVisitor(chats[2]!.v, { text: 'c1', clientMessageId: 'visitor-key-c1' }),
      parley.chats.sendAsVisitor(chats[0]!.v, { text: 'a3' }),
    ]);
    expect(proxy.armed).toBeNull();
    expect(sent.map((e) => [e.chatId, e.seq, e.text])).toEqual([
      [chats[0]!.chat.id, 2, 'a1'],
      [chats[1]!.chat.id, 2, 'b1'],
      [chats[0]!.chat.id, 3, 'a2'],
      [chats[2]!.chat.id, 2, 'c1'],
      [chats[0]!.chat.id, 4, 'a3'],
    ]);
    expect(await messages(account.id, chats[0]!.chat.id)).toEqual([
      [2, 'a1'],
      [3, 'a2'],
      [4, 'a3'],
    ]);
    expect(await messages(account.id, chats[1]!.chat.id)).toEqual([[2, 'b1']]);
    expect(await messages(account.id, chats[2]!.chat.id)).toEqual([[2, 'c1']]);
    // A client that never got its answer sends again with its key: the same event, nothing new stored.
    expect(await parley.chats.sendAsVisitor(chats[2]!.v, { text: 'c1', clientMessageId: 'visitor-key-c1' })).toEqual(sent[3]);
    expect(await messages(account.id, chats[2]!.chat.id)).toEqual([[2, 'c1']]);
  });

  it('writes a message whose connection dropped before the server saw its COMMIT (rolled back) once, on the second try', async () => {
    const { account, chats } = await openChats(1);
    const { chat, v } = chats[0]!;
    proxy.cutNextCommit('before');
    const sent = await parley.chats.sendAsVisitor(v, { text: 'rolled back, then written' });
    expect(proxy.armed).toBeNull();
    expect(sent).toMatchObject({ seq: 2, text: 'rolled back, then written' });
    expect(await messages(account.id, chat.id)).toEqual([[2, 'rolled back, then written']]);
  });
});
