// Integrations (issue #6): the outbox dispatcher against a local receiver on 127.0.0.1, on the built
// packages (run `npm run build` first), with the host's defaults (16 tries in flight, 15 s time limit,
// the persisted ~3-day backoff schedule):
// - deliveries per second with 1,000 queued deliveries;
// - the time for a backlog of 1,000 to drain after the receiver comes back from an outage (30 s by
//   default): deliveries fail while it is down, wait out their backoff in the outbox, and are sent when
//   it is back (the first success expedites the rest of that receiver's waiting rows).
// SQLite always; MySQL too when PARLEY_BENCH_MYSQL_URL or PARLEY_TEST_MYSQL_URL is set.
// Env: PARLEY_BENCH_DELIVERIES (1000), PARLEY_BENCH_OUTAGE_SECONDS (30; shorten for a quick run),
// PARLEY_BENCH_CONCURRENCY (16). Standalone: `node scripts/bench/webhooks.bench.mjs`.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { fmt, line, mysqlBaseUrl } from './lib.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
for (const pkg of ['core', 'adapters/storage-sql', 'adapters/node-crypto', 'adapters/webhooks', 'adapters/events-memory'])
  if (!existsSync(join(ROOT, pkg, 'dist/index.js'))) {
    console.error(`webhooks.bench: build first (npm run build): ${pkg}/dist is missing`);
    process.exit(1);
  }

const { createParley, defaultCoreConfig, DeliveryDispatcher, enqueueIntegrationEvent, DELIVERY_TOPIC } = await import('@parley/core');
const { createSqlStorage } = await import('@parley/storage-sql');
const { AesGcmSecretBox, NodeTokenCrypto, SystemClock, Uuid7Ids } = await import('@parley/node-crypto');
const { DispatcherLoop, HttpWebhookTransport } = await import('@parley/webhooks');
const { MemoryEventBus } = await import('@parley/events-memory');

const N = Number(process.env.PARLEY_BENCH_DELIVERIES ?? 1000);
const OUTAGE_S = Number(process.env.PARLEY_BENCH_OUTAGE_SECONDS ?? 30);
const CONCURRENCY = Number(process.env.PARLEY_BENCH_CONCURRENCY ?? 16);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** A receiver that answers 204 at once; `stop()`/`start()` take it down and bring it back on the same port. */
const receiver = async () => {
  let received = 0;
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      received++;
      res.writeHead(204).end();
    });
  });
  server.keepAliveTimeout = 5000;
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const port = server.address().port;
  return {
    url: `http://127.0.0.1:${port}/in`,
    received: () => received,
    stop: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
    start: () => new Promise((r) => server.listen(port, '127.0.0.1', r)),
  };
};

