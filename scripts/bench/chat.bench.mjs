// Live chat (issue #4), against the built host (hosts/server/dist/main.js) on 127.0.0.1:
// - messages per second with 200 concurrent chats, and the p50/p99 time from a visitor's POST to its
//   arrival on the agent's event stream (SQLite, and MySQL when PARLEY_BENCH_MYSQL_URL or
//   PARLEY_TEST_MYSQL_URL is set), first closed loop (every chat sends as fast as it can: the saturation
//   rate, and latency that is mostly queueing), then open loop: messages offered at 25 %, 50 % and 75 % of
//   that rate with Poisson arrivals over the 200 chats, so the latency is that of a normal load (target p99
//   < 25 ms at 50 %; each line also gives the CPU the host used meanwhile, 100 % a core); the saturation
//   rate is that of a second closed loop, the first after the start (which also compiles the code it runs)
//   is printed beside it; 40 messages a chat, so that a closed loop lasts seconds and pays for what runs
//   now and then (checkpoints, search index batches, garbage collection);
// - the raw ceiling of the same machine in the same run: a bare Hono route doing one insert with the same
//   driver, under the same load, also measured in its second closed loop; printed as the ratio ours/raw
//   (targets >= 0.8 on SQLite, >= 1.0 on MySQL); and, since this machine's speed moves within minutes, the
//   same ratio from closed loops taken in turn, host and raw route alternately, three of each, both
//   processes up (the median of the three pairs' ratios); beside it, the ratio the server and client CPU per
//   message allow when both share the cores (see cpuBound); and the raw route's own open loop at the rate of
//   ours at 50 % (POST → answer of one insert, and its CPU), what the machine and the database cost anyway;
// - the same open loop at 50 % through two hosts over one database and one Redis (PARLEY_BENCH_REDIS_URL or
//   PARLEY_TEST_REDIS_URL): chats and messages on host A, the agents' streams on host B, measured after an
//   unmeasured half phase at the same rate, with each host's CPU (host A, which commits and publishes, near 100 %
//   means it is saturated: an open loop costs more CPU a message than a closed one, whose commits are larger);
// - the CPU time the server process and this client spend per message (Linux /proc), which says where the
//   time goes when client and server share the machine's cores;
// - host memory per idle open event stream, with 10,000 streams of one agent, resumed at its cursor, open on a
//   freshly started host over the run's database (RSS growth after a full garbage collection, asked for through
//   the host's inspector; also printed before it).
// Env: PARLEY_BENCH_CHATS (200), PARLEY_BENCH_MESSAGES_PER_CHAT (40), PARLEY_BENCH_STREAMS (10000),
// PARLEY_BENCH_OPEN_LOOP_SECONDS (8 per load level).
// Run `npm run build` first. Standalone: `node scripts/bench/chat.bench.mjs`.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import {
  closedLoop,
  collectedRssMb,
  cpuMs,
  fmt,
  jsonClient,
  line,
  mysqlBaseUrl,
  openLoop,
  openStream,
  HOST_MAIN,
  rssMb,
  startHost,
  startProcess,
  stats,
  stop,
  withCpu,
} from './lib.mjs';

const RAW = fileURLToPath(new URL('./raw-insert-server.mjs', import.meta.url));
const CHATS = Number(process.env.PARLEY_BENCH_CHATS ?? 200);
const PER_CHAT = Number(process.env.PARLEY_BENCH_MESSAGES_PER_CHAT ?? 40);
const STREAMS = Number(process.env.PARLEY_BENCH_STREAMS ?? 10_000);
const AGENTS = 20;
const OPEN_LOOP_SECONDS = Number(process.env.PARLEY_BENCH_OPEN_LOOP_SECONDS ?? 8);
const OPEN_LOOP_LOADS = [0.25, 0.5, 0.75];
const PASSWORD = 'correct horse battery staple';
/** The Redis the two-host run shares its events through (PARLEY_BENCH_REDIS_URL; none: the run is skipped). */
const REDIS_URL = process.env.PARLEY_BENCH_REDIS_URL ?? process.env.PARLEY_TEST_REDIS_URL ?? null;

