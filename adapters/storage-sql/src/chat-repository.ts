import { MysqlAdapter, sql, type Compilable, type Kysely, type RawBuilder, type SelectQueryBuilder } from 'kysely';
import type {
  AgentPresence,
  AgentPresenceRepository,
  Chat,
  ChatEvent,
  ChatEventRepository,
  ChatListFilter,
  ChatRepository,
  ChatSearchHit,
  Id,
  Page,
  PageRequest,
} from '@parley/core';
import { hitOf, listsByStart, startedCursor } from '@parley/core';
import { guardUnique } from './errors.js';
import { insertOrCompareAndSet } from './insert-or-compare-and-set.js';
import { atomically, DEFAULT_SEARCH_SCAN_CHATS, pageOf, type RepositoryContext } from './repository-context.js';
import { preparedListQuery, preparedQuery } from './prepared-query.js';
import type { AgentPresenceTable, ChatEventsTable, ChatsTable, Database } from './schema.js';
import { eventWords, indexedWord, insertWords, replaceVisitorWords, visitorWords, type ChatWord } from './search-words.js';
import { forgetSearchEntries, indexAllPendingMessages } from './search-index.js';

const json = (text: string): unknown => JSON.parse(text);

/**
 * Runs a write of chats or events; on MySQL, with the rows of their words (`words`) in the search index (see
 * `search-words.ts`), in one transaction. SQLite's triggers index by themselves.
 */
const writeWithWords = async (
  { db, traits, searchNumbers }: RepositoryContext,
  write: (db: RepositoryContext['db']) => Promise<unknown>,
  words: () => readonly ChatWord[],
): Promise<void> => {
  if (traits.name !== 'mysql') {
    await write(db);
    return;
  }
  await atomically(db, async (t) => {
    await write(t);
    await insertWords(t, words(), searchNumbers);
  });
};

/**
 * MySQL: the chat's labels as `chat_labels` rows, in the transaction that writes the chat (`replace`: instead of
 * those it had). SQLite's triggers do the same in the writing statement (migration 0028).
 */
const writeLabelRows = async (t: RepositoryContext['db'], chat: Pick<Chat, 'id' | 'accountId' | 'labels'>, replace: boolean) => {
  if (replace) await t.deleteFrom('chat_labels').where('chat_id', '=', chat.id).execute();
  const labels = [...new Set(chat.labels)];
  if (labels.length > 0)
    await t
      .insertInto('chat_labels')
      .values(labels.map((label_id) => ({ account_id: chat.accountId, label_id, chat_id: chat.id })))
      .execute();
};

export const chatToRow = (c: Chat): ChatsTable => ({
  id: c.id,
  account_id: c.accountId,
  widget_id: c.widgetId,
  kind: c.kind,
  status: c.status,
  agent_id: c.agentId,
  visitor: JSON.stringify(c.visitor),
  visitor_key: c.visitor.key,
  question: c.question,
  proactive: c.proactive ? 1 : 0,
  visitor_token_hash: c.visitorTokenHash,
  created_at: c.createdAt,
  queued_at: c.queuedAt,
  assigned_at: c.assignedAt,
  first_agent_reply_at: c.firstAgentReplyAt,
  closed_at: c.closedAt,
  closed_by: c.closedBy,
  closed_by_user_id: c.closedByUserId,
  transfers: JSON.stringify(c.transfers),
  labels: JSON.stringify(c.labels),
  survey_score: c.survey?.score ?? null,
  survey_comment: c.survey?.comment ?? null,
  survey_at: c.survey?.at ?? null,
  handled_at: c.handledAt,
  handled_by: c.handledBy,
  last_seq: c.lastSeq,
  updated_at: c.updatedAt,
  version: c.version,
});

export const chatFromRow = (r: ChatsTable): Chat => ({
  id: r.id,
  accountId: r.account_id,
  widgetId: r.widget_id,
  kind: r.kind as Chat['kind'],
  status: r.status as Chat['status'],
  agentId: r.agent_id,
  // Chats stored before visitor keys have none in their JSON.
  visitor: { key: null, ...(json(r.visitor) as Omit<Chat['visitor'], 'key'>) },
  question: r.question,
  proactive: Number(r.proactive) === 1,
  visitorTokenHash: r.visitor_token_hash,
  createdAt: r.created_at,
  queuedAt: r.queued_at,
  assignedAt: r.assigned_at,
  firstAgentReplyAt: r.first_agent_reply_at,
  closedAt: r.closed_at,
  closedBy: r.closed_by as Chat['closedBy'],
  closedByUserId: r.closed_by_user_id,
  transfers: json(r.transfers) as Chat['transfers'],
  labels: json(r.labels) as Chat['labels'],
  survey:
    r.survey_at === null || r.survey_score === null ? null : { score: Number(r.survey_score), comment: r.survey_comment, at: r.survey_at },
  handledAt: r.handled_at ?? null,
  handledBy: r.handled_by ?? null,
  lastSeq: Number(r.last_seq),
  updatedAt: r.updated_at,
  version: Number(r.version),
});

