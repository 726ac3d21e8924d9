import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Chat, Parley, VisitorPrincipal } from '@parley/core';
import { conformanceFixtures as f, seedActiveChat, servicesOver } from '@parley/conformance';
import { createSqlStorage, type SqlStorage } from './index.js';
import { mysqlTestUrl } from './testing/index.js';

/**
 * Group commit with more than one writer of a database: two hosts' appenders (two storages, two cores) write
 * messages to the same chats at once while a third writer changes those chats between groups. An appender
 * takes the chats its last group left as they are without reading them, and must notice when another writer
 * moved one: every message is stored once, with its chat's next seq, and no group falls back to writing its
 * messages one by one (which it does, logging, when its transaction fails: a deadlock, say).
 */

const probe = await mysqlTestUrl();
const mysqlSkip = 'skip' in probe ? probe.skip : false;
if (!('skip' in probe)) await probe.stop();

/** A host's services over `storage` (the real core, fakes for the rest), its warnings in `warnings`. */
const parleyOver = (storage: SqlStorage, warnings: string[]): Parley =>
  servicesOver(storage, { clock: { now: () => new Date() }, logger: { warn: (message) => warnings.push(message) } });

const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

const databases: { name: string; skip: string | false; url: () => Promise<string> }[] = [
  {
    name: 'sqlite',
    skip: false,
    url: async () => {
      const dir = await mkdtemp(join(tmpdir(), 'parley-group-commit-'));
      cleanups.push(() => rm(dir, { recursive: true, force: true }));
      return `sqlite:${join(dir, 'parley.db')}`;
    },
  },
  {
    name: 'mysql',
    skip: mysqlSkip,
    url: async () => {
      const target = await mysqlTestUrl();
      if ('skip' in target) throw new Error(target.skip);
      cleanups.push(target.stop);
      return target.url;
    },
  },
];

describe.each(databases)('storage-sql ($name): group commit with two writers of one database', ({ skip, url }) => {
  it.skipIf(Boolean(skip))(
    'stores each message once with its chat’s next seq while another host and another writer change the same chats',
    async () => {
      const at = await url();
      const warnings: string[] = [];
      const storages: SqlStorage[] = [];
      for (let i = 0; i < 2; i++) {
        const s = await createSqlStorage({ url: at });
        cleanups.push(() => s.close());
        await s.migrate();
        storages.push(s);
      }
      const [hostA, hostB] = storages.map((s) => parleyOver(s, warnings)) as [Parley, Parley];
      const storage = storages[0]!;
      const account = await f.seedAccount(storage);
      const agent = await f.seedUser(storage, account.id);
      const widget = await f.seedWidget(storage, account.id, { agentIds: [agent.id] });
      const chats: { chat: Chat; onA: VisitorPrincipal; onB: VisitorPrincipal }[] = [];
      for (let i = 0; i < 6; i++) {
        const { chat, token } = await seedActiveChat(storage, account.id, widget.id, agent.id);
        chats.push({
          chat,
          onA: await hostA.chats.authenticateVisitor(chat.id, token),
          onB: await hostB.chats.authenticateVisitor(chat.id, token),
        });
      }
      /** The third writer: changes a chat's row (its version moves) without an event, as a labeling's row change does. */
      const touch = (chat: Chat) =>
        storages[1]!.transaction(async (r) => {
          const [cur] = await r.chats.lockMany(account.id, [chat.id]);
          expect(await r.chats.update({ ...cur!, labels: [randomUUID()], updatedAt: new Date().toISOString() }, cur!.version)).toBe(true);
        });

      const sent = new Map<string, string[]>(chats.map(({ chat }) => [chat.id, []]));
      for (let round = 0; round < 12; round++) {
        const writes: Promise<unknown>[] = [];
        for (const [i, { chat, onA, onB }] of chats.entries()) {
          const texts = [`a${round}.${i}`, `b${round}.${i}`];
          sent.get(chat.id)!.push(...texts);
          writes.push(hostA.chats.sendAsVisitor(onA, { text: texts[0]! }), hostB.chats.sendAsVisitor(onB, { text: texts[1]! }));
          if ((round + i) % 4 === 0) writes.push(touch(chat));
        }
        await Promise.all(writes);
      }

      for (const { chat } of chats) {
        const stored = await storage.read(async (r) => ({
          chat: (await r.chats.get(account.id, chat.id))!,
          events: await r.chatEvents.list(account.id, chat.id, 0, 1000),
        }));
        expect(stored.events.map((e) => e.seq)).toEqual(stored.events.map((_, i) => i + 1));
        expect(stored.chat.lastSeq).toBe(stored.events.length);
        const texts = stored.events.filter((e) => e.type === 'chat.message').map((e) => e.text);
        expect([...texts].sort()).toEqual([...sent.get(chat.id)!].sort());
        // Each host's messages to a chat in the order it sent them.
        for (const host of ['a', 'b'])
          expect(texts.filter((t) => t!.startsWith(host))).toEqual(sent.get(chat.id)!.filter((t) => t.startsWith(host)));
      }
      expect(warnings).toEqual([]);
    },
    60_000,
  );
});
