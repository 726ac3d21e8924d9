// Small helpers shared by the benchmarks.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

/** The repository's root folder. */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];

/** Summary of a list of durations in ms. */
export const stats = (ms) => {
  const s = [...ms].sort((a, b) => a - b);
  return { n: s.length, p50: percentile(s, 50), p95: percentile(s, 95), p99: percentile(s, 99), max: s[s.length - 1] };
};

export const fmt = (n, digits = 2) => (typeof n === 'number' ? n.toFixed(digits) : String(n));

export const timed = async (fn) => {
  const t = performance.now();
  const value = await fn();
  return { value, ms: performance.now() - t };
};

/** Samples RSS every `everyMs` while `fn` runs; returns the peak growth over the starting RSS, in MB. */
export const peakRss = async (fn, everyMs = 20) => {
  globalThis.gc?.();
  const start = process.memoryUsage().rss;
  let peak = start;
  const t = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, everyMs);
  try {
    const value = await fn();
    peak = Math.max(peak, process.memoryUsage().rss);
    return { value, startMb: start / 1e6, peakMb: peak / 1e6, growthMb: (peak - start) / 1e6 };
  } finally {
    clearInterval(t);
  }
};

/** The MySQL server benchmarks may use: PARLEY_BENCH_MYSQL_URL, else PARLEY_TEST_MYSQL_URL, else none. */
export const mysqlBaseUrl = () => process.env.PARLEY_BENCH_MYSQL_URL || process.env.PARLEY_TEST_MYSQL_URL || null;

/**
 * Runs `fn(url)` against a new, empty database on the MySQL server at `base`, and drops it afterwards
 * (unless PARLEY_BENCH_KEEP is set, to look at it).
 */