export const chatEventToRow = (e: ChatEvent): ChatEventsTable => ({
  chat_id: e.chatId,
  seq: e.seq,
  id: e.id,
  account_id: e.accountId,
  type: e.type,
  at: e.at,
  author: e.author ? JSON.stringify(e.author) : null,
  text: e.text,
  data: JSON.stringify(e.data),
  client_message_id: e.clientMessageId ?? null,
});

export const chatEventFromRow = (r: ChatEventsTable): ChatEvent => ({
  id: r.id,
  accountId: r.account_id,
  chatId: r.chat_id,
  seq: Number(r.seq),
  type: r.type as ChatEvent['type'],
  at: r.at,
  author: r.author === null ? null : (json(r.author) as ChatEvent['author']),
  text: r.text,
  data: json(r.data) as ChatEvent['data'],
  ...(r.client_message_id === null ? {} : { clientMessageId: r.client_message_id }),
});

const presenceFromRow = (r: AgentPresenceTable): AgentPresence => ({
  accountId: r.account_id,
  userId: r.user_id,
  status: r.status as AgentPresence['status'],
  since: r.since,
  lastAssignedAt: r.last_assigned_at,
  ...(r.reason === null ? {} : { reason: r.reason }),
  version: Number(r.version),
});

// The statements of the message path (identify the visitor, lock the chat, advance it, append the event),
// built once: see preparedQuery.
const chatById = preparedQuery(['id', 'accountId'], (db, p) =>
  db.selectFrom('chats').selectAll().where('id', '=', p.id).where('account_id', '=', p.accountId),
);
const chatByIdForUpdate = preparedQuery(['id', 'accountId'], (db, p) =>
  db.selectFrom('chats').selectAll().where('id', '=', p.id).where('account_id', '=', p.accountId).forUpdate(),
);
const chatByTokenHash = preparedQuery(['tokenHash'], (db, p) =>
  db.selectFrom('chats').selectAll().where('visitor_token_hash', '=', p.tokenHash),
);
const advanceChat = preparedQuery(['lastSeq', 'updatedAt', 'version', 'id', 'accountId', 'expectedVersion'], (db, p) =>
  db
    .updateTable('chats')
    .set({ last_seq: p.lastSeq, updated_at: p.updatedAt, version: p.version })
    .where('id', '=', p.id)
    .where('account_id', '=', p.accountId)
    .where('version', '=', p.expectedVersion),
);
const CHAT_EVENT_COLUMNS = [
  'chat_id',
  'seq',
  'id',
  'account_id',
  'type',
  'at',
  'author',
  'text',
  'data',
  'client_message_id',
] as const satisfies readonly (keyof ChatEventsTable)[];
const insertChatEvent = preparedQuery(CHAT_EVENT_COLUMNS, (db, p) => db.insertInto('chat_events').values(p));

// Their list forms, for several chats at once (see preparedListQuery). Lists in `IN` and `CASE` are padded:
// an id twice changes nothing there, and up to 64 chats are then one statement.
/**
 * `q`, a statement on `chats` that names the chats by id, on MySQL with `FORCE INDEX (PRIMARY)`, so that it reads
 * (and, locking, locks) those rows alone. Its `WHERE` also names the account, and InnoDB plans such a list by the
 * account's index (`chats_account_idx`) or, when the list is a good part of a small table, as a scan of the whole
 * primary key; a locking statement locks every row it scans. A group of messages then held all of its account's
 * chats (or every chat) until it committed: a close, an assignment or another host's group in the same account
 * waited for it, and two such groups deadlocked. Elsewhere `q` as it is (SQLite writes one transaction at a time).
 */
const byChatIds = <R>(db: Kysely<Database>, q: Compilable<R>): Compilable<R> => {
  if (!(db.getExecutor().adapter instanceof MysqlAdapter)) return q;
  return {
    compile: () => {
      const compiled = q.compile();
      const hinted = compiled.sql.replace(/^(select .+? from `chats`|update `chats`) (where|set) /, '$1 force index (primary) $2 ');
      if (hinted === compiled.sql) throw new Error(`byChatIds: no place for the index hint in ${compiled.sql.slice(0, 80)}`);
      return { ...compiled, sql: hinted };
    },
  };
};

/** The chats of an account among `ids`, in id order: the `FROM`, `WHERE` and `ORDER BY` of lockMany and lockVersions. */
const chatsByIdsSelect = (db: Kysely<Database>, accountId: string, ids: readonly string[]) =>
  db
    .selectFrom('chats')
    .where('account_id', '=', accountId)
    .where('id', 'in', [...ids])
    .orderBy('id');
/**
 * lockMany's and lockVersions' statements: the chats among the items' ids, `pick`ing their columns, as a plain
 * read and locked (`FOR UPDATE`).
 */
const chatsByIdsQueries = <R>(pick: (q: ReturnType<typeof chatsByIdsSelect>) => SelectQueryBuilder<Database, 'chats', R>) => {
  const query = (forUpdate: boolean) =>
    preparedListQuery(
      ['accountId'],
      ['id'],
      (db, p, items) => {
        const q = pick(
          chatsByIdsSelect(
            db,
            p.accountId,
            items.map((i) => i.id),
          ),
        );
        return byChatIds(db, forUpdate ? q.forUpdate() : q);
      },
      { padded: true },
    );
  return { plain: query(false), forUpdate: query(true) };
};
const wholeChats = chatsByIdsQueries((q) => q.selectAll());
const chatVersions = chatsByIdsQueries((q) => q.select(['id', 'version']));

