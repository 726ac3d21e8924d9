/**
 * The reports screen in a real browser against the real host process: chats answered by an agent, one
 * missed and one offline request, made through the API, show in a supervisor's report (totals, both
 * charts drawn, the tables per agent, widget and day), the filters live in the address, the CSV download
 * holds the same rows, and agents are kept out. The page passes axe-core scans and fits a phone's width.
 * Set PARLEY_SCREENSHOTS to keep screenshots.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, mustRunBrowser, seriousAxeViolations, warnSkipped } from './browser.js';
import { json, readUntil, startHost, type HostProcess } from './process.js';

warnSkipped('the reports browser test');

const password = 'correct horse battery staple';
const shots = process.env.PARLEY_SCREENSHOTS;

describe.skipIf(!mustRunBrowser)('the reports screen in a real browser', () => {
  const dir = mkdtempSync(join(tmpdir(), 'parley-reports-browser-'));
  let host: HostProcess;
  let browser: Browser;
  let page: Page;
  let support = '';
  let annId = '';
  const today = new Date().toISOString().slice(0, 10);

  const signIn = async (p: Page, email: string) => {
    await p.goto(`${host.url}/app`);
    await p.locator('#email').fill(email);
    await p.locator('#password').fill(password);
    await p.keyboard.press('Enter');
    await p.locator('.topbar').waitFor();
  };

  beforeAll(async () => {
    host = await startHost({ PARLEY_SIGNUP: 'open', PARLEY_DATABASE_URL: `sqlite:${join(dir, 'reports.db')}`, PARLEY_GEOIP: 'off' }, dir);
    expect(
      (await json(`${host.url}/api/v1/accounts`, 'POST', { accountName: 'Acme', email: 'olive@acme.test', name: 'Olive', password }))
        .status,
    ).toBe(201);
    const owner = (await json(`${host.url}/api/v1/auth/login`, 'POST', { email: 'olive@acme.test', password })).json.token;
    annId = (await json(`${host.url}/api/v1/users`, 'POST', { email: 'ann@acme.test', name: 'Ann Agent', role: 'agent', password }, owner))
      .json.id;
    expect(
      (
        await json(
          `${host.url}/api/v1/users`,
          'POST',
          { email: 'sue@acme.test', name: 'Sue Supervisor', role: 'supervisor', password },
          owner,
        )
      ).status,
    ).toBe(201);
    support = (await json(`${host.url}/api/v1/widgets`, 'POST', { name: 'Support' }, owner)).json.id;
    const sales = (await json(`${host.url}/api/v1/widgets`, 'POST', { name: 'Sales' }, owner)).json;
    expect((await json(`${host.url}/api/v1/widgets/${support}/agents`, 'PUT', { agentIds: [annId] }, owner)).status).toBe(200);
    expect(
      (
        await json(
          `${host.url}/api/v1/widgets/${sales.id}`,
          'PATCH',
          { settings: { offlineForm: { alwaysOffline: true } }, version: sales.version },
          owner,
        )
      ).status,
    ).toBe(200);

    // An offline request to the sales widget.
    expect(
      (await json(`${host.url}/api/v1/widgets/${sales.id}/chats`, 'POST', { email: 'lea@example.org', message: 'Call me back' })).status,
    ).toBe(201);
    // Ann takes one chat at a time: while she answers Vera, Max waits in the queue and gives up (missed).
    expect((await json(`${host.url}/api/v1/users/${annId}`, 'PATCH', { maxConcurrentChats: 1 }, owner)).status).toBe(200);
    const ann = (await json(`${host.url}/api/v1/auth/login`, 'POST', { email: 'ann@acme.test', password })).json.token;
    const stream = await fetch(`${host.url}/api/v1/agents/me/events?token=${ann}`);
    const reader = stream.body!.getReader();
    await readUntil(reader, (t) => t.includes(': connected'));
    expect((await json(`${host.url}/api/v1/agents/me/status`, 'PUT', { status: 'online' }, ann)).status).toBe(200);
    const start = async (name: string) =>
      (await json(`${host.url}/api/v1/widgets/${support}/chats`, 'POST', { name, email: `${name}@example.org`, message: 'Hi?' })).json;
    const answer = async (chatId: string) => {
      expect((await json(`${host.url}/api/v1/chats/${chatId}/messages`, 'POST', { text: 'Let me look.' }, ann)).status).toBe(201);
      expect((await json(`${host.url}/api/v1/chats/${chatId}/close`, 'POST', {}, ann)).status).toBe(200);
    };
    const vera = await start('vera');
    expect(vera.status).toBe('active');
    const max = await start('max');
    expect(max.status).toBe('queued');
    expect((await json(`${host.url}/api/v1/chats/${max.chatId}/close`, 'POST', {}, max.visitorToken)).status).toBe(200);
    await answer(vera.chatId);
    const walt = await start('walt');
    expect(walt.status).toBe('active');
    await answer(walt.chatId);
    // Vera is pleased, Walt less so.
    for (const [chat, score] of [
      [vera, 5],
      [walt, 3],
    ] as const)
      expect((await json(`${host.url}/api/v1/chats/${chat.chatId}/survey`, 'POST', { score }, chat.visitorToken)).status).toBe(201);
    await reader.cancel();

    browser = await launchBrowser();
    page = await (await browser.newContext({ viewport: { width: 1280, height: 900 }, timezoneId: 'UTC' })).newPage();
    page.setDefaultTimeout(8000);
    await signIn(page, 'sue@acme.test');
  });

  afterAll(async () => {
    await browser?.close();
    if (host) expect(await host.stop()).toBe(0);
    rmSync(dir, { recursive: true, force: true });
  });

  it('shows a supervisor the totals, both charts and the tables, with the filters in the address', async () => {
    await page.goto(`${host.url}/app/admin/reports`);
    await page.getByRole('heading', { name: 'Reports' }).waitFor();
    const stats = page.locator('.stats');
    await stats.getByText('Answered').waitFor();
    expect(await stats.locator('.stat', { hasText: 'Chats' }).locator('.stat-value').innerText()).toBe('3');
    expect(await stats.locator('.stat', { hasText: 'Chats' }).innerText()).toContain('1 offline request');
    expect(await stats.locator('.stat', { hasText: 'Answered' }).locator('.stat-value').innerText()).toBe('2');
    expect(await stats.locator('.stat', { hasText: 'Missed' }).locator('.stat-value').innerText()).toBe('1');
    const satisfaction = stats.locator('.stat', { hasText: 'Satisfaction' });
    expect(await satisfaction.locator('.stat-value').innerText()).toBe('4.0 / 5');
    expect(await satisfaction.locator('.stat-detail').innerText()).toBe('50 % satisfied · 2 rated');
    await page.locator('.report-chart canvas').nth(1).waitFor();
    // The legend names the lines; it has no figures to show before the pointer is on a day.
    expect(await page.locator('.report-chart .u-legend').first().innerText()).not.toContain('--');
    expect(await page.locator('.report-chart [role=img]').first().getAttribute('aria-label')).toContain(
      '2 answered, 1 missed, 1 offline requests',
    );
    const agents = page.locator('table', { has: page.locator('caption', { hasText: 'Per agent' }) });
    expect(await agents.locator('tbody tr').allInnerTexts()).toEqual([expect.stringMatching(/^Ann Agent\t2\t2\t0\t0\t0\t.*\t4\.0 \(2\)$/)]);
    const widgets = page.locator('table', { has: page.locator('caption', { hasText: 'Per widget' }) });
    expect(await widgets.locator('tbody th').allInnerTexts()).toEqual(['Support', 'Sales']);
    expect(page.url()).toContain(`to=${today}`);
    expect(page.url()).toContain('tz=UTC');
    if (shots) {
      await page.setViewportSize({ width: 1280, height: 1500 });
      await page.screenshot({ path: join(shots, 'admin-reports.png') });
      await page.setViewportSize({ width: 1280, height: 900 });
    }

    await page.locator('#report-widget').selectOption({ label: 'Support' });
    await page.waitForURL(new RegExp(`widget=${support}`));
    await page.reload();
    await page.locator('.stat', { hasText: 'Chats' }).waitFor();
    expect(await page.locator('#report-widget').inputValue()).toBe(support);
    expect(await page.locator('.stat', { hasText: 'Chats' }).innerText()).toContain('0 offline requests');
  });

  it('downloads the same report as CSV with the filters', async () => {
    const href = await page.getByRole('link', { name: 'Download CSV' }).getAttribute('href');
    expect(href).toContain(`widgetId=${support}`);
    const csv = await page.evaluate(async (url) => (await fetch(url!)).text(), href);
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toMatch(/^group,key,name,chats,answered,missed/);
    expect(lines.filter((l) => l.startsWith(`day,${today},`))).toEqual([
      expect.stringMatching(new RegExp(`^day,${today},,3,2,1,1,0,\\d+,\\d+,\\d+,\\d+,\\d+,\\d+,2,4,1$`)),
    ]);
    expect(lines.filter((l) => l.startsWith('day,'))).toHaveLength(7); // the last 7 days, quiet ones included
    expect(lines.some((l) => l.startsWith(`agent,${annId},Ann Agent,2,2,0,0,0,`))).toBe(true);
    expect(lines.at(-1)).toMatch(/^total,,,3,2,1,1,0,/);
    expect(lines.some((l) => l.startsWith('widget,') && l.includes('Sales'))).toBe(false);
  });

  it('shows the API’s field error for a range it refuses', async () => {
    await page.locator('#report-zone').fill('Mars/Olympus');
    await page.locator('#report-zone').press('Tab');
    await page.locator('.field-error', { hasText: 'Not a time zone this server knows' }).waitFor();
    // Said under the field; the summary points there, and the last query's figures go rather than pass for this one's.
    await page.getByRole('alert').getByText('Fix the filters marked above.').waitFor();
    expect(await page.locator('.stat').count()).toBe(0);
    // Nor is there a download of what the server refuses.
    expect(await page.getByRole('link', { name: 'Download CSV' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Download CSV' }).isDisabled()).toBe(true);
    await page.locator('#report-zone').fill('UTC');
    await page.locator('#report-zone').press('Tab');
    await page.locator('.stat', { hasText: 'Chats' }).waitFor();
    await page.getByRole('link', { name: 'Download CSV' }).waitFor();
    // The zones the browser knows are offered as one is typed.
    expect(await page.locator('#report-zone').getAttribute('list')).toBe('report-zones');
    expect(await page.locator('#report-zones option[value="Europe/Berlin"]').count()).toBe(1);
    // An address whose range ends before it starts: said in words beside "To".
    const back = page.url();
    await page.goto(`${new URL(back).origin}/app/admin/reports?from=2026-12-08&to=2026-12-01&tz=UTC`);
    await page.locator('.field-error', { hasText: 'The last day comes before the first.' }).waitFor();
    await page.goto(back);
    await page.locator('.stat', { hasText: 'Chats' }).waitFor();
  });

  it('passes an axe-core scan in the light and the dark theme, fits a phone’s width, and keeps the page to the screen’s height', async () => {
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.setViewportSize({ width: 375, height: 740 });
    await page.locator('.report-chart canvas').first().waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.setViewportSize({ width: 1280, height: 900 });
    // The page never scrolls itself, only its panes: nothing (a hidden table caption, say) reaches below the screen.
    expect(await page.evaluate(() => document.documentElement.scrollHeight)).toBeLessThanOrEqual(900);
    // The charts are canvases: switching the theme draws them again in the dark tokens' colours.
    await page.evaluate(() => {
      for (const c of document.querySelectorAll('.report-chart canvas')) c.setAttribute('data-light', '');
    });
    await page.emulateMedia({ colorScheme: 'dark' });
    try {
      await expect.poll(() => page.locator('.report-chart canvas:not([data-light])').count()).toBe(2);
      expect(await page.locator('.report-chart canvas[data-light]').count()).toBe(0);
      expect(await seriousAxeViolations(page)).toEqual([]);
      if (shots) await page.screenshot({ path: join(shots, 'admin-reports-dark.png'), fullPage: true });
    } finally {
      await page.emulateMedia({ colorScheme: 'light' });
    }
  });

  it('keeps agents out: the screen says not allowed and the API refuses', async () => {
    const agent = await (await browser.newContext()).newPage();
    await signIn(agent, 'ann@acme.test');
    await agent.goto(`${host.url}/app/admin/reports`);
    await agent.getByRole('heading', { name: 'Not allowed' }).waitFor();
    const status = await agent.evaluate(async (d) => (await fetch(`/api/v1/reports/chats?from=${d}&to=${d}`)).status, today);
    expect(status).toBe(403);
    await agent.context().close();
  });
});
