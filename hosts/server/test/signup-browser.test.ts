/**
 * A fresh server's first ten minutes in a real browser (Debian's chromium driven by playwright-core) against the
 * real host process on an empty database, under the default sign-up policy (`first`): the server's address opens
 * the console, which offers to create the first account; a weak password is refused rule by rule; the account
 * is created and its owner signed in on the widgets screen. After that, sign-up is closed and the sign-in form
 * no longer offers it.
 *
 * Set PARLEY_SCREENSHOTS to a folder to keep screenshots. Without /usr/bin/chromium the suite is skipped with a
 * loud warning, unless CI=true, where that fails. Browsers are never downloaded.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, mustRunBrowser, seriousAxeViolations, warnSkipped } from './browser.js';
import { json, startHost, type HostProcess } from './process.js';

warnSkipped('the sign-up browser test');

const shots = process.env.PARLEY_SCREENSHOTS;

describe.skipIf(!mustRunBrowser)('a fresh server in a real browser', () => {
  const dir = mkdtempSync(join(tmpdir(), 'parley-signup-browser-'));
  let host: HostProcess;
  let browser: Browser;

  beforeAll(async () => {
    host = await startHost({ PARLEY_DATABASE_URL: `sqlite:${join(dir, 'fresh.db')}`, PARLEY_GEOIP: 'off' }, dir);
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    if (host) expect(await host.stop()).toBe(0);
    rmSync(dir, { recursive: true, force: true });
  });

  it('opens the console at the server’s address and creates the first account, its owner signed in on the widgets screen', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    page.setDefaultTimeout(5000);
    const asked: string[] = [];
    page.on('request', (r) => {
      if (new URL(r.url()).pathname === '/api/v1/signup') asked.push(r.url());
    });
    await page.goto(`${host.url}/`);
    await page.getByRole('heading', { name: 'Welcome to Parley' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/app/signup');
    expect(asked).toHaveLength(1); // the sign-in form asks whether this is a fresh server; the sign-up form knows
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('accountName');
    expect(await seriousAxeViolations(page)).toEqual([]);
    // The password's rule is said before anything is tried.
    expect(await page.getByLabel('Password', { exact: true }).getAttribute('aria-describedby')).toBe('signup-password-hint');
    expect(await page.locator('#signup-password-hint').innerText()).toMatch(/^At least 8 characters/);

    await page.getByLabel('Company or team').fill('Teapot & Co');
    await page.getByLabel('Your name').fill('Olive Owner');
    await page.getByLabel('Email').fill('olive@teapot.test');
    // Two passwords that differ: said at once, the repetition focused, nothing sent.
    await page.getByLabel('Password', { exact: true }).fill('Steeped in Darjeeling 1887');
    await page.getByLabel('Password, again').fill('Steeped in Assam 1887');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.locator('#signup-refusal').getByText('The two passwords are not the same.').waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('repeat');
    await page.getByLabel('Password', { exact: true }).fill('short');
    await page.getByLabel('Password, again').fill('short');
    await page.getByRole('button', { name: 'Create account' }).click();
    const refusal = page.locator('#signup-refusal');
    await refusal.getByText('Choose another password:').waitFor();
    expect(await refusal.locator('li').count()).toBeGreaterThan(0);
    expect(await page.getByLabel('Password', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    expect((await json(`${host.url}/api/v1/signup`, 'GET')).json).toEqual({ open: true, setup: true }); // nothing created
    if (shots) await page.screenshot({ path: join(shots, 'console-signup.png') });

    await page.getByLabel('Password', { exact: true }).fill('Steeped in Darjeeling 1887');
    await page.getByLabel('Password, again').fill('Steeped in Darjeeling 1887');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.locator('.topbar').getByText('Olive Owner').waitFor();
    expect(new URL(page.url()).pathname).toBe('/app/admin/widgets');
    await page.getByLabel('New widget’s name').waitFor();
    // The one thing to do next has the focus, for the keyboard too.
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('widget-new-name');
    if (shots) await page.screenshot({ path: join(shots, 'console-first-widgets.png') });
    // A new account's history says what will be there, not that a search found nothing.
    await page.locator('.topbar').getByText('History', { exact: true }).click();
    await page.getByText('No chats yet. Every chat and offline request of the widgets you may see is listed here').waitFor();
    // The inbox says why no chat comes, and links to where that changes.
    await page.locator('.topbar').getByText('Inbox', { exact: true }).click();
    await page.locator('.chat-list .empty').getByRole('link', { name: 'Admin → Widgets' }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/app/admin/widgets');
    expect((await json(`${host.url}/api/v1/signup`, 'GET')).json).toEqual({ open: false, setup: false });
    await context.close();
  });

  it('then offers no sign-up: the sign-in form has no link to it, and its address says so', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    page.setDefaultTimeout(5000);
    await page.goto(`${host.url}/app`);
    await page.getByRole('heading', { name: 'Sign in to Parley' }).waitFor();
    await page.getByText('Forgot your password?').waitFor();
    expect(await page.getByRole('link', { name: 'Create an account' }).count()).toBe(0);
    await page.goto(`${host.url}/app/signup`);
    await page.getByRole('heading', { name: 'No new accounts' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.getByRole('link', { name: 'Back to sign-in' }).click();
    await page.getByRole('heading', { name: 'Sign in to Parley' }).waitFor();
    await context.close();
  });
});