/**
 * The rows `queries` read for `ids`, locked inside a transaction where the database locks rows. Sorted and
 * without duplicates, so that a list of several chunks still locks in id order (and can answer their rows one
 * after the other) and no chat comes back twice.
 */
const chatsByIdsRows = async <R>(
  { db, traits }: Pick<RepositoryContext, 'db' | 'traits'>,
  queries: ReturnType<typeof chatsByIdsQueries<R>>,
  accountId: string,
  ids: readonly string[],
): Promise<R[]> => {
  if (ids.length === 0) return [];
  const sorted = [...new Set(ids)].sort();
  const q = traits.supportsForUpdate && db.isTransaction ? queries.forUpdate : queries.plain;
  const results = await q.run(
    { db, traits },
    { accountId },
    sorted.map((id) => ({ id })),
  );
  return results.flatMap((r) => r.rows);
};
const advanceChats = preparedListQuery(
  ['accountId'],
  ['id', 'lastSeq', 'updatedAt', 'expectedVersion'],
  (db, p, items) => {
    // Each chat's own value: `case id when ? then ? ... end`.
    const perChat = (field: 'lastSeq' | 'updatedAt' | 'expectedVersion') =>
      sql<never>`case ${sql.ref('id')} ${sql.join(
        items.map((i) => sql`when ${i.id} then ${i[field]}`),
        sql` `,
      )} end`;
    return byChatIds(
      db,
      db
        .updateTable('chats')
        .set((eb) => ({ last_seq: perChat('lastSeq'), updated_at: perChat('updatedAt'), version: eb('version', '+', 1) }))
        .where('account_id', '=', p.accountId)
        .where(
          'id',
          'in',
          items.map((i) => i.id),
        )
        .where('version', '=', perChat('expectedVersion')),
    );
  },
  { padded: true },
);
const insertChatEvents = preparedListQuery([], CHAT_EVENT_COLUMNS, (db, _p, items) => db.insertInto('chat_events').values(items));

/**
 * Chats on SQL. On MySQL, `lock` is `SELECT ... FOR UPDATE` and `lockRouting` writes the account's
 * `chat_routing` row (`INSERT ... ON DUPLICATE KEY UPDATE`), which takes its exclusive lock whether the row
 * existed or not, without the shared-then-exclusive upgrade that makes `INSERT IGNORE` + `FOR UPDATE`
 * deadlock. SQLite's single connection already runs one transaction at a time, so both only read.
 */
