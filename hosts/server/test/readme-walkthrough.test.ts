import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from 'vitest';
import { json, startHost } from './process.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'parley-walkthrough-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The README's `sh` blocks marked `<!-- walkthrough ... -->`, in the order a reader pastes them. */
const walkthrough = (readme: string): string[] =>
  [...readme.matchAll(/<!-- walkthrough[^>]*-->\s*```sh\n([\s\S]*?)```/g)].map((m) => m[1]!);

/** Runs a script with bash, stopping at the first failing command; resolves with exit code and output. */
const bash = async (script: string, cwd: string) => {
  const child = spawn('bash', ['-c', `set -euo pipefail\n${script}`], {
    cwd,
    env: { PATH: process.env.PATH ?? '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, out };
};

it('the README’s curl walkthrough runs top to bottom against the built host', { timeout: 60_000 }, async () => {
  const blocks = walkthrough(readFileSync(`${root}README.md`, 'utf8'));
  expect(blocks.length, 'README marks its walkthrough blocks').toBeGreaterThanOrEqual(3);
  const host = await startHost(
    { PARLEY_DATABASE_URL: `sqlite:${dir}/parley.db`, PARLEY_GEOIP: 'off', PARLEY_SECRET_KEY_FILE: `${dir}/secret.key` },
    dir,
  );
  try {
    // The reader's server is on localhost:3000; this one is on a free loopback port.
    const script = blocks.join('\n').replaceAll('localhost:3000', host.url.replace('http://', ''));
    // Print the variables the blocks captured, so the test can check them against the server.
    const { code, out } = await bash(`${script}\necho "WIDGET=$WIDGET CHAT=$CHAT DELIVERY=$DELIVERY TOKEN=$TOKEN"`, dir);
    expect(code, out).toBe(0);
    const vars = Object.fromEntries([...out.matchAll(/\b(WIDGET|CHAT|DELIVERY|TOKEN)=(\S+)/g)].map((m) => [m[1], m[2]]));
    expect(out).toMatch(/"kind":"chat"/);
    // No step was refused: a problem+json answer carries its HTTP status as a number.
    expect(out).not.toMatch(/"status":[45]\d\d/);
    // The integrations part produced a real delivery of the chat that ended, and redelivered it.
    const delivery = await json(`${host.url}/api/v1/deliveries/${vars.DELIVERY}`, 'GET', undefined, vars.TOKEN);
    expect(delivery.status).toBe(200);
    expect(JSON.stringify(delivery.json)).toContain('chat.finished');
    // The security settings took effect, and the reader is still signed in after them.
    const security = await json(`${host.url}/api/v1/account/security`, 'GET', undefined, vars.TOKEN);
    expect(security.status).toBe(200);
    expect(security.json.ipRules).toContain('127.0.0.1');
    const chat = await json(`${host.url}/api/v1/chats/${vars.CHAT}`, 'GET', undefined, vars.TOKEN);
    expect(chat.json.chat.status).toBe('closed');
  } finally {
    expect(await host.stop()).toBe(0);
  }
});