if (!existsSync(HOST_MAIN)) {
  console.error('chat.bench: build first (npm run build)');
  process.exit(1);
}

const { request, destroy: closeClient } = jsonClient(256);

/** Starts the built host on `databaseUrl`; with `inspect`, with its inspector open (see collectedRssMb). */
const startBenchHost = (databaseUrl, env = {}, { inspect = false } = {}) =>
  startHost({ PARLEY_DATABASE_URL: databaseUrl, PARLEY_LOG_LEVEL: 'info', ...env }, [
    ...(process.env.PARLEY_BENCH_PROFILE ? ['--cpu-prof', '--cpu-prof-dir', process.env.PARLEY_BENCH_PROFILE] : []),
    ...(inspect ? ['--inspect=127.0.0.1:0'] : []),
  ]);

/**
 * An account with AGENTS online agents and CHATS active chats, made through `base`; the agents' event streams
 * are opened on `streamBase` (another host over the same database and Redis, or the same one). A `chat.message`
 * whose text starts with `b:` counts as arrived: `sent` maps such texts to when they were posted, and
 * `latencies()` gives (and clears) the POST → agent stream times measured since the last call.
 */
const prepare = async (base, streamBase) => {
  const tag = randomBytes(4).toString('hex');
  const email = (who) => `${who}-${tag}@bench.test`;
  await request(base, 'POST', '/api/v1/accounts', { accountName: 'Bench', email: email('owner'), name: 'Owner', password: PASSWORD });
  const owner = (await request(base, 'POST', '/api/v1/auth/login', { email: email('owner'), password: PASSWORD })).body.token;
  const widget = (await request(base, 'POST', '/api/v1/widgets', { name: 'Bench' }, owner)).body;
  await request(base, 'PATCH', `/api/v1/widgets/${widget.id}`, { settings: { maxConcurrentChats: Math.ceil(CHATS / AGENTS) } }, owner);
  const agents = [];
  for (let i = 0; i < AGENTS; i++) {
    const u = (
      await request(
        base,
        'POST',
        '/api/v1/users',
        { email: email(`agent${i}`), name: `Agent ${i}`, role: 'agent', password: PASSWORD },
        owner,
      )
    ).body;
    const token = (await request(base, 'POST', '/api/v1/auth/login', { email: email(`agent${i}`), password: PASSWORD })).body.token;
    agents.push({ id: u.id, token });
  }
  await request(base, 'PUT', `/api/v1/widgets/${widget.id}/agents`, { agentIds: agents.map((a) => a.id) }, owner);
  for (const a of agents) await request(base, 'PUT', '/api/v1/agents/me/status', { status: 'online' }, a.token);

  const sent = new Map();
  let measured = [];
  const streams = [];
  for (const a of agents)
    streams.push(
      await openStream(`${streamBase}/api/v1/agents/me/events?token=${a.token}`, (event, data) => {
        if (event !== 'chat.message' || !data.text?.startsWith('b:')) return;
        const t0 = sent.get(data.text);
        if (t0 !== undefined) {
          measured.push(performance.now() - t0);
          sent.delete(data.text);
        }
      }),
    );
  const chats = [];
  for (let i = 0; i < CHATS; i++) {
    const r = await request(base, 'POST', `/api/v1/widgets/${widget.id}/chats`, { message: 'hello', email: 'v@bench.test' });
    if (r.body.status !== 'active') throw new Error(`chat ${i} is ${r.body.status}`);
    chats.push(r.body);
  }
  // warm-up
  await closedLoop(CHATS, 1, (w) =>
    request(base, 'POST', `/api/v1/chats/${chats[w].chatId}/messages`, { text: `warm ${w}` }, chats[w].visitorToken),
  );
  const latencies = () => {
    const l = measured;
    measured = [];
    return l;
  };
  return { agents, chats, sent, latencies, close: () => streams.forEach((st) => st.destroy()) };
};

