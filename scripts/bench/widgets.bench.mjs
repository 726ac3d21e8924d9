// 10,000 concurrent visitor widgets on one host (issue #18), against the built host (hosts/server/dist/main.js)
// on SQLite, 127.0.0.1: every visitor has a chat with one of 100 agents and keeps its chat's event stream open,
// as the widget does all day; then each visitor sends about one message a minute (Poisson arrivals over all of
// them) for PARLEY_BENCH_VISITOR_MINUTES. Printed:
// - host memory per idle open visitor stream (RSS growth over the streams opened, after a warm-up, each reading
//   after a full GC asked for through the host's inspector; target < 16 KB), on a host whose database holds every chat of the run;
// - while the messages flow: host CPU (% of one core) and RSS, POST → agent stream p50/p99, and whether every
//   message reached both its visitor's stream and its agent's stream exactly once (lost / twice).
// Env: PARLEY_BENCH_VISITORS (10000), PARLEY_BENCH_VISITOR_MINUTES (2). Run `npm run build` first.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { collectedRssMb, cpuMs, fmt, HOST_MAIN, jsonClient, line, openLoop, openStream, rssMb, startHost, stats, stop } from './lib.mjs';

const VISITORS = Number(process.env.PARLEY_BENCH_VISITORS ?? 10_000);
const MINUTES = Number(process.env.PARLEY_BENCH_VISITOR_MINUTES ?? 2);
const AGENTS = 100;
const PER_AGENT = Math.min(100, Math.ceil(VISITORS / AGENTS));
const PASSWORD = 'correct horse battery staple';
/** The benchmark is one client address doing the work of many visitors: the abuse limits would stop it. */

if (!existsSync(HOST_MAIN)) {
  console.error('widgets.bench: build first (npm run build)');
  process.exit(1);
}

const { request, destroy: closeClient } = jsonClient(32);
const settle = (ms) => new Promise((r) => setTimeout(r, ms));
const load = () =>
  loadavg()
    .map((n) => fmt(n, 2))
    .join(' / ');

/** Runs `fn(i)` for i in 0..n-1, `width` at a time. */
const inParallel = async (n, width, fn) => {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < n) await fn(next++);
    }),
  );
};

