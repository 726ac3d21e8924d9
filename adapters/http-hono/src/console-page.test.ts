import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { testApp } from './testing/index.js';

/** A built console folder as `ui/console`'s build writes it, made by the test. */
const dir = mkdtempSync(join(tmpdir(), 'parley-console-page-'));
writeFileSync(join(dir, 'index.html'), '<!doctype html><html><head><title>Parley</title></head><div id="app"></div>\n');
mkdirSync(join(dir, 'assets'));
writeFileSync(join(dir, 'assets', 'app-3f9a1c2b.js'), 'console.log("app");\n');

describe('the console’s pages', () => {
  it('opens the console at the server’s own address, and answers every /app path with its page', async () => {
    const { app } = testApp({}, { ui: { console: dir } });
    const root = await app.request('/');
    expect([root.status, root.headers.get('location')]).toEqual([302, '/app']);
    for (const path of ['/app', '/app/history/c1', '/app/admin/widgets']) {
      const page = await app.request(path);
      expect([path, page.status, await page.text()]).toEqual([path, 200, expect.stringContaining('<div id="app">')]);
      expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    }
  });

  it('tells a browser without a session that nobody is signed in, so it shows the sign-in form without asking', async () => {
    const t = testApp({}, { ui: { console: dir } });
    const none = '<meta name="parley-session" content="none">';
    expect(await (await t.app.request('/app')).text()).toContain(none);
    const { token } = await t.owner();
    const signedIn = await (await t.app.request('/app', { headers: { cookie: `parley_session=${token}` } })).text();
    expect(signedIn).not.toContain(none);
    expect(signedIn).toContain('<div id="app">');
  });

  it('answers the server’s address with a 404 problem when it serves no console', async () => {
    const { app } = testApp();
    const root = await app.request('/');
    expect(root.status).toBe(404);
    expect(root.headers.get('content-type')).toContain('application/problem+json');
  });
});
