// Chat monitor fan-out (issue #5): 1,000 monitor subscribers on loopback. Starts the built host
// (hosts/server/dist/main.js, SQLite in a temp dir), opens the subscribers (SSE over keep-alive HTTP,
// spread over worker threads, with `?patches=true` as the monitor page opens it: a snapshot, then
// patches), creates chats through the API and measures, per chat, the time from the request that creates
// it to the event that shows it arriving at every subscriber (p50/p99 over chats, and over single
// deliveries). Then the same fan-out through a plain socket.io broadcast (a server in its own process,
// websocket transport) of a payload the size of the whole view, as a server that broadcasts its view on
// every change sends, in the same run, and the ratio. Also the host's memory and CPU with the subscribers
// idle.
//
// Env: PARLEY_BENCH_MONITOR_SUBSCRIBERS (default 1000), PARLEY_BENCH_MONITOR_EVENTS (default 30),
// PARLEY_BENCH_MONITOR_WORKERS (client threads, default 4), PARLEY_BENCH_MONITOR_WARMUP (unmeasured first
// events on each side, default 2), PARLEY_BENCH_MONITOR_PATCHES (0: Parley's subscribers take whole
// snapshots only). Run `npm run build` first.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';

const SELF = fileURLToPath(import.meta.url);
const now = () => performance.timeOrigin + performance.now(); // sub-millisecond, comparable across threads

// ------------------------------------------------------------------------------------------------
// A plain socket.io server (child process): POST /emit broadcasts the body as a `chat` event.
// ------------------------------------------------------------------------------------------------
if (isMainThread && process.argv[2] === 'socketio-server') {
  const { Server } = await import('socket.io');
  const server = http.createServer((req, res) => {
    if (req.method !== 'POST' || req.url !== '/emit') return res.writeHead(404).end();
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      io.emit('chat', body);
      res.writeHead(204).end();
    });
  });
  const io = new Server(server, { transports: ['websocket'], serveClient: false });
  server.listen(0, '127.0.0.1', () => process.stdout.write(`listening ${server.address().port}\n`));
  process.on('SIGTERM', () => {
    io.close();
    server.close(() => process.exit(0));
  });
}

// ------------------------------------------------------------------------------------------------
// Client threads: open subscribers, report when each expected marker reached all of them.
// ------------------------------------------------------------------------------------------------
else if (!isMainThread) {
  const { mode, count, url, token, patches } = workerData;
  const expected = new Map(); // marker -> { times: number[], got: Set<index>, bytes }
  const onPayload = (i, text) => {
    for (const [marker, e] of expected) {
      if (e.got.has(i) || !text.includes(marker)) continue;
      e.got.add(i);
      e.times.push(now());
      e.bytes = text.length;
      if (e.got.size === count) {
        expected.delete(marker);
        parentPort.postMessage({ type: 'arrived', marker, times: e.times, bytes: e.bytes });
      }
    }
  };
  let ready = 0;
  const isReady = () => ++ready === count && parentPort.postMessage({ type: 'ready' });
  const closers = [];
  if (mode === 'sse') {
    const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });
    for (let i = 0; i < count; i++) {
      const req = http.get(
        `${url}/api/v1/monitor/stream${patches ? '?patches=true' : ''}`,
        { agent, headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' } },
        (res) => {
          if (res.statusCode !== 200) throw new Error(`stream answered ${res.statusCode}`);
          res.setEncoding('utf8');
          let buf = '';
          let first = true;
          res.on('data', (chunk) => {
            buf += chunk;
            for (let k = buf.indexOf('\n\n'); k >= 0; k = buf.indexOf('\n\n')) {
              const block = buf.slice(0, k);
              buf = buf.slice(k + 2);
              if (!block.includes('event: snapshot') && !block.includes('event: patch')) continue;
              if (first) {
                first = false;
                isReady();
              }
              onPayload(i, block);
            }
          });
        },
      );
      closers.push(() => req.destroy());
    }
  } else {
    const { io } = await import('socket.io-client');
    for (let i = 0; i < count; i++) {
      const socket = io(url, { transports: ['websocket'], forceNew: true, reconnection: false });
      socket.once('connect', isReady);
      socket.on('chat', (payload) => onPayload(i, payload));
      closers.push(() => socket.close());
    }
  }
  parentPort.on('message', (m) => {
    if (m.type === 'expect') expected.set(m.marker, { times: [], got: new Set(), bytes: 0 });
    if (m.type === 'close') {
      closers.forEach((c) => c());
      parentPort.close();
    }
  });
}