export const chatRepository = ({ db, traits, searchScanChats, searchNumbers }: RepositoryContext): ChatRepository => ({
  async insert(chat) {
    await writeWithWords(
      { db, traits, searchNumbers },
      async (t) => {
        await guardUnique('chats', () => t.insertInto('chats').values(chatToRow(chat)).execute());
        if (traits.name === 'mysql') await writeLabelRows(t, chat, false);
      },
      () => visitorWords(chat.id, chat.visitor),
    );
  },

  async get(accountId, id) {
    const [row] = (await chatById.run({ db, traits }, { id, accountId })).rows;
    return row ? chatFromRow(row) : null;
  },

  async findByVisitorTokenHash(tokenHash) {
    const [row] = (await chatByTokenHash.run({ db, traits }, { tokenHash })).rows;
    return row ? chatFromRow(row) : null;
  },

  async lock(accountId, id) {
    const q = traits.supportsForUpdate && db.isTransaction ? chatByIdForUpdate : chatById;
    const [row] = (await q.run({ db, traits }, { id, accountId })).rows;
    return row ? chatFromRow(row) : null;
  },

  async update(chat, expectedVersion) {
    const { id, account_id, version: _v, visitor_token_hash: _t, created_at: _c, ...rest } = chatToRow(chat);
    const write = async (t: RepositoryContext['db']) =>
      Number(
        (
          await t
            .updateTable('chats')
            .set({ ...rest, version: expectedVersion + 1 })
            .where('id', '=', id)
            .where('account_id', '=', account_id)
            .where('version', '=', expectedVersion)
            .executeTakeFirst()
        ).numUpdatedRows,
      ) === 1;
    if (traits.name !== 'mysql') return write(db);
    // MySQL's word index keeps the visitor's words, and `chat_labels` the labels: those of the row this update
    // replaces (read locked, so it is the row the compare-and-set then sees) say which to take out.
    return atomically(db, async (t) => {
      const before = await t
        .selectFrom('chats')
        .select(['visitor', 'labels'])
        .where('id', '=', id)
        .where('account_id', '=', account_id)
        .where('version', '=', expectedVersion)
        .forUpdate()
        .executeTakeFirst();
      const updated = await write(t);
      if (updated && before) await replaceVisitorWords(t, chat.id, json(before.visitor) as Chat['visitor'], chat.visitor, searchNumbers);
      if (updated && before && before.labels !== rest.labels) await writeLabelRows(t, chat, true);
      return updated;
    });
  },

  async deleteMany(accountId, ids) {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return 0;
    return atomically(db, async (t) => {
      const found = (await t.selectFrom('chats').select('id').where('account_id', '=', accountId).where('id', 'in', unique).execute()).map(
        (r) => r.id,
      );
      if (found.length === 0) return 0;
      // The search entries first: on SQLite they are found through the chats' messages and numbers.
      if (traits.name === 'mysql')
        await sql`delete w from chat_search_words w join chats c on w.chat_no = c.search_no where c.id in (${sql.join(found)})`.execute(t);
      else await forgetSearchEntries(t, found);
      if (traits.name === 'mysql') await t.deleteFrom('chat_labels').where('chat_id', 'in', found).execute(); // SQLite: by trigger
      await t.deleteFrom('chat_events').where('chat_id', 'in', found).execute();
      const deleted = await t.deleteFrom('chats').where('account_id', '=', accountId).where('id', 'in', found).executeTakeFirst();
      return Number(deleted.numDeletedRows);
    });
  },

  async advance(chat, expectedVersion) {
    const result = await advanceChat.run(
      { db, traits },
      {
        lastSeq: chat.lastSeq,
        updatedAt: chat.updatedAt,
        version: expectedVersion + 1,
        id: chat.id,
        accountId: chat.accountId,
        expectedVersion,
      },
    );
    return Number(result.numAffectedRows) === 1;
  },

  async lockMany(accountId, ids) {
    return (await chatsByIdsRows({ db, traits }, wholeChats, accountId, ids)).map(chatFromRow);
  },

  async lockVersions(accountId, ids) {
    return (await chatsByIdsRows({ db, traits }, chatVersions, accountId, ids)).map((row) => ({
      id: row.id,
      version: Number(row.version),
    }));
  },

  async advanceMany(accountId, changes) {
    if (changes.length === 0) return 0;
    const items = changes.map(({ chat, expectedVersion }) => ({
      id: chat.id,
      lastSeq: chat.lastSeq,
      updatedAt: chat.updatedAt,
      expectedVersion,
    }));
    const results = await advanceChats.run({ db, traits }, { accountId }, items);
    return results.reduce((n, r) => n + Number(r.numAffectedRows), 0);
  },

  async lockRouting(accountId) {
    if (!traits.supportsForUpdate || !db.isTransaction) return;
    await sql`insert into chat_routing (account_id) values (${accountId}) on duplicate key update account_id = account_id`.execute(db);
  },

  async listQueued(accountId, widgetIds, limit) {
    if (widgetIds.length === 0 || limit <= 0) return [];
    const rows = await db
      .selectFrom('chats')
      .selectAll()
      .where('account_id', '=', accountId)
      .where('status', '=', 'queued')
      .where('widget_id', 'in', [...widgetIds])
      .orderBy('queued_at')
      .orderBy('id')
      .limit(limit)
      .execute();
    return rows.map(chatFromRow);
  },

  async countQueued(accountId, widgetIds) {
    if (widgetIds.length === 0) return {};
    const rows = await db
      .selectFrom('chats')
      .select(['widget_id', (eb) => eb.fn.countAll().as('n')])
      .where('account_id', '=', accountId)
      .where('status', '=', 'queued')
      .where('widget_id', 'in', [...widgetIds])
      .groupBy('widget_id')
      .execute();
    return Object.fromEntries(rows.map((r) => [r.widget_id, Number(r.n)]));
  },

  async queuePosition(accountId, chat) {
    const at = chat.queuedAt ?? '';
    const rows = await db
      .selectFrom('chats')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('account_id', '=', accountId)
      .where('status', '=', 'queued')
      .where('widget_id', '=', chat.widgetId)
      .where((eb) => eb.or([eb('queued_at', '<', at), eb.and([eb('queued_at', '=', at), eb('id', '<', chat.id)])]))
      .execute();
    return Number(rows[0]?.n ?? 0) + 1;
  },

  async listActiveByAgent(accountId, agentId) {
    const rows = await db
      .selectFrom('chats')
      .selectAll()
      .where('account_id', '=', accountId)
      .where('agent_id', '=', agentId)
      .where('status', '=', 'active')
      .orderBy('assigned_at')
      .orderBy('id')
      .execute();
    return rows.map(chatFromRow);
  },

  async countActiveByAgent(accountId, agentIds) {
    if (agentIds.length === 0) return {};
    const rows = await db
      .selectFrom('chats')
      .select(['agent_id', (eb) => eb.fn.countAll().as('n')])
      .where('account_id', '=', accountId)
      .where('agent_id', 'in', [...agentIds])
      .where('status', '=', 'active')
      .groupBy('agent_id')
      .execute();
    return Object.fromEntries(rows.map((r) => [r.agent_id as Id, Number(r.n)]));
  },

  async list(accountId, filter: ChatListFilter, page: PageRequest) {
    const limit = Math.max(0, page.limit);
    if (filter.widgetIds && filter.widgetIds.length === 0) return { items: [], nextCursor: null };
    // SQLite reads a label's rows first, and sorts the chats among them: for a label on half of 300,000 chats
    // that took 61 ms, where walking the chats newest first and checking each takes 1. Counted up to a bound.
    const labelFirst =
      filter.labelId === undefined ||
      traits.name !== 'sqlite' ||
      Number(
        (
          await sql<{ n: number }>`select count(*) as n from (select 1 from chat_labels where account_id = ${accountId}
            and label_id = ${filter.labelId} limit ${FEW_LABELED})`.execute(db)
        ).rows[0]?.n ?? 0,
      ) < FEW_LABELED;
    if (!listsByStart(filter)) {
      const rows = await listed(db, accountId, filter, page, chatsTable(db), labelFirst)
        .orderBy('id', 'desc')
        .limit(limit + 1)
        .execute();
      return pageOf(rows.map(chatFromRow), limit, (c) => c.id);
    }
    // By start, through `chats_started_idx` from the range's end: a range of most of an account's chats sorted
    // by id read and sorted all of them first (690 ms for 300,000 on SQLite). MariaDB, left to itself, walks
    // the index from the account's newest chat to the range (`ref` on the account, not `range`), reading every
    // chat started after it: 94 ms for a month that ended 40 days before the newest of 100,000.
    const after = page.cursor ? startedCursor.parse(page.cursor) : null;
    const from =
      traits.name === 'mysql' && filter.labelId === undefined
        ? db.selectFrom(sql.raw('chats force index (chats_started_idx)') as unknown as 'chats')
        : chatsTable(db);
    let q = listed(db, accountId, filter, { ...page, cursor: null }, from, labelFirst);
    if (after)
      q = q
        .where('created_at', '<=', after.createdAt)
        .where((eb) => eb.or([eb('created_at', '<', after.createdAt), eb('id', '<', after.id)]));
    const rows = await q
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit + 1)
      .execute();
    return pageOf(rows.map(chatFromRow), limit, startedCursor.of);
  },

  async reportFacts(accountId, range) {
    let q = db
      .selectFrom('chats')
      .select([
        'widget_id',
        'agent_id',
        'kind',
        'status',
        'created_at',
        'queued_at',
        'assigned_at',
        'first_agent_reply_at',
        'closed_at',
        'survey_score',
      ])
      .where('account_id', '=', accountId)
      .where('created_at', '>=', range.from)
      .where('created_at', '<', range.to);
    if (range.widgetId !== undefined) q = q.where('widget_id', '=', range.widgetId);
    const rows = await q.execute();
    return rows.map((r) => ({
      widgetId: r.widget_id,
      agentId: r.agent_id,
      kind: r.kind as Chat['kind'],
      status: r.status as Chat['status'],
      createdAt: r.created_at,
      queuedAt: r.queued_at,
      assignedAt: r.assigned_at,
      firstAgentReplyAt: r.first_agent_reply_at,
      closedAt: r.closed_at,
      surveyScore: r.survey_score === null ? null : Number(r.survey_score),
    }));
  },

  async reportDays(accountId, timeZone, from, to) {
    const rows = await db
      .selectFrom('chat_report_days')
      .select(['day', 'figures'])
      .where('account_id', '=', accountId)
      .where('time_zone', '=', timeZone)
      .where('day', '>=', from)
      .where('day', '<=', to)
      .execute();
    return rows.map((r) => ({ day: r.day, figures: r.figures }));
  },

  async saveReportDays(accountId, timeZone, days) {
    // Insert-if-absent: a day's figures cannot change once it settled, so a row already there is the same.
    const insert = traits.name === 'mysql' ? sql`insert ignore into` : sql`insert or ignore into`;
    for (let i = 0; i < days.length; i += REPORT_DAYS_BATCH) {
      const values = days
        .slice(i, i + REPORT_DAYS_BATCH)
        .map(
          (d) => sql`(${accountId}, ${timeZone}, ${d.day}, ${Buffer.from(d.figures.buffer, d.figures.byteOffset, d.figures.byteLength)})`,
        );
      await sql`${insert} chat_report_days (account_id, time_zone, day, figures) values ${sql.join(values)}`.execute(db);
    }
  },

  async forgetReportDays(accountId, days) {
    if (days.length === 0) return;
    await db
      .deleteFrom('chat_report_days')
      .where('account_id', '=', accountId)
      .where('day', 'in', [...days])
      .execute();
  },

  /**
   * Two ways, one answer. First the newest chats that pass the filter are read in batches with their
   * messages and matched here (`hitOf`), up to `searchScanChats` of them: a word most chats contain
   * fills the page at once, where the full-text index would first list every one of its matches. When they
   * do not fill the page, the full-text index finds the rest (see {@link textSearch}), from the same cursor.
   * Either way the page is the chats after the cursor that match, newest first.
   */
  async search(accountId, terms, filter, page) {
    const limit = Math.max(0, page.limit);
    if (terms.length === 0 || (filter.widgetIds && filter.widgetIds.length === 0)) return { items: [], nextCursor: null };
    const scan = () => scanNewest(db, accountId, terms, filter, page, searchScanChats ?? DEFAULT_SEARCH_SCAN_CHATS);
    if (traits.name === 'mysql') return wordSearch(db, accountId, terms, filter, page, scan);
    const scanned = await scan();
    if (scanned) return scanned;
    // Messages committed but not yet in the index (migration 0022) go in first, so none is missed.
    await indexAllPendingMessages(db);
    const text = textSearch(terms);
    const rows = await listed(db, accountId, filter, page)
      .where(text.matchingChat)
      .orderBy('id', 'desc')
      .limit(limit + 1)
      .execute();
    const chats = pageOf(rows.map(chatFromRow), limit, (c) => c.id);
    const newest = new Map<Id, string>();
    if (chats.items.length > 0) {
      const ids = chats.items.map((c) => c.id);
      // Newest first within each chat, so the first row seen of a chat is its newest matching message.
      const { rows: messages } = await sql<{ chat_id: Id; text: string }>`${text.messagesOf(ids)}`.execute(db);
      for (const m of messages) if (!newest.has(m.chat_id)) newest.set(m.chat_id, m.text);
    }
    return { items: chats.items.map((chat) => ({ chat, message: newest.get(chat.id) ?? null })), nextCursor: chats.nextCursor };
  },
});