export const withScratchMysqlDatabase = async (base, fn) => {
  const mysql = await import('mysql2/promise');
  const admin = await mysql.createConnection(base);
  const name = `parley_bench_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  await admin.query(`CREATE DATABASE ${name}`);
  const u = new URL(base);
  u.pathname = `/${name}`;
  try {
    return await fn(u.toString());
  } finally {
    if (!process.env.PARLEY_BENCH_KEEP) await admin.query(`DROP DATABASE IF EXISTS ${name}`);
    await admin.end();
  }
};

/** Runs `fn(file)` with the path of a SQLite database file in a new temp folder (`parley-<name>-bench-…`), removed afterwards. */
export const withScratchSqliteFile = async (name, fn) => {
  const dir = mkdtempSync(join(tmpdir(), `parley-${name}-bench-`));
  try {
    return await fn(join(dir, 'bench.db'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

/** `INSERT INTO table (columns) VALUES (?,…)`, a `?` for each of the comma-separated `columns`: a statement to prepare with better-sqlite3. */
export const insertSql = (table, columns) =>
  `INSERT INTO ${table} (${columns}) VALUES (${columns
    .split(',')
    .map(() => '?')
    .join(',')})`;

/**
 * Writes rows straight into the tables of the database at `url` (SQLite or MySQL) with its driver, past the
 * core, so that a benchmark seeds a million rows in seconds. `db()` is the driver's connection (better-sqlite3's
 * Database, a mysql2/promise Connection), opened on first use, once the storage's migrations made the tables;
 * `insert(table, columns, batch)` writes a batch of rows (arrays in the order of the comma-separated `columns`)
 * in one transaction in SQLite, as one multi-row INSERT in MySQL; `run(sql, params)` runs one statement;
 * `close()` closes the connection.
 */
const rowWriter = (dialect, url) => {
  let db = null;
  let closed = false;
  const open = async () => {
    if (db) return db;
    if (dialect === 'sqlite') {
      const { default: Database } = await import('better-sqlite3');
      db = new Database(url.slice('sqlite:'.length));
    } else db = await (await import('mysql2/promise')).createConnection(url);
    return db;
  };
  return {
    db: open,
    insert: async (table, columns, batch) => {
      const c = await open();
      if (dialect === 'sqlite') {
        const stmt = c.prepare(insertSql(table, columns));
        c.transaction((rows) => rows.forEach((row) => stmt.run(row)))(batch);
      } else await c.query(`INSERT INTO ${table} (${columns}) VALUES ?`, [batch]);
    },
    run: async (sql, params = []) => {
      const c = await open();
      if (dialect === 'mysql') await c.query(sql, params);
      else if (params.length) c.prepare(sql).run(...params);
      else c.exec(sql);
    },
    close: async () => {
      if (closed || !db) return;
      closed = true;
      if (dialect === 'sqlite') db.close();
      else await db.end();
    },
  };
};

/**
 * Runs `fn(dialect, url, rows)` on a new, empty SQLite database (unless `skipSqlite`), then on a new, empty
 * database on the MySQL server of {@link mysqlBaseUrl} (else prints that MySQL was skipped); each is removed
 * afterwards (see {@link withScratchSqliteFile}, {@link withScratchMysqlDatabase}). `rows` writes into its tables
 * straight (see rowWriter), and is closed afterwards if `fn` did not close it. For the benchmarks that seed a
 * database at scale and time the core's queries on each engine.
 */
export const onEachScratchDatabase = async (name, fn, { skipSqlite = false } = {}) => {
  const withRows = async (dialect, url) => {
    const rows = rowWriter(dialect, url);
    try {
      return await fn(dialect, url, rows);
    } finally {
      await rows.close();
    }
  };
  if (!skipSqlite) await withScratchSqliteFile(name, (file) => withRows('sqlite', `sqlite:${file}`));
  const base = mysqlBaseUrl();
  if (base) await withScratchMysqlDatabase(base, (url) => withRows('mysql', url));
  else console.log('  mysql: skipped (set PARLEY_BENCH_MYSQL_URL or PARLEY_TEST_MYSQL_URL)');
};

/**
 * A Parley core in this process over `storage`, for the benchmarks that time its services straight: events in
 * memory, the system clock, cheap password hashing (they time queries, not logins) and open signup. Its
 * packages are imported here, on first use, so that the benchmarks of the built host do not load them.
 */
export const parleyOver = async (storage) => {
  const [{ createParley, defaultCoreConfig }, { MemoryEventBus }, { Argon2Hasher, NodeTokenCrypto, SystemClock, Uuid7Ids }] =
    await Promise.all([import('@parley/core'), import('@parley/events-memory'), import('@parley/node-crypto')]);
  const clock = new SystemClock();
  return createParley({
    storage,
    events: new MemoryEventBus(),
    clock,
    ids: new Uuid7Ids({ clock }),
    hasher: new Argon2Hasher({ memoryCost: 1024, timeCost: 1 }),
    crypto: new NodeTokenCrypto(),
    config: { ...defaultCoreConfig, signup: 'open' },
  });
};

/**
 * Opens the SQL storage at `url`, applies its migrations and signs up a new account (a random owner email)
 * through {@link parleyOver}; resolves with `{storage, parley, account, owner}`, `owner` being the signed-in
 * owner the services take as their caller.
 */
export const signedUpOwner = async (url) => {
  const { createSqlStorage } = await import('@parley/storage-sql');
  const storage = await createSqlStorage({ url });
  await storage.migrate();
  const parley = await parleyOver(storage);
  const meta = { ip: '127.0.0.1', userAgent: 'bench' };
  const email = `bench-${randomUUID()}@example.com`;
  const { account } = await parley.accounts.signUp(
    { accountName: 'Bench', email, name: 'Bench Owner', password: 'bench password long' },
    meta,
  );
  const { token } = await parley.auth.login({ email, password: 'bench password long' }, meta);
  const owner = await parley.auth.authenticate(token, meta);
  return { storage, parley, account, owner };
};

/** The fields of a seeded chat's visitor that nothing is known of. */
const UNKNOWN_VISITOR_FIELDS = ['ip', 'userAgent', 'browser', 'os', 'pageUrl', 'referrerUrl', 'language'];

/** A chat's visitor as storage holds it, of whom only a name, an email and a location are known: for seeded chats. */
export const seededVisitor = (name, email = null, geo = {}) => ({
  name,
  email,
  ...Object.fromEntries(UNKNOWN_VISITOR_FIELDS.map((field) => [field, null])),
  customVariables: {},
  geo,
});

export const line = (label, value) => console.log(`  ${label.padEnd(46)} ${value}`);

/**
 * A JSON client over one keep-alive agent (`maxSockets` at once): `request(base, method, path, body?, token?)`
 * resolves with `{status, body}`; `destroy()` closes its sockets. A request whose kept-alive socket is reset
 * before any answer (the server closed it as idle just as the request left) is sent again once, as Node's
 * documentation advises (`request.reusedSocket`); a benchmark must not die of that race.
 */
export const jsonClient = (maxSockets) => {
  const agent = new http.Agent({ keepAlive: true, maxSockets });
  const send = (again, base, method, path, body, token) =>
    new Promise((resolve, reject) => {
      const data = body === undefined ? undefined : JSON.stringify(body);
      const req = http.request(
        base + path,
        {
          method,
          agent,
          headers: {
            ...(data ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) } : {}),
            ...(token ? { authorization: `Bearer ${token}` } : {}),
          },
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (d) => (text += d));
          res.on('end', () => resolve({ status: res.statusCode, body: text ? JSON.parse(text) : null }));
        },
      );
      req.on('error', (error) => {
        if (again && req.reusedSocket && error.code === 'ECONNRESET') send(false, base, method, path, body, token).then(resolve, reject);
        else reject(error);
      });
      req.end(data);
    });
  const request = (base, method, path, body, token) => send(true, base, method, path, body, token);
  return { request, destroy: () => agent.destroy() };
};

/** The processes {@link startProcess} started that still run: killed when this process exits, by one listener. */
const running = new Set();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/**
 * Starts `node args` in the repository's root with only PATH and `env` in its environment; resolves with the
 * process and the port once its output matches `match` (whose first group is the port), and, when `args` hold
 * `--inspect=127.0.0.1:0`, the inspector's WebSocket address (`inspector`, else null); rejects if it exits
 * first or has not started within 60 s. Killed when this process exits.
 */
export const startProcess = (args, env, match) =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    running.add(child);
    child.once('exit', () => running.delete(child));
    let out = '';
    let resolved = false;
    const timer = setTimeout(() => reject(new Error(`did not start within 60 s:\n${out}`)), 60_000);
    const onData = (d) => {
      out += d;
      const m = match.exec(out);
      // With --inspect=127.0.0.1:0 in `args`, the inspector's address (see collectedRssMb).
      const inspector = /Debugger listening on (ws:\/\/\S+)/.exec(out)?.[1] ?? null;
      if (m && !resolved && (inspector !== null || !args.some((a) => a.startsWith('--inspect')))) {
        resolved = true;
        clearTimeout(timer);
        resolve({ child, port: Number(m[1]), inspector });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code}:\n${out}`));
    });
  });