const dir = mkdtempSync(join(tmpdir(), 'parley-widgets-bench-'));
const { child, base, inspector } = await startHost({ PARLEY_DATABASE_URL: `sqlite:${join(dir, 'parley.db')}` }, ['--inspect=127.0.0.1:0']);
const open = [];
try {
  console.log(`visitor widgets: ${VISITORS} visitors, ${AGENTS} agents, about one message a minute each for ${MINUTES} min`);
  const tag = randomBytes(4).toString('hex');
  const email = (who) => `${who}-${tag}@bench.test`;
  await request(base, 'POST', '/api/v1/accounts', { accountName: 'Bench', email: email('owner'), name: 'Owner', password: PASSWORD });
  const owner = (await request(base, 'POST', '/api/v1/auth/login', { email: email('owner'), password: PASSWORD })).body.token;
  const widget = (await request(base, 'POST', '/api/v1/widgets', { name: 'Bench' }, owner)).body;
  await request(base, 'PATCH', `/api/v1/widgets/${widget.id}`, { settings: { maxConcurrentChats: PER_AGENT, maxQueueSize: null } }, owner);
  const agents = [];
  await inParallel(AGENTS, 8, async (i) => {
    const body = { email: email(`agent${i}`), name: `Agent ${i}`, role: 'agent', password: PASSWORD };
    const u = (await request(base, 'POST', '/api/v1/users', body, owner)).body;
    const token = (await request(base, 'POST', '/api/v1/auth/login', { email: body.email, password: PASSWORD })).body.token;
    agents[i] = { id: u.id, token };
  });
  await request(base, 'PUT', `/api/v1/widgets/${widget.id}/agents`, { agentIds: agents.map((a) => a.id) }, owner);
  for (const a of agents) await request(base, 'PUT', '/api/v1/agents/me/status', { status: 'online' }, a.token);

  // What each stream received: message text → times seen, for the visitors' streams and the agents'.
  const atVisitor = new Map();
  const atAgent = new Map();
  const sentAt = new Map();
  let latencies = [];
  const count = (map, text) => map.set(text, (map.get(text) ?? 0) + 1);

  for (const a of agents)
    open.push(
      await openStream(`${base}/api/v1/agents/me/events?token=${a.token}`, (event, data) => {
        if (event !== 'chat.message' || !data.text?.startsWith('m:')) return;
        count(atAgent, data.text);
        const t0 = sentAt.get(data.text);
        if (t0 !== undefined && atAgent.get(data.text) === 1) latencies.push(performance.now() - t0);
      }),
    );

  const t0 = performance.now();
  const chats = new Array(VISITORS);
  await inParallel(VISITORS, 16, async (i) => {
    const r = await request(base, 'POST', `/api/v1/widgets/${widget.id}/chats`, { message: 'hello', name: `Visitor ${i}` });
    if (r.status !== 201 || r.body.status !== 'active')
      throw new Error(`chat ${i}: ${r.status} ${r.body?.status ?? JSON.stringify(r.body)}`);
    chats[i] = r.body;
  });
  line('chats started', `${VISITORS} in ${fmt((performance.now() - t0) / 1000, 1)} s`);

  // Warm-up: the first streams load and compile the code they run; that is not memory per stream.
  const warm = Math.min(200, VISITORS);
  const visitorStream = (c) =>
    openStream(`${base}/api/v1/chats/${c.chatId}/events?token=${encodeURIComponent(c.visitorToken)}`, (event, data) => {
      if (event === 'chat.message' && data.text?.startsWith('m:')) count(atVisitor, data.text);
    });
  for (let i = 0; i < warm; i++) (await visitorStream(chats[i])).destroy();
  await settle(1000);
  const before = await collectedRssMb(child.pid, inspector);
  for (let i = 0; i < VISITORS; i += 200) open.push(...(await Promise.all(chats.slice(i, i + 200).map(visitorStream))));
  await settle(3000);
  const burst = rssMb(child.pid);
  const idle = await collectedRssMb(child.pid, inspector);
  const perStream = (mb) => fmt(((mb - before) * 1024) / VISITORS, 1);
  line('visitor streams open', String(VISITORS));
  line('host RSS before / after MB', `${fmt(before, 1)} / ${fmt(idle, 1)} (after a full GC each; ${fmt(burst, 1)} before it)`);
  line('memory per idle visitor stream KB (target < 16)', `${perStream(idle)} (${perStream(burst)} with the opening's garbage)`);

  // One message a minute per visitor, Poisson arrivals over all of them.
  const rate = VISITORS / 60;
  const refused = {};
  let peak = idle;
  const sample = setInterval(() => {
    peak = Math.max(peak, rssMb(child.pid));
  }, 1000);
  const cpu0 = cpuMs(child.pid);
  const wall0 = performance.now();
  latencies = [];
  const { calls, lag } = await openLoop(rate, MINUTES * 60, async (n) => {
    const c = chats[Math.floor(Math.random() * VISITORS)];
    const text = `m:${n}`;
    sentAt.set(text, performance.now());
    const r = await request(base, 'POST', `/api/v1/chats/${c.chatId}/messages`, { text }, c.visitorToken);
    if (r.status !== 201) {
      sentAt.delete(text);
      refused[r.status] = (refused[r.status] ?? 0) + 1;
    }
  });
  const cpu = ((cpuMs(child.pid) - cpu0) / (performance.now() - wall0)) * 100;
  await settle(3000);
  clearInterval(sample);
  const sent = [...sentAt.keys()];
  const tally = (map) => ({
    lost: sent.filter((t) => !map.has(t)).length,
    twice: sent.filter((t) => (map.get(t) ?? 0) > 1).length,
  });
  const v = tally(atVisitor);
  const a = tally(atAgent);
  const s = stats(latencies);
  const refusals = Object.entries(refused)
    .map(([status, k]) => `${k}×${status}`)
    .join(' ');
  line(`messages offered (${fmt(rate, 0)}/s)`, `${calls}${refusals ? `, refused ${refusals}` : ''} (sender behind ≤ ${fmt(lag, 0)} ms)`);
  line('host CPU while they flow, % of one core', fmt(cpu, 0));
  line('host RSS idle / peak MB', `${fmt(idle, 1)} / ${fmt(peak, 1)}`);
  line('POST → agent stream p50 / p99 ms', `${fmt(s.p50)} / ${fmt(s.p99)}`);
  line('at the visitors’ streams: lost / twice', `${v.lost} / ${v.twice}`);
  line('at the agents’ streams: lost / twice', `${a.lost} / ${a.twice}`);
  line('load average (1 / 5 / 15 min)', `${load()} on 2 cores`);
} finally {
  for (const r of open) r.destroy();
  closeClient();
  await stop(child);
  rmSync(dir, { recursive: true, force: true });
}
