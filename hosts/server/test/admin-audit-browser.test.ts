/**
 * The admin console's audit log, security, monitor and API token screens in a real browser against the real host
 * process: an admin's widget change shows in the audit log with before and after, is reverted after a confirmation,
 * and a second revert of a field changed since lists the conflict; the CSV download holds only the filtered rows;
 * the owner sees field errors for bad IP rules and a warning before rules that would lock them out; a supervisor
 * reads the log but is not allowed the security screen (nor its API); a share link made in the console opens the
 * public monitor in another browser context and stops when revoked; an API token made in the console reads the
 * audit log and stops when revoked. Each screen passes axe-core and the audit log fits a phone's width.
 * Set PARLEY_SCREENSHOTS to a folder to keep screenshots.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SECURITY_LIMITS } from '@parley/core';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, mustRunBrowser, refuseRequests, seriousAxeViolations, warnSkipped } from './browser.js';
import { CLI, json, runToExit, startHost, type HostProcess } from './process.js';

warnSkipped('the admin audit, security, monitor and token screens browser test');

const password = 'correct horse battery staple';
const shots = process.env.PARLEY_SCREENSHOTS;

describe.skipIf(!mustRunBrowser)('the admin audit, security, monitor and token screens in a real browser', () => {
  const dir = mkdtempSync(join(tmpdir(), 'parley-admin-audit-browser-'));
  let host: HostProcess;
  let browser: Browser;
  let owner = '';
  let admin = '';
  let supervisor = '';
  let widget = '';
  let accountId = '';
  const database = `sqlite:${join(dir, 'admin.db')}`;
  const userIds: Record<string, string> = {};
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    host = await startHost({ PARLEY_SIGNUP: 'open', PARLEY_DATABASE_URL: database, PARLEY_GEOIP: 'off' }, dir);
    const signUp = await json(`${host.url}/api/v1/accounts`, 'POST', {
      accountName: 'Acme',
      email: 'olive@acme.test',
      name: 'Olive Owner',
      password,
    });
    expect(signUp.status).toBe(201);
    accountId = signUp.json.account.id;
    owner = (await json(`${host.url}/api/v1/auth/login`, 'POST', { email: 'olive@acme.test', password })).json.token;
    for (const [email, name, role] of [
      ['adam@acme.test', 'Adam Admin', 'admin'],
      ['sue@acme.test', 'Sue Supervisor', 'supervisor'],
    ] as const) {
      const made = await json(`${host.url}/api/v1/users`, 'POST', { email, name, role, password }, owner);
      expect(made.status).toBe(201);
      userIds[name] = made.json.id;
    }
    admin = (await json(`${host.url}/api/v1/auth/login`, 'POST', { email: 'adam@acme.test', password })).json.token;
    supervisor = (await json(`${host.url}/api/v1/auth/login`, 'POST', { email: 'sue@acme.test', password })).json.token;
    widget = (await json(`${host.url}/api/v1/widgets`, 'POST', { name: 'Support' }, owner)).json.id;
    browser = await launchBrowser();
  });

  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    if (host) expect(await host.stop()).toBe(0);
    rmSync(dir, { recursive: true, force: true });
  });

  /** A new browser context signed in as `email` through the console's form, on `path`. */
  const signedIn = async (email: string, path: string, viewport = { width: 1280, height: 900 }): Promise<Page> => {
    const context = await browser.newContext({ viewport });
    contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(5000);
    page.on('pageerror', (e) => problems.push(`page: ${e.message}`));
    await page.goto(`${host.url}/app`);
    await page.fill('#email', email);
    await page.fill('#password', password);
    await page.press('#password', 'Enter');
    await page.locator('.topbar').waitFor();
    await page.goto(`${host.url}${path}`);
    return page;
  };
  const problems: string[] = [];
  const widgetName = async () => (await json(`${host.url}/api/v1/widgets/${widget}`, 'GET', undefined, owner)).json.name;
  const rename = async (name: string) => {
    const cur = (await json(`${host.url}/api/v1/widgets/${widget}`, 'GET', undefined, admin)).json;
    expect((await json(`${host.url}/api/v1/widgets/${widget}`, 'PATCH', { name, version: cur.version }, admin)).status).toBe(200);
  };

  let adminPage: Page;

  it('shows an admin’s widget change before → after, reverts it once confirmed, and lists the conflict of a second revert', async () => {
    await rename('Help desk');
    adminPage = await signedIn('adam@acme.test', '/app/admin/audit?type=widget');
    const page = adminPage;
    const entry = page.locator('.audit-entry', { hasText: 'widget.updated' }).first();
    await entry.waitFor();
    expect(await entry.innerText()).toContain('by adam@acme.test from 127.0.0.1');
    expect(await entry.locator('.audit-changes').innerText()).toContain('Name: “Support” → “Help desk”');
    expect(await page.locator('.audit-entry', { hasText: 'user.created' }).count()).toBe(0); // filtered by type
    expect(await page.getByLabel('Type').inputValue()).toBe('widget');
    await expect.poll(() => page.title()).toBe('Audit log · Admin · Parley');
    expect(await seriousAxeViolations(page)).toEqual([]);
    if (shots) await page.screenshot({ path: join(shots, 'admin-audit.png'), fullPage: true });

    const seq = Number((await entry.locator('.audit-seq').innerText()).slice(1));
    await entry.getByRole('button', { name: /^Revert widget.updated/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Revert this change?' });
    expect(await dialog.locator('.audit-changes').innerText()).toContain('Name: “Help desk” → “Support”');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await dialog.getByRole('button', { name: 'Revert' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect(await widgetName()).toBe('Support');
    // Said, with the focus on it (the button pressed went with the list); the revert's entry says what it undid, and
    // the entry undone says by which, with nothing more to revert.
    const said = page.getByRole('status').filter({ hasText: new RegExp(`^Reverted #${seq}: entry #\\d+ records the values put back\\.$`) });
    await said.waitFor();
    expect(await said.evaluate((e) => e === document.activeElement)).toBe(true);
    const undone = page.locator('.audit-entry', { hasText: '“Support” → “Help desk”' });
    await undone.locator('.audit-revert', { hasText: /^reverted by #\d+$/ }).waitFor();
    expect(await undone.getByRole('button', { name: /^Revert/ }).count()).toBe(0);
    const revert = page.locator('.audit-entry', { hasText: `reverts #${seq}` });
    expect(await revert.locator('.audit-changes').innerText()).toContain('Name: “Help desk” → “Support”');

    // The revert itself, after the name moved on: the conflict names the field.
    await rename('Front desk');
    await page.reload();
    const first = page.locator('.audit-entry', { hasText: `reverts #${seq}` });
    await first.getByRole('button', { name: /^Revert/ }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Revert' }).click();
    const alert = page.getByRole('dialog').getByRole('alert');
    await alert.getByText('These fields changed after this entry').waitFor();
    expect(await alert.locator('.audit-conflicts').innerText()).toBe('Name');
    expect(await widgetName()).toBe('Front desk');
    // Tried again it could only fail again: no Revert is offered, and Close has the focus.
    const conflictDialog = page.getByRole('dialog');
    expect(await conflictDialog.getByRole('button', { name: 'Revert' }).count()).toBe(0);
    expect(await conflictDialog.getByRole('button', { name: 'Close' }).evaluate((b) => b === document.activeElement)).toBe(true);
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'hidden' });
  });

  it('names the widget an entry changed, and the agents a permissions change gave it, instead of their ids', async () => {
    const agentIds = [userIds['Adam Admin'], userIds['Sue Supervisor']];
    expect((await json(`${host.url}/api/v1/widgets/${widget}/agents`, 'PUT', { agentIds }, owner)).status).toBe(200);
    const page = adminPage;
    await page.goto(`${host.url}/app/admin/audit?type=permissions`);
    const entry = page.locator('.audit-entry', { hasText: 'widget.agents_changed' }).first();
    await entry.waitFor();
    await entry.locator('.audit-target', { hasText: 'Front desk' }).waitFor();
    await expect.poll(() => entry.locator('.audit-changes').innerText()).toBe('Agents: (none) → Adam Admin, Sue Supervisor');
    expect(await entry.innerText()).not.toContain(agentIds[0]);
    await entry.getByRole('button', { name: /^Revert/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Revert this change?' });
    expect(await dialog.innerText()).toContain('widget.agents_changed of Front desk by olive@acme.test');
    expect(await dialog.locator('.audit-changes').innerText()).toBe('Agents: Adam Admin, Sue Supervisor → (none)');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    await page.goto(`${host.url}/app/admin/audit?type=widget`);
  });

  it('downloads a CSV of the filtered rows only, with the page’s session', async () => {
    const page = adminPage;
    const href = await page.getByRole('link', { name: 'Download CSV' }).getAttribute('href');
    expect(href).toBe('/api/v1/audit/export?type=widget&format=csv');
    const csv = await page.evaluate(async (url) => (await fetch(url)).text(), href!);
    const rows = csv.trim().split('\n');
    expect(rows.length).toBeGreaterThan(3);
    expect(csv).toContain('widget.updated');
    expect(csv).toContain('widget.created');
    for (const other of ['user.created', 'account.created']) expect(csv).not.toContain(other);
  });

  it('verifies the hash chain, and says so when the check could not run', async () => {
    const page = adminPage;
    const letThrough = await refuseRequests(page, (url) => url.pathname === '/api/v1/audit/verify');
    await page.getByRole('button', { name: 'Verify integrity' }).click();
    await page.locator('p.error[role="alert"]').waitFor();
    expect(await page.locator('.audit-verify').count()).toBe(0);
    await letThrough();
    await page.getByRole('button', { name: 'Verify integrity' }).click();
    await page.locator('.audit-verify.ok', { hasText: 'Intact' }).waitFor();
    expect(await page.locator('p.error[role="alert"]').count()).toBe(0);
  });

  it('lets the owner save security settings, with errors beside bad IP rules and a warning before rules that lock them out', async () => {
    // Tall enough for the whole form in the screenshot.
    const page = await signedIn('olive@acme.test', '/app/admin/security', { width: 1280, height: 1500 });
    const rules = page.getByLabel(/Allowed IP addresses/);
    // The fields stop where the server does, and say so.
    const { inactivityDays, maxFailedAttempts } = SECURITY_LIMITS;
    const inactive = page.getByLabel(
      `Deactivate users (not owners) inactive for days (${inactivityDays.min}–${inactivityDays.max}; empty: never)`,
    );
    expect([await inactive.getAttribute('min'), await inactive.getAttribute('max')]).toEqual([
      `${inactivityDays.min}`,
      `${inactivityDays.max}`,
    ]);
    const attempts = page.getByLabel(`Failed attempts (${maxFailedAttempts.min}–${maxFailedAttempts.max}; empty: never lock)`);
    expect(await attempts.getAttribute('max')).toBe(`${maxFailedAttempts.max}`);
    await rules.fill('300.1.1.1\n203.0.113.*');
    // Pressed straight from the field, Save is clicked, though the field's own check fires meanwhile. Played as in
    // Safari, which focuses no button it presses: the field loses focus to nothing.
    const save = page.getByRole('button', { name: 'Save security settings' });
    await save.evaluate((b) =>
      b.addEventListener(
        'mousedown',
        (e) => {
          e.preventDefault();
          (document.activeElement as HTMLElement | null)?.blur();
        },
        { once: true },
      ),
    );
    await save.click();
    await page.getByRole('alert').getByText('Fix the settings marked above.').waitFor();
    await page.locator('.field-error', { hasText: '“300.1.1.1” is not an IPv4/IPv6 address' }).waitFor();
    // The focus goes to the field to fix, not back to the page's start.
    const focused = () => page.evaluate(() => document.activeElement?.id ?? document.activeElement?.tagName);
    await expect.poll(focused).toBe('sec-ip');
    expect(await rules.getAttribute('aria-invalid')).toBe('true');

    // The server's own field errors show beside their field too, in the same round as a bad rule's.
    await rules.fill('not an ip');
    await page.getByLabel(/Deactivate users/).fill('999');
    await page.getByRole('button', { name: 'Save security settings' }).click();
    // In words, beside the field alone; the summary by the button points there instead of saying it again.
    await page
      .locator('#err--inactivityDays', { hasText: `Must be a whole number from ${inactivityDays.min} to ${inactivityDays.max}.` })
      .waitFor();
    await page.getByRole('alert').getByText('Fix the settings marked above.').waitFor();
    await page.locator('.field-error', { hasText: '“not an ip” is not an IPv4/IPv6 address' }).waitFor();
    expect(await page.getByText('Must be a whole number').count()).toBe(1);
    expect(await page.getByLabel(/Deactivate users/).getAttribute('aria-describedby')).toContain('err--inactivityDays');
    expect(await page.getByLabel(/Deactivate users/).getAttribute('aria-invalid')).toBe('true');
    await expect.poll(focused).toBe('sec-ip'); // the first of the fields marked
    await page.getByLabel(/Deactivate users/).fill('90');

    await rules.fill('198.51.100.*\n2001:db8::/32');
    await page.getByRole('button', { name: 'Save security settings' }).click();
    const warning = page.locator('.warning', { hasText: 'These rules would lock you out' });
    await warning.waitFor();
    expect(await warning.innerText()).toContain('127.0.0.1');
    expect(await seriousAxeViolations(page)).toEqual([]);
    if (shots) await page.screenshot({ path: join(shots, 'admin-security.png'), fullPage: true });
    expect((await json(`${host.url}/api/v1/account/security`, 'GET', undefined, owner)).json.version).toBe(0); // nothing saved

    await warning.getByRole('button', { name: 'Add my address' }).click();
    await page.getByRole('button', { name: 'Save security settings' }).click();
    await page.getByRole('status').getByText('Saved.').waitFor();
    const saved = (await json(`${host.url}/api/v1/account/security`, 'GET', undefined, owner)).json;
    expect(saved).toMatchObject({ version: 1, inactivityDays: 90, ipRules: ['198.51.100.*', '2001:db8::/32', '127.0.0.1'] });
    // An edit takes the "Saved." away; a bad rule saved straight from its field is refused (the press on Save is
    // not lost to the field's own check moving the button).
    await rules.fill('198.51.100.*\n2001:db8::/32\n127.0.0.1\nnot an ip');
    expect(await page.getByText('Saved.').count()).toBe(0);
    await page.getByRole('button', { name: 'Save security settings' }).click();
    await page.getByRole('alert').getByText('Fix the settings marked above.').waitFor();
    await page.locator('.field-error', { hasText: '“not an ip” is not an IPv4/IPv6 address' }).waitFor();
    await rules.fill('198.51.100.*\n2001:db8::/32\n127.0.0.1');

    // Someone else saves meanwhile: the next save says so instead of overwriting.
    const other = await fetch(`${host.url}/api/v1/account/security`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${owner}`, 'content-type': 'application/json', 'if-match': '"1"' },
      body: JSON.stringify({ ...saved, version: undefined, inactivityDays: 30 }),
    });
    expect(other.status).toBe(200);
    await page.getByRole('button', { name: 'Save security settings' }).click();
    await page.getByRole('alert').getByText('changed by someone else').waitFor();
    await page.getByRole('button', { name: 'Reload' }).click();
    await expect.poll(() => page.getByLabel(/Deactivate users/).inputValue()).toBe('30');

    // A value refused, then emptied and saved: the refusal's mark goes with the save.
    await inactive.fill('400');
    await page.getByRole('button', { name: 'Save security settings' }).click();
    await page.locator('#err--inactivityDays').waitFor();
    await expect.poll(focused).toBe('sec-inactive');
    await inactive.fill('');
    await page.getByRole('button', { name: 'Save security settings' }).click();
    await page.getByRole('status').getByText('Saved.').waitFor();
    expect(await page.locator('#err--inactivityDays').count()).toBe(0);
    expect(await inactive.getAttribute('aria-invalid')).toBeNull();
    expect((await json(`${host.url}/api/v1/account/security`, 'GET', undefined, owner)).json.inactivityDays).toBeNull();
  });

  it('shows a supervisor the audit log without revert, and not the security screen nor its API', async () => {
    const page = await signedIn('sue@acme.test', '/app/admin/audit');
    await page.locator('.audit-entry').first().waitFor();
    const menu = page.getByRole('navigation', { name: 'Admin' });
    expect(await menu.getByRole('link').allInnerTexts()).not.toContain('Security');
    expect(await menu.getByRole('link', { name: 'Audit log' }).count()).toBe(1);
    expect(await page.getByRole('button', { name: /^Revert/ }).count()).toBe(0);
    // A supervisor watches the monitor: the top bar links to it.
    expect(await page.locator('.topbar').getByRole('link', { name: 'Monitor' }).getAttribute('href')).toBe('/monitor');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.goto(`${host.url}/app/admin/security`);
    await page.getByRole('heading', { name: 'Not allowed' }).waitFor();
    await expect.poll(() => page.title()).toBe('Admin · Parley'); // no name of a screen the supervisor cannot open
    const api = await json(`${host.url}/api/v1/account/security`, 'GET', undefined, supervisor);
    expect(api.status).toBe(403);
  });

  it('creates a share link shown once, opens the public monitor with it elsewhere, and revokes it', async () => {
    const page = await signedIn('adam@acme.test', '/app/admin/monitor');
    await page.getByLabel('Name').fill('Office screen');
    await page.getByRole('button', { name: 'Create share link' }).click();
    const secret = page.getByRole('region', { name: 'Share link “Office screen”' });
    await secret.waitFor();
    const url = await secret.getByRole('textbox').inputValue();
    expect(url).toMatch(new RegExp(`^${host.url}/monitor/s/[A-Za-z0-9_-]{20,}$`));
    await page.getByRole('row', { name: /Office screen/ }).waitFor();
    expect(await page.getByRole('row', { name: /Office screen/ }).innerText()).toContain('Active');
    expect(await seriousAxeViolations(page)).toEqual([]);
    if (shots) await page.screenshot({ path: join(shots, 'admin-monitor.png'), fullPage: true });

    const screen = await browser.newContext({ viewport: { width: 1280, height: 800 } }); // no session cookie
    contexts.push(screen);
    const shared = await screen.newPage();
    shared.setDefaultTimeout(5000);
    await shared.goto(url);
    await shared.locator('.tile').first().waitFor();

    await secret.getByRole('button', { name: 'Done' }).focus();
    await page.keyboard.press('Enter');
    // Put away: the focus goes to the screen's heading, not to the page's start.
    await expect.poll(() => page.evaluate(() => document.activeElement?.tagName)).toMatch(/^H[12]$/);
    // An address that names no screen says so, rather than "Not allowed".
    const lost = await signedIn('adam@acme.test', '/app/admin/api-tokens-old');
    await lost.getByRole('heading', { name: 'No such screen' }).waitFor();
    await lost.getByText('There is no admin screen “api-tokens-old”. Pick one from the menu.').waitFor();
    await page.getByRole('button', { name: 'Revoke Office screen' }).click();
    const dialog = page.getByRole('dialog', { name: 'Revoke “Office screen”?' });
    // It cannot be undone: Enter pressed at once cancels.
    expect(await dialog.getByRole('button', { name: 'Cancel' }).evaluate((b) => b === document.activeElement)).toBe(true);
    await dialog.getByRole('button', { name: 'Revoke' }).click();
    await dialog.waitFor({ state: 'hidden' });
    // Said, with the focus on it: the button pressed is gone.
    const said = page.getByRole('status').filter({ hasText: 'Revoked “Office screen”.' });
    await said.waitFor();
    expect(await said.evaluate((e) => e === document.activeElement)).toBe(true);
    await page
      .getByRole('row', { name: /Office screen/ })
      .getByText('Revoked')
      .waitFor();
    await shared.locator('#message', { hasText: 'revoked' }).waitFor();
  });

  it('creates an API token shown once that reads the audit log, may not write, and stops when revoked', async () => {
    const page = await signedIn('adam@acme.test', '/app/admin/tokens');
    await page.getByLabel('Name').fill('BI export');
    // An expiry in the past is refused beside its field, tied to it for screen readers; nothing is made.
    await page.getByLabel(/^Expires/).fill('2020-01-01T09:00');
    await page.getByRole('button', { name: 'Create token' }).click();
    await page.locator('#token-expires-error', { hasText: 'Pick an expiry in the future.' }).waitFor();
    expect(await page.getByLabel(/^Expires/).getAttribute('aria-describedby')).toBe('token-expires-error');
    await page.getByText('No API tokens yet.').waitFor();
    await page.getByLabel(/^Expires/).fill('');
    await page.getByRole('button', { name: 'Create token' }).click();
    const secret = await page.getByRole('region', { name: 'Token “BI export”' }).getByRole('textbox').inputValue();
    const row = page.getByRole('row', { name: /BI export/ });
    await row.waitFor();
    expect(await row.innerText()).toMatch(/Read[\s\S]*Adam Admin[\s\S]*Never[\s\S]*Never/);
    const bearer = (method: string, path: string, body?: unknown) => json(`${host.url}${path}`, method, body, secret);
    const read = await bearer('GET', '/api/v1/audit?type=security');
    expect(read.status).toBe(200);
    expect(read.json.items.map((e: { action: string }) => e.action)).toContain('api_token.created');
    const write = await bearer('POST', '/api/v1/widgets', { name: 'Sneaky' });
    expect(write).toMatchObject({ status: 403, json: { code: 'token_scope' } });
    await page.reload();
    await page.getByRole('row', { name: /BI export/ }).waitFor();
    expect(await page.getByRole('row', { name: /BI export/ }).innerText()).not.toMatch(/Never\s*$/); // last use recorded
    expect(await seriousAxeViolations(page)).toEqual([]);
    if (shots) await page.screenshot({ path: join(shots, 'admin-tokens.png'), fullPage: true });

    await page.getByRole('button', { name: 'Revoke BI export' }).click();
    await page.getByRole('dialog', { name: 'Revoke “BI export”?' }).getByRole('button', { name: 'Revoke' }).click();
    await page.getByText('No API tokens yet.').waitFor();
    expect(await bearer('GET', '/api/v1/audit')).toMatchObject({ status: 401, json: { code: 'unauthenticated' } });
  });

  it('loads older pages as the end of the list scrolls into view, each entry once, newest first', async () => {
    for (let i = 0; i < 60; i++) await rename(`Support ${i}`);
    const all = (await json(`${host.url}/api/v1/audit?type=widget&limit=200`, 'GET', undefined, owner)).json.items as { seq: number }[];
    expect(all.length).toBeGreaterThan(60);
    const page = await signedIn('adam@acme.test', '/app/admin/audit?type=widget');
    await page.locator('.audit-entry').first().waitFor();
    await expect.poll(() => page.locator('.audit-entry').count()).toBe(50);
    await page.locator('.audit-end').scrollIntoViewIfNeeded();
    await expect.poll(() => page.locator('.audit-entry').count()).toBe(all.length);
    await page.getByText('The beginning of the log.').waitFor();
    const seqs = (await page.locator('.audit-seq').allTextContents()).map((t) => Number(t.slice(1)));
    expect(seqs).toEqual(all.map((e) => e.seq));
    expect(problems).toEqual([]);
  });

  it('fits the audit log on a phone’s width, filters kept in the address', async () => {
    // A change of the security settings, which only the owner may make, and so revert: an admin is offered no Revert.
    const security = await json(`${host.url}/api/v1/account/security`, 'GET', undefined, owner);
    const { version, ...settings } = security.json;
    const changed = await json(
      `${host.url}/api/v1/account/security`,
      'PUT',
      { ...settings, lockout: { maxFailedAttempts: 10, lockMinutes: 15 }, version },
      owner,
    );
    expect(changed.status).toBe(200);
    const page = await signedIn('adam@acme.test', '/app/admin/audit?type=security', { width: 375, height: 740 });
    await page.locator('.audit-entry', { hasText: 'security.updated' }).first().waitFor();
    expect(await page.getByRole('button', { name: /^Revert security\./ }).count()).toBe(0);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    // The menu is one row wider than the phone: the open section's entry is scrolled into it, whichever it is.
    const current = page.getByRole('navigation', { name: 'Admin' }).locator('a[aria-current="page"]');
    const inView = async () => {
      const box = (await current.boundingBox())!;
      return box.x >= -0.5 && box.x + box.width <= 375.5;
    };
    expect(await current.innerText()).toBe('Audit log');
    await expect.poll(inView).toBe(true);
    await page.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name: 'Account' }).click();
    await expect.poll(inView).toBe(true);
    await page.goto(`${host.url}/app/admin/reports`);
    await expect.poll(() => current.innerText()).toBe('Reports');
    await expect.poll(inView).toBe(true);
    await page.goto(`${host.url}/app/admin/audit?type=security`);
    await page.locator('.audit-entry').first().waitFor();
    await page.getByLabel('Type').selectOption('widget');
    await expect.poll(() => new URL(page.url()).search).toBe('?type=widget');
    await page.goBack();
    await expect.poll(() => page.getByLabel('Type').inputValue()).toBe('security');
    // Who acted: a choice by name, kept in the address; an id the list does not know is offered as it is.
    const who = page.getByLabel('Who', { exact: true });
    const adam = (await who.locator('option', { hasText: 'Adam Admin' }).getAttribute('value'))!;
    expect(adam).toBeTruthy();
    await who.selectOption(adam);
    await expect.poll(() => new URL(page.url()).searchParams.get('actorId')).toBe(adam);
    await page.goto(`${host.url}/app/admin/audit?actorId=someone-gone`);
    await expect.poll(() => who.inputValue()).toBe('someone-gone');
    expect(await who.locator('option').allInnerTexts()).toContain('someone-gone');
    expect(await seriousAxeViolations(page)).toEqual([]);
    // A range that ends before it starts says so beside "To", instead of only an empty list.
    await page.goto(`${host.url}/app/admin/audit?from=2026-12-09&to=2026-12-01`);
    await page.locator('#audit-to-error', { hasText: 'Before “From”: no entry can match.' }).waitFor();
    expect(await page.locator('#audit-to').getAttribute('aria-invalid')).toBe('true');
    expect(problems).toEqual([]);
  });

  it('stacks the admin lists on a phone with every column shown and named above its value', async () => {
    const made = await json(
      `${host.url}/api/v1/account/api-tokens`,
      'POST',
      { label: 'Phone export', expiresAt: '2031-05-01T09:00:00Z' },
      owner,
    );
    expect(made.status).toBe(201);
    const page = await signedIn('olive@acme.test', '/app/admin/tokens', { width: 360, height: 740 });
    /** Each cell of the first row naming `text`: what its `::before` says (the column) and its own text, if shown. */
    const cellsOf = (text: string) =>
      page
        .getByRole('row', { name: new RegExp(text) })
        .locator('td')
        .evaluateAll((tds) =>
          tds
            .filter((td) => td.getBoundingClientRect().height > 0)
            .map((td) => [getComputedStyle(td, '::before').content.replace(/^"|"$/g, ''), (td as HTMLElement).innerText.trim()]),
        );
    await page.getByRole('row', { name: /Phone export/ }).waitFor();
    const token = await cellsOf('Phone export');
    expect(token.map(([label]) => label)).toEqual(['none', 'Scope', 'Created by', 'Expires', 'Last used', 'none']);
    // The expiry is there, and "Never" is said of the last use only.
    expect(token[3]![1]).toContain('2031');
    expect(token[4]![1]).toMatch(/Never$/);

    await page.goto(`${host.url}/app/admin/users`);
    await page.getByRole('row', { name: /Sue Supervisor/ }).waitFor();
    expect((await cellsOf('Sue Supervisor')).map(([label]) => label)).toEqual(['none', 'Role', 'Status', 'Last sign-in']);
    await page.goto(`${host.url}/app/admin/widgets`);
    await page.getByRole('row', { name: /Support/ }).waitFor();
    expect(
      await page
        .getByRole('row', { name: /Support/ })
        .locator('td')
        .evaluateAll((tds) => tds.map((td) => getComputedStyle(td, '::before').content)),
    ).toEqual(['"Availability now"', '"Agents"']);
    expect(await seriousAxeViolations(page)).toEqual([]);
    if (shots) await page.screenshot({ path: join(shots, 'admin-widgets-phone.png'), fullPage: true });
    // On a wide screen the header row names the columns: no cell repeats it.
    await page.setViewportSize({ width: 1280, height: 900 });
    expect(
      await page
        .getByRole('row', { name: /Support/ })
        .locator('td')
        .first()
        .evaluate((td) => getComputedStyle(td, '::before').content),
    ).toBe('none');
    expect((await json(`${host.url}/api/v1/account/api-tokens/${made.json.token.id}`, 'DELETE', undefined, owner)).status).toBe(204);
  });

  it('shows recorded times as the console writes them and fixed values as words, while the downloads keep them as recorded', async () => {
    const security = (await json(`${host.url}/api/v1/account/security`, 'GET', undefined, owner)).json;
    const reuse = { ...security, password: { ...security.password, reuse: { mode: 'lastN', value: 5 } } };
    expect((await json(`${host.url}/api/v1/account/security`, 'PUT', reuse, owner)).status).toBe(200);
    const expiresAt = '2027-03-04T05:06:07.000Z';
    const link = await json(`${host.url}/api/v1/monitor/share-links`, 'POST', { label: 'Wall screen', expiresAt }, owner);
    expect(link.status).toBe(201);

    const page = await signedIn('adam@acme.test', '/app/admin/audit?type=security');
    const reused = page.locator('.audit-entry', { hasText: 'security.updated' }).first();
    await reused.waitFor();
    const reusedLines = await reused.locator('.audit-changes').innerText();
    expect(reusedLines).toContain('Password › reuse › mode: Off → Not the last N passwords');
    expect(reusedLines).not.toContain('lastN');

    await page.goto(`${host.url}/app/admin/audit?type=monitor`);
    const shared = page.locator('.audit-entry', { hasText: 'monitor.share_link_created' }).first();
    await shared.waitFor();
    // As every admin list writes a time: this browser's language and time zone, to the minute.
    const shown = await page.evaluate((iso) => new Date(iso).toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' }), expiresAt);
    const sharedLines = await shared.locator('.audit-changes').innerText();
    expect(sharedLines).toContain(`Expires at: (none) → ${shown}`);
    expect(sharedLines).not.toContain('2027-03-04T');
    expect(await seriousAxeViolations(page)).toEqual([]);
    if (shots) await page.screenshot({ path: join(shots, 'admin-audit-values.png'), fullPage: true });

    // The downloads are the record: raw instants and the API's own words.
    const download = (format: string) =>
      page.evaluate(async (f) => (await fetch(`/api/v1/audit/export?type=monitor,security&format=${f}`)).text(), format);
    for (const format of ['csv', 'jsonl']) {
      const file = await download(format);
      expect(file, format).toContain(expiresAt);
      expect(file, format).toContain('lastN');
      expect(file, format).not.toContain(shown);
    }
  });

  it('lists what Parley did itself (the CLI) under Who: Parley itself, in the list and the download', async () => {
    const setPlan = await runToExit(CLI, ['account', 'set-plan', accountId, 'unlimited'], { PARLEY_DATABASE_URL: database }, dir);
    expect(setPlan.code, setPlan.out).toBe(0);
    const page = await signedIn('adam@acme.test', '/app/admin/audit');
    await page.locator('.audit-entry').first().waitFor();
    const who = page.getByLabel('Who');
    // Keyboard only: Parley itself is the choice right after Anyone.
    await who.focus();
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => page.url()).toBe(`${host.url}/app/admin/audit?actorKind=system`);
    const entry = page.locator('.audit-entry', { hasText: 'account.updated' }).first();
    await entry.waitFor();
    await expect.poll(() => page.locator('.audit-entry').allInnerTexts()).not.toContainEqual(expect.stringContaining('by adam@acme.test'));
    const texts = await page.locator('.audit-entry').allInnerTexts();
    expect(texts.length).toBeGreaterThan(0);
    for (const t of texts) expect(t).toContain('by Parley');
    expect(await entry.locator('.audit-changes').innerText()).toMatch(/^Plan: [A-Z][a-z]+ → Unlimited$/m);
    expect(await who.locator('option:checked').innerText()).toBe('Parley itself');
    const href = await page.getByRole('link', { name: 'Download CSV' }).getAttribute('href');
    expect(href).toBe('/api/v1/audit/export?actorKind=system&format=csv');
    const csv = await page.evaluate(async (url) => (await fetch(url)).text(), href!);
    const rows = csv.trim().split('\n').slice(1);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.some((r) => r.includes('account.updated'))).toBe(true);
    expect(csv).not.toContain('adam@acme.test');
    expect(await seriousAxeViolations(page)).toEqual([]);
    if (shots) await page.screenshot({ path: join(shots, 'admin-audit-system.png'), fullPage: true });
    // Anyone again: the people's entries come back.
    await who.selectOption({ label: 'Anyone' });
    await expect.poll(() => page.url()).toBe(`${host.url}/app/admin/audit`);
    await page.locator('.audit-entry', { hasText: 'by adam@acme.test' }).first().waitFor();
  });

  it('fits every admin screen and the history on a 360-pixel phone, nothing wider than its pane', async () => {
    const page = await signedIn('olive@acme.test', '/app/admin/account', { width: 360, height: 740 });
    const overflowing = () =>
      page.evaluate(() =>
        [document.documentElement, ...document.querySelectorAll<HTMLElement>('.admin-body, .history-list, .card, fieldset')]
          .filter((el) => el.scrollWidth > el.clientWidth + 1)
          .map((el) => `${el.tagName.toLowerCase()}.${el.className} ${el.scrollWidth}/${el.clientWidth}`),
      );
    for (const section of ['account', 'widgets', 'users', 'canned', 'integrations', 'audit', 'security', 'monitor', 'tokens', 'reports']) {
      await page.goto(`${host.url}/app/admin/${section}`);
      await page.locator('.admin-body h1, .admin-body h2').first().waitFor();
      await page.waitForLoadState('networkidle');
      expect({ section, overflowing: await overflowing() }).toEqual({ section, overflowing: [] });
    }
    await page.goto(`${host.url}/app/history`);
    await page.getByRole('button', { name: /^Filters/ }).click(); // folded on a phone
    await page.getByLabel('Offline requests').waitFor();
    expect(await overflowing()).toEqual([]);
  });
  // Last: saving stricter password rules signs everyone out, the tokens above included.
  it('asks before saving stricter password rules, which sign everyone out; Cancel keeps the edits unsaved', async () => {
    const page = await signedIn('olive@acme.test', '/app/admin/security');
    const minLength = page.getByLabel(/Minimum length/);
    await minLength.fill('12');
    await page.getByRole('button', { name: 'Save security settings' }).click();
    const dialog = page.getByRole('dialog', { name: 'Sign everyone out?' });
    await dialog.waitFor();
    expect(await dialog.innerText()).toContain(
      'signs everyone out, you included, and each person must choose a password that meets the new rules at their next sign-in',
    );
    // What cannot be undone: the focus starts on Cancel.
    expect(await dialog.getByRole('button', { name: 'Cancel' }).evaluate((b) => b === document.activeElement)).toBe(true);
    expect(await seriousAxeViolations(page)).toEqual([]);
    const before = (await json(`${host.url}/api/v1/account/security`, 'GET', undefined, owner)).json;
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect(await minLength.inputValue()).toBe('12');
    expect((await json(`${host.url}/api/v1/account/security`, 'GET', undefined, owner)).json).toEqual(before);

    await page.getByRole('button', { name: 'Save security settings' }).click();
    await dialog.getByRole('button', { name: 'Save and sign everyone out' }).click();
    await page.locator('#email').waitFor(); // the sign-in page
    expect((await json(`${host.url}/api/v1/account/security`, 'GET', undefined, owner)).status).toBe(401);
  });
});