/** The built reference host (`npm run build`). */
export const HOST_MAIN = `${ROOT}hosts/server/dist/main.js`;

/**
 * Starts the built host ({@link HOST_MAIN}) on loopback, port 0, with `env` and no other setting (the host's
 * defaults: see {@link startHost} for a benchmark's usual ones); `nodeArgs` go before the script (`--cpu-prof`,
 * `--inspect`). Resolves as {@link startProcess} does, with the host's address as `base`.
 */
export const startBareHost = async (env, nodeArgs = []) => {
  const started = await startProcess(
    [...nodeArgs, HOST_MAIN],
    { PORT: '0', PARLEY_HOST: '127.0.0.1', ...env },
    /"url":"http:\/\/127\.0\.0\.1:(\d+)"/,
  );
  return { ...started, base: `http://127.0.0.1:${started.port}` };
};

/**
 * Starts the built host for a benchmark ({@link startBareHost}): open signup, no GeoIP, cheap password hashing,
 * and no limits on chat starts and writes (a benchmark is one client address doing the work of many visitors),
 * then `env` over that.
 */
export const startHost = (env, nodeArgs = []) =>
  startBareHost(
    {
      PARLEY_SIGNUP: 'open',
      PARLEY_GEOIP: 'off',
      PARLEY_ARGON2_MEMORY_KIB: '1024',
      PARLEY_ARGON2_ITERATIONS: '1',
      PARLEY_LIMIT_CHAT_STARTS: '1000000/60',
      PARLEY_LIMIT_CHAT_WRITES: '1000000/60',
      PARLEY_LIMIT_CHAT_WRITES_PER_CHAT: '1000000/60',
      ...env,
    },
    nodeArgs,
  );