// ------------------------------------------------------------------------------------------------
// Main
// ------------------------------------------------------------------------------------------------
else {
  const { cpuMs, fmt, HOST_MAIN, line, rssMb, startHost, startProcess, stats } = await import('./lib.mjs');
  const SUBSCRIBERS = Number(process.env.PARLEY_BENCH_MONITOR_SUBSCRIBERS ?? 1000);
  const EVENTS = Number(process.env.PARLEY_BENCH_MONITOR_EVENTS ?? 30);
  /**
   * Events sent first and not measured, on both sides: the first one runs code not yet compiled (Parley's
   * route, transaction and view; socket.io's broadcast), and with 30 events p99 is the slowest one, so a cold
   * first event was the p99 (printed apart as "first event").
   */
  const WARMUP = Number(process.env.PARLEY_BENCH_MONITOR_WARMUP ?? 2);
  const WORKERS = Math.max(1, Math.min(SUBSCRIBERS, Number(process.env.PARLEY_BENCH_MONITOR_WORKERS ?? 4)));
  const PATCHES = process.env.PARLEY_BENCH_MONITOR_PATCHES !== '0';
  /** Chats are spaced wider than the monitor's 250 ms coalescing window, so each is measured alone. */
  const SPACING_MS = 400;
  if (!existsSync(HOST_MAIN)) {
    console.error(`monitor bench: ${HOST_MAIN} is missing; run npm run build first`);
    process.exit(1);
  }
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  const dir = mkdtempSync(join(tmpdir(), 'parley-monitor-bench-'));
  // The processes it starts are killed on exit by lib.mjs (startProcess).
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));

  const api = async (url, path, method = 'GET', body, token) => {
    const res = await fetch(url + path, {
      method,
      headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
    return text ? JSON.parse(text) : null;
  };

  /** Resident memory (MB) and CPU seconds used so far by a process (Linux; elsewhere null). */
  const usage = (pid) => {
    try {
      return { rssMb: rssMb(pid), cpuSeconds: cpuMs(pid) / 1000 };
    } catch {
      return null;
    }
  };

  /**
   * Opens the subscribers in worker threads; `trigger(marker)` makes one event, `after(i)` (untimed) runs once
   * it reached everyone; returns per-event timings.
   */
  const run = async (mode, url, token, trigger, after = async () => {}) => {
    const per = Math.ceil(SUBSCRIBERS / WORKERS);
    const workers = [];
    for (let left = SUBSCRIBERS; left > 0; left -= per)
      workers.push(new Worker(SELF, { workerData: { mode, count: Math.min(per, left), url, token, patches: PATCHES } }));
    const waitAll = (type, filter = () => true) =>
      Promise.all(
        workers.map(
          (w) =>
            new Promise((resolve) => {
              const listener = (m) => {
                if (m.type !== type || !filter(m)) return;
                w.off('message', listener);
                resolve(m);
              };
              w.on('message', listener);
            }),
        ),
      );
    const t = now();
    await waitAll('ready');
    const connectMs = now() - t;
    const fanout = [];
    const firstOfEach = [];
    const answered = [];
    const deliveries = [];
    const sizes = [];
    let first = null;
    for (let i = -WARMUP; i < EVENTS; i++) {
      const marker = `bench-${mode}-${i}-${Math.random().toString(36).slice(2, 10)}`;
      workers.forEach((w) => w.postMessage({ type: 'expect', marker }));
      const arrived = waitAll('arrived', (m) => m.marker === marker);
      const t0 = now();
      await trigger(marker, Math.max(0, i));
      if (i >= 0) answered.push(now() - t0);
      const all = await arrived;
      const times = all.flatMap((m) => m.times);
      first ??= Math.max(...times) - t0;
      if (i >= 0) {
        fanout.push(Math.max(...times) - t0);
        firstOfEach.push(Math.min(...times) - t0);
        for (const x of times) deliveries.push(x - t0);
        sizes.push(all[0].bytes);
        await after(i);
      }
      await sleep(SPACING_MS);
    }
    return {
      workers,
      connectMs,
      first,
      fanout: stats(fanout),
      reached: stats(firstOfEach),
      answered: stats(answered),
      deliveries: stats(deliveries),
      sizes,
    };
  };
  const closeWorkers = async (workers) => {
    for (const w of workers) w.postMessage({ type: 'close' });
    await Promise.all(workers.map((w) => w.terminate()));
  };

  console.log(
    `Monitor fan-out: ${SUBSCRIBERS} subscribers on loopback, ${EVENTS} chat events, ${WORKERS} client threads, node ${process.version}`,
  );

  // --- Parley: the real host, SSE -----------------------------------------------------------------
  const { child: host, base: url } = await startHost(
    { PARLEY_DATABASE_URL: `sqlite:${join(dir, 'bench.db')}` },
    process.env.PARLEY_BENCH_PROFILE ? ['--cpu-prof', '--cpu-prof-dir', process.env.PARLEY_BENCH_PROFILE] : [],
  );
  const password = 'correct horse battery staple';
  await api(url, '/api/v1/accounts', 'POST', { accountName: 'Bench', email: 'owner@bench.test', name: 'Olive', password });
  const owner = (await api(url, '/api/v1/auth/login', 'POST', { email: 'owner@bench.test', password })).token;
  const agentUser = await api(
    url,
    '/api/v1/users',
    'POST',
    { email: 'agent@bench.test', name: 'Ann Agent', role: 'agent', password },
    owner,
  );
  const agent = (await api(url, '/api/v1/auth/login', 'POST', { email: 'agent@bench.test', password })).token;
  const widgets = [];
  for (const name of ['Support', 'Sales', 'Billing']) widgets.push(await api(url, '/api/v1/widgets', 'POST', { name }, owner));
  for (const w of widgets) await api(url, `/api/v1/widgets/${w.id}/agents`, 'PUT', { agentIds: [agentUser.id] }, owner);
  await api(url, '/api/v1/agents/me/status', 'PUT', { status: 'paused' }, agent); // chats queue: each one changes the monitor

  const before = usage(host.pid);
  /** The size of the whole view after each event, as a snapshot carries it. */
  const viewSizes = [];
  const sse = await run(
    'sse',
    url,
    owner,
    (marker, i) =>
      api(url, `/api/v1/widgets/${widgets[i % widgets.length].id}/chats`, 'POST', {
        message: 'Hello',
        name: marker,
        email: 'visitor@bench.test',
      }),
    async () => viewSizes.push(JSON.stringify(await api(url, '/api/v1/monitor', 'GET', undefined, owner)).length),
  );
  const idleStart = usage(host.pid);
  await sleep(5000);
  const idleEnd = usage(host.pid);
  await closeWorkers(sse.workers);

  line('SSE subscribers connected (first snapshot) in', `${fmt(sse.connectMs, 0)} ms`);
  line('whole view (first → last event)', `${viewSizes[0]} → ${viewSizes.at(-1)} bytes`);
  line(
    PATCHES ? 'Parley sends per change: patch (p50, max)' : 'Parley sends per change: snapshot (first → last)',
    PATCHES ? `${stats(sse.sizes).p50} / ${Math.max(...sse.sizes)} bytes, SSE frame` : `${sse.sizes[0]} → ${sse.sizes.at(-1)} bytes`,
  );
  line('Parley SSE: chat → all subscribers p50 / p99', `${fmt(sse.fanout.p50)} / ${fmt(sse.fanout.p99)} ms`);
  line('Parley SSE: chat → one subscriber p50 / p99', `${fmt(sse.deliveries.p50)} / ${fmt(sse.deliveries.p99)} ms`);
  line(
    'Parley SSE: chat → first subscriber p50',
    `${fmt(sse.reached.p50)} ms (the request that starts it answered in ${fmt(sse.answered.p50)})`,
  );
  line('Parley SSE: first event → all (cold, not counted)', `${fmt(sse.first)} ms`);
  if (before && idleStart && idleEnd) {
    line('host RSS before / with subscribers', `${fmt(before.rssMb, 0)} / ${fmt(idleEnd.rssMb, 0)} MB`);
    line('host CPU with subscribers idle (5 s)', `${fmt(((idleEnd.cpuSeconds - idleStart.cpuSeconds) / 5) * 100, 1)} %`);
  }
  host.kill('SIGTERM');

  // --- socket.io: a plain broadcast of the whole view on every change -------------------------------
  const { port: ioPort } = await startProcess([SELF, 'socketio-server'], {}, /listening (\d+)/);
  const ioUrl = `http://127.0.0.1:${ioPort}`;
  const io = await run('io', ioUrl, null, async (marker, i) => {
    const size = viewSizes[i] ?? 1000;
    const body = JSON.stringify({ marker, pad: 'x'.repeat(Math.max(0, size - marker.length - 30)) });
    const res = await fetch(`${ioUrl}/emit`, { method: 'POST', body });
    await res.arrayBuffer();
  });
  await closeWorkers(io.workers);
  line('socket.io clients connected in', `${fmt(io.connectMs, 0)} ms`);
  line('socket.io broadcast: → all clients p50 / p99', `${fmt(io.fanout.p50)} / ${fmt(io.fanout.p99)} ms`);
  line('socket.io broadcast: → one client p50 / p99', `${fmt(io.deliveries.p50)} / ${fmt(io.deliveries.p99)} ms`);
  line('socket.io: → first client p50', `${fmt(io.reached.p50)} ms`);
  line('socket.io: first event → all (cold, not counted)', `${fmt(io.first)} ms`);
  line('ratio Parley / socket.io, all subscribers p50', `${fmt(sse.fanout.p50 / io.fanout.p50)}×`);
  line('ratio Parley / socket.io, all subscribers p99', `${fmt(sse.fanout.p99 / io.fanout.p99)}×`);
  console.log(
    '  (Parley’s figure includes creating the chat — HTTP, a SQLite transaction — the monitor’s wait for the rest of a\n' +
      '   commit’s events, recomputing the view from storage and its patch; socket.io only relays a ready payload, the\n' +
      '   size of the whole view, as a server that broadcasts its view on every change would.)',
  );
  process.exit(0);
}
