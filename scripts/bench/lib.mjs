// Small helpers shared by the benchmarks.
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { performance } from 'node:perf_hooks';

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

export const line = (label, value) => console.log(`  ${label.padEnd(46)} ${value}`);

/**
 * A JSON client over one keep-alive agent (`maxSockets` at once): `request(base, method, path, body?, token?)`
 * resolves with `{status, body}`; `destroy()` closes its sockets.
 */
export const jsonClient = (maxSockets) => {
  const agent = new http.Agent({ keepAlive: true, maxSockets });
  const request = (base, method, path, body, token) =>
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
      req.on('error', reject);
      req.end(data);
    });
  return { request, destroy: () => agent.destroy() };
};
