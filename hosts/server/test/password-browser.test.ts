/**
 * Passwords at sign-in and after, in a real browser (Debian's chromium driven by playwright-core) against the
 * real host process: an email and password that open two accounts ask which one; a password expired by the
 * owner's raised rules is replaced on the sign-in page, every broken rule listed, before the workspace opens;
 * a signed-in agent changes their own password from their name in the top bar, stays signed in on that page,
 * and every other session of theirs ends; the link an operator's `account reset-password` prints sets a new one.
 *
 * Set PARLEY_SCREENSHOTS to a folder to keep screenshots. Without /usr/bin/chromium the suite is skipped with a
 * loud warning, unless CI=true, where that fails. Browsers are never downloaded.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, mustRunBrowser, seriousAxeViolations, warnSkipped } from './browser.js';
import { CLI, json, runToExit, startHost, type HostProcess } from './process.js';

warnSkipped('the password browser test');

const shots = process.env.PARLEY_SCREENSHOTS;
const first = 'Steeped in Darjeeling 1887';
const second = 'Oolong from the second flush';
const third = 'Gunpowder green, rolled tight';
const fourth = 'Silver needle, picked at dawn';

describe.skipIf(!mustRunBrowser)('passwords in a real browser', () => {
  const dir = mkdtempSync(join(tmpdir(), 'parley-password-browser-'));
  let host: HostProcess;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];
  const accounts = { teapot: '', kettle: '' };
  // The host's database, which the operator's CLI opens too.
  const cliEnv: Record<string, string> = { PARLEY_DATABASE_URL: `sqlite:${join(dir, 'passwords.db')}` };

  beforeAll(async () => {
    host = await startHost({ ...cliEnv, PARLEY_SIGNUP: 'open', PARLEY_GEOIP: 'off' }, dir);
    cliEnv.PARLEY_PUBLIC_URL = host.url;
    /** A new account whose owner signs in with `email` and the first password; its id. */
    const account = async (accountName: string, email: string, name: string): Promise<string> => {
      const made = await json(`${host.url}/api/v1/accounts`, 'POST', { accountName, email, name, password: first });
      expect(made.status).toBe(201);
      return made.json.account.id;
    };
    accounts.teapot = await account('Teapot', 'olive@teapot.test', 'Olive Owner');
    const owner = (await json(`${host.url}/api/v1/auth/login`, 'POST', { email: 'olive@teapot.test', password: first })).json.token;
    const ann = await json(
      `${host.url}/api/v1/users`,
      'POST',
      { email: 'ann@teapot.test', name: 'Ann Agent', role: 'agent', password: first },
      owner,
    );
    expect(ann.status).toBe(201);
    // Ann also owns an account of her own, with the same email and password.
    accounts.kettle = await account('Kettle Works', 'ann@teapot.test', 'Ann Kettle');
    // Olive raises Teapot's minimum length: every password set before has expired there.
    const security = (await json(`${host.url}/api/v1/account/security`, 'GET', undefined, owner)).json;
    // And locks a user for 15 minutes after three failed sign-ins, and passwords expire a month after they are set.
    const raised = {
      ...security,
      password: { ...security.password, minLength: security.password.minLength + 4, expiryMonths: 1 },
      lockout: { maxFailedAttempts: 3, lockMinutes: 15 },
    };
    expect((await json(`${host.url}/api/v1/account/security`, 'PUT', raised, owner)).status).toBe(200);
    browser = await launchBrowser();
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    page = await context.newPage();
    page.setDefaultTimeout(5000);
    page.on('pageerror', (e) => problems.push(`page: ${e.message}`));
  });

  afterAll(async () => {
    await browser?.close();
    if (host) expect(await host.stop()).toBe(0);
    rmSync(dir, { recursive: true, force: true });
  });

  /** Fills and sends the sign-in form shown on `on` (the shared page unless said). */
  const signInForm = async (email: string, password: string, on: Page = page) => {
    await on.waitForFunction(() => document.activeElement?.id === 'email');
    await on.getByLabel('Email').fill(email);
    await on.getByLabel('Password', { exact: true }).fill(password);
    await on.getByRole('button', { name: 'Sign in' }).click();
  };
  const accountOfPage = () => page.evaluate(async () => (await (await fetch('/api/v1/me')).json()).accountId as string);

  it('asks which account to open when the email and password open several, and opens the one chosen', async () => {
    await page.goto(`${host.url}/app`);
    await signInForm('ann@teapot.test', first);
    await page.getByRole('heading', { name: 'Choose an account' }).waitFor();
    const choice = page.locator('.account-choice');
    expect(await choice.getByRole('button').allInnerTexts()).toEqual(expect.arrayContaining(['Teapot', 'Kettle Works']));
    await page.waitForFunction(() => document.activeElement?.tagName === 'BUTTON');
    expect(await seriousAxeViolations(page)).toEqual([]);
    if (shots) await page.screenshot({ path: join(shots, 'signin-choose-account.png') });
    // Back: the sign-in form again, its email kept, the password not.
    await page.getByRole('link', { name: 'Back to sign-in' }).click();
    await page.getByRole('heading', { name: 'Sign in to Parley' }).waitFor();
    expect(await page.getByLabel('Email').inputValue()).toBe('ann@teapot.test');
    expect(await page.getByLabel('Password', { exact: true }).inputValue()).toBe('');
    await signInForm('ann@teapot.test', first);
    await choice.getByRole('button', { name: 'Kettle Works' }).click();
    await page.getByRole('group', { name: 'Your status' }).waitFor();
    expect(await page.locator('.topbar').innerText()).toContain('Ann Kettle');
    expect(await accountOfPage()).toBe(accounts.kettle);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in to Parley' }).waitFor();
  });

  it('replaces a password the raised rules expired on the sign-in page, listing what a refused one breaks, then opens the workspace', async () => {
    await signInForm('ann@teapot.test', first);
    await page.locator('.account-choice').getByRole('button', { name: 'Teapot' }).click();
    await page.getByRole('heading', { name: 'Choose a new password' }).waitFor();
    expect(await page.locator('form .hint').innerText()).toContain('Your account’s password rules have changed since you chose yours.');
    await page.waitForFunction(() => document.activeElement?.id === 'password'); // focus moves after the render
    await page.getByLabel('New password', { exact: true }).fill('Too short');
    await page.getByLabel('New password, again').fill('Too short');
    await page.getByRole('button', { name: 'Save and sign in' }).click();
    const refusal = page.locator('#password-refusal');
    await refusal.getByText('Choose another password:').waitFor();
    expect(await refusal.locator('li').count()).toBeGreaterThan(0);
    expect(await page.getByLabel('New password', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    expect(await seriousAxeViolations(page)).toEqual([]);
    if (shots) await page.screenshot({ path: join(shots, 'signin-password-expired.png') });
    await page.getByLabel('New password', { exact: true }).fill(second);
    await page.getByLabel('New password, again').fill(second);
    await page.getByRole('button', { name: 'Save and sign in' }).click();
    await page.getByRole('group', { name: 'Your status' }).waitFor();
    await expect.poll(() => page.title()).toBe('Inbox · Parley');
    expect(await accountOfPage()).toBe(accounts.teapot);
    // The new password opens Teapot alone now; the old one still opens Kettle Works, which raised nothing.
    const login = await json(`${host.url}/api/v1/auth/login`, 'POST', { email: 'ann@teapot.test', password: second });
    expect([login.status, login.json.user?.accountId]).toEqual([200, accounts.teapot]);
  });

  it('changes the signed-in agent’s own password from their name in the top bar; this page stays signed in, every other session ends', async () => {
    const elsewhere = (
      await json(`${host.url}/api/v1/auth/login`, 'POST', { email: 'ann@teapot.test', password: second, accountId: accounts.teapot })
    ).json.token as string;
    // Ann is signed in in another browser too.
    const otherContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const other = await otherContext.newPage();
    other.setDefaultTimeout(5000);
    await other.goto(`${host.url}/app`);
    await signInForm('ann@teapot.test', second, other);
    await other.locator('.conn[data-state=live]').waitFor();
    await page.locator('.conn[data-state=live]').waitFor();
    await page.getByRole('link', { name: 'Ann Agent: change your password' }).click();
    await page.getByRole('heading', { name: 'Change your password' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/app/password');
    await expect.poll(() => page.title()).toBe('Your password · Parley');
    await page.waitForFunction(() => document.activeElement?.id === 'current'); // focus moves after the render

    await page.getByLabel('Current password').fill('not my password at all');
    await page.getByLabel('New password', { exact: true }).fill(third);
    await page.getByLabel('New password, again').fill(third);
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.locator('#password-refusal').getByText('Your current password is not right.').waitFor();
    await page.waitForFunction(() => document.activeElement?.id === 'current'); // focus moves after the render
    expect(await page.getByLabel('Current password').getAttribute('aria-invalid')).toBe('true');

    await page.getByLabel('Current password').fill(second);
    await page.getByLabel('New password', { exact: true }).fill(third);
    await page.getByLabel('New password, again').fill(third);
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByRole('status').getByText('Your password is changed. Your other sessions are signed out.').waitFor();
    expect(await page.getByLabel('Current password').inputValue()).toBe(''); // the form is emptied
    expect(await seriousAxeViolations(page)).toEqual([]);
    // The old session's stream ended; the page follows the new one and nobody was signed out here.
    await page.locator('.conn[data-state=live]').waitFor();
    await page.waitForTimeout(500);
    expect(await page.getByRole('heading', { name: 'Change your password' }).count()).toBe(1);
    expect(await accountOfPage()).toBe(accounts.teapot);
    await page.reload();
    await page.getByRole('heading', { name: 'Change your password' }).waitFor();
    expect((await json(`${host.url}/api/v1/me`, 'GET', undefined, elsewhere)).status).toBe(401);
    // The other browser is back on the sign-in form, which says why.
    await other.getByRole('heading', { name: 'Sign in to Parley' }).waitFor();
    expect(await other.getByRole('status').innerText()).toContain('You were signed out');
    await otherContext.close();
    const login = await json(`${host.url}/api/v1/auth/login`, 'POST', { email: 'ann@teapot.test', password: third });
    expect(login.status).toBe(200);
    expect(problems).toEqual([]);
  });

  it('takes the link an operator’s reset prints: a new password, then the workspace; the link then works no more', async () => {
    const reset = await runToExit(CLI, ['account', 'reset-password', 'ann@teapot.test', accounts.teapot], cliEnv, dir);
    expect(reset.code, reset.out).toBe(0);
    const link = /http:\/\/\S+\/app\/renew\?token=\S+/.exec(reset.out)![0];
    expect(link.startsWith(`${host.url}/app/renew?token=`)).toBe(true);
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const renewing = await context.newPage();
    renewing.setDefaultTimeout(5000);
    await renewing.goto(link);
    await renewing.getByRole('heading', { name: 'Choose a new password' }).waitFor();
    await expect.poll(() => renewing.title()).toBe('Choose a new password · Parley');
    await renewing.getByLabel('New password', { exact: true }).fill(fourth);
    await renewing.getByLabel('New password, again').fill(fourth);
    await renewing.getByRole('button', { name: 'Save and sign in' }).click();
    await renewing.getByRole('group', { name: 'Your status' }).waitFor();
    expect(new URL(renewing.url()).search).toBe(''); // the token left the address
    await renewing.goto(link);
    await renewing.getByLabel('New password', { exact: true }).fill('Yet another long password');
    await renewing.getByLabel('New password, again').fill('Yet another long password');
    await renewing.getByRole('button', { name: 'Save and sign in' }).click();
    await renewing.locator('#password-refusal').getByText('This link is no longer valid: it was used already or has expired.').waitFor();
    await context.close();
    const login = await json(`${host.url}/api/v1/auth/login`, 'POST', { email: 'ann@teapot.test', password: fourth });
    expect(login.status).toBe(200);
  });

  it('says until when a user is locked after too many failed sign-ins', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, timezoneId: 'Europe/Berlin' });
    const locked = await context.newPage();
    locked.setDefaultTimeout(5000);
    await locked.goto(`${host.url}/app`);
    await locked.waitForFunction(() => document.activeElement?.id === 'email');
    await locked.getByLabel('Email').fill('olive@teapot.test');
    const alert = locked.getByRole('alert');
    for (let attempt = 0; attempt < 4 && !(await alert.innerText().catch(() => '')).includes('Too many'); attempt++) {
      await locked.getByLabel('Password', { exact: true }).fill(`wrong guess ${attempt}`);
      await locked.getByRole('button', { name: 'Sign in' }).click();
      await alert.waitFor();
      await expect.poll(() => locked.getByRole('button', { name: 'Sign in' }).isEnabled()).toBe(true);
    }
    const until = (await json(`${host.url}/api/v1/auth/login`, 'POST', { email: 'olive@teapot.test', password: first })).json.lockedUntil;
    const shownTime = new Date(until).toLocaleTimeString('en-US', { hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Berlin' });
    // A lock that ends after midnight (in the browser's zone) is said with its date, as the console does.
    const day = (d: Date) => d.toLocaleDateString('en-US', { timeZone: 'Europe/Berlin' });
    const shown = day(new Date(until)) === day(new Date()) ? shownTime : `${day(new Date(until))} ${shownTime}`;
    expect(await alert.innerText()).toBe(`Too many failed sign-ins: try again after ${shown}, or ask an owner or admin to unlock you.`);
    await context.close();
  });

  it('reaches the password page from a phone’s top bar, and fits it', async () => {
    const context = await browser.newContext({ viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true });
    const phone = await context.newPage();
    phone.setDefaultTimeout(5000);
    await phone.goto(`${host.url}/app`);
    await signInForm('ann@teapot.test', fourth, phone);
    await phone.getByRole('button', { name: 'Menu' }).click();
    await phone.getByRole('link', { name: 'Ann Agent: change your password' }).click();
    await phone.getByRole('heading', { name: 'Change your password' }).waitFor();
    // Chosen, the menu closed.
    expect(await phone.getByRole('button', { name: 'Menu' }).getAttribute('aria-expanded')).toBe('false');
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    expect(await seriousAxeViolations(phone)).toEqual([]);
    if (shots) await phone.screenshot({ path: join(shots, 'own-password-phone.png'), fullPage: true });
    await context.close();
  });

  it('reminds a user whose password expires within two weeks above every screen, with the way to change it', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const later = await context.newPage();
    later.setDefaultTimeout(5000);
    // The browser's clock three weeks on: Ann's password, set in a test above, expires a month after it was.
    await later.clock.setFixedTime(new Date(Date.now() + 21 * 24 * 60 * 60 * 1000));
    await later.goto(`${host.url}/app`);
    await signInForm('ann@teapot.test', fourth, later);
    const reminder = later.locator('.expiry-reminder');
    await reminder.waitFor();
    expect(await reminder.innerText()).toMatch(/^Your password expires in (9|10|11) days, on .+\. Change it now$/);
    expect(await seriousAxeViolations(later)).toEqual([]);
    if (shots) await later.screenshot({ path: join(shots, 'password-expiry-reminder.png') });
    await reminder.getByRole('link', { name: 'Change it now' }).click();
    await later.getByRole('heading', { name: 'Change your password' }).waitFor();
    expect(await later.locator('.expiry-reminder').count()).toBe(0);
    expect(await later.locator('form .hint').innerText()).toMatch(/^Your password expires on /);
    await context.close();
  });
});