const setup = async (url, recv) => {
  const storage = await createSqlStorage({ url });
  await storage.migrate();
  const clock = new SystemClock();
  const events = new MemoryEventBus();
  const deps = {
    storage,
    events,
    clock,
    ids: new Uuid7Ids({ clock }),
    hasher: { hash: async (p) => p, verify: async () => true },
    crypto: new NodeTokenCrypto(),
    secretBox: new AesGcmSecretBox(randomBytes(32)),
    config: { ...defaultCoreConfig, signup: 'open', integrations: { allowHttpLoopback: true } },
  };
  const parley = createParley(deps);
  const email = `bench-${randomBytes(4).toString('hex')}@example.test`;
  const { user } = await parley.accounts.signUp(
    { accountName: 'Bench', email, name: 'Bench', password: 'correct horse battery' },
    { ip: null, userAgent: null },
  );
  const owner = { userId: user.id, accountId: user.accountId, role: user.role, email: user.email, ip: null, userAgent: null };
  const widget = await parley.widgets.create(owner, { name: 'Bench' });
  await parley.integrations.putOpenApi(owner, widget.id, { url: recv.url, events: ['chat.finished'] });
  const transport = new HttpWebhookTransport({ allowHttpLoopback: true, maxSockets: Math.max(8, CONCURRENCY) });
  const payload = {
    schema_version: 1,
    event: 'chat.finished',
    description: 'x'.repeat(300),
    transcripts: Array.from({ length: 10 }, (_, i) => ({ alias: 'Vera', message: `message ${i}` })),
  };
  /** Queues `n` deliveries, 100 per transaction (as if 100 chats had just finished). */
  const enqueue = async (n) => {
    for (let done = 0; done < n; done += 100)
      await storage.transaction(async (tx) => {
        for (let i = done; i < Math.min(n, done + 100); i++)
          await enqueueIntegrationEvent(tx, deps, {
            type: 'chat.finished',
            accountId: user.accountId,
            widgetId: widget.id,
            payload: { ...payload, id: `chat-${i}` },
          });
      });
  };
  const count = async (status) =>
    (await storage.read((r) => r.deliveries.listByWidget(user.accountId, widget.id, { status }, { limit: 100_000 }))).items.length;
  const dispatcher = (workerId) =>
    new DeliveryDispatcher({ ...deps, transport }, { workerId, concurrency: CONCURRENCY, batchSize: Math.max(50, CONCURRENCY * 2) });
  return { storage, events, enqueue, count, dispatcher, transport };
};

const run = async (label, url) => {
  console.log(`\n  ${label}`);
  const recv = await receiver();
  const s = await setup(url, recv);
  try {
    // 1. Throughput: N queued deliveries, one dispatcher draining them.
    await s.enqueue(N);
    const t0 = performance.now();
    await s.dispatcher('bench-1').drain();
    const ms = performance.now() - t0;
    const ok = await s.count('succeeded');
    line(`deliveries/second (${N} queued, ${CONCURRENCY} in flight)`, `${fmt((ok / ms) * 1000, 0)}  (${ok} in ${fmt(ms / 1000)} s)`);

    // 2. Outage: the receiver is down while N more are queued; it comes back after OUTAGE_S.
    await recv.stop();
    const loop = new DispatcherLoop(s.dispatcher('bench-2'), { intervalMs: 1000 });
    const unwake = s.events.subscribe(DELIVERY_TOPIC, () => loop.wake());
    loop.start();
    await s.enqueue(N);
    loop.wake();
    await sleep(OUTAGE_S * 1000);
    const waiting = await s.count('pending');
    await recv.start();
    const back = performance.now();
    const before = recv.received();
    // Watch the receiver (cheap), then confirm in the outbox: polling the outbox itself would slow the run.
    while (recv.received() - before < N) await sleep(5);
    const drainMs = performance.now() - back;
    while ((await s.count('succeeded')) < 2 * N) await sleep(100);
    unwake();
    await loop.stop();
    line(`backlog of ${N} drained after a ${OUTAGE_S} s outage`, `${fmt(drainMs / 1000)} s after the receiver came back`);
    line('  waiting in the outbox when it came back', `${waiting} (${recv.received() - before} requests after)`);
  } finally {
    s.transport.close();
    await recv.stop().catch(() => {});
    await s.storage.close();
  }
};

console.log('webhooks: outbox dispatcher → local receiver (127.0.0.1), host defaults');
const dir = mkdtempSync(join(tmpdir(), 'parley-bench-webhooks-'));
try {
  await run('SQLite (file, WAL)', `sqlite:${join(dir, 'bench.db')}`);
  const mysql = mysqlBaseUrl();
  if (mysql) {
    const { createConnection } = await import('mysql2/promise');
    const db = `parley_bench_${randomBytes(4).toString('hex')}`;
    const admin = await createConnection({ uri: mysql });
    await admin.query(`CREATE DATABASE \`${db}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin`);
    try {
      const u = new URL(mysql);
      u.pathname = `/${db}`;
      await run('MySQL/MariaDB', u.toString());
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS \`${db}\``);
      await admin.end();
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
