import { describe, expect, it } from 'vitest';
import { searchTerms, type Chat, type ChatEvent, type ChatListFilter, type Id, type Repositories, type Storage } from '@parley/core';
import { buildChat, buildChatEvent } from './chat-suite.js';
import { newId, seedAccount, seedWidget } from './fixtures.js';

const newestFirst = (ids: readonly Id[]): Id[] => [...ids].sort((a, b) => (a < b ? 1 : a > b ? -1 : 0));

/**
 * Registers the text search tests of the storage conformance suite (`ChatRepository.search`). They use only
 * terms of three letters or more, which every store finds at a word's start (see the port).
 */
export function defineChatSearchTests(storage: () => Storage): void {
  const tx = <T>(fn: (r: Repositories) => Promise<T>): Promise<T> => storage().transaction(fn);
  const read = <T>(fn: (r: Repositories) => Promise<T>): Promise<T> => storage().read(fn);
  const setup = async () => {
    const account = await seedAccount(storage());
    const widget = await seedWidget(storage(), account.id);
    return { account, widget };
  };
  /** Inserts the chat with one message per text (seq 1, 2...), in one transaction. */
  const chatWith = async (chat: Chat, texts: readonly string[] = []): Promise<Chat> => {
    const stored = { ...chat, lastSeq: texts.length };
    await tx(async (r) => {
      await r.chats.insert(stored);
      await r.chatEvents.appendMany(texts.map((text, i) => buildChatEvent(chat, i + 1, { text })));
    });
    return stored;
  };
  const search = (accountId: Id, query: string, filter: ChatListFilter = {}, limit = 50, cursor?: string | null) =>
    read((r) => r.chats.search(accountId, searchTerms(query), filter, { limit, cursor: cursor ?? null }));
  const idsFound = async (accountId: Id, query: string, filter: ChatListFilter = {}) =>
    (await search(accountId, query, filter)).items.map((h) => h.chat.id);

  describe('chat search', () => {
    it('finds chats by a word of a message, by its beginning, without regard to case or accents', async () => {
      const { account, widget } = await setup();
      const refund = await chatWith(buildChat(account.id, widget.id), ['Hello', 'I would like a REFUND for my order']);
      const german = await chatWith(buildChat(account.id, widget.id), ['Ich möchte eine Rückerstattung']);
      await chatWith(buildChat(account.id, widget.id), ['Nothing to see here']);

      expect(await idsFound(account.id, 'refund')).toEqual([refund.id]);
      expect(await idsFound(account.id, 'Refu')).toEqual([refund.id]);
      expect(await idsFound(account.id, 'RÜCKERST')).toEqual([german.id]);
      expect(await idsFound(account.id, 'ruckerstattung')).toEqual([german.id]);
      expect(await idsFound(account.id, 'fund')).toEqual([]); // inside a word, not at its start
      expect(await idsFound(account.id, 'refunds')).toEqual([]);
      const [hit] = (await search(account.id, 'refund')).items;
      expect(hit).toEqual({ chat: refund, message: 'I would like a REFUND for my order' });
    });

    it('needs every word in one message, or in the visitor', async () => {
      const { account, widget } = await setup();
      const both = await chatWith(buildChat(account.id, widget.id), ['parcel missing since tuesday']);
      await chatWith(buildChat(account.id, widget.id), ['parcel arrived', 'missing invoice']);
      expect(await idsFound(account.id, 'missing parcel')).toEqual([both.id]);
    });

    it('finds every word a beginning starts, and long words by all their letters', async () => {
      const { account, widget } = await setup();
      const kasel = await chatWith(buildChat(account.id, widget.id), ['kasel tomorrow']);
      const karo = await chatWith(buildChat(account.id, widget.id), ['karo', 'kaselvan quetter']);
      const kappa = await chatWith(buildChat(account.id, widget.id), ['Kappa']);
      await chatWith(buildChat(account.id, widget.id), ['okay kiosk']);
      const long = await chatWith(buildChat(account.id, widget.id), ['Donaudampfschifffahrtsgesellschaftskapitän']);

      expect(await idsFound(account.id, 'kas')).toEqual(newestFirst([kasel.id, karo.id]));
      expect(await idsFound(account.id, 'kap')).toEqual([kappa.id]);
      expect(await idsFound(account.id, 'kasel')).toEqual(newestFirst([kasel.id, karo.id]));
      expect(await idsFound(account.id, 'kaselv')).toEqual([karo.id]);
      expect(await idsFound(account.id, 'kar kasel')).toEqual([]); // "karo" and "kaselvan" are in different messages
      expect(await idsFound(account.id, 'donaudampfschifffahrtsgesellschaftskapitan')).toEqual([long.id]);
      expect(await idsFound(account.id, 'donaudampfschifffahrtsgesellschaftskapi')).toEqual([long.id]);
      expect(await idsFound(account.id, 'donaudampfschifffahrtsgesellschaftsmatrose')).toEqual([]);
    });

    it('tells apart words longer than 64 letters by their letters past the 64th', async () => {
      const { account, widget } = await setup();
      const stem = 'pneumonoultramicroscopicsilicovolcanoconiosis'.repeat(2); // 90 letters
      const one = await chatWith(buildChat(account.id, widget.id), [`${stem}alpha`]);
      const other = await chatWith(buildChat(account.id, widget.id), [`${stem}beta`]);

      expect(await idsFound(account.id, `${stem}alpha`)).toEqual([one.id]);
      expect(await idsFound(account.id, `${stem}bet`)).toEqual([other.id]);
      expect(await idsFound(account.id, stem.slice(0, 70))).toEqual(newestFirst([one.id, other.id]));
      expect(await idsFound(account.id, `${stem}gamma`)).toEqual([]);
    });

    it('pages through chats that have every word, but in different messages, to the ones that match', async () => {
      const { account, widget } = await setup();
      const hits: Id[] = [];
      for (let i = 0; i < 90; i++) {
        const texts = i % 30 === 7 ? ['harbour crane report'] : ['harbour closed', 'crane broken'];
        const chat = await chatWith(buildChat(account.id, widget.id), texts);
        if (i % 30 === 7) hits.push(chat.id);
      }
      const seen: Id[] = [];
      let cursor: string | null = null;
      for (let pages = 0; pages < 5; pages++) {
        const page = await search(account.id, 'crane harbour', {}, 1, cursor);
        seen.push(...page.items.map((h) => h.chat.id));
        expect(page.items.every((h) => h.message === 'harbour crane report')).toBe(true);
        cursor = page.nextCursor;
        if (cursor === null) break;
      }
      expect(seen).toEqual(newestFirst(hits));
    });

    it('forgets deleted chats for good: their messages, indexed or still waiting, and their visitor; the rest is still found', async () => {
      const { account, widget } = await setup();
      const elsewhere = await setup();
      const visitor = { ...buildChat(account.id, widget.id).visitor, name: 'Zebediah Quill', email: 'zq@erase.example' };
      const gone = await chatWith(buildChat(account.id, widget.id, { visitor }), ['walrus tusk appraisal']);
      const kept = await chatWith(buildChat(account.id, widget.id), ['walrus sighting']);
      const theirs = await chatWith(buildChat(elsewhere.account.id, elsewhere.widget.id), ['walrus tusk']);
      expect(await idsFound(account.id, 'walrus')).toEqual(newestFirst([gone.id, kept.id]));
      // A message written after that search (an index that takes messages in batches has not taken it yet).
      await tx(async (r) => {
        await r.chatEvents.append(buildChatEvent(gone, 2, { text: 'narwhal horn' }));
        await r.chats.advance({ ...gone, lastSeq: 2 }, gone.version);
      });
      // Another account's chat and an unknown id are not deleted.
      expect(await tx((r) => r.chats.deleteMany(account.id, [gone.id, 'no-such-chat', theirs.id, gone.id]))).toBe(1);
      expect(await read((r) => r.chats.get(account.id, gone.id))).toBeNull();
      expect(await read((r) => r.chatEvents.list(account.id, gone.id, 0, 10))).toEqual([]);
      expect(await read((r) => r.chats.findByVisitorTokenHash(gone.visitorTokenHash))).toBeNull();
      expect(await idsFound(account.id, 'walrus')).toEqual([kept.id]);
      expect(await idsFound(account.id, 'narwhal')).toEqual([]);
      expect(await idsFound(account.id, 'zebediah')).toEqual([]);
      expect(await idsFound(account.id, 'zq@erase.example')).toEqual([]);
      expect(await idsFound(elsewhere.account.id, 'walrus tusk')).toEqual([theirs.id]);
      // The index goes on working: chats written after it with the same words are found, and only they.
      const later = await chatWith(buildChat(account.id, widget.id, { visitor }), ['walrus narwhal']);
      expect(await idsFound(account.id, 'walrus')).toEqual(newestFirst([kept.id, later.id]));
      expect(await idsFound(account.id, 'narwhal')).toEqual([later.id]);
      expect(await idsFound(account.id, 'zebediah')).toEqual([later.id]);
      expect((await read((r) => r.chats.list(account.id, {}, { limit: 10, cursor: null }))).items.map((c) => c.id)).toEqual(
        newestFirst([kept.id, later.id]),
      );
      expect(await tx((r) => r.chats.deleteMany(account.id, []))).toBe(0);
    });

    it('finds chats by the visitor name and email, and says no message matched', async () => {
      const { account, widget } = await setup();
      const dora = await chatWith(
        buildChat(account.id, widget.id, {
          visitor: { ...buildChat(account.id, widget.id).visitor, name: 'Dóra Quillfeather', email: 'dq-7@parcels.example' },
        }),
        ['where is my order?'],
      );
      const anonymous = await chatWith(
        buildChat(account.id, widget.id, { visitor: { ...buildChat(account.id, widget.id).visitor, name: null, email: null } }),
        ['hello'],
      );

      expect(await idsFound(account.id, 'dora')).toEqual([dora.id]);
      expect(await idsFound(account.id, 'quill')).toEqual([dora.id]);
      expect(await idsFound(account.id, 'parcels')).toEqual([dora.id]);
      expect(await idsFound(account.id, 'dq-7@parcels.example')).toEqual([dora.id]);
      expect(await idsFound(account.id, 'Quillfeather parcels')).toEqual([dora.id]); // name and email together
      expect((await search(account.id, 'quill')).items).toEqual([{ chat: dora, message: null }]);
      expect(await idsFound(account.id, 'null')).not.toContain(anonymous.id);
    });

    it('finds only chats of the account and of the widgets and other conditions asked for', async () => {
      const { account, widget } = await setup();
      const other = await setup();
      const w2 = await seedWidget(storage(), account.id);
      const agent = newId();
      const first = await chatWith(buildChat(account.id, widget.id), ['warranty question']);
      const second = await chatWith(buildChat(account.id, w2.id, { status: 'active', agentId: agent }), ['warranty claim']);
      await chatWith(buildChat(other.account.id, other.widget.id), ['warranty question']);

      expect(await idsFound(account.id, 'warranty')).toEqual(newestFirst([first.id, second.id]));
      expect(await idsFound(account.id, 'warranty', { widgetIds: [w2.id] })).toEqual([second.id]);
      expect(await idsFound(account.id, 'warranty', { widgetIds: [] })).toEqual([]);
      expect(await idsFound(account.id, 'warranty', { agentId: agent })).toEqual([second.id]);
      expect(await idsFound(account.id, 'warranty', { status: 'queued' })).toEqual([first.id]);
      expect(await idsFound(other.account.id, 'claim')).toEqual([]);
    });

    it('pages newest first without repeating or skipping a chat, however many of its messages match', async () => {
      const { account, widget } = await setup();
      const ids: Id[] = [];
      for (let i = 0; i < 7; i++) {
        const texts = i % 2 ? Array.from({ length: 30 }, (_, n) => `invoice copy ${n}`) : [`invoice ${i}`];
        ids.push((await chatWith(buildChat(account.id, widget.id), texts)).id);
      }
      await chatWith(buildChat(account.id, widget.id), ['no match here']);
      const seen: Id[] = [];
      let cursor: string | null = null;
      for (let pages = 0; pages < 10; pages++) {
        const page = await search(account.id, 'invoice', {}, 3, cursor);
        seen.push(...page.items.map((h) => h.chat.id));
        cursor = page.nextCursor;
        if (cursor === null) break;
      }
      expect(seen).toEqual(newestFirst(ids));
      const many = (await search(account.id, 'invoice copy')).items;
      expect(many.map((h) => h.chat.id)).toEqual(newestFirst(ids.filter((_, i) => i % 2)));
      expect(many.every((h) => h.message === 'invoice copy 29')).toBe(true); // the newest matching message
    });

    it('finds messages and visitors written after the chat was first found, and nothing rolled back', async () => {
      const { account, widget } = await setup();
      const chat = await chatWith(buildChat(account.id, widget.id), ['first words']);
      expect(await idsFound(account.id, 'first')).toEqual([chat.id]);
      expect(await idsFound(account.id, 'blender')).toEqual([]);

      const later: ChatEvent[] = [
        buildChatEvent(chat, 2, { text: 'my blender broke' }),
        buildChatEvent(chat, 3, { text: 'the blender is new' }),
      ];
      await tx((r) => r.chatEvents.appendMany(later));
      expect((await search(account.id, 'blender')).items).toEqual([{ chat, message: 'the blender is new' }]);

      const stored = (await read((r) => r.chats.get(account.id, chat.id)))!;
      const renamed: Chat = { ...stored, visitor: { ...stored.visitor, name: 'Zacharias Ombudsman' }, version: stored.version + 1 };
      expect(await tx((r) => r.chats.update(renamed, stored.version))).toBe(true);
      expect(await idsFound(account.id, 'ombudsman')).toEqual([chat.id]);
      expect(await idsFound(account.id, 'vera visitor')).toEqual([]);

      await expect(
        tx(async (r) => {
          await r.chatEvents.append(buildChatEvent(chat, 4, { text: 'toaster trouble' }));
          throw new Error('rolled back');
        }),
      ).rejects.toThrow('rolled back');
      expect(await idsFound(account.id, 'toaster')).toEqual([]);
    });
  });
}
