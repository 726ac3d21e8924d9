// Chat text search at scale: with 1,000,000 messages (20 per chat) in one account, on SQLite (FTS5) and
// MySQL/MariaDB (its word index, migration 0021) — p50/p95 of a search page (`GET /api/v1/chats?q=…` as the service runs it, 50
// chats) for rare, common and two-word queries, word beginnings, visitor names and a widget filter.
// Target p95 < 50 ms.
// Env: PARLEY_BENCH_SEARCH_MESSAGES (default 1000000), PARLEY_BENCH_MYSQL_URL or PARLEY_TEST_MYSQL_URL,
// PARLEY_BENCH_MYSQL_BUFFER_POOL_MB (see below).
import { randomUUID } from 'node:crypto';
import { searchWords, visitorSearchText } from '@parley/core';
import { SystemClock, Uuid7Ids } from '@parley/node-crypto';
import { fmt, insertSql, line, mysqlBaseUrl, onEachScratchDatabase, seededVisitor, signedUpOwner, stats, timed } from './lib.mjs';

const N = Number(process.env.PARLEY_BENCH_SEARCH_MESSAGES ?? 1_000_000);
const PER_CHAT = 20;
const CHATS = Math.ceil(N / PER_CHAT);
const WIDGETS = 20;
const WORDS_PER_MESSAGE = 10;
const START = Date.UTC(2025, 0, 1);

// A vocabulary whose words are used with a Zipf distribution, as in real text: a few very common words,
// a long tail of rare ones. Word i is made of syllables, so words share beginnings as real ones do.
const SYLLABLES = ['ka', 'ro', 'mi', 'tu', 'sel', 'van', 'dor', 'pli', 'gen', 'us', 'ter', 'bo', 'fa', 'lin', 'que', 'wir'];
const wordOf = (i) => {
  let w = '';
  let n = i + SYLLABLES.length;
  while (n > 0) {
    w += SYLLABLES[n % SYLLABLES.length];
    n = Math.floor(n / SYLLABLES.length);
  }
  return w;
};
const VOCABULARY = Array.from({ length: 20_000 }, (_, i) => wordOf(i));
const ZIPF = (() => {
  const weights = VOCABULARY.map((_, i) => 1 / (i + 1));
  const total = weights.reduce((a, b) => a + b, 0);
  let acc = 0;
  return weights.map((w) => (acc += w / total));
})();
let seed = 42;
const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
const zipfWord = () => {
  const r = random();
  let lo = 0;
  let hi = ZIPF.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ZIPF[mid] < r) lo = mid + 1;
    else hi = mid;
  }
  return VOCABULARY[lo];
};
const message = () => Array.from({ length: WORDS_PER_MESSAGE }, zipfWord).join(' ');
const NAMES = ['Vera', 'Olaf', 'Dóra', 'Jürgen', 'Amélie', 'Kenji', 'Priya', 'Mateo', 'Zofia', 'Ngozi'];

const CHAT_COLUMNS =
  'id, account_id, widget_id, kind, status, agent_id, visitor, question, visitor_token_hash, created_at, queued_at, assigned_at, first_agent_reply_at, closed_at, closed_by, closed_by_user_id, transfers, last_seq, updated_at, version';
const EVENT_COLUMNS = 'chat_id, seq, id, account_id, type, at, author, text, data, client_message_id';