/** How many report days `saveReportDays` inserts in one statement (a busy day's figures are about 100 KB). */
const REPORT_DAYS_BATCH = 20;

/** How many chats {@link scanNewest} reads at once. */
const SCAN_BATCH = 100;

/**
 * The page of `search` from the newest chats after the cursor, read and matched here, or null when
 * `maxChats` of them would leave the page unfilled (and more remain): it gives up as soon as the share of
 * matching chats so far says so, so a rare word costs one batch before it goes to the index.
 */
const scanNewest = async (
  db: RepositoryContext['db'],
  accountId: Id,
  terms: readonly string[],
  filter: ChatListFilter,
  page: PageRequest,
  maxChats: number,
): Promise<Page<ChatSearchHit> | null> => {
  const limit = Math.max(0, page.limit);
  const hits: ChatSearchHit[] = [];
  let cursor = page.cursor ?? null;
  for (let read = 0; read < maxChats; ) {
    const batch = Math.min(SCAN_BATCH, maxChats - read);
    const chats = (await listed(db, accountId, filter, { cursor, limit: batch }).orderBy('id', 'desc').limit(batch).execute()).map(
      chatFromRow,
    );
    const texts = await textsOf(db, accountId, chats);
    for (const chat of chats) {
      const hit = hitOf(chat, texts.get(chat.id) ?? [], terms);
      if (hit) hits.push(hit);
      if (hits.length > limit) return pageOf(hits, limit, (h) => h.chat.id);
    }
    if (chats.length < batch) return { items: hits, nextCursor: null };
    read += chats.length;
    cursor = chats[chats.length - 1]!.id;
    // At this rate the page would not fill within maxChats: let the index find it now.
    if ((hits.length * maxChats) / read <= limit) return null;
  }
  return null;
};

