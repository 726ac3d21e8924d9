// Audit log at scale (issue #3): with 1,000,000 entries in one account, on SQLite and MySQL —
// p50/p95 of a filtered page (type + widget + date range; target p95 < 20 ms), full CSV export time and
// peak RSS growth (target < 100 MB), and hash-chain verification rate.
// Env: PARLEY_BENCH_AUDIT_ENTRIES (default 1000000), PARLEY_BENCH_MYSQL_URL or PARLEY_TEST_MYSQL_URL.
import { spawnSync } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { auditEntryCsv, chainedText } from '@parley/core';
import { createSqlStorage } from '@parley/storage-sql';
import { fmt, line, onEachScratchDatabase, parleyOver, peakRss, signedUpOwner, stats, timed } from './lib.mjs';

const N = Number(process.env.PARLEY_BENCH_AUDIT_ENTRIES ?? 1_000_000);
const WIDGETS = 20;
const TYPES = ['account', 'widget', 'permissions', 'security', 'integration'];
const YEAR_MS = 365 * 86_400_000;
const START = Date.UTC(2025, 0, 1);

const sha256 = (s) => createHash('sha256').update(s).digest('hex');

/** Yields `N` valid chained entries after the account's existing head, as SQL rows. */
function* chainedRows(accountId, head, widgetIds, actorIds) {
  let prevHash = head.hash;
  for (let i = 1; i <= N; i++) {
    const seq = head.seq + i;
    const type = TYPES[i % TYPES.length];
    const widgetId = type === 'widget' || type === 'integration' ? widgetIds[Math.floor(i / TYPES.length) % WIDGETS] : null;
    const actorId = actorIds[i % actorIds.length];
    const e = {
      id: randomUUID(),
      accountId,
      seq,
      createdAt: new Date(START + Math.floor((i / N) * YEAR_MS)).toISOString(),
      actor: { kind: 'user', userId: actorId, email: `${actorId.slice(0, 8)}@example.com`, ip: '203.0.113.7', userAgent: 'bench' },
      type,
      action: `${type}.updated`,
      targetType: type,
      targetId: widgetId ?? accountId,
      widgetId,
      changes: [{ path: '/settings/maxConcurrentChats', from: i % 7, to: (i % 7) + 1 }],
      revertOf: null,
      revertible: true,
      prevHash,
    };
    const hash = sha256(chainedText(e));
    prevHash = hash;
    yield [
      e.id,
      accountId,
      seq,
      e.createdAt,
      type,
      e.action,
      e.targetType,
      e.targetId,
      widgetId,
      actorId,
      JSON.stringify(e.actor),
      JSON.stringify(e.changes),
      null,
      1,
      e.prevHash,
      hash,
    ];
  }
  return prevHash;
}

const COLUMNS =
  'id, account_id, seq, created_at, type, action, target_type, target_id, widget_id, actor_id, actor, changes, revert_of, revertible, prev_hash, hash';

/** Seeds an account of `N` entries at `url` through `rows` (see onEachScratchDatabase). */
const seed = async (dialect, url, rows) => {
  const { storage, account, owner } = await signedUpOwner(url);
  const widgetIds = Array.from({ length: WIDGETS }, () => randomUUID());
  const actorIds = Array.from({ length: 10 }, () => randomUUID());
  const head = await storage.read((r) => r.audit.head(account.id));
  await storage.close();
  const t = Date.now();
  const gen = chainedRows(account.id, head, widgetIds, actorIds);
  let batch = [];
  let r;
  while (!(r = gen.next()).done) {
    batch.push(r.value);
    if (batch.length === 2000) {
      await rows.insert('audit_entries', COLUMNS, batch);
      batch = [];
    }
  }
  if (batch.length) await rows.insert('audit_entries', COLUMNS, batch);
  await rows.run('UPDATE audit_heads SET seq = ?, hash = ? WHERE account_id = ?', [head.seq + N, r.value, account.id]);
  await rows.run(dialect === 'sqlite' ? 'ANALYZE' : 'ANALYZE TABLE audit_entries');
  await rows.close();
  line(`${dialect}: seeded entries`, `${N.toLocaleString()} in ${fmt((Date.now() - t) / 1000, 1)} s`);
  return { accountId: account.id, owner, widgetIds };
};

