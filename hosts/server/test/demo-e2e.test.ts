import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI, json, runToExit, startHost } from './process.js';

const dir = mkdtempSync(join(tmpdir(), 'parley-demo-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const envFor = (db: string) => ({
  PORT: '0',
  PARLEY_HOST: '127.0.0.1',
  PARLEY_DATABASE_URL: `sqlite:${dir}/${db}`,
  PARLEY_SECRET_KEY_FILE: `${dir}/secret.key`,
  PARLEY_GEOIP: 'off',
  PARLEY_ARGON2_MEMORY_KIB: '1024',
  PARLEY_ARGON2_ITERATIONS: '1',
});

/** Starts `parley demo` and resolves once it has printed its instructions. */
const startDemo = async (args: string[], env: Record<string, string>): Promise<{ child: ChildProcess; out: () => string }> => {
  const child = spawn(process.execPath, [CLI, 'demo', ...args], {
    cwd: dir,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  child.once('exit', () => process.off('exit', killOnExit));
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`demo did not start:\n${out}`)), 30_000);
    child.stdout!.on('data', () => /Ctrl\+C stops/.test(out) && (clearTimeout(timer), resolve()));
    child.once('exit', (code) => (clearTimeout(timer), reject(new Error(`demo exited with ${code}:\n${out}`))));
  });
  return { child, out: () => out };
};

const stopDemo = async (child: ChildProcess) => {
  child.kill('SIGINT');
  const [code, signal] = (await once(child, 'exit')) as [number | null, string | null];
  return code ?? signal;
};

describe('parley demo', () => {
  it('starts a server with a used-looking demo account, prints where to sign in, and keeps a visitor chatting', {
    timeout: 60_000,
  }, async () => {
    const { child, out } = await startDemo([], envFor('fresh.db'));
    try {
      const text = out();
      const base = /Parley demo running at (http:\/\/127\.0\.0\.1:\d+)/.exec(text)![1]!;
      expect(text).toContain(`${base}/app`);
      expect(text).toContain(`${base}/monitor`);
      const widgetIds = [...text.matchAll(/\/demo\/([0-9a-f-]{36})/g)].map((m) => m[1]!);
      expect(widgetIds).toHaveLength(2);
      const [, email, password] = /(olive@\S+)\s+(\S+)\s+owner/.exec(text)!;
      const login = await json(`${base}/api/v1/auth/login`, 'POST', { email, password });
      expect(login.status).toBe(200);
      const token = login.json.token as string;
      const agent = /(ann@\S+)\s+(\S+)\s+agent/.exec(text)!;
      expect((await json(`${base}/api/v1/auth/login`, 'POST', { email: agent[1], password: agent[2] })).status).toBe(200);

      const users = await json(`${base}/api/v1/users`, 'GET', undefined, token);
      expect(users.json.items.filter((u: { role: string }) => u.role === 'agent')).toHaveLength(2);
      const chats = (await json(`${base}/api/v1/chats?limit=50`, 'GET', undefined, token)).json.items as { status: string; kind: string }[];
      expect(chats.filter((c) => c.status === 'closed').length).toBeGreaterThanOrEqual(3);
      expect(chats.filter((c) => c.kind === 'offline')).toHaveLength(1);
      expect(chats.filter((c) => c.status === 'active')).toHaveLength(1); // the simulated visitor talking now
      // The past conversations were rated, so the reports have ratings to show.
      const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
      const report = (await json(`${base}/api/v1/reports/chats?from=${day(-1)}&to=${day(0)}`, 'GET', undefined, token)).json;
      expect(report.totals.satisfaction.rated).toBeGreaterThanOrEqual(3);
      const audit = await json(`${base}/api/v1/audit?limit=100`, 'GET', undefined, token);
      expect(audit.json.items.length).toBeGreaterThanOrEqual(5);
      // The monitor shows an agent online: the demo holds the simulated agent's stream open.
      const monitor = JSON.stringify((await json(`${base}/api/v1/monitor`, 'GET', undefined, token)).json);
      expect(monitor).toContain('"online"');
      expect((await fetch(`${base}/demo/${widgetIds[0]}`)).status).toBe(200);
      // A real visitor of the demo page is answered by the simulated agent, who points to the console.
      const started = await json(`${base}/api/v1/widgets/${widgetIds[0]}/chats`, 'POST', {
        message: 'Is anyone there?',
        email: 'me@example.com',
      });
      expect(started.json.status).toBe('active');
      let transcript = '';
      for (let i = 0; i < 50 && !transcript.includes('simulated agent'); i++) {
        await new Promise((r) => setTimeout(r, 100));
        transcript = JSON.stringify((await json(`${base}/api/v1/chats/${started.json.chatId}`, 'GET', undefined, token)).json);
      }
      expect(transcript).toContain('Sign in to the console (/app) as Ann');
      // Someone closes the simulated visitor's chat from the console: the visitor leaves quietly at their next line
      // (one every 6 s, the agent's and the visitor's in turn), with no warning in the demo's log.
      const talking = (await json(`${base}/api/v1/chats?status=active&limit=50`, 'GET', undefined, token)).json.items as {
        id: string;
        visitor: { email: string | null };
      }[];
      const simulated = talking.find((c) => c.visitor.email !== 'me@example.com')!;
      expect((await json(`${base}/api/v1/chats/${simulated.id}/close`, 'POST', {}, token)).status).toBe(200);
      await new Promise((r) => setTimeout(r, 13_000));
      expect(out()).not.toContain('demo visitor failed');
    } finally {
      expect(await stopDemo(child)).toBe(0);
    }
  });

  it('refuses a database that already holds accounts, and adds a demo account to it with --force', { timeout: 60_000 }, async () => {
    const env = envFor('used.db');
    const host = await startHost(env, dir);
    const password = 'correct horse battery staple';
    expect(
      (await json(`${host.url}/api/v1/accounts`, 'POST', { accountName: 'Real Co', email: 'olive@real.test', name: 'Olive', password }))
        .status,
    ).toBe(201);
    expect(await host.stop()).toBe(0);

    const refused = await runToExit(CLI, ['demo'], env, dir);
    expect(refused.code).toBe(1);
    expect(refused.out).toMatch(/already holds 1 account.*--force/);
    const { child, out } = await startDemo(['--force'], env);
    expect(await stopDemo(child), out()).toBe(0);
    const list = await runToExit(CLI, ['account', 'list'], env, dir);
    expect(list.out).toContain('Real Co');
    expect(list.out).toContain('(demo)');
  });
});