/** Posts one measured message to chat `w`; a refusal is counted in `refused` by status. */
const postMeasured = async (base, run, w, text, refused) => {
  run.sent.set(text, performance.now());
  const r = await request(base, 'POST', `/api/v1/chats/${run.chats[w].chatId}/messages`, { text }, run.chats[w].visitorToken);
  if (r.status !== 201) {
    run.sent.delete(text);
    if (!refused) throw new Error(`message ${r.status} ${JSON.stringify(r.body)}`);
    refused[r.status] = (refused[r.status] ?? 0) + 1;
  }
};

/** Waits until every message posted so far has reached its agent's stream, or 10 s have passed. */
const arrivals = async (run) => {
  const until = Date.now() + 10_000;
  while (run.sent.size > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
};

/**
 * Offers `offered` messages a second for OPEN_LOOP_SECONDS; prints p50/p99 POST → agent stream, what was lost and
 * refused, and the CPU each host process used meanwhile (`hosts`: name → pid; 100 % is one core): a host near
 * 100 % is saturated, and its queue, not the code path, makes the latency.
 */
const openLoopPhase = async (label, base, run, offered, note = '', hosts = {}) => {
  run.latencies();
  const refused = {};
  const cpu0 = Object.entries(hosts).map(([name, pid]) => [name, pid, cpuMs(pid)]);
  const t0 = performance.now();
  const { calls, lag } = await openLoop(offered, OPEN_LOOP_SECONDS, (n) =>
    postMeasured(base, run, Math.floor(Math.random() * CHATS), `b:o${label}:${n}`, refused),
  );
  const busy = cpu0
    .map(([name, pid, before]) => `${name} ${fmt(((cpuMs(pid) - before) / (performance.now() - t0)) * 100, 0)} %`)
    .join(', ');
  const refusals = Object.entries(refused)
    .map(([status, n]) => `${n}×${status}`)
    .join(' ');
  await arrivals(run);
  const o = stats(run.latencies());
  line(
    `${label} (${fmt(offered, 0)}/s) p50 / p99 ms`,
    `${fmt(o.p50)} / ${fmt(o.p99)}  (n=${calls}, lost ${run.sent.size}${refusals ? `, refused ${refusals}` : ''}, sender behind ≤ ${fmt(lag, 0)} ms${busy ? `, CPU ${busy}` : ''}${note})`,
  );
  run.sent.clear();
  return o;
};

/** A closed loop of CHATS × PER_CHAT messages through `post`; resolves with its rate (messages/s). */
const closedRate = async (post) => (CHATS * PER_CHAT) / ((await closedLoop(CHATS, PER_CHAT, post)) / 1000);

/**
 * The ratio ours/raw from closed loops taken in turn (host, raw route, host, ...), so that both rates of a pair
 * are measured within seconds of each other: the raw route starts on `rawUrl`, is warmed by one unmeasured loop,
 * and the median of the pairs' ratios is printed with each pair.
 */
const ratioInTurns = async (label, hostLoop, rawUrl, target) => {
  const { child, port } = await startProcess([RAW, rawUrl], {}, /listening (\d+)/);
  const base = `http://127.0.0.1:${port}`;
  try {
    const rawLoop = () => closedRate((w, n) => request(base, 'POST', '/m', { chat: `c${w}`, text: `t:${w}:${n}` }));
    await rawLoop();
    const pairs = [];
    for (let i = 0; i < 3; i++) {
      const ours = await hostLoop();
      pairs.push({ ours, raw: await rawLoop() });
    }
    const ratios = pairs.map((p) => p.ours / p.raw).sort((a, b) => a - b);
    line(
      `${label}: ratio ours/raw in turns (target ${target})`,
      `${fmt(ratios[1])}  (median; pairs ${pairs.map((p) => `${fmt(p.ours, 0)}/${fmt(p.raw, 0)}`).join(', ')} msg/s)`,
    );
  } finally {
    await stop(child);
  }
};

const benchHost = async (label, databaseUrl, rawUrl, target) => {
  const { child, base } = await startBenchHost(databaseUrl);
  try {
    const run = await prepare(base, base);
    const total = CHATS * PER_CHAT;
    // The first closed loop after the start also compiles the host's code: printed, but the rate is the second's.
    const coldRate = await closedRate((w, n) => postMeasured(base, run, w, `b:c:${w}:${n}`));
    await arrivals(run);
    run.latencies();
    run.sent.clear();
    const {
      value: elapsed,
      serverUs,
      clientUs,
    } = await withCpu(child.pid, total, () => closedLoop(CHATS, PER_CHAT, (w, n) => postMeasured(base, run, w, `b:${w}:${n}`)));
    await arrivals(run);
    const s = stats(run.latencies());
    const rate = total / (elapsed / 1000);
    line(`${label}: messages/s (${CHATS} chats)`, `${fmt(rate, 0)}  (first ${total} after the start: ${fmt(coldRate, 0)})`);
    line(`${label}: POST → agent stream p50 / p99 ms`, `${fmt(s.p50)} / ${fmt(s.p99)}  (closed loop, n=${s.n}, lost ${run.sent.size})`);
    line(`${label}: CPU µs per message, host / client`, `${fmt(serverUs, 0)} / ${fmt(clientUs, 0)}`);
    const p99 = {};
    for (const load of OPEN_LOOP_LOADS)
      p99[load] = (
        await openLoopPhase(
          `${label}: open loop ${Math.round(load * 100)} %`,
          base,
          run,
          rate * load,
          load === 0.5 ? '; target p99 < 25' : '',
          { host: child.pid },
        )
      ).p99;
    let turn = 0;
    await ratioInTurns(
      label,
      async () => {
        const t = turn++;
        const r = await closedRate((w, n) => postMeasured(base, run, w, `b:t${t}:${w}:${n}`));
        await arrivals(run);
        run.latencies();
        return r;
      },
      rawUrl,
      target,
    );
    run.close();
    return { rate, coldRate, base, child, owner: run.agents[0], p99, cpuUs: serverUs + clientUs };
  } catch (e) {
    await stop(child);
    throw e;
  }
};

/**
 * Two hosts over one database and one Redis (`PARLEY_EVENTS`): the visitors' chats and messages go to host A,
 * their agents' streams are on host B, so every message crosses Redis. Open loop at half the single host's
 * saturation rate, printed beside the single host's figure.
 */
const benchTwoHosts = async (label, databaseUrl, single) => {
  const prefix = `parley-bench-${randomBytes(4).toString('hex')}`;
  const env = { PARLEY_EVENTS: REDIS_URL, PARLEY_EVENTS_PREFIX: prefix };
  const a = await startBenchHost(databaseUrl, env);
  try {
    const b = await startBenchHost(databaseUrl, env);
    try {
      const baseA = a.base;
      const run = await prepare(baseA, b.base);
      // Unmeasured, as the single host's figure comes after its closed loops: fresh hosts compile their code first.
      await openLoop(single.rate * 0.5, OPEN_LOOP_SECONDS / 2, (n) =>
        postMeasured(baseA, run, Math.floor(Math.random() * CHATS), `b:w:${n}`, {}),
      );
      await openLoopPhase(
        `${label}: two hosts on Redis, open loop 50 %`,
        baseA,
        run,
        single.rate * 0.5,
        `; one host: p99 ${fmt(single.p99[0.5])}`,
        { 'host A': a.child.pid, 'host B': b.child.pid },
      );
      run.close();
    } finally {
      await stop(b.child);
    }
  } finally {
    await stop(a.child);
  }
};

/**
 * The raw route ({@link RAW}) alone: its closed-loop rate and CPU per insert; then, at `offered` (the rate of our
 * open loop at 50 %), its own open loop: POST → answer of one insert, beside which our POST → agent stream p99 at
 * that rate shows what our path adds at a normal load, not what the machine or the database cost anyway.
 */
const benchRaw = async (label, url, offered) => {
  const { child, port } = await startProcess([RAW, url], {}, /listening (\d+)/);
  const base = `http://127.0.0.1:${port}`;
  try {
    await closedLoop(CHATS, 1, (w) => request(base, 'POST', '/m', { chat: `c${w}`, text: 'warm' }));
    const total = CHATS * PER_CHAT;
    // As for the host: the first closed loop is printed, the second measured.
    const coldRate = await closedRate((w, n) => request(base, 'POST', '/m', { chat: `c${w}`, text: `c:${w}:${n}` }));
    const {
      value: elapsed,
      serverUs,
      clientUs,
    } = await withCpu(child.pid, total, () =>
      closedLoop(CHATS, PER_CHAT, (w, n) => request(base, 'POST', '/m', { chat: `c${w}`, text: `b:${w}:${n}` })),
    );
    const rate = total / (elapsed / 1000);
    line(`${label}: raw Hono + driver inserts/s`, `${fmt(rate, 0)}  (first ${total} after the start: ${fmt(coldRate, 0)})`);
    line(`${label}: raw CPU µs per insert, server / client`, `${fmt(serverUs, 0)} / ${fmt(clientUs, 0)}`);
    const answered = [];
    // A request that fails (a connection reset) is counted and printed, not fatal: the run's other figures stand.
    const failed = {};
    const cpu0 = cpuMs(child.pid);
    const t0 = performance.now();
    await openLoop(offered, OPEN_LOOP_SECONDS, async (n) => {
      const sent = performance.now();
      try {
        await request(base, 'POST', '/m', { chat: `c${n % CHATS}`, text: `o:${n}` });
        answered.push(performance.now() - sent);
      } catch (error) {
        const code = error?.code ?? 'error';
        failed[code] = (failed[code] ?? 0) + 1;
      }
    });
    const busy = ((cpuMs(child.pid) - cpu0) / (performance.now() - t0)) * 100;
    const o = stats(answered);
    const failures = Object.entries(failed)
      .map(([code, count]) => `${count}×${code}`)
      .join(' ');
    line(
      `${label}: raw open loop at our 50 % (${fmt(offered, 0)}/s) p50 / p99 ms`,
      `${fmt(o.p50)} / ${fmt(o.p99)}  (POST → answer, n=${o.n}${failures ? `, failed ${failures}${child.exitCode !== null ? `, raw route exited ${child.exitCode}` : ''}` : ''}, CPU ${fmt(busy, 0)} %, ${fmt(((cpuMs(child.pid) - cpu0) * 1000) / o.n, 0)} µs an insert)`,
    );
    return { rate, coldRate, cpuUs: serverUs + clientUs };
  } finally {
    await stop(child);
  }
};

/**
 * Memory per idle open stream: STREAMS streams of one agent of the run, each opened with the agent's cursor
 * (`lastEventId`, as a console reconnecting sends it), so that none has a history to replay. A fresh stream
 * first sends the agent's open chats, and right after 10,000 such openings the host still holds what the
 * clients have not read yet (each of these agents' chats has some 150 messages by now): that is a replay in
 * flight, not what an idle stream keeps, and it made the figure swing from 16 to 34 KB between runs.
 */
const idleStreams = async (host) => {
  const n = STREAMS;
  const batch = 200;
  const url = `${host.base}/api/v1/agents/me/events?token=${host.owner.token}`;
  // One fresh stream replays the agent's chats; its last event's id is the agent's cursor.
  let cursor = null;
  let lastAt = performance.now();
  const first = await openStream(url, (_event, _data, id) => {
    if (id) cursor = id;
    lastAt = performance.now();
  });
  while (performance.now() - lastAt < 1000) await new Promise((r) => setTimeout(r, 100));
  first.destroy();
  if (cursor === null) throw new Error('the agent stream sent no event with an id');
  const resumed = `${url}&lastEventId=${encodeURIComponent(cursor)}`;
  const openBatch = (size) => Promise.all(Array.from({ length: size }, () => openStream(resumed, null)));
  // Warm-up: the first streams load and compile the code they run; that is not memory per stream.
  for (const r of await openBatch(batch)) r.destroy();
  await new Promise((r) => setTimeout(r, 500));
  const before = await collectedRssMb(host.child.pid, host.inspector);
  const open = [];
  for (let i = 0; i < n; i += batch) open.push(...(await openBatch(Math.min(batch, n - i))));
  await new Promise((r) => setTimeout(r, 2000));
  const burst = rssMb(host.child.pid);
  const after = await collectedRssMb(host.child.pid, host.inspector);
  const perStream = (mb) => fmt(((mb - before) * 1024) / open.length, 1);
  line(`idle streams open (resumed at the agent's cursor)`, String(open.length));
  line(`host RSS before / after MB`, `${fmt(before, 1)} / ${fmt(after, 1)} (after a full GC each; ${fmt(burst, 1)} before it)`);
  line(`memory per idle open stream KB (target < 16)`, `${perStream(after)} (${perStream(burst)} with the opening's garbage)`);
  for (const r of open) r.destroy();
};

/**
 * The ratio the CPU per message allows when the client and the server share this machine's cores and both
 * closed loops keep them busy: the raw route's server and client CPU per insert over ours per message (the
 * database server's own CPU, MySQL's, is not counted). A ratio near it says the gap is CPU per message,
 * not waiting; one well under it, that something waits.
 */
const cpuBound = (label, ours, raw) =>
  line(
    `${label}: ratio the CPU per message allows`,
    `${fmt(raw.cpuUs / ours.cpuUs)}  (raw ${fmt(raw.cpuUs, 0)} µs, ours ${fmt(ours.cpuUs, 0)} µs of server + client CPU)`,
  );

const dir = mkdtempSync(join(tmpdir(), 'parley-chat-bench-'));
try {
  console.log(`chat engine: ${CHATS} concurrent chats × ${PER_CHAT} messages, ${AGENTS} agents`);
  const sqliteUrl = `sqlite:${join(dir, 'parley.db')}`;
  const sqlite = await benchHost('sqlite', sqliteUrl, `sqlite:${join(dir, 'raw-turns.db')}`, '>= 0.8');
  await stop(sqlite.child);
  if (REDIS_URL) await benchTwoHosts('sqlite', sqliteUrl, sqlite);
  else line('sqlite: two hosts on Redis', 'skipped (set PARLEY_BENCH_REDIS_URL or PARLEY_TEST_REDIS_URL)');
  // Idle streams on a fresh host process over the same database (the owner's session is stored), so the
  // garbage the message run left in the heap does not count as stream memory.
  const fresh = await startBenchHost(sqliteUrl, {}, { inspect: true });
  try {
    await idleStreams({ child: fresh.child, inspector: fresh.inspector, base: fresh.base, owner: sqlite.owner });
  } finally {
    await stop(fresh.child); // the raw server runs alone, as it does for MySQL
  }
  const rawSqlite = await benchRaw('sqlite', `sqlite:${join(dir, 'raw.db')}`, sqlite.rate * 0.5);
  line(
    'sqlite: ratio ours/raw (target >= 0.8)',
    `${fmt(sqlite.rate / rawSqlite.rate)}  (first closed loops: ${fmt(sqlite.coldRate / rawSqlite.coldRate)})`,
  );
  cpuBound('sqlite', sqlite, rawSqlite);

  const mysql = mysqlBaseUrl();
  if (mysql) {
    const u = new URL(mysql);
    const db = `parley_bench_${randomBytes(4).toString('hex')}`;
    const { createConnection } = await import('mysql2/promise');
    const admin = await createConnection({ uri: mysql });
    await admin.query(`CREATE DATABASE \`${db}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin`);
    u.pathname = `/${db}`;
    try {
      const my = await benchHost('mysql', u.toString(), u.toString(), '>= 1.0');
      await stop(my.child);
      if (REDIS_URL) await benchTwoHosts('mysql', u.toString(), my);
      const rawMy = await benchRaw('mysql', u.toString(), my.rate * 0.5);
      line(
        'mysql: ratio ours/raw (target >= 1.0)',
        `${fmt(my.rate / rawMy.rate)}  (first closed loops: ${fmt(my.coldRate / rawMy.coldRate)})`,
      );
      cpuBound('mysql', my, rawMy);
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS \`${db}\``);
      await admin.end();
    }
  } else {
    line('mysql', 'skipped (set PARLEY_BENCH_MYSQL_URL or PARLEY_TEST_MYSQL_URL)');
  }
} finally {
  closeClient();
  rmSync(dir, { recursive: true, force: true });
}