const measure = async (dialect, url, seeded) => {
  const storage = await createSqlStorage({ url });
  const parley = await parleyOver(storage);
  const { owner, widgetIds } = seeded;
  // Filtered pages: one type, one widget, a random 30-day window.
  const samples = [];
  let empty = 0;
  for (let i = 0; i < 300; i++) {
    const from = START + Math.floor(Math.random() * (YEAR_MS - 30 * 86_400_000));
    const q = {
      type: i % 2 ? 'widget' : 'integration',
      widgetId: widgetIds[i % WIDGETS],
      from: new Date(from).toISOString(),
      to: new Date(from + 30 * 86_400_000).toISOString(),
      limit: 50,
    };
    const { value, ms } = await timed(() => parley.audit.list(owner, q));
    if (i >= 20) samples.push(ms); // the first queries warm caches
    if (value.items.length === 0) empty++;
  }
  // With the full seed every such page is full; with a small one (PARLEY_BENCH_AUDIT_ENTRIES) a window may
  // hold nothing of one widget and type, but not all of them.
  if (empty === 300 || (N >= 100_000 && empty > 0)) throw new Error(`${empty} filtered pages came back empty: the seed is wrong`);
  const s = stats(samples);
  line(`${dialect}: filtered page (type+widget+30 days) p50/p95`, `${fmt(s.p50)} ms / ${fmt(s.p95)} ms  (target p95 < 20 ms)`);

  // The next pages of an unfiltered listing, deep in the log.
  const deep = [];
  let cursor;
  for (let i = 0; i < 50; i++) {
    const { value, ms } = await timed(() => parley.audit.list(owner, { limit: 50, ...(cursor ? { cursor } : {}) }));
    deep.push(ms);
    cursor = value.nextCursor;
  }
  line(`${dialect}: unfiltered page p50/p95`, `${fmt(stats(deep).p50)} ms / ${fmt(stats(deep).p95)} ms`);

  // Full CSV export, streamed as the HTTP route does.
  let bytes = 0;
  let rows = 0;
  const exp = await peakRss(async () => {
    const t = Date.now();
    for await (const e of parley.audit.export(owner, {})) {
      bytes += Buffer.byteLength(auditEntryCsv(e));
      rows++;
    }
    return Date.now() - t;
  });
  line(`${dialect}: full CSV export`, `${rows.toLocaleString()} entries, ${fmt(bytes / 1e6, 1)} MB in ${fmt(exp.value / 1000, 1)} s`);
  line(`${dialect}: export peak RSS growth`, `${fmt(exp.growthMb, 1)} MB (from ${fmt(exp.startMb, 0)} MB; target < 100 MB)`);

  const { value: v, ms } = await timed(() => parley.audit.verifyAccount(seeded.accountId));
  if (!v.intact) throw new Error(`chain reported broken: ${JSON.stringify(v.firstBroken)}`);
  line(
    `${dialect}: hash-chain verification`,
    `${v.checked.toLocaleString()} entries in ${fmt(ms / 1000, 1)} s = ${Math.round(v.checked / (ms / 1000)).toLocaleString()} entries/s`,
  );
  await storage.close();
};

/** Measures in a fresh process, so RSS figures are not inflated by the seeding. */
const measureInChild = (dialect, url, seeded) => {
  const r = spawnSync(
    process.execPath,
    ['--expose-gc', fileURLToPath(import.meta.url), '--measure', dialect, url, JSON.stringify(seeded)],
    {
      stdio: 'inherit',
      env: process.env,
    },
  );
  if (r.status !== 0) throw new Error(`measurement failed (${r.status ?? r.signal})`);
};

if (process.argv[2] === '--measure') {
  const [, , , dialect, url, seeded] = process.argv;
  await measure(dialect, url, JSON.parse(seeded));
} else {
  console.log(`audit log benchmark: ${N.toLocaleString()} entries in one account`);
  await onEachScratchDatabase('audit', async (dialect, url, rows) => measureInChild(dialect, url, await seed(dialect, url, rows)));
}