/** Yields batches of `[chatRows, eventRows]`: `CHATS` closed chats of `PER_CHAT` messages each, oldest first. */
function* chatRows(accountId, widgetIds, ids) {
  let chats = [];
  let events = [];
  for (let c = 0; c < CHATS; c++) {
    const at = new Date(START + c * 60_000).toISOString();
    const id = ids.next();
    const name = `${NAMES[c % NAMES.length]} ${wordOf(5000 + (c % 10_000))}`;
    const visitor = seededVisitor(name, `${wordOf(c % 20_000)}${c}@mail${c % 50}.example`);
    const first = message();
    chats.push([
      id,
      accountId,
      widgetIds[c % WIDGETS],
      'chat',
      'closed',
      null,
      JSON.stringify(visitor),
      first,
      randomUUID(),
      at,
      at,
      at,
      at,
      at,
      'agent',
      null,
      '[]',
      PER_CHAT,
      at,
      1,
    ]);
    for (let s = 1; s <= PER_CHAT; s++) {
      const author = s % 2 ? { kind: 'visitor', userId: null, alias: name } : { kind: 'agent', userId: null, alias: 'Agent' };
      events.push([id, s, ids.next(), accountId, 'chat.message', at, JSON.stringify(author), s === 1 ? first : message(), '{}', null]);
    }
    if (events.length >= 4000) {
      yield [chats, events];
      chats = [];
      events = [];
    }
  }
  if (chats.length) yield [chats, events];
}

/** Seeds an account of `N` messages at `url` through `rows` (see onEachScratchDatabase). */
const seedAccount = async (dialect, url, rows) => {
  seed = 42; // every engine gets the same chats, and then the same queries
  const { storage, parley, account, owner } = await signedUpOwner(url);
  const widgetIds = Array.from({ length: WIDGETS }, () => randomUUID());
  const clock = new SystemClock();
  const ids = new Uuid7Ids({ clock });
  const t = Date.now();
  for (const [chats, events] of chatRows(account.id, widgetIds, ids))
    await (dialect === 'sqlite' ? insertSqlite : insertMysql)(rows, chats, events);
  await rows.run(
    dialect === 'sqlite'
      ? "INSERT INTO chat_text_search (chat_text_search) VALUES ('optimize'); ANALYZE"
      : 'ANALYZE TABLE chats, chat_events, chat_search_words',
  );
  await rows.close();
  line(`${dialect}: seeded`, `${N.toLocaleString()} messages in ${CHATS.toLocaleString()} chats in ${fmt((Date.now() - t) / 1000, 1)} s`);
  return { parley, storage, owner, widgetIds };
};

/** Queries of each kind, with what they look for. */
const QUERIES = [
  ['common word (rank 5)', () => VOCABULARY[5]],
  ['mid word (rank 200)', () => VOCABULARY[200 + Math.floor(random() * 50)]],
  ['rare word (rank 5000+)', () => VOCABULARY[5000 + Math.floor(random() * 10_000)]],
  ['word beginning (3 letters of rank 50+)', () => VOCABULARY[50 + Math.floor(random() * 50)].slice(0, 3)],
  ['two words (ranks 20 and 300)', () => `${VOCABULARY[20 + Math.floor(random() * 10)]} ${VOCABULARY[300 + Math.floor(random() * 100)]}`],
  ['visitor name', () => `${NAMES[Math.floor(random() * NAMES.length)]} ${wordOf(5000 + Math.floor(random() * 10_000)).slice(0, 5)}`],
  ['rare word + one widget', (widgetIds) => [VOCABULARY[1000 + Math.floor(random() * 1000)], widgetIds[Math.floor(random() * WIDGETS)]]],
];

const measure = async (dialect, { parley, storage, owner, widgetIds }) => {
  const all = [];
  for (const [label, make] of QUERIES) {
    const samples = [];
    let found = 0;
    for (let i = 0; i < 60; i++) {
      const made = make(widgetIds);
      const [q, widgetId] = Array.isArray(made) ? made : [made, undefined];
      const { value, ms } = await timed(() => parley.chats.list(owner, { q, limit: 50, ...(widgetId ? { widgetId } : {}) }));
      if (i >= 10) samples.push(ms); // the first queries warm caches
      found += value.items.length;
    }
    const s = stats(samples);
    all.push(...samples);
    line(`${dialect}: ${label} p50/p95`, `${fmt(s.p50)} ms / ${fmt(s.p95)} ms  (${fmt(found / 60, 1)} chats a page)`);
  }
  const s = stats(all);
  line(`${dialect}: every search p50/p95`, `${fmt(s.p50)} ms / ${fmt(s.p95)} ms  (target p95 < 50 ms)`);
  await storage.close();
};

