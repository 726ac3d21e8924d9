// The "raw ceiling" for chat.bench.mjs: a bare Hono route on @hono/node-server doing one insert per
// request with the same driver Parley uses (better-sqlite3 with Parley's pragmas, or a mysql2 pool).
// Prints `listening <port>` on stdout. Args: sqlite:<file> | mysql://...[?connectionLimit=N]
import { serve } from '@hono/node-server';
import { Hono } from 'hono';

const url = process.argv[2];
let insert;
if (url.startsWith('sqlite:')) {
  const { default: Sqlite } = await import('better-sqlite3');
  const db = new Sqlite(url.slice('sqlite:'.length));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  // Checkpoints inline every 250 pages, as @parley/storage-sql does when its checkpoint thread cannot start;
  // a bare route has no such thread.
  db.pragma('wal_autocheckpoint = 250');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  db.exec(
    'create table if not exists raw_messages (id integer primary key autoincrement, chat text not null, text text not null, at text not null)',
  );
  const stmt = db.prepare('insert into raw_messages (chat, text, at) values (?, ?, ?)');
  insert = async (chat, text) => stmt.run(chat, text, new Date().toISOString()).lastInsertRowid;
} else {
  const { createPool } = await import('mysql2/promise');
  // The same pool size as the host's for this URL (?connectionLimit=, default 10 as in @parley/storage-sql).
  const u = new URL(url);
  const connectionLimit = Number(u.searchParams.get('connectionLimit') ?? 10);
  u.search = '';
  const pool = createPool({ uri: u.toString(), connectionLimit });
  await pool.query(
    'create table if not exists raw_messages (id bigint primary key auto_increment, chat varchar(64) not null, text mediumtext not null, at varchar(32) not null) engine=InnoDB',
  );
  insert = async (chat, text) =>
    (await pool.execute('insert into raw_messages (chat, text, at) values (?, ?, ?)', [chat, text, new Date().toISOString()]))[0].insertId;
}

const app = new Hono();
app.post('/m', async (c) => {
  const body = await c.req.json();
  const id = await insert(String(body.chat), String(body.text));
  return c.json({ id: Number(id) }, 201);
});
const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => console.log(`listening ${info.port}`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
