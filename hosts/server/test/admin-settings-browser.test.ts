/**
 * The Account, Users and Canned responses & labels admin screens in a real browser (Debian's chromium driven by
 * playwright-core) against the real host process: each edit is checked through the API afterwards, every screen
 * is scanned with axe-core, and the users screen is checked at phone width.
 *
 * Without /usr/bin/chromium the suite is skipped with a loud warning, unless CI=true, where that fails.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, mustRunBrowser, refuseRequests, seriousAxeViolations, warnSkipped } from './browser.js';
import { json, startHost, type HostProcess } from './process.js';

warnSkipped('the account, users and canned responses admin screens browser test');

const password = 'correct horse battery staple';
/** Where screenshots go when PARLEY_SCREENSHOTS names a folder (the README's come from there); none otherwise. */
const shots = process.env.PARLEY_SCREENSHOTS;

describe.skipIf(!mustRunBrowser)('the account, users and canned responses admin screens in a real browser', () => {
  const dir = mkdtempSync(join(tmpdir(), 'parley-admin-settings-browser-'));
  let host: HostProcess;
  let browser: Browser;
  let owner = '';
  let admin = '';
  let widgetId = '';
  const contexts: BrowserContext[] = [];

  const api = (path: string, method = 'GET', body?: unknown, token = admin) => json(`${host.url}${path}`, method, body, token);

  /** A page of a new context (its own cookies) signed in to the console as this user. */
  const signedIn = async (email: string, width = 1280, height = 860, secret = password): Promise<Page> => {
    const context = await browser.newContext({ viewport: { width, height } });
    contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(8000);
    await page.goto(`${host.url}/app`);
    await page.fill('#email', email);
    await page.fill('#password', secret);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('.conn').waitFor();
    return page;
  };

  const expectNoSeriousAxeViolations = async (page: Page) => expect(await seriousAxeViolations(page)).toEqual([]);

  beforeAll(async () => {
    host = await startHost(
      {
        PARLEY_SIGNUP: 'open',
        PARLEY_DATABASE_URL: `sqlite:${join(dir, 'admin.db')}`,
        PARLEY_GEOIP: 'off',
        PARLEY_LOGIN_MAX_FAILURES: '1000',
      },
      dir,
    );
    expect(
      (await json(`${host.url}/api/v1/accounts`, 'POST', { accountName: 'Acme', email: 'olive@acme.test', name: 'Olive Owner', password }))
        .status,
    ).toBe(201);
    owner = (await json(`${host.url}/api/v1/auth/login`, 'POST', { email: 'olive@acme.test', password })).json.token;
    for (const [email, name, role] of [
      ['adam@acme.test', 'Adam Admin', 'admin'],
      ['ann@acme.test', 'Ann Agent', 'agent'],
      ['luke@acme.test', 'Luke Locked', 'agent'],
    ])
      expect((await api('/api/v1/users', 'POST', { email, name, role, password }, owner)).status).toBe(201);
    admin = (await json(`${host.url}/api/v1/auth/login`, 'POST', { email: 'adam@acme.test', password })).json.token;
    widgetId = (await api('/api/v1/widgets', 'POST', { name: 'Support' }, owner)).json.id;
    if (shots) mkdirSync(shots, { recursive: true });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    if (host) expect(await host.stop()).toBe(0);
    rmSync(dir, { recursive: true, force: true });
  });

  it('lets an admin rename the account with If-Match, audited, with the plan shown read-only', async () => {
    const page = await signedIn('adam@acme.test');
    await page.goto(`${host.url}/app/admin/account`);
    await page.getByLabel('Name', { exact: true }).waitFor();
    // The keyboard's first stop skips the top bar and the admin menu: the next one is in the screen itself.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.classList.contains('admin-body'))).toBe(true);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => Boolean(document.activeElement?.closest('.admin-body')))).toBe(true);
    expect(await page.getByLabel('Plan').inputValue()).toBe('Enterprise');
    expect(await page.getByLabel('Plan').getAttribute('readonly')).not.toBeNull();
    await page.getByLabel('Name', { exact: true }).fill('Acme Support Ltd');
    // Leaving with the change unsaved asks first; staying (the focused answer) keeps it.
    await page.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name: 'Widgets' }).click();
    const leave = page.getByRole('dialog', { name: 'Leave without saving?' });
    expect(await leave.innerText()).toContain('You have unsaved changes to the account.');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Stay');
    await page.keyboard.press('Enter');
    await leave.waitFor({ state: 'detached' });
    expect(new URL(page.url()).pathname).toBe('/app/admin/account');
    expect(await page.getByLabel('Name', { exact: true }).inputValue()).toBe('Acme Support Ltd');
    // How long the audit log is kept is the owner's to change: shown to an admin, read-only, saying so.
    const keep = page.getByLabel('Keep the audit log for (days)');
    expect(await keep.getAttribute('readonly')).not.toBeNull();
    await page.getByText('Only the account’s owner changes how long the audit log is kept.').waitFor();
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    const account = (await api('/api/v1/account')).json;
    expect(account.name).toBe('Acme Support Ltd');
    expect(account.settings.auditRetentionDays).toBeNull();
    expect((await api('/api/v1/account', 'PATCH', { settings: { auditRetentionDays: 1 } })).json.code).toBe('forbidden');
    const audit = (await api('/api/v1/audit?limit=100', 'GET', undefined, owner)).json.items as {
      action: string;
      changes: { path: string; to: unknown }[];
    }[];
    expect(
      audit.some((e) => e.action === 'account.updated' && e.changes.some((c) => c.path === '/name' && c.to === 'Acme Support Ltd')),
    ).toBe(true);

    // Someone else saves meanwhile: the stale form says so and offers a reload instead of overwriting.
    expect((await api('/api/v1/account', 'PATCH', { name: 'Acme Elsewhere' }, owner)).status).toBe(200);
    await page.getByLabel('Name', { exact: true }).fill('Acme Overwrite');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('alert').filter({ hasText: 'changed by someone else' }).waitFor();
    expect((await api('/api/v1/account')).json.name).toBe('Acme Elsewhere');
    await page.getByRole('button', { name: 'Reload' }).click();
    await expect.poll(() => page.getByLabel('Name', { exact: true }).inputValue()).toBe('Acme Elsewhere');
    await expectNoSeriousAxeViolations(page);
    if (shots) await page.screenshot({ path: join(shots, 'admin-account.png') });
  });

  it('lets an admin add a user, change the role, assign a widget, deactivate, reactivate and unlock', async () => {
    const security = (await api('/api/v1/account/security', 'GET', undefined, owner)).json;
    const lockout = { ...security, lockout: { maxFailedAttempts: 3, lockMinutes: null } };
    expect((await api('/api/v1/account/security', 'PUT', lockout, owner)).status).toBe(200);
    for (let i = 0; i < 3; i++) {
      const r = await json(`${host.url}/api/v1/auth/login`, 'POST', { email: 'luke@acme.test', password: 'wrong password' });
      if (r.status === 423) break;
    }
    expect((await json(`${host.url}/api/v1/auth/login`, 'POST', { email: 'luke@acme.test', password })).status).toBe(423);

    const page = await signedIn('adam@acme.test', 1366, 850);
    await page.goto(`${host.url}/app/admin/users`);
    // This server sends no e-mail: an invitation could not arrive, so the form sets a password instead, and says why.
    const invite = page.getByRole('radio', { name: 'E-mail an invitation (the link works 72 hours)' });
    await expect.poll(() => invite.isDisabled()).toBe(true);
    expect(await page.getByRole('radio', { name: 'Set an initial password' }).isChecked()).toBe(true);
    await page.locator('#no-mail', { hasText: 'This server is not set up to send e-mail' }).waitFor();
    await page.getByLabel('Name', { exact: true }).fill('Nina New');
    await page.getByLabel('E-mail', { exact: true }).fill('nina@acme.test');
    await page.getByLabel('Initial password', { exact: true }).fill(password);
    // The account's only widget is ticked already: a new agent who serves nothing would get no chat.
    const serves = page.locator('.admin-add').getByRole('checkbox', { name: 'Support' });
    expect(await serves.isChecked()).toBe(true);
    await page.getByRole('button', { name: 'Add user' }).click();
    await page.getByRole('heading', { name: 'Nina New' }).waitFor();
    // Said at the top of her details, which take the focus (in view, not below the form), and the form cleared.
    const added = page.locator('#user-added');
    await expect
      .poll(() => added.innerText())
      .toBe('Added Nina New. They serve Support. Tell them the password you set: they sign in with it, and can change it then.');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('user-detail-title');
    expect(await page.locator('#user-detail-title').getAttribute('aria-describedby')).toBe('user-added');
    const box = (await added.boundingBox())!;
    expect(box.y).toBeGreaterThanOrEqual(0);
    expect(box.y + box.height).toBeLessThanOrEqual(850);
    const detailServes = page.locator('.admin-detail').getByRole('checkbox', { name: 'Support' });
    await expect.poll(() => detailServes.isChecked()).toBe(true);
    await expectNoSeriousAxeViolations(page);
    if (shots) await page.screenshot({ path: join(shots, 'admin-user-added.png') });
    expect(await page.getByLabel('Name', { exact: true }).inputValue()).toBe('');
    expect(await page.getByLabel('E-mail', { exact: true }).inputValue()).toBe('');
    expect(await page.locator('#new-user-role').inputValue()).toBe('agent');
    // Nobody is told to send an invitation that cannot arrive.
    expect(await page.locator('#user-invitation').innerText()).toContain('set one below and tell them: this server sends no e-mail');
    expect(await page.getByRole('button', { name: /invitation/ }).count()).toBe(0);
    // A new password for Nina, judged by the account's rules, then hers to sign in with.
    const newPassword = page.getByLabel('New password');
    await newPassword.fill('short');
    await page.getByRole('button', { name: 'Set password' }).click();
    await page.locator('#user-new-password-error').waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('user-new-password');
    await newPassword.fill('Oolong at half past four');
    await page.getByRole('button', { name: 'Set password' }).click();
    await page.getByRole('status').filter({ hasText: 'Password set: Nina New is signed out everywhere' }).waitFor();
    expect(await newPassword.inputValue()).toBe('');
    expect(
      (await json(`${host.url}/api/v1/auth/login`, 'POST', { email: 'nina@acme.test', password: 'Oolong at half past four' })).status,
    ).toBe(200);
    const nina = ((await api('/api/v1/users')).json.items as { id: string; email: string }[]).find((u) => u.email === 'nina@acme.test')!;
    expect(page.url()).toBe(`${host.url}/app/admin/users/${nina.id}`);
    expect((await api(`/api/v1/widgets/${widgetId}`)).json.agentIds).toContain(nina.id);

    await page.locator('#user-role').selectOption('supervisor');
    await page.getByRole('button', { name: 'Change role' }).click();
    await page.getByRole('status').filter({ hasText: 'Role changed to Supervisor.' }).waitFor();
    expect((await api(`/api/v1/users/${nina.id}`)).json.role).toBe('supervisor');

    await detailServes.uncheck();
    await page.getByRole('status').filter({ hasText: 'No longer serves Support.' }).waitFor();
    expect((await api(`/api/v1/widgets/${widgetId}`)).json.agentIds).not.toContain(nina.id);
    await detailServes.check();
    await page.getByRole('status').filter({ hasText: 'Now serves Support.' }).waitFor();
    expect((await api(`/api/v1/widgets/${widgetId}`)).json.agentIds).toContain(nina.id);

    await page.getByRole('button', { name: 'Deactivate' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Deactivate' }).click();
    await page.getByRole('status').filter({ hasText: 'Deactivated.' }).waitFor();
    expect((await api(`/api/v1/users/${nina.id}`)).json.status).toBe('deactivated');
    await page.getByRole('button', { name: 'Reactivate' }).click();
    await page.getByRole('status').filter({ hasText: 'Reactivated.' }).waitFor();
    expect((await api(`/api/v1/users/${nina.id}`)).json.status).toBe('active');

    // The role filter lives in the address, so a reload keeps it.
    await page.goto(`${host.url}/app/admin/users`);
    await page.getByLabel('Role', { exact: true }).first().selectOption('agent');
    await expect.poll(() => page.url()).toBe(`${host.url}/app/admin/users?role=agent`);
    await page.reload();
    await page.locator('.admin-table').waitFor();
    expect(await page.locator('.admin-table tbody tr a').allTextContents()).toEqual(['Ann Agent', 'Luke Locked']);
    expect(await page.locator('.admin-table tbody tr', { hasText: 'Luke Locked' }).locator('td[data-status]').innerText()).toBe('Locked');
    // The search narrows the same list, by name or e-mail, and is kept in the address too.
    await page.getByRole('searchbox', { name: 'Search' }).fill('luke@');
    await expect.poll(() => page.url()).toBe(`${host.url}/app/admin/users?role=agent&q=luke%40`);
    expect(await page.locator('.admin-table tbody tr a').allTextContents()).toEqual(['Luke Locked']);
    await page.getByRole('searchbox', { name: 'Search' }).fill('');
    await expect.poll(() => page.url()).toBe(`${host.url}/app/admin/users?role=agent`);

    await page.getByRole('link', { name: 'Luke Locked' }).click();
    expect(await page.getByRole('button', { name: 'Transfer ownership' }).count()).toBe(0);
    await page.getByText('Only the owner can transfer ownership.').waitFor();
    await page.getByRole('button', { name: 'Unlock' }).click();
    await page.getByRole('status').filter({ hasText: 'Unlocked.' }).waitFor();
    const luke = ((await api('/api/v1/users')).json.items as { email: string; locked: boolean }[]).find(
      (u) => u.email === 'luke@acme.test',
    )!;
    expect(luke.locked).toBe(false);
    expect((await json(`${host.url}/api/v1/auth/login`, 'POST', { email: 'luke@acme.test', password })).status).toBe(200);

    await page.getByRole('link', { name: 'Ann Agent' }).click();
    await page.getByRole('heading', { name: 'Ann Agent' }).waitFor();
    // Ann's own number of chats at once, over the widgets' maximum; empty (as it starts): each widget's.
    const annChats = async () =>
      ((await api('/api/v1/users')).json.items as { name: string; maxConcurrentChats: number | null }[]).find(
        (u) => u.name === 'Ann Agent',
      )!.maxConcurrentChats;
    const chatsAtOnce = page.getByLabel('Chats at once');
    expect(await chatsAtOnce.inputValue()).toBe('');
    // Its placeholder shows whole.
    expect(await chatsAtOnce.getAttribute('placeholder')).toBe('Each widget’s');
    expect(
      await chatsAtOnce.evaluate((el) => {
        const input = el as HTMLInputElement;
        const probe = Object.assign(document.createElement('span'), { textContent: input.placeholder });
        probe.style.font = getComputedStyle(input).font;
        document.body.append(probe);
        const wide = probe.getBoundingClientRect().width;
        probe.remove();
        const s = getComputedStyle(input);
        // The number's arrows take about 1.5em of what is left beside the padding.
        return (
          input.clientWidth -
          Number.parseFloat(s.paddingLeft) -
          Number.parseFloat(s.paddingRight) -
          1.5 * Number.parseFloat(s.fontSize) -
          wide
        );
      }),
    ).toBeGreaterThanOrEqual(0);
    await chatsAtOnce.fill('250');
    await page.locator('#user-max-chats-error', { hasText: 'A whole number from 1 to 100, or empty.' }).waitFor();
    expect(await page.getByRole('button', { name: 'Save chats at once' }).isDisabled()).toBe(true);
    await chatsAtOnce.fill('2');
    await chatsAtOnce.press('Enter');
    await page.getByRole('status').filter({ hasText: 'Takes at most 2 chats at once in every widget.' }).waitFor();
    expect(await annChats()).toBe(2);
    expect(await chatsAtOnce.inputValue()).toBe('2');
    await expectNoSeriousAxeViolations(page);
    if (shots) await page.screenshot({ path: join(shots, 'admin-users.png'), fullPage: true });
    await chatsAtOnce.fill('');
    await page.getByRole('button', { name: 'Save chats at once' }).click();
    await page.getByRole('status').filter({ hasText: 'Takes as many chats at once as each widget allows.' }).waitFor();
    expect(await annChats()).toBeNull();
  });

  it('says until when a timed lock lasts, and nothing of a password an invited user has not chosen yet', async () => {
    const before = (await api('/api/v1/account/security', 'GET', undefined, owner)).json;
    const { version, ...settings } = before;
    const timed = { ...settings, password: { ...settings.password, expiryMonths: 3 }, lockout: { maxFailedAttempts: 3, lockMinutes: 30 } };
    expect((await api('/api/v1/account/security', 'PUT', timed, owner)).status).toBe(200);
    const tim = (await api('/api/v1/users', 'POST', { email: 'tim@acme.test', name: 'Tim Timed', role: 'agent', password }, owner)).json;
    const ivy = (await api('/api/v1/users', 'POST', { email: 'ivy@acme.test', name: 'Ivy Invited', role: 'agent' }, owner)).json;
    for (let i = 0; i < 3; i++) await json(`${host.url}/api/v1/auth/login`, 'POST', { email: 'tim@acme.test', password: 'wrong password' });
    const lockedUntil: string = (await api(`/api/v1/users/${tim.id}`, 'GET', undefined, owner)).json.lockedUntil;
    expect(Date.parse(lockedUntil)).toBeGreaterThan(Date.now());

    const page = await signedIn('adam@acme.test');
    await page.goto(`${host.url}/app/admin/users`);
    await page.locator('.admin-table').waitFor();
    const shown = await page.evaluate((iso) => new Date(iso).toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' }), lockedUntil);
    const row = page.locator('.admin-table tbody tr', { hasText: 'Tim Timed' });
    expect(await row.locator('td[data-status]').innerText()).toBe(`Locked until ${shown}`);
    await row.getByRole('link', { name: 'Tim Timed' }).click();
    await page.getByRole('heading', { name: 'Tim Timed' }).waitFor();
    await page.getByText(`tim@acme.test · Locked until ${shown} · last sign-in Never`).waitFor();
    await page.getByText(/^The password expires /).waitFor(); // a password of his own, which ages

    await page.getByRole('link', { name: 'Ivy Invited' }).click();
    await page.locator('#user-invitation').waitFor();
    expect(await page.locator('.admin-detail').innerText()).not.toContain('password expires');

    for (const id of [tim.id, ivy.id]) expect((await api(`/api/v1/users/${id}`, 'DELETE', undefined, owner)).status).toBe(204);
    const now = (await api('/api/v1/account/security', 'GET', undefined, owner)).json;
    expect((await api('/api/v1/account/security', 'PUT', { ...settings, version: now.version }, owner)).status).toBe(200);
  });

  it('keeps an agent out of the users screen, as the API does', async () => {
    const page = await signedIn('ann@acme.test');
    await page.goto(`${host.url}/app/admin/users`);
    await page.getByRole('heading', { name: 'Not allowed' }).waitFor();
    const agent = (await json(`${host.url}/api/v1/auth/login`, 'POST', { email: 'ann@acme.test', password })).json.token;
    expect((await api('/api/v1/users', 'POST', { email: 'x@acme.test', name: 'X', role: 'agent', password }, agent)).status).toBe(403);
    await expectNoSeriousAxeViolations(page);
  });

  it('adds, edits, finds and deletes a canned response, and adds and deletes a label', async () => {
    const page = await signedIn('adam@acme.test');
    await page.goto(`${host.url}/app/admin/canned`);
    await page.getByText('No canned responses yet.').waitFor();
    await page.locator('#new-canned-shortcut').fill('refund');
    await page.locator('#new-canned-title').fill('Refund policy');
    await page.locator('#new-canned-text').fill('Hi {visitor.name}, refunds take five days.');
    await page.getByRole('button', { name: 'Add response' }).click();
    await page.locator('.canned-item', { hasText: '/refund' }).waitFor();
    await page.locator('#new-canned-shortcut').fill('hours');
    await page.locator('#new-canned-title').fill('Opening hours');
    await page.locator('#new-canned-text').fill('We are open nine to five.');
    await page.getByRole('button', { name: 'Add response' }).click();
    await page.locator('.canned-item', { hasText: '/hours' }).waitFor();

    // Edited in place: the focus goes into the form and back to its Edit button, saved or cancelled (Escape).
    const focusedId = () => page.evaluate(() => document.activeElement?.id ?? '');
    const focusedName = () => page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? '');
    await page.getByRole('button', { name: 'Edit /refund' }).click();
    await expect.poll(focusedId).toMatch(/^edit-.+-shortcut$/);
    await page.keyboard.press('Escape');
    await expect.poll(focusedName).toBe('Edit /refund');
    expect(await page.locator('textarea[id^="edit-"]').count()).toBe(0);
    await page.keyboard.press('Enter');
    const text = page.locator('textarea[id^="edit-"]');
    await text.fill('Hi {visitor.name}, refunds take three days.');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.locator('.canned-item', { hasText: 'three days' }).waitFor();
    await expect.poll(focusedName).toBe('Edit /refund');
    // Typed as agents type it, /hello is hello; a widget's own /hello says it replaces the account-wide one there.
    await page.locator('#new-canned-shortcut').fill('/Hello');
    await page.locator('#new-canned-title').fill('Greeting');
    await page.locator('#new-canned-text').fill('Hello!');
    await page.getByRole('button', { name: 'Add response' }).click();
    await page.locator('.canned-item', { hasText: '/hello' }).waitFor();
    await page.locator('#new-canned-shortcut').fill('hello');
    await page.locator('#new-canned-title').fill('Support hello');
    await page.locator('#new-canned-widget').selectOption(widgetId);
    await page.locator('#new-canned-text').fill('Hello from support!');
    await page.getByRole('button', { name: 'Add response' }).click();
    await page.locator('.canned-item', { hasText: 'Used in its chats instead of the account-wide /hello' }).waitFor();
    for (const r of (await api('/api/v1/canned-responses')).json.items as { id: string; shortcut: string }[])
      if (r.shortcut === 'hello') expect((await api(`/api/v1/canned-responses/${r.id}`, 'DELETE')).status).toBe(204);
    await page.reload();
    await page.locator('.canned-item', { hasText: '/hours' }).waitFor();
    const items = (await api('/api/v1/canned-responses')).json.items as { shortcut: string; text: string }[];
    expect(items.find((r) => r.shortcut === 'refund')!.text).toBe('Hi {visitor.name}, refunds take three days.');

    await page.getByLabel('Search', { exact: true }).fill('nine');
    await page.getByRole('button', { name: 'Search' }).click();
    await expect.poll(() => page.url()).toBe(`${host.url}/app/admin/canned?q=nine`);
    await expect.poll(() => page.locator('.canned-item .canned-shortcut').allTextContents()).toEqual(['/hours']);
    await page.getByRole('button', { name: 'Delete /hours' }).click();
    // What cannot be undone starts on Cancel: an Enter pressed at once deletes nothing.
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Cancel');
    await page.getByRole('dialog').getByRole('button', { name: 'Delete response' }).click();
    await page.getByText('No canned response matches').waitFor();
    expect(((await api('/api/v1/canned-responses')).json.items as { shortcut: string }[]).map((r) => r.shortcut)).toEqual(['refund']);

    const warnings: string[] = [];
    page.on('console', (m) => m.type() === 'warning' && warnings.push(m.text()));
    await page.getByLabel('Label name').fill('Billing');
    await page.getByRole('button', { name: 'Add label' }).click();
    await page.locator('.label-item', { hasText: 'Billing' }).waitFor();
    await page.getByLabel('Label name').fill('Spam');
    await page.getByRole('button', { name: 'Add label' }).click();
    await page.locator('.label-item', { hasText: 'Spam' }).waitFor();
    await page.getByRole('button', { name: 'Rename Spam' }).click();
    await expect.poll(focusedId).toMatch(/^rename-/);
    await page.keyboard.press('Escape');
    await expect.poll(focusedName).toBe('Rename Spam');
    // The form starts over with the default colour, as its own default (emptied, a colour field warns in the console).
    expect(await page.getByLabel('Colour').inputValue()).toBe('#2563eb');
    expect(warnings).toEqual([]);
    await page.getByRole('button', { name: 'Delete Spam' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete label' }).click();
    await expect.poll(() => page.locator('.label-item .label-name').allTextContents()).toEqual(['Billing']);
    expect(((await api('/api/v1/labels')).json.items as { name: string }[]).map((l) => l.name)).toEqual(['Billing']);
    // Its Delete button gone with it, the focus is on the label before it, not lost to the page.
    await expect.poll(focusedName).toBe('Delete Billing');

    await page.goto(`${host.url}/app/admin/canned`);
    await page.locator('.canned-item').first().waitFor();
    await expectNoSeriousAxeViolations(page);
    if (shots) await page.screenshot({ path: join(shots, 'admin-canned.png'), fullPage: true });
  });

  it('says why the users list did not load, and loads it on Try again', async () => {
    const page = await signedIn('adam@acme.test');
    // The list request meets a server that cannot reach its database, until it can again.
    const letThrough = await refuseRequests(page, (url) => url.pathname === '/api/v1/users');
    await page.goto(`${host.url}/app/admin/users`);
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await page.locator('.admin-table').count()).toBe(0);
    await expectNoSeriousAxeViolations(page);
    await letThrough();
    await alert.getByRole('button', { name: 'Try again' }).click();
    await page.locator('.admin-table').getByText('Ann Agent').waitFor();
    expect(await page.getByRole('alert').count()).toBe(0);
  });

  it('fits the users screen on a phone without sideways scrolling', async () => {
    const page = await signedIn('adam@acme.test', 375, 740);
    await page.goto(`${host.url}/app/admin/users`);
    await page.locator('.admin-table').waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await expectNoSeriousAxeViolations(page);
  });

  it('lets the owner transfer ownership after a confirmation saying they become an admin', async () => {
    const page = await signedIn('olive@acme.test');
    const adam = ((await api('/api/v1/users', 'GET', undefined, owner)).json.items as { id: string; email: string }[]).find(
      (u) => u.email === 'adam@acme.test',
    )!;
    await page.goto(`${host.url}/app/admin/users/${adam.id}`);
    await page.getByRole('button', { name: 'Transfer ownership' }).click();
    const dialog = page.getByRole('dialog');
    expect(await dialog.innerText()).toContain('you become an admin');
    await dialog.getByRole('button', { name: 'Transfer ownership' }).click();
    await page.getByRole('status').filter({ hasText: 'Ownership transferred.' }).waitFor();
    const users = (await api('/api/v1/users', 'GET', undefined, owner)).json.items as { email: string; role: string }[];
    expect(users.find((u) => u.email === 'adam@acme.test')!.role).toBe('owner');
    expect(users.find((u) => u.email === 'olive@acme.test')!.role).toBe('admin');
  });

  it('shows whose password has expired once the owner raised the password rules', async () => {
    // Adam is the owner since the transfer above. Raising the minimum length expires every password set before.
    const adamToken = (await json(`${host.url}/api/v1/auth/login`, 'POST', { email: 'adam@acme.test', password })).json.token;
    const security = (await api('/api/v1/account/security', 'GET', undefined, adamToken)).json;
    const raised = { ...security, password: { ...security.password, minLength: security.password.minLength + 2 } };
    expect((await api('/api/v1/account/security', 'PUT', raised, adamToken)).status).toBe(200);
    const expired = await json(`${host.url}/api/v1/auth/login`, 'POST', { email: 'adam@acme.test', password });
    expect(expired.json).toMatchObject({ code: 'password_expired', reasons: ['requirements_raised'] });
    const fresh = 'a longer and fresher owner passphrase';
    const changed = await json(`${host.url}/api/v1/auth/password`, 'POST', { ticket: expired.json.ticket, newPassword: fresh });
    expect(changed.status).toBe(200);

    const page = await signedIn('adam@acme.test', 1280, 860, fresh);
    await page.goto(`${host.url}/app/admin/users`);
    await page.locator('.admin-table').waitFor();
    const status = (name: string) => page.locator('.admin-table tbody tr', { hasText: name }).locator('td[data-status]').innerText();
    expect(await status('Ann Agent')).toBe('Password expired');
    expect(await status('Adam Admin')).toBe('Active');
    await page.getByRole('link', { name: 'Ann Agent' }).click();
    await page.getByText('The password has expired: Ann Agent sets a new one at the next sign-in.').waitFor();
    await expectNoSeriousAxeViolations(page);
  });
});