/** The texts of these chats' messages, newest first within each chat, by chat id. */
const textsOf = async (db: RepositoryContext['db'], accountId: Id, chats: readonly Chat[]): Promise<Map<Id, string[]>> => {
  const texts = new Map<Id, string[]>();
  if (chats.length === 0) return texts;
  const rows = await db
    .selectFrom('chat_events')
    .select(['chat_id', 'text'])
    .where(
      'chat_id',
      'in',
      chats.map((c) => c.id),
    )
    .where('account_id', '=', accountId)
    .where('text', 'is not', null)
    .orderBy('chat_id')
    .orderBy('seq', 'desc')
    .execute();
  for (const r of rows) {
    const list = texts.get(r.chat_id);
    if (list) list.push(r.text!);
    else texts.set(r.chat_id, [r.text!]);
  }
  return texts;
};

/** The chats of the account that pass the filter, after the cursor: what `list` and `search` page through. */
const chatsTable = (db: RepositoryContext['db']) => db.selectFrom('chats');

/** Chats a label may be on for a list by label to read them first (see `list`). */
const FEW_LABELED = 5000;

const listed = (
  db: RepositoryContext['db'],
  accountId: Id,
  filter: ChatListFilter,
  page: PageRequest,
  from: ReturnType<typeof chatsTable> = chatsTable(db),
  labelFirst = true,
) => {
  let q = from.selectAll().where('account_id', '=', accountId);
  if (filter.widgetIds) q = q.where('widget_id', 'in', [...filter.widgetIds]);
  if (filter.agentId !== undefined) q = q.where('agent_id', '=', filter.agentId);
  if (filter.status !== undefined) q = q.where('status', '=', filter.status);
  if (filter.from !== undefined) q = q.where('created_at', '>=', filter.from);
  if (filter.to !== undefined) q = q.where('created_at', '<=', filter.to);
  if (filter.updatedAfter !== undefined) q = q.where('updated_at', '>', filter.updatedAfter);
  if (filter.updatedBefore !== undefined) q = q.where('updated_at', '<', filter.updatedBefore);
  if (filter.closedAfter !== undefined) q = q.where('closed_at', '>', filter.closedAfter);
  if (filter.handled !== undefined) q = q.where('kind', '=', 'offline').where('handled_at', filter.handled ? 'is not' : 'is', null);
  // The label's rows (migration 0028), not the `labels` array of every chat: the chats among them (`labelFirst`),
  // or, for a label many chats carry, each chat the rest of the list meets checked against them.
  if (filter.labelId !== undefined) {
    const rows = db.selectFrom('chat_labels').where('chat_labels.account_id', '=', accountId).where('label_id', '=', filter.labelId);
    q = labelFirst
      ? q.where('id', 'in', rows.select('chat_id'))
      : q.where(({ exists }) => exists(rows.select(sql.lit(1).as('one')).where('chat_labels.chat_id', '=', sql.ref<string>('chats.id'))));
  }
  if (filter.visitorKey !== undefined) q = q.where('visitor_key', '=', filter.visitorKey);
  if (page.cursor) q = q.where('id', '<', page.cursor);
  return q;
};

