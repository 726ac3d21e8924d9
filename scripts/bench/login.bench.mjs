// Logins (issue #7, security policy), against the built host (hosts/server/dist/main.js) on 127.0.0.1
// with embedded SQLite and the default argon2id parameters (OWASP: 19 MiB, t=2, p=1):
// - successful logins per second, with several logins in flight at once;
// - the time of a rejected login for an unknown email and for a wrong password, interleaved in random
//   order one at a time: p50/p95/p99 of each. They must be indistinguishable (the unknown email is
//   verified against a decoy hash and runs the same storage statements).
// Env: PARLEY_BENCH_LOGIN_SECONDS (10), PARLEY_BENCH_LOGIN_CONCURRENCY (8), PARLEY_BENCH_REJECTED (300 of each).
// The host's per-address throttle is raised for the run (every request comes from 127.0.0.1).
// Run `npm run build` first. Standalone: `node scripts/bench/login.bench.mjs`.
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';
import { fmt, HOST_MAIN, jsonClient, line, startBareHost, stats, stop, withScratchSqliteFile } from './lib.mjs';

const SECONDS = Number(process.env.PARLEY_BENCH_LOGIN_SECONDS ?? 10);
const CONCURRENCY = Number(process.env.PARLEY_BENCH_LOGIN_CONCURRENCY ?? 8);
const REJECTED = Number(process.env.PARLEY_BENCH_REJECTED ?? 300);
const OWNER = { email: 'owner@bench.example', password: 'correct horse battery staple' };

if (!existsSync(HOST_MAIN)) {
  console.error('login.bench: build first (npm run build)');
  process.exit(1);
}

const { request, destroy: closeClient } = jsonClient(64);

const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;

// The host's defaults (argon2id parameters above all), but for open signup and the per-address throttle.
await withScratchSqliteFile('login', async (file) => {
  const { child, base } = await startBareHost({
    PARLEY_DATABASE_URL: `sqlite:${file}`,
    PARLEY_SIGNUP: 'open',
    PARLEY_LOGIN_MAX_FAILURES: '1000000',
    PARLEY_LOG_LEVEL: 'info',
  });
  try {
    const signup = await request(base, 'POST', '/api/v1/accounts', { accountName: 'Bench', name: 'Olive', ...OWNER });
    if (signup.status !== 201) throw new Error(`sign-up failed: ${JSON.stringify(signup.body)}`);
    // Warm up: the decoy hash, connections, the JIT.
    for (let i = 0; i < 5; i++) {
      await request(base, 'POST', '/api/v1/auth/login', OWNER);
      await request(base, 'POST', '/api/v1/auth/login', { email: `ghost${i}@bench.example`, password: 'nope nope nope' });
    }

    console.log(`login (argon2id m=19456 KiB, t=2, p=1; SQLite; ${availableParallelism()} cores; host pid ${child.pid})`);

    // Successful logins per second, CONCURRENCY in flight.
    let ok = 0;
    let failed = 0;
    const until = performance.now() + SECONDS * 1000;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (performance.now() < until) {
          const r = await request(base, 'POST', '/api/v1/auth/login', OWNER);
          if (r.status === 200) ok++;
          else failed++;
        }
      }),
    );
    const elapsed = (performance.now() - started) / 1000;
    line(
      `successful logins per second (${CONCURRENCY} in flight)`,
      `${fmt(ok / elapsed, 1)}  (${ok} in ${fmt(elapsed, 1)} s${failed ? `, ${failed} failed` : ''})`,
    );

    // Rejected logins, one at a time, the two kinds interleaved in random order.
    const unknown = [];
    const wrong = [];
    for (let i = 0; i < REJECTED; i++) {
      const kinds = Math.random() < 0.5 ? ['unknown', 'wrong'] : ['wrong', 'unknown'];
      for (const kind of kinds) {
        const body =
          kind === 'unknown'
            ? { email: `nobody${i}@bench.example`, password: 'wrong password here' }
            : { email: OWNER.email, password: 'wrong password here' };
        const t = performance.now();
        const r = await request(base, 'POST', '/api/v1/auth/login', body);
        const ms = performance.now() - t;
        if (r.status !== 401) throw new Error(`expected 401 for ${kind}, got ${r.status}`);
        (kind === 'unknown' ? unknown : wrong).push(ms);
      }
    }
    const u = stats(unknown);
    const w = stats(wrong);
    const row = (s, xs) => `p50 ${fmt(s.p50)} ms   p95 ${fmt(s.p95)} ms   p99 ${fmt(s.p99)} ms   mean ${fmt(mean(xs))} ms`;
    line(`rejected login, unknown email (n=${u.n})`, row(u, unknown));
    line(`rejected login, wrong password (n=${w.n})`, row(w, wrong));
    line(
      'difference unknown - wrong',
      `p50 ${fmt(u.p50 - w.p50)} ms   p99 ${fmt(u.p99 - w.p99)} ms   mean ${fmt(mean(unknown) - mean(wrong))} ms`,
    );
  } finally {
    await stop(child);
    closeClient();
  }
});
