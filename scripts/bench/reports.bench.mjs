// Chat reports at scale: one account with 1,000,000 chats over a year (20 widgets, 50 agents; about 10 %
// missed and 5 % offline requests), on SQLite and MySQL/MariaDB — p50/p95 of the report the Reports screen
// asks for (`GET /api/v1/reports/chats`, as the service computes it) over 7, 30 and 365 days, and 30 days of
// one widget. Target p95 < 200 ms.
// Env: PARLEY_BENCH_REPORT_CHATS (default 1000000), PARLEY_BENCH_MYSQL_URL or PARLEY_TEST_MYSQL_URL.
import { randomUUID } from 'node:crypto';
import { loadavg } from 'node:os';
import { SystemClock, Uuid7Ids } from '@parley/node-crypto';
import { fmt, line, onEachScratchDatabase, seededVisitor, signedUpOwner, stats, timed } from './lib.mjs';

const N = Number(process.env.PARLEY_BENCH_REPORT_CHATS ?? 1_000_000);
const WIDGETS = 20;
const AGENTS = 50;
const END = Date.UTC(2026, 0, 1);
const START = END - 365 * 86_400_000;
const STEP = (END - START) / N;

let seed = 7;
const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;

const COLUMNS =
  'id, account_id, widget_id, kind, status, agent_id, visitor, question, visitor_token_hash, created_at, queued_at, assigned_at, first_agent_reply_at, closed_at, closed_by, closed_by_user_id, transfers, last_seq, updated_at, version';
const VISITOR = JSON.stringify(seededVisitor('Vera'));

/** Yields batches of chat rows, oldest first: answered, missed and offline ones, with realistic waits. */
function* chatRows(accountId, widgetIds, agentIds, ids) {
  let batch = [];
  for (let c = 0; c < N; c++) {
    const created = Math.floor(START + c * STEP);
    const iso = (ms) => new Date(ms).toISOString();
    const at = iso(created);
    const widget = widgetIds[c % WIDGETS];
    const r = random();
    if (r < 0.05) {
      batch.push([
        ids.next(),
        accountId,
        widget,
        'offline',
        'offline',
        null,
        VISITOR,
        'Call me back',
        randomUUID(),
        at,
        null,
        null,
        null,
        null,
        null,
        null,
        '[]',
        1,
        at,
        1,
      ]);
    } else if (r < 0.15) {
      const gaveUp = iso(created + 30_000 + Math.floor(random() * 300_000));
      batch.push([
        ids.next(),
        accountId,
        widget,
        'chat',
        'abandoned',
        null,
        VISITOR,
        'Hello?',
        randomUUID(),
        at,
        at,
        null,
        null,
        gaveUp,
        'visitor',
        null,
        '[]',
        2,
        gaveUp,
        2,
      ]);
    } else {
      const assigned = created + Math.floor(random() * 120_000);
      const replied = assigned + 5_000 + Math.floor(random() * 60_000);
      const closed = replied + 60_000 + Math.floor(random() * 1_200_000);
      const agent = agentIds[Math.floor(random() * AGENTS)];
      batch.push([
        ids.next(),
        accountId,
        widget,
        'chat',
        'closed',
        agent,
        VISITOR,
        'Where is my order?',
        randomUUID(),
        at,
        at,
        iso(assigned),
        iso(replied),
        iso(closed),
        'agent',
        agent,
        '[]',
        6,
        iso(closed),
        4,
      ]);
    }
    if (batch.length >= 2000) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length) yield batch;
}

/** Seeds an account of `N` chats at `url` through `rows` (see onEachScratchDatabase). */
const seedAccount = async (dialect, url, rows) => {
  const { storage, parley, account, owner } = await signedUpOwner(url);
  const widgetIds = [];
  for (let w = 0; w < WIDGETS; w++) widgetIds.push((await parley.widgets.create(owner, { name: `Widget ${w + 1}` })).id);
  const agentIds = [];
  for (let a = 0; a < AGENTS; a++)
    agentIds.push(
      (
        await parley.users.create(owner, {
          email: `agent${a}@bench.example`,
          name: `Agent ${a + 1}`,
          role: 'agent',
          password: 'bench password long',
        })
      ).id,
    );
  const ids = new Uuid7Ids({ clock: new SystemClock() });
  const t = Date.now();
  for (const batch of chatRows(account.id, widgetIds, agentIds, ids)) await rows.insert('chats', COLUMNS, batch);
  await rows.run(dialect === 'sqlite' ? 'ANALYZE' : 'ANALYZE TABLE chats');
  await rows.close();
  line(`${dialect}: seeded`, `${N.toLocaleString()} chats over 365 days in ${fmt((Date.now() - t) / 1000, 1)} s`);
  return { parley, storage, owner, widgetIds };
};

const day = (ms) => new Date(ms).toISOString().slice(0, 10);
const RANGES = [
  ['7 days', 7, 30, false],
  ['30 days', 30, 20, false],
  ['30 days, one widget', 30, 20, true],
  ['365 days', 365, 6, false],
];

const measure = async (dialect, { parley, storage, owner, widgetIds }) => {
  // The first report of a zone reads every chat's facts and stores the settled days; later ones read those.
  const cold = await timed(() => parley.reports.chats(owner, { from: day(START), to: day(END - 86_400_000), timeZone: 'Europe/Berlin' }));
  line(`${dialect}: first 365-day report (cold)`, `${fmt(cold.ms)} ms (reads the facts, stores the settled days)`);
  for (const [label, days, runs, oneWidget] of RANGES) {
    const samples = [];
    let chats = 0;
    for (let i = 0; i < runs + 2; i++) {
      const last = END - 86_400_000 - Math.floor(random() * (365 - days)) * 86_400_000;
      const query = {
        from: day(last - (days - 1) * 86_400_000),
        to: day(last),
        timeZone: 'Europe/Berlin',
        ...(oneWidget ? { widgetId: widgetIds[i % WIDGETS] } : {}),
      };
      const { value, ms } = await timed(() => parley.reports.chats(owner, query));
      if (i >= 2) samples.push(ms); // the first reports warm caches
      chats = value.totals.chats + value.totals.offlineRequests;
    }
    const s = stats(samples);
    line(
      `${dialect}: ${label} p50/p95`,
      `${fmt(s.p50)} ms / ${fmt(s.p95)} ms  load ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}  (${chats.toLocaleString()} chats a report; target p95 < 200 ms)`,
    );
  }
  await storage.close();
};

console.log(`chat report benchmark: ${N.toLocaleString()} chats over a year in one account (${WIDGETS} widgets, ${AGENTS} agents)`);
await onEachScratchDatabase('reports', async (dialect, url, rows) => measure(dialect, await seedAccount(dialect, url, rows)), {
  skipSqlite: Boolean(process.env.PARLEY_BENCH_REPORT_SKIP_SQLITE),
});