/** The statements of a text search on SQLite (see migration 0018). */
interface TextSearch {
  /**
   * Whether `chats` has a matching message or visitor. The ids of both are one derived table (a `union`):
   * two `in` subqueries joined by `or` would be run per chat.
   */
  readonly matchingChat: RawBuilder<boolean>;
  /** `chat_id, text` of the newest matching message of each of these chats that has one. */
  messagesOf(chatIds: readonly Id[]): RawBuilder<unknown>;
}

/**
 * Every term as a prefix, all required. The terms come from `searchTerms` (letters and digits only), and are
 * still quoted, never spliced: FTS5 reads a quoted string as plain words (`"` doubled inside), and the
 * query goes to the database as a parameter.
 */
const textSearch = (terms: readonly string[]): TextSearch => {
  const match = terms.map((t) => `"${t.replaceAll('"', '""')}"*`).join(' ');
  return {
    // Chats by number straight from the rowids (see migration 0018): no FTS5 content is read.
    matchingChat: sql<boolean>`chats.id in (select chat_id from chat_search_keys where no in (
      select rowid >> 32 from chat_text_search where chat_text_search match ${match}
      union select rowid from chat_visitor_text_search where chat_visitor_text_search match ${match}))`,
    // Per chat, the highest matching rowid within the chat's range is its newest matching message. One
    // FTS5 query for the whole page, bounded to the page's range of chat numbers: a query per chat paid
    // the expansion of every prefix once per chat (a word beginning many words: 130-370 ms a page).
    messagesOf: (ids) =>
      sql`with page (no, chat_id) as (select no, chat_id from chat_search_keys where chat_id in (${sql.join(ids)})),
        hits (no, seq) as (select rowid >> 32, max(rowid & 4294967295) from chat_text_search where chat_text_search match ${match}
          and rowid between (select min(no) from page) * 4294967296 and (select max(no) from page) * 4294967296 + 4294967295
          group by 1)
        select page.chat_id, e.text from page join hits on hits.no = page.no
        join chat_events e on e.chat_id = page.chat_id and e.seq = hits.seq`,
  };
};

/** Rows up to which {@link wordSearch} counts each term's rows to pick the one to start from. */
const WORD_COUNT_BOUND = 8000;

/** Matching chats up to which {@link wordSearch} reads the page's chats by number. */
const WORD_FEW_CHATS = 1000;

/**
 * The page of `search` through MySQL's word index (`chat_search_words`, migration 0021). Each term's rows are
 * counted up to {@link WORD_COUNT_BOUND}; when every term has that many, the newest chats are read first
 * (`scan`, see `search`), as a page of common words is usually among them. The term with the fewest rows
 * drives (terms past the bound are told apart by the optimizer's estimate of their range): the chats of its rows whose message (or visitor, `seq` 0) also has
 * a word beginning with each other term, looked up by message, are the matching chats, and the page is the
 * list's page of them. Each hit's newest matching message is then found among the page's messages with the
 * core's matcher. A term past 64 characters is looked up by its first 64, so its hits are checked by the
 * core too, and those that fail it are left out.
 */
