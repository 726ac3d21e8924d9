import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { mysqlTestUrl } from '@parley/storage-sql/testing';
import { CLI, json, MAIN, runToExit, startHost } from './process.js';

const dir = mkdtempSync(join(tmpdir(), 'parley-e2e-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A fresh MySQL database for this file (PARLEY_TEST_MYSQL_URL or Docker; a loud skip otherwise, a failure on CI). */
const mysql = await mysqlTestUrl();
afterAll(async () => {
  if ('stop' in mysql) await mysql.stop();
});

/** Signs up, creates a widget, restarts the real process, and finds the widget again. */
const survivesRestart = async (env: Record<string, string>) => {
  const first = await startHost(env, dir);
  const email = `owner-${Date.now()}-${Math.random().toString(36).slice(2)}@example.com`;
  const password = 'correct horse battery staple';
  expect((await json(`${first.url}/api/v1/accounts`, 'POST', { accountName: 'Acme', email, name: 'Olive', password })).status).toBe(201);
  const login = await json(`${first.url}/api/v1/auth/login`, 'POST', { email, password });
  expect(login.status).toBe(200);
  const widget = await json(`${first.url}/api/v1/widgets`, 'POST', { name: 'Support' }, login.json.token);
  expect(widget.status).toBe(201);
  expect(await first.stop('SIGTERM')).toBe(0);

  const second = await startHost(env, dir);
  try {
    const again = await json(`${second.url}/api/v1/auth/login`, 'POST', { email, password });
    expect(again.status).toBe(200);
    const found = await json(`${second.url}/api/v1/widgets/${widget.json.id}`, 'GET', undefined, again.json.token);
    expect(found.status).toBe(200);
    expect(found.json).toMatchObject({ id: widget.json.id, name: 'Support' });
    // The session from before the restart is still valid: sessions are stored, not in memory.
    expect((await json(`${second.url}/api/v1/me`, 'GET', undefined, login.json.token)).status).toBe(200);
    const audit = await json(`${second.url}/api/v1/audit/verify`, 'GET', undefined, again.json.token);
    expect(audit.json.intact).toBe(true);
  } finally {
    expect(await second.stop('SIGINT')).toBe(0);
  }
};

describe('the reference host, as a real process', () => {
  it('keeps what was saved across a restart on the embedded SQLite default', async () => {
    await survivesRestart({ PARLEY_SIGNUP: 'open' });
    expect(existsSync(join(dir, 'data', 'parley.db'))).toBe(true);
  });

  it.skipIf('skip' in mysql)('keeps what was saved across a restart on MySQL', async () => {
    await survivesRestart({ PARLEY_SIGNUP: 'open', PARLEY_DATABASE_URL: (mysql as { url: string }).url });
  });

  it('stops at start-up with one line naming a bad variable', async () => {
    for (const [name, value] of [
      ['PARLEY_SIGNUP', 'sometimes'],
      ['PORT', 'eighty'],
      ['PARLEY_DATABASE_URL', 'postgres://x'],
      ['PARLEY_TRUST_PROXY', '10.0.0.0/99'],
    ] as const) {
      const { code, out } = await runToExit(MAIN, [], { [name]: value }, dir);
      expect(code, name).toBe(78);
      expect(out.trim().split('\n')).toHaveLength(1);
      expect(out).toContain(name);
    }
  });

  it('changes an account plan from the CLI, audited as a system action', async () => {
    const db = `sqlite:${join(dir, 'cli.db')}`;
    const host = await startHost({ PARLEY_DATABASE_URL: db }, dir);
    const email = 'cli-owner@example.com';
    const password = 'correct horse battery staple';
    const signup = await json(`${host.url}/api/v1/accounts`, 'POST', { accountName: 'Acme', email, name: 'Olive', password });
    await host.stop();
    const set = await runToExit(CLI, ['account', 'set-plan', signup.json.account.id, 'basic'], { PARLEY_DATABASE_URL: db }, dir);
    expect(set.code).toBe(0);
    expect(set.out).toContain('\tbasic\t');
    const again = await startHost({ PARLEY_DATABASE_URL: db }, dir);
    try {
      const token = (await json(`${again.url}/api/v1/auth/login`, 'POST', { email, password })).json.token;
      expect((await json(`${again.url}/api/v1/account`, 'GET', undefined, token)).json.plan).toBe('basic');
      const entry = (await json(`${again.url}/api/v1/audit?type=account`, 'GET', undefined, token)).json.items[0];
      expect(entry).toMatchObject({ actor: { kind: 'system' }, changes: [{ path: '/plan', from: 'enterprise', to: 'basic' }] });
    } finally {
      await again.stop();
    }
    const bad = await runToExit(CLI, ['account', 'set-plan', signup.json.account.id, 'gold'], { PARLEY_DATABASE_URL: db }, dir);
    expect(bad.code).toBe(1);
    expect(bad.out).toContain('Unknown plan gold');
  });
});