/** Stops a child process (SIGTERM) and waits for it. */
export const stop = async (child) => {
  if (child.exitCode !== null) return;
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
};

/** CPU time (user + system) a process has used so far, in ms (Linux /proc; NaN elsewhere). */
export const cpuMs = (pid) => {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime + stime, in USER_HZ (100) ticks
  } catch {
    return NaN;
  }
};

/** Runs `fn` and tells how much CPU the server process and this client used per call, in µs. */
export const withCpu = async (pid, calls, fn) => {
  const server0 = cpuMs(pid);
  const client0 = process.cpuUsage();
  const value = await fn();
  const client = process.cpuUsage(client0);
  return { value, serverUs: ((cpuMs(pid) - server0) * 1000) / calls, clientUs: (client.user + client.system) / calls };
};

/** Resident memory of a process, in MB (Linux /proc). */
export const rssMb = (pid) => {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
};

/**
 * The resident memory (MB) of a process started with `--inspect=127.0.0.1:0` (see {@link startProcess}'s
 * `inspector`) right after two full garbage collections asked for through its inspector. Read straight after a
 * burst of work (streams opening, each replaying its chats), RSS still holds that burst's garbage until V8's
 * memory reducer shrinks the heap, some 20 s later or never, so per-stream figures swung from 12 to 80 KB
 * between runs; after a collection it is what the process keeps.
 */
export const collectedRssMb = async (pid, inspectorUrl) => {
  const { WebSocket } = await import('ws');
  const ws = new WebSocket(inspectorUrl);
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  let id = 0;
  const call = (method) =>
    new Promise((resolve) => {
      const mine = ++id;
      const listener = (data) => {
        if (JSON.parse(String(data)).id !== mine) return;
        ws.off('message', listener);
        resolve();
      };
      ws.on('message', listener);
      ws.send(JSON.stringify({ id: mine, method }));
    });
  await call('HeapProfiler.collectGarbage');
  await call('HeapProfiler.collectGarbage');
  ws.close();
  await new Promise((r) => setTimeout(r, 500));
  return rssMb(pid);
};

/** Opens an SSE stream with node:http; calls onEvent(event, data, id) per event. */
export const openStream = (url, onEvent) =>
  new Promise((resolve, reject) => {
    const req = http.get(url, { agent: false }, (res) => {
      if (res.statusCode !== 200) return reject(new Error(`stream ${res.statusCode}`));
      let buf = '';
      res.setEncoding('utf8');
      res.on('data', (d) => {
        if (!onEvent) return;
        buf += d;
        for (let i = buf.indexOf('\n\n'); i >= 0; i = buf.indexOf('\n\n')) {
          const block = buf.slice(0, i);
          buf = buf.slice(i + 2);
          let event = 'message';
          let data = null;
          let id = null;
          for (const l of block.split('\n')) {
            if (l.startsWith('event: ')) event = l.slice(7);
            else if (l.startsWith('data: ')) data = l.slice(6);
            else if (l.startsWith('id: ')) id = l.slice(4);
          }
          if (data) onEvent(event, JSON.parse(data), id);
        }
      });
      res.on('error', () => {});
      resolve(req);
    });
    req.on('error', reject);
  });

/** Runs `workers` closed loops of `perWorker` calls each; returns elapsed ms. */
export const closedLoop = async (workers, perWorker, call) => {
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: workers }, async (_, w) => {
      for (let n = 0; n < perWorker; n++) await call(w, n);
    }),
  );
  return performance.now() - t0;
};

/**
 * Offers `rate` calls a second for `seconds`, with Poisson arrivals (exponential gaps), whatever the
 * answers take: an open loop, as real visitors are. Resolves when every call has answered, with how far
 * behind schedule the sender fell at most (ms), which says whether the client kept up.
 */
export const openLoop = async (rate, seconds, call) => {
  const pending = [];
  const t0 = performance.now();
  const end = t0 + seconds * 1000;
  let next = t0;
  let lag = 0;
  for (let n = 0; ; n++) {
    next += (-Math.log(1 - Math.random()) * 1000) / rate;
    if (next >= end) break;
    const wait = next - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    lag = Math.max(lag, performance.now() - next);
    pending.push(call(n));
  }
  await Promise.all(pending);
  return { calls: pending.length, lag };
};