/** Writes a batch of chats and their messages into SQLite, in one transaction. */
const insertSqlite = async (rows, chats, events) => {
  const db = await rows.db();
  const chat = db.prepare(insertSql('chats', CHAT_COLUMNS));
  const event = db.prepare(insertSql('chat_events', EVENT_COLUMNS));
  db.transaction(() => {
    chats.forEach((r) => chat.run(r));
    events.forEach((r) => event.run(r));
  })();
};

/** Writes a batch of chats and their messages into MySQL, with the word index, in one transaction. */
const insertMysql = async (rows, chats, events) => {
  const conn = await rows.db();
  await conn.beginTransaction();
  await rows.insert('chats', CHAT_COLUMNS, chats);
  await rows.insert('chat_events', EVENT_COLUMNS, events);
  // The word index the repositories write with each message and chat (migration 0021), by number.
  const [numbered] = await conn.query(
    'SELECT c.id, c.search_no AS chat_no, a.search_no AS account_no FROM chats c JOIN accounts a ON a.id = c.account_id WHERE c.id IN (?)',
    [chats.map((c) => c[0])],
  );
  const no = new Map(numbered.map((r) => [r.id, r]));
  const words = [
    ...events.flatMap(([chatId, seq, , , , , , text]) =>
      searchWords(text).map((w) => [no.get(chatId).account_no, w, no.get(chatId).chat_no, seq]),
    ),
    ...chats.flatMap(([id, , , , , , visitor]) => {
      return searchWords(visitorSearchText(JSON.parse(visitor))).map((w) => [no.get(id).account_no, w, no.get(id).chat_no, 0]);
    }),
  ];
  await conn.query('INSERT INTO chat_search_words (account_no, word, chat_no, seq) VALUES ?', [words]);
  await conn.commit();
};

/**
 * The buffer pool the MySQL run asks for (PARLEY_BENCH_MYSQL_BUFFER_POOL_MB, 2048; 0 leaves the server's):
 * a server holding a million messages is given one that holds its search index (1.4 GB here), as MariaDB's
 * and MySQL's own guidance has it; their default of 128 MB holds a tenth, and with `O_DIRECT` every other
 * read of it is a read from disk. The server's setting is put back afterwards.
 */
const BUFFER_POOL = Number(process.env.PARLEY_BENCH_MYSQL_BUFFER_POOL_MB ?? 2048) * 1024 * 1024;

const withBufferPool = async (base, fn) => {
  const mysql = await import('mysql2/promise');
  const admin = await mysql.createConnection(base);
  const [[{ size }]] = await admin.query('SELECT @@innodb_buffer_pool_size AS size');
  const before = Number(size);
  let changed = false;
  if (BUFFER_POOL > before) {
    try {
      await admin.query('SET GLOBAL innodb_buffer_pool_size = ?', [BUFFER_POOL]);
      changed = true;
    } catch (e) {
      line('mysql: buffer pool', `left at ${before / 2 ** 20} MB (could not resize: ${e.message})`);
    }
  }
  const [[{ now }]] = await admin.query('SELECT @@innodb_buffer_pool_size AS now');
  line(
    'mysql: innodb_buffer_pool_size',
    `${Number(now) / 2 ** 20} MB${changed ? ` (the server's ${before / 2 ** 20} MB is put back after)` : ''}`,
  );
  try {
    return await fn();
  } finally {
    if (changed) await admin.query('SET GLOBAL innodb_buffer_pool_size = ?', [before]);
    await admin.end();
  }
};

console.log(`chat search benchmark: ${N.toLocaleString()} messages (${PER_CHAT} a chat) in one account`);
await onEachScratchDatabase(
  'search',
  async (dialect, url, rows) => {
    const run = async () => measure(dialect, await seedAccount(dialect, url, rows));
    return dialect === 'mysql' ? withBufferPool(mysqlBaseUrl(), run) : run();
  },
  { skipSqlite: Boolean(process.env.PARLEY_BENCH_SEARCH_SKIP_SQLITE) },
);
