/**
 * Proactive invitations in a real browser (Debian's chromium driven by playwright-core) against the real host
 * process, on a customer site of another origin: a rule with a one-second delay on the site's pricing pages
 * opens the widget by itself with its message as the agent's (the page hears `invitation`, and SnapEngage's
 * `OpenProactive`), the visitor answers (`chatStarted` proactive, `StartChat` 'proactive'), and the agent
 * (through the API) sees a chat marked proactive; a visitor with a chat in progress is not invited, nor one
 * who closed an invitation, for the rest of the visit.
 *
 * Needs `npm run build` first (the host and the widget). With PARLEY_SCREENSHOTS=<dir>, the invitation's
 * screenshot is saved there. Without /usr/bin/chromium the suite is skipped with a
 * loud warning, unless CI=true, where that fails. Browsers are never downloaded.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, mustRunBrowser, seriousAxeViolations, warnSkipped } from './browser.js';
import { json, startHost, type HostProcess } from './process.js';

const shots = process.env.PARLEY_SCREENSHOTS;

warnSkipped('the proactive invitation browser test');

const password = 'correct horse battery staple';
const INVITATION = 'Questions about our teas? Ask us.';

/** A customer's page that records the widget's events the page can hear, also through the SnapEngage shim. */
const customerPage = (host: string, widgetId: string, title: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${title}</title>
<script>
  window.Parley = window.Parley || function () { (Parley.q = Parley.q || []).push(arguments); };
  window.seen = [];
  Parley('on', 'invitation', function (d) { seen.push('invitation:' + d.alias + ':' + d.message); });
  Parley('on', 'chatStarted', function (d) { seen.push('started:' + d.proactive); });
</script></head>
<body><h1>${title}</h1><a href="/pricing?w=${widgetId}">Pricing</a>
<script async src="${host}/widget.js" data-widget="${widgetId}" onload="
  SnapEngage.setCallback('OpenProactive', function (alias, message) { seen.push('OpenProactive:' + alias + ':' + message); });
  SnapEngage.setCallback('StartChat', function (email, message, type) { seen.push('StartChat:' + type); });
"></script></body></html>`;

describe.skipIf(!mustRunBrowser)('proactive invitations in a real browser', () => {
  const dir = mkdtempSync(join(tmpdir(), 'parley-proactive-browser-'));
  let host: HostProcess;
  let site: Server;
  let siteUrl = '';
  let browser: Browser;
  let owner = '';
  let widgetId = '';

  beforeAll(async () => {
    host = await startHost({ PARLEY_SIGNUP: 'open', PARLEY_DATABASE_URL: `sqlite:${join(dir, 'proactive.db')}`, PARLEY_GEOIP: 'off' }, dir);
    site = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      if (url.pathname === '/' || url.pathname === '/pricing') {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(customerPage(host.url, url.searchParams.get('w') ?? '', url.pathname === '/' ? 'Teapot & Co' : 'Teapot & Co — Pricing'));
      } else res.writeHead(204).end();
    });
    await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
    siteUrl = `http://localhost:${(site.address() as { port: number }).port}`;

    expect(
      (await json(`${host.url}/api/v1/accounts`, 'POST', { accountName: 'Teapot', email: 'olive@teapot.test', name: 'Olive', password }))
        .status,
    ).toBe(201);
    owner = (await json(`${host.url}/api/v1/auth/login`, 'POST', { email: 'olive@teapot.test', password })).json.token;
    const ann = (
      await json(`${host.url}/api/v1/users`, 'POST', { email: 'ann@teapot.test', name: 'Ann Agent', role: 'agent', password }, owner)
    ).json;
    const agent = (await json(`${host.url}/api/v1/auth/login`, 'POST', { email: 'ann@teapot.test', password })).json.token;
    widgetId = (await json(`${host.url}/api/v1/widgets`, 'POST', { name: 'Teapot Support' }, owner)).json.id;
    const rules = [{ id: 'pricing', message: INVITATION, delaySeconds: 1, minPagesViewed: 2, urlPattern: `${siteUrl}/pricing*` }];
    const patched = await json(`${host.url}/api/v1/widgets/${widgetId}`, 'PATCH', { settings: { proactiveRules: rules } }, owner);
    expect(patched.status, JSON.stringify(patched.json)).toBe(200);
    expect((await json(`${host.url}/api/v1/widgets/${widgetId}/agents`, 'PUT', { agentIds: [ann.id] }, owner)).status).toBe(200);
    expect((await json(`${host.url}/api/v1/agents/me/status`, 'PUT', { status: 'online' }, agent)).status).toBe(200);
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => (site ? site.close(resolve) : resolve(undefined)));
    if (host) expect(await host.stop()).toBe(0);
    rmSync(dir, { recursive: true, force: true });
  });

  const visit = async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US' });
    const page = await context.newPage();
    page.setDefaultTimeout(8000);
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(`error: ${e.message}`));
    page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
    const w = page.frameLocator('iframe[title="Chat"]');
    const seen = () => page.evaluate(() => (window as unknown as { seen: string[] }).seen);
    const frameOf = (p: Page): Frame => p.frames().find((f) => f.url().includes('/widget/frame'))!;
    return { context, page, problems, w, seen, frameOf };
  };

  it('opens the widget with the invitation on the matching page after its delay; the answer starts a chat the agent sees as proactive', async () => {
    const { context, page, problems, w, seen, frameOf } = await visit();
    await page.goto(`${siteUrl}/?w=${widgetId}`);
    await w.locator('button.launcher').waitFor();
    await page.waitForTimeout(1500); // not the pricing page, and the first page of the visit: nothing
    expect(await w.locator('.panel').count()).toBe(0);

    await page.locator('a', { hasText: 'Pricing' }).click();
    await page.waitForURL(/\/pricing/);
    await w.locator('button.launcher').waitFor(); // the page shows the button first, then invites
    await page.locator('a', { hasText: 'Pricing' }).focus();
    const opened = Date.now();
    await w.locator('.msg.agent', { hasText: INVITATION }).waitFor();
    expect(Date.now() - opened).toBeGreaterThan(500);
    expect(await w.locator('.msg.agent .who').innerText()).toBe('Teapot Support');
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('A'); // opened unasked: the focus stays on the page
    expect(await seen()).toEqual([`invitation:Teapot Support:${INVITATION}`, `OpenProactive:Teapot Support:${INVITATION}`]);
    expect(await seriousAxeViolations(frameOf(page))).toEqual([]);
    if (shots) await page.screenshot({ path: join(shots, 'widget-invitation.png') });

    await w.locator('#message').fill('Yes: which green tea for mornings?');
    await w.locator('button[type=submit]').click();
    await w.locator('.notice', { hasText: 'Ann Agent joined the chat.' }).waitFor();
    expect(await seen()).toEqual([
      `invitation:Teapot Support:${INVITATION}`,
      `OpenProactive:Teapot Support:${INVITATION}`,
      'started:true',
      'StartChat:proactive',
    ]);

    const listed = (await json(`${host.url}/api/v1/chats?widgetId=${widgetId}`, 'GET', undefined, owner)).json.items;
    expect(listed).toHaveLength(1);
    const chat = (await json(`${host.url}/api/v1/chats/${listed[0].id}`, 'GET', undefined, owner)).json.chat;
    expect(chat).toMatchObject({ proactive: true, question: 'Yes: which green tea for mornings?', status: 'active' });
    expect(chat.visitor.pageUrl).toBe(`${siteUrl}/pricing?w=${widgetId}`);
    // The invitation stays in the chat, the widget's words before the visitor's answer, for both sides.
    const events = (await json(`${host.url}/api/v1/chats/${listed[0].id}`, 'GET', undefined, owner)).json.events as {
      type: string;
      author: { kind: string; alias: string } | null;
      text: string | null;
    }[];
    expect(events.filter((e) => e.type === 'chat.message').map((e) => [e.author?.kind, e.author?.alias, e.text])).toEqual([
      ['system', 'Teapot Support', INVITATION],
      ['visitor', 'Visitor', 'Yes: which green tea for mornings?'],
    ]);
    await expect.poll(() => w.locator('.msg .text').allInnerTexts()).toEqual([INVITATION, 'Yes: which green tea for mornings?']);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('never invites over a chat in progress, even with the window minimised', async () => {
    const { context, page, problems, w, seen } = await visit();
    await page.goto(`${siteUrl}/?w=${widgetId}`);
    await w.locator('button.launcher').click();
    await w.locator('#message').fill('Just browsing, one question');
    await w.locator('button[type=submit]').click();
    await w.locator('.notice', { hasText: 'Ann Agent joined the chat.' }).waitFor();
    await w.locator('button[aria-label="Minimise chat"]').click();
    // The loader keeps the window's state for the next page: wait until it has the minimised one.
    await page.waitForFunction((key) => JSON.parse(localStorage.getItem(key) ?? '{}').open === false, `parley:widget:${widgetId}`);

    await page.goto(`${siteUrl}/pricing?w=${widgetId}`); // the rule applies here, but a chat is open
    await w.locator('button.launcher').waitFor();
    await page.waitForTimeout(2000);
    expect(await w.locator('.panel').count()).toBe(0);
    expect(await seen()).toEqual([]);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('invites once per visit: a closed invitation does not come back on the next page', async () => {
    const { context, page, problems, w, seen } = await visit();
    await page.goto(`${siteUrl}/?w=${widgetId}`);
    await w.locator('button.launcher').waitFor();
    await page.goto(`${siteUrl}/pricing?w=${widgetId}`);
    await w.locator('.msg.agent', { hasText: INVITATION }).waitFor();
    await w.locator('button[aria-label="Minimise chat"]').click();
    await w.locator('button.launcher').waitFor();
    await page.waitForFunction((key) => JSON.parse(localStorage.getItem(key) ?? '{}').open === false, `parley:widget:${widgetId}`);

    await page.goto(`${siteUrl}/pricing?w=${widgetId}`);
    await w.locator('button.launcher').waitFor();
    await page.waitForTimeout(2000);
    expect(await w.locator('.panel').count()).toBe(0);
    expect(await seen()).toEqual([]);
    expect(problems).toEqual([]);
    await context.close();
  });
});