const wordSearch = async (
  db: RepositoryContext['db'],
  accountId: Id,
  terms: readonly string[],
  filter: ChatListFilter,
  page: PageRequest,
  scan: () => Promise<Page<ChatSearchHit> | null>,
): Promise<Page<ChatSearchHit>> => {
  const limit = Math.max(0, page.limit);
  const empty = { items: [], nextCursor: null };
  const { rows: accounts } = await sql<{ no: number }>`select search_no as no from accounts where id = ${accountId}`.execute(db);
  const accountNo = accounts[0]?.no;
  if (accountNo === undefined) return empty;
  // Terms are letters and digits only: nothing in them is special to LIKE.
  const prefixes = [...new Set(terms.map((t) => `${indexedWord(t)}%`))];
  const rowsOf = (prefix: string) => sql`from chat_search_words d where d.account_no = ${accountNo} and d.word like ${prefix}`;
  const sizes: [string, number][] = [];
  for (const prefix of prefixes) {
    const { rows } = await sql<{
      n: number;
    }>`select count(*) as n from (select 1 ${rowsOf(prefix)} limit ${WORD_COUNT_BOUND}) as w`.execute(db);
    const n = Number(rows[0]?.n ?? 0);
    if (n === 0) return empty;
    sizes.push([prefix, n]);
  }
  // Words that many messages have: the newest chats may well fill the page by themselves.
  if (sizes.every(([, n]) => n >= WORD_COUNT_BOUND)) {
    const scanned = await scan();
    if (scanned) return scanned;
    if (sizes.length > 1)
      for (const size of sizes) {
        const { rows } = await sql<{ rows: number }>`explain select 1 ${rowsOf(size[0])}`.execute(db);
        size[1] = WORD_COUNT_BOUND + Number(rows[0]?.rows ?? 0);
      }
  }
  const driver = sizes.reduce((a, b) => (b[1] < a[1] ? b : a))[0];
  const others = prefixes
    .filter((p) => p !== driver)
    .map(
      (prefix) => sql`and exists (select 1 from chat_search_words o where o.chat_no = d.chat_no and o.seq = d.seq
        and o.account_no = ${accountNo} and o.word like ${prefix})`,
    );
  const matching = sql`select distinct d.chat_no ${rowsOf(driver)} ${sql.join(others, sql` `)}`;
  // Few matching chats are read by number; many are left to the database to meet newest first, which
  // then stops at the page's end.
  const { rows: few } = await sql<{ chat_no: number }>`${matching} limit ${WORD_FEW_CHATS + 1}`.execute(db);
  if (few.length === 0) return empty;
  const rows = await listed(db, accountId, filter, page)
    .where(
      few.length <= WORD_FEW_CHATS
        ? sql<boolean>`search_no in (${sql.join(few.map((r) => r.chat_no))})`
        : sql<boolean>`search_no in (${matching})`,
    )
    .orderBy('id', 'desc')
    .limit(limit + 1)
    .execute();
  const chats = pageOf(rows.map(chatFromRow), limit, (c) => c.id);
  const texts = await textsOf(db, accountId, chats.items);
  const items = chats.items.flatMap((chat) => hitOf(chat, texts.get(chat.id) ?? [], terms) ?? []);
  return { items, nextCursor: chats.nextCursor };
};

export const chatEventRepository = ({ db, traits, searchNumbers }: RepositoryContext): ChatEventRepository => ({
  async append(event) {
    await writeWithWords(
      { db, traits, searchNumbers },
      (t) => guardUnique('chat_events', () => insertChatEvent.run({ db: t, traits }, chatEventToRow(event))),
      () => eventWords([event]),
    );
  },

  async appendMany(events) {
    if (events.length === 0) return;
    // More than one chunk is more than one statement: atomic, so that a collision stores none.
    await writeWithWords(
      { db, traits, searchNumbers },
      (t) => guardUnique('chat_events', () => insertChatEvents.run({ db: t, traits }, {}, events.map(chatEventToRow), { atomic: true })),
      () => eventWords(events),
    );
  },

  async list(accountId, chatId, afterSeq, limit) {
    if (limit <= 0) return [];
    const rows = await db
      .selectFrom('chat_events')
      .selectAll()
      .where('chat_id', '=', chatId)
      .where('account_id', '=', accountId)
      .where('seq', '>', afterSeq)
      .orderBy('seq')
      .limit(limit)
      .execute();
    return rows.map(chatEventFromRow);
  },

  async get(accountId, chatId, id) {
    const row = await db
      .selectFrom('chat_events')
      .selectAll()
      .where('chat_id', '=', chatId)
      .where('account_id', '=', accountId)
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? chatEventFromRow(row) : null;
  },

  async findByClientMessageId(accountId, chatId, clientMessageId) {
    const row = await db
      .selectFrom('chat_events')
      .selectAll()
      .where('chat_id', '=', chatId)
      .where('client_message_id', '=', clientMessageId)
      .where('account_id', '=', accountId)
      .executeTakeFirst();
    return row ? chatEventFromRow(row) : null;
  },
});

export const agentPresenceRepository = ({ db }: RepositoryContext): AgentPresenceRepository => ({
  async get(accountId, userId) {
    const row = await db
      .selectFrom('agent_presence')
      .selectAll()
      .where('account_id', '=', accountId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return row ? presenceFromRow(row) : null;
  },

  async put(p, expectedVersion) {
    const values = {
      status: p.status,
      since: p.since,
      last_assigned_at: p.lastAssignedAt,
      reason: p.reason ?? null,
      version: expectedVersion + 1,
    };
    return insertOrCompareAndSet('agent_presence', expectedVersion, {
      insert: () =>
        db
          .insertInto('agent_presence')
          .values({ account_id: p.accountId, user_id: p.userId, ...values })
          .execute(),
      update: () =>
        db
          .updateTable('agent_presence')
          .set(values)
          .where('account_id', '=', p.accountId)
          .where('user_id', '=', p.userId)
          .where('version', '=', expectedVersion)
          .executeTakeFirst(),
    });
  },

  async list(accountId, userIds) {
    const ids = [...new Set(userIds)];
    if (ids.length === 0) return [];
    const rows = await db
      .selectFrom('agent_presence')
      .selectAll()
      .where('account_id', '=', accountId)
      .where('user_id', 'in', ids)
      .orderBy('user_id')
      .execute();
    return rows.map(presenceFromRow);
  },

  async listActive(accountId) {
    const rows = await db
      .selectFrom('agent_presence')
      .selectAll()
      .where('account_id', '=', accountId)
      .where('status', '!=', 'offline')
      .orderBy('user_id')
      .execute();
    return rows.map(presenceFromRow);
  },
});
