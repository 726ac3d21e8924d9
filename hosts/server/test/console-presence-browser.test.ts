/**
 * Whether the visitor of an open chat is still on the site, in the agent console, in a real browser against the
 * real host process (with a one-second grace period): the visitor's page closes, and the transcript and the
 * visitor panel say they left; their page opens again, and the panel no longer does. The screen passes an
 * axe-core scan. Set PARLEY_SCREENSHOTS to keep a screenshot. The account has no labels: the chat says who
 * makes them (an agent) or links to where (an owner); so does "/" in the reply box, with no canned responses. An
 * agent who signs in shows the status another device set.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, mustRunBrowser, seriousAxeViolations, signInConsole, warnSkipped } from './browser.js';
import { json, readUntil, startHost, type HostProcess } from './process.js';

warnSkipped('the console’s view of a visitor leaving the site');

const password = 'correct horse battery staple';
const shots = process.env.PARLEY_SCREENSHOTS;

describe.skipIf(!mustRunBrowser)('a visitor who leaves the site, in the console', () => {
  const dir = mkdtempSync(join(tmpdir(), 'parley-console-presence-'));
  let host: HostProcess;
  let browser: Browser;
  let widget = '';

  beforeAll(async () => {
    host = await startHost(
      {
        PARLEY_SIGNUP: 'open',
        PARLEY_DATABASE_URL: `sqlite:${join(dir, 'presence.db')}`,
        PARLEY_GEOIP: 'off',
        PARLEY_ABANDON_GRACE_SECONDS: '1',
      },
      dir,
    );
    expect(
      (await json(`${host.url}/api/v1/accounts`, 'POST', { accountName: 'Acme', email: 'olive@acme.test', name: 'Olive', password }))
        .status,
    ).toBe(201);
    const owner = (await json(`${host.url}/api/v1/auth/login`, 'POST', { email: 'olive@acme.test', password })).json.token;
    const ann = (
      await json(`${host.url}/api/v1/users`, 'POST', { email: 'ann@acme.test', name: 'Ann Agent', role: 'agent', password }, owner)
    ).json.id as string;
    widget = (await json(`${host.url}/api/v1/widgets`, 'POST', { name: 'Support' }, owner)).json.id;
    expect((await json(`${host.url}/api/v1/widgets/${widget}/agents`, 'PUT', { agentIds: [ann] }, owner)).status).toBe(200);
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    if (host) expect(await host.stop()).toBe(0);
    rmSync(dir, { recursive: true, force: true });
  });

  /** A console signed in as `email`, online (a context of its own, for the caller to close). */
  const online = async (email: string) => {
    const context = await browser.newContext({ viewport: { width: 1400, height: 860 } });
    const page = await context.newPage();
    page.setDefaultTimeout(8000);
    await page.goto(`${host.url}/app`);
    await page.fill('#email', email);
    await page.fill('#password', password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('.conn[data-state=live]').waitFor();
    await page.getByRole('button', { name: 'Online' }).click();
    await page.locator('button[aria-pressed=true]', { hasText: 'Online' }).waitFor();
    return { context, page };
  };

  it('says in the transcript and the visitor panel that the visitor left, and stops saying it once they are back', async () => {
    const { context, page } = await online('ann@acme.test');

    const chat = (await json(`${host.url}/api/v1/widgets/${widget}/chats`, 'POST', { name: 'Vera', message: 'Is anyone there?' })).json;
    expect(chat.status).toBe('active');
    const visit = async () => {
      const reader = (await fetch(`${host.url}/api/v1/chats/${chat.chatId}/events?token=${chat.visitorToken}`)).body!.getReader();
      await readUntil(reader, (t) => t.includes('event: chat.assigned'));
      return reader;
    };
    await page.locator('.chat-list button', { hasText: 'Vera' }).click();
    // The account has no labels, and an agent cannot make them: told who can.
    await page.locator('.chat-labels', { hasText: 'None: the account has no labels yet (an owner or admin adds them)' }).waitFor();
    // Nor canned responses: "/" says so, and who adds them.
    await page.locator('#reply').focus();
    await page.keyboard.type('/');
    await page.locator('.canned-none[role=status]', { hasText: 'No canned responses yet: an owner or admin adds them.' }).waitFor();
    await page.keyboard.press('Backspace');
    // An admin makes one meanwhile: it is there to pick once the console is looked at again.
    const owner = (await json(`${host.url}/api/v1/auth/login`, 'POST', { email: 'olive@acme.test', password })).json.token;
    const billing = await json(`${host.url}/api/v1/labels`, 'POST', { name: 'Billing', color: '#fde68a' }, owner);
    expect(billing.status).toBe(201);
    await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
    await page.locator('#add-label option', { hasText: 'Billing' }).waitFor({ state: 'attached' });
    expect(await page.locator('.chat-labels-none').innerText()).toBe('None');
    // Renamed meanwhile: the list to add one is read again as it is opened.
    expect((await json(`${host.url}/api/v1/labels/${billing.json.id}`, 'PATCH', { name: 'Payments' }, owner)).status).toBe(200);
    await page.locator('#reply').focus();
    await page.locator('#add-label').focus();
    await page.locator('#add-label option', { hasText: 'Payments' }).waitFor({ state: 'attached' });
    // Deleted after the list was read (gone again, for the next test's account without labels): picking it says
    // so in words, not by the label's id, and the list follows.
    expect((await json(`${host.url}/api/v1/labels/${billing.json.id}`, 'DELETE', undefined, owner)).status).toBe(204);
    await page.locator('#add-label').selectOption({ label: 'Payments' });
    await page
      .locator('.chat-labels [role=alert]', { hasText: 'That label was deleted meanwhile: the list now shows the labels there are.' })
      .waitFor();
    await page.locator('.chat-labels', { hasText: 'None: the account has no labels yet (an owner or admin adds them)' }).waitFor();
    const panel = page.locator('#visitor-panel');
    const onSite = panel.locator('dt', { hasText: 'On the site' });
    // Her page is open: nothing to say.
    const first = await visit();
    expect(await onSite.count()).toBe(0);
    // Her last page closes and none opens within the grace period.
    await first.cancel();
    await page.locator('.transcript .msg-system', { hasText: 'The visitor left the site (every page of it closed).' }).waitFor();
    const left = await onSite.locator('xpath=following-sibling::dd[1]').innerText();
    expect(left).toMatch(/^Left at /);
    // The inbox says so too, so the agent sees it without opening the chat.
    const row = page.locator('.chat-list button', { hasText: 'Vera' });
    await row.locator('.left-site', { hasText: 'Left the site' }).waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
    if (shots) await page.screenshot({ path: join(shots, 'console-visitor-left.png') });
    // She comes back.
    const again = await visit();
    await page.locator('.transcript .msg-system', { hasText: 'The visitor came back to the site.' }).waitFor();
    await expect.poll(() => onSite.count()).toBe(0);
    await expect.poll(() => row.locator('.left-site').count()).toBe(0);
    await again.cancel();
    await context.close();
  });

  it('points an owner with a chat and no labels yet to where labels are made', async () => {
    const owner = (await json(`${host.url}/api/v1/auth/login`, 'POST', { email: 'olive@acme.test', password })).json;
    const sales = (await json(`${host.url}/api/v1/widgets`, 'POST', { name: 'Sales' }, owner.token)).json.id as string;
    expect((await json(`${host.url}/api/v1/widgets/${sales}/agents`, 'PUT', { agentIds: [owner.user.id] }, owner.token)).status).toBe(200);
    const { context, page } = await online('olive@acme.test');
    expect(
      (await json(`${host.url}/api/v1/widgets/${sales}/chats`, 'POST', { name: 'Walt', message: 'A quote, please' })).json.status,
    ).toBe('active');
    await page.locator('.chat-list button', { hasText: 'Walt' }).click();
    await page.locator('.chat-labels', { hasText: 'None: the account has no labels yet (Admin → Canned responses & labels)' }).waitFor();
    await page.locator('.chat-labels').getByRole('link', { name: 'Admin → Canned responses & labels' }).click();
    await page.getByRole('heading', { name: 'Canned responses & labels', level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/app/admin/canned');
    await context.close();
  });

  it('shows the status set on another device as soon as the sign-in form lets the agent in', async () => {
    // Ann's other device paused her.
    const elsewhere = (await json(`${host.url}/api/v1/auth/login`, 'POST', { email: 'ann@acme.test', password })).json.token;
    expect((await json(`${host.url}/api/v1/agents/me/status`, 'PUT', { status: 'paused', reason: 'Lunch' }, elsewhere)).status).toBe(200);
    const page = await signInConsole(browser, host.url, 'ann@acme.test', password, { width: 390, height: 844 });
    await page.locator('button[aria-pressed=true]', { hasText: 'Paused' }).waitFor();
    expect(await page.locator('button[aria-pressed=true]', { hasText: 'Offline' }).count()).toBe(0);
    await page.context().close();
  });
});
