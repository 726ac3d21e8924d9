/**
 * The visitor widget in a real browser (Debian's chromium driven by playwright-core) against the real host
 * process, embedded by a "customer site" on another origin (a tiny server on another loopback port, reached
 * as `localhost` so it is another site too): a visitor chats with an agent driven through the API, reloads
 * mid-chat, ends the chat and rates it, which the agent's history then shows; the widget is used with the keyboard alone and scanned with axe; the offline
 * form leaves an offline request on a phone-sized screen; a page migrated from SnapEngage drives it through
 * the compatibility object; a site the widget does not allow cannot frame it.
 *
 * Needs `npm run build` first (the host and the widget). With PARLEY_SCREENSHOTS=<dir>, screenshots
 * are saved there. Without /usr/bin/chromium the suite is skipped with a loud warning, unless CI=true, where
 * that fails. Browsers are never downloaded.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Frame, FrameLocator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, mustRunBrowser, seriousAxeViolations, warnSkipped } from './browser.js';
import { json, readUntil, startHost, type HostProcess } from './process.js';

const shots = process.env.PARLEY_SCREENSHOTS;

warnSkipped('the widget browser test');

const password = 'correct horse battery staple';

/** A customer's page: some content, a link before the widget (for the keyboard run), the snippet. */
const customerPage = (host: string, widgetId: string, title: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${title}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body { font: 16px/1.5 Georgia, serif; margin: 40px; color: #222; } h1 { color: #8b0000; }</style>
<script>
  window.Parley = window.Parley || function () { (Parley.q = Parley.q || []).push(arguments); };
  window.seen = [];
  Parley('on', 'messageReceived', function (d) { seen.push('received:' + d.text); });
  Parley('on', 'chatStarted', function (d) { seen.push('started:' + d.status); });
  Parley('setVariable', 'plan', 'gold');
</script></head>
<body><h1>${title}</h1><p>Fine teas since 1887. Browse our <a href="/other?w=${widgetId}">other page</a>.</p>
<script async src="${host}/widget.js" data-widget="${widgetId}"></script></body></html>`;

/** A page migrated from SnapEngage: its calls run once the script has loaded, as SnapEngage's snippet does. */
const snapEngagePage = (host: string, widgetId: string) => `<!doctype html>
<html lang="de"><head><meta charset="utf-8"><title>Teekanne</title>
<script>
  window.calls = [];
  var se = document.createElement('script');
  se.async = true;
  se.src = '${host}/widget.js';
  se.setAttribute('data-widget', '${widgetId}');
  se.onload = function () {
    SnapEngage.setLocale('de_DE');
    SnapEngage.setUserEmail('greta@visitor.example', true);
    SnapEngage.setCallback('Open', function (status) { calls.push('Open:' + status); });
    SnapEngage.setCallback('MessageSubmit', function (email, message) { calls.push('MessageSubmit:' + email + ':' + message); });
    SnapEngage.getAgentStatusAsync(function (online) { calls.push('online:' + online); });
  };
  document.head.appendChild(se);
</script></head>
<body><h1>Teekanne</h1><button id="help" onclick="SnapEngage.startLink()">Hilfe</button></body></html>`;

describe.skipIf(!mustRunBrowser)('the visitor widget in a real browser', () => {
  const dir = mkdtempSync(join(tmpdir(), 'parley-widget-browser-'));
  let host: HostProcess;
  let site: Server;
  let siteUrl = ''; // http://localhost:<port>: the customer's site, allowed to embed the support widget
  let otherSiteUrl = ''; // http://127.0.0.1:<port>: the same pages from an origin the widget does not allow
  let browser: Browser;
  let owner = '';
  let agent = '';
  let annId = '';
  let widgets: { support: string; offline: string };

  beforeAll(async () => {
    host = await startHost({ PARLEY_SIGNUP: 'open', PARLEY_DATABASE_URL: `sqlite:${join(dir, 'widget.db')}`, PARLEY_GEOIP: 'off' }, dir);
    site = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      if (url.pathname === '/snapengage') {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(snapEngagePage(host.url, url.searchParams.get('w') ?? ''));
      } else if (url.pathname === '/checkout') {
        // A page whose own field takes the focus as it loads.
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(
          customerPage(host.url, url.searchParams.get('w') ?? '', 'Checkout').replace(
            '<h1>',
            '<label for="card">Card number</label> <input id="card" autofocus><h1>',
          ),
        );
      } else if (url.pathname === '/' || url.pathname === '/other') {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(customerPage(host.url, url.searchParams.get('w') ?? '', url.pathname === '/' ? 'Teapot & Co' : 'Teapot & Co — Delivery'));
      } else {
        res.writeHead(204).end(); // favicon and the like
      }
    });
    await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
    const port = (site.address() as { port: number }).port;
    siteUrl = `http://localhost:${port}`;
    otherSiteUrl = `http://127.0.0.1:${port}`;

    expect(
      (await json(`${host.url}/api/v1/accounts`, 'POST', { accountName: 'Teapot', email: 'olive@teapot.test', name: 'Olive', password }))
        .status,
    ).toBe(201);
    owner = (await json(`${host.url}/api/v1/auth/login`, 'POST', { email: 'olive@teapot.test', password })).json.token;
    const ann = (
      await json(`${host.url}/api/v1/users`, 'POST', { email: 'ann@teapot.test', name: 'Ann Agent', role: 'agent', password }, owner)
    ).json;
    agent = (await json(`${host.url}/api/v1/auth/login`, 'POST', { email: 'ann@teapot.test', password })).json.token;
    annId = ann.id;
    const support = (await json(`${host.url}/api/v1/widgets`, 'POST', { name: 'Teapot Support' }, owner)).json;
    const offline = (await json(`${host.url}/api/v1/widgets`, 'POST', { name: 'Teapot Sales' }, owner)).json;
    widgets = { support: support.id, offline: offline.id };
    const patched = await json(
      `${host.url}/api/v1/widgets/${support.id}`,
      'PATCH',
      {
        settings: {
          preChat: { askName: 'required', askEmail: 'optional' },
          allowedOrigins: [siteUrl],
          appearance: { color: '#0f766e', launcherText: 'Questions? Chat with us' },
        },
      },
      owner,
    );
    expect(patched.status, JSON.stringify(patched.json)).toBe(200);
    expect((await json(`${host.url}/api/v1/widgets/${support.id}/agents`, 'PUT', { agentIds: [ann.id] }, owner)).status).toBe(200);
    browser = await launchBrowser(['--autoplay-policy=no-user-gesture-required']);
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => (site ? site.close(resolve) : resolve(undefined)));
    if (host) expect(await host.stop()).toBe(0);
    rmSync(dir, { recursive: true, force: true });
  });

  /**
   * Console errors, uncaught errors and failed requests of a page. An event stream the page ends (leaving
   * the page, or the widget closing the stream of an ended chat) is reported as aborted: that is no failure.
   */
  const watch = (page: Page) => {
    const problems: string[] = [];
    page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
    page.on('pageerror', (e) => problems.push(`error: ${e.message}`));
    page.on('requestfailed', (r) => {
      // A stream the page ends, an availability check or a sneak peek of the draft a page left before it was
      // answered (a lost peek is harmless: the next one replaces it): no failure.
      const streamEnded =
        r.failure()?.errorText === 'net::ERR_ABORTED' &&
        /\/api\/v1\/(chats\/[^/]+\/events\?|widgets\/[^/]+\/availability$|chats\/[^/]+\/typing$)/.test(r.url());
      if (!streamEnded) problems.push(`failed: ${r.url()} ${r.failure()?.errorText}`);
    });
    page.on('response', (r) => r.status() >= 400 && problems.push(`status ${r.status()}: ${r.url()}`));
    return {
      problems,
      navigate: async (go: () => Promise<unknown>) => {
        await go();
        await widgetFrame(page).locator('.root').waitFor();
      },
    };
  };
  const widgetFrame = (page: Page): FrameLocator => page.frameLocator('iframe[title="Chat"]');
  const frameOf = (page: Page): Frame => page.frames().find((f) => f.url().includes('/widget/frame'))!;
  const shoot = async (page: Page, name: string) => {
    if (shots) await page.screenshot({ path: join(shots, `widget-${name}.png`) });
  };
  const newVisitor = (options: Parameters<Browser['newContext']>[0] = {}): Promise<BrowserContext> =>
    browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US', ...options });

  const agentStream = async () => {
    const res = await fetch(`${host.url}/api/v1/agents/me/events?token=${agent}`);
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    const seen = { text: '' };
    return { until: (pred: (text: string) => boolean) => readUntil(reader, pred, seen), close: () => reader.cancel() };
  };
  const axeScan = (frame: Frame) => seriousAxeViolations(frame);

  it('chats with an agent from a customer site on another origin, carries on after a reload, and ends the chat', async () => {
    // Paused: the agent counts as present (so chats queue rather than become offline requests) but takes none.
    expect((await json(`${host.url}/api/v1/agents/me/status`, 'PUT', { status: 'paused' }, agent)).status).toBe(200);
    const context = await newVisitor();
    const page = await context.newPage();
    page.setDefaultTimeout(8000);
    const { problems, navigate } = watch(page);
    const stream = await agentStream();
    await navigate(() => page.goto(`${siteUrl}/?w=${widgets.support}`));
    const w = widgetFrame(page);
    const launcher = w.locator('button.launcher');
    await expect.poll(() => launcher.innerText()).toContain('Questions? Chat with us');
    // Placed at the bottom right of the page, sized to the button.
    const box = (await page.locator('iframe[title="Chat"]').boundingBox())!;
    expect(box.x + box.width).toBeGreaterThan(1280 - 40);
    expect(box.y + box.height).toBeGreaterThan(800 - 40);
    expect(box.width).toBeLessThan(320);
    await shoot(page, 'launcher');
    // Nothing is kept for a visitor who has not chatted.
    expect(await page.evaluate(() => localStorage.getItem('parley:visitor'))).toBeNull();

    await launcher.click();
    await w.locator('#name').fill('Vera Visitor');
    await w.locator('#email').fill('vera@visitor.example');
    await w.locator('#message').fill('Hello, is my order on its way?');
    await w.locator('button[type=submit]').click();

    // Queued: the agent is paused.
    await w.locator('.queue', { hasText: 'You are number 1 in the queue.' }).waitFor();
    expect(await page.evaluate(() => (window as unknown as { seen: string[] }).seen)).toEqual(['started:queued']);
    const chatId = (await json(`${host.url}/api/v1/chats?status=queued`, 'GET', undefined, owner)).json.items[0].id as string;
    const chat = (await json(`${host.url}/api/v1/chats/${chatId}`, 'GET', undefined, owner)).json.chat;
    expect(chat.visitor).toMatchObject({ name: 'Vera Visitor', email: 'vera@visitor.example', customVariables: { plan: 'gold' } });
    expect(chat.visitor.pageUrl).toBe(`${siteUrl}/?w=${widgets.support}`);
    // The chat carries this browser's key on the site, made for its first chat and kept in the site's own storage.
    const visitorKey = chat.visitor.key as string;
    expect(visitorKey).toMatch(/^[A-Za-z0-9_-]{22}$/);
    await expect.poll(() => page.evaluate(() => localStorage.getItem('parley:visitor'))).toBe(visitorKey);

    // The agent comes online and gets the chat: the visitor sees who.
    expect((await json(`${host.url}/api/v1/agents/me/status`, 'PUT', { status: 'online' }, agent)).status).toBe(200);
    await w.locator('.notice', { hasText: 'Ann Agent joined the chat.' }).waitFor();
    expect(await w.locator('#panel-title').innerText()).toBe('Ann Agent');
    await stream.until((t) => t.includes('chat.assigned'));

    // The visitor's draft reaches the agent as a sneak peek before it is sent.
    const composer = w.locator('#composer');
    await composer.pressSequentially('Order 4711, please', { delay: 40 });
    await stream.until((t) => t.includes('"text":"Order 4711, please"'));
    await composer.press('Enter');
    await w.locator('.msg.visitor:not(.sending)', { hasText: 'Order 4711, please' }).waitFor();
    await stream.until((t) => /event: chat\.message\n[^\n]*Order 4711, please/.test(t));

    // The agent types (the visitor sees it, never the text), then answers.
    expect((await json(`${host.url}/api/v1/chats/${chatId}/typing`, 'POST', { text: 'Let me look that up' }, agent)).status).toBe(204);
    await w.locator('.typing', { hasText: 'Ann Agent is typing…' }).waitFor();
    expect(await w.locator('body').innerText()).not.toContain('Let me look that up');
    expect((await json(`${host.url}/api/v1/chats/${chatId}/messages`, 'POST', { text: 'It ships today!' }, agent)).status).toBe(201);
    await w.locator('.msg.agent', { hasText: 'It ships today!' }).waitFor();
    await expect.poll(() => w.locator('.typing').innerText()).toBe('');
    expect(await page.evaluate(() => (window as unknown as { seen: string[] }).seen)).toEqual([
      'started:queued',
      'received:It ships today!',
    ]);
    await shoot(page, 'chat');
    // This host sends no e-mail (no PARLEY_SMTP_URL): no transcript is offered, which would never arrive.
    await w.locator('.chat-actions button.end').waitFor();
    expect(await w.getByRole('button', { name: 'Send me the transcript' }).count()).toBe(0);

    // What the visitor is writing and has not sent is kept for the tab's next page (in the site's session storage).
    await composer.fill('and a second parcel');
    await stream.until((t) => t.includes('"text":"and a second parcel"'));
    const visitItem = `parley:widget:${widgets.support}`;
    await expect.poll(() => page.evaluate((k) => sessionStorage.getItem(k), visitItem)).toContain('and a second parcel');

    // A reload mid-chat: the same chat, open, every message once, the unsent words still in the box.
    await navigate(() => page.reload());
    await w.locator('.msg.agent', { hasText: 'It ships today!' }).waitFor();
    await expect.poll(() => w.locator('#composer').inputValue()).toBe('and a second parcel');
    await w.locator('#composer').fill('');
    await expect.poll(() => page.evaluate((k) => sessionStorage.getItem(k), visitItem)).not.toContain('second parcel');
    const transcript = ['Hello, is my order on its way?', 'Order 4711, please', 'It ships today!'];
    await expect.poll(() => w.locator('.msg .text').allInnerTexts()).toEqual(transcript);
    expect(await page.evaluate(() => (window as unknown as { seen: string[] }).seen)).toEqual([]); // history makes no noise

    // Another page of the site: still the same chat, live. Minimised, a new message shows as unread.
    await navigate(() => page.locator('a', { hasText: 'other page' }).click());
    await page.waitForURL(/\/other/);
    await w.locator('.msg.agent', { hasText: 'It ships today!' }).waitFor();
    // The agent learns where the visitor went; the visitor's widget shows nothing of it.
    await stream.until((t) => /event: chat\.page\n[^\n]*\/other/.test(t));
    const pages = (await json(`${host.url}/api/v1/chats/${chatId}`, 'GET', undefined, owner)).json.events
      .filter((e: { type: string }) => e.type === 'chat.page')
      .map((e: { data: { url: string } }) => e.data.url);
    expect(pages.at(-1)).toBe(page.url());
    // A single-page app moves on without loading a page: once its new address settles, the agent sees it too.
    const otherPage = page.url();
    await page.evaluate(() => history.pushState({}, '', `${location.search}&tea=green`));
    await stream.until((t) => /event: chat\.page\n[^\n]*tea=green/.test(t));
    const afterSpa = (await json(`${host.url}/api/v1/chats/${chatId}`, 'GET', undefined, owner)).json.events
      .filter((e: { type: string }) => e.type === 'chat.page')
      .map((e: { data: { url: string } }) => e.data.url);
    expect(afterSpa.slice(-2)).toEqual([otherPage, page.url()]);
    await w.locator('button[aria-label="Minimise chat"]').click();
    expect((await json(`${host.url}/api/v1/chats/${chatId}/messages`, 'POST', { text: 'Anything else?' }, agent)).status).toBe(201);
    // Named by its visible text (what a voice control user says), the unread count in words.
    await w
      .getByRole('button', { name: /^Questions\? Chat with us ?\(1 unread\)$/ })
      .locator('.badge', { hasText: '1' })
      .waitFor();
    await w.locator('button.launcher').click();
    await expect.poll(() => w.locator('.msg .text').allInnerTexts()).toEqual([...transcript, 'Anything else?']);
    expect(await w.locator('.badge').count()).toBe(0);
    // In another tab, the visitor sees the agent's messages counted in this page's title, until they come back.
    const visibility = (state: 'hidden' | 'visible') =>
      page.evaluate((s) => {
        Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => s });
        document.dispatchEvent(new Event('visibilitychange'));
      }, state);
    await visibility('hidden');
    for (const text of ['Are you still there?', 'I can also send the invoice: https://shop.example/invoices/4711.'])
      expect((await json(`${host.url}/api/v1/chats/${chatId}/messages`, 'POST', { text }, agent)).status).toBe(201);
    await expect.poll(() => page.title()).toBe('(2) Teapot & Co — Delivery');
    await visibility('visible');
    expect(await page.title()).toBe('Teapot & Co — Delivery');
    // An address in a message is a link that opens in a new tab; the sentence's full stop stays text.
    const invoice = w.locator('.msg.agent a', { hasText: 'https://shop.example/invoices/4711' });
    expect(await invoice.getAttribute('href')).toBe('https://shop.example/invoices/4711');
    expect([await invoice.getAttribute('target'), await invoice.getAttribute('rel')]).toEqual(['_blank', 'noopener noreferrer nofollow']);
    // A chat longer than the panel, so that the survey below it starts out of view.
    for (let i = 1; i <= 12; i++)
      expect(
        (await json(`${host.url}/api/v1/chats/${chatId}/messages`, 'POST', { text: `Tracking update ${i}: on its way.` }, agent)).status,
      ).toBe(201);
    await w.locator('.msg.agent', { hasText: 'Tracking update 12' }).waitFor();

    // Ending is asked once more in place: Escape or "Keep chatting" keeps the chat, the focus back on the link.
    await w.locator('button.end').click();
    await w.getByRole('group', { name: 'End this chat?' }).waitFor();
    expect(await frameOf(page).evaluate(() => document.activeElement?.className)).toContain('end-yes');
    await page.keyboard.press('Escape');
    await w.locator('button.end').waitFor();
    // The focus comes back in an effect after the link is drawn.
    await expect.poll(() => frameOf(page).evaluate(() => document.activeElement?.className)).toBe('link end');
    expect(await w.locator('.panel').isVisible()).toBe(true);
    await w.locator('button.end').click();
    await w.getByRole('button', { name: 'Keep chatting' }).click();
    expect((await json(`${host.url}/api/v1/chats/${chatId}`, 'GET', undefined, owner)).json.chat.status).not.toBe('closed');
    await w.locator('button.end').click();
    await w.locator('button.end-yes').click();
    await w.locator('.notice', { hasText: 'The chat has ended.' }).waitFor();
    await expect
      .poll(async () => (await json(`${host.url}/api/v1/chats/${chatId}`, 'GET', undefined, owner)).json.chat.status)
      .toBe('closed');

    // Ann took the chat, so the visitor may rate it: stars as a radio group, with the keyboard alone.
    const survey = w.locator('form.survey');
    await survey.waitFor();
    expect(await survey.getByRole('group', { name: 'How was your chat?' }).count()).toBe(1);
    expect(await survey.getByRole('button', { name: 'Send rating' }).isDisabled()).toBe(true);
    expect(await axeScan(frameOf(page))).toEqual([]);
    await survey.getByRole('radio', { name: '1 of 5 stars' }).focus();
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
    expect(await survey.getByRole('radio', { name: '4 of 5 stars' }).isChecked()).toBe(true);
    expect(await survey.locator('.stars label.on').count()).toBe(4);
    await page.keyboard.press('Tab');
    await expect.poll(() => frameOf(page).evaluate(() => document.activeElement?.id)).toBe('survey-comment');
    await page.keyboard.type('Quick and friendly.');
    await shoot(page, 'survey');
    // The frame's page stays its own height: nothing hidden (the stars' labels for screen readers) reaches below it.
    expect(await frameOf(page).evaluate(() => document.documentElement.scrollHeight - innerHeight)).toBeLessThanOrEqual(0);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await w.locator('.survey-thanks', { hasText: 'Thank you for your feedback!' }).waitFor();
    // The keyboard goes on from the thanks, not from the top of the frame.
    await expect.poll(() => frameOf(page).evaluate(() => document.activeElement?.className)).toBe('survey-thanks');
    await shoot(page, 'survey-thanks');
    expect((await json(`${host.url}/api/v1/chats/${chatId}`, 'GET', undefined, owner)).json.chat.survey).toMatchObject({
      score: 4,
      comment: 'Quick and friendly.',
    });

    // The agent's history shows the rating in the list, and its comment with the transcript.
    const consoleContext = await browser.newContext({ viewport: { width: 1400, height: 860 } });
    const consolePage = await consoleContext.newPage();
    consolePage.setDefaultTimeout(8000);
    await consolePage.goto(`${host.url}/app`);
    await consolePage.fill('#email', 'ann@teapot.test');
    await consolePage.fill('#password', password);
    await consolePage.getByRole('button', { name: 'Sign in' }).click();
    await consolePage.locator('.conn[data-state=live]').waitFor();
    await consolePage.keyboard.press('Alt+H');
    await consolePage.getByRole('heading', { name: 'History' }).waitFor();
    const row = consolePage.locator('.history-list tbody tr', { hasText: 'Vera Visitor' });
    await row.locator('td', { hasText: '4 of 5' }).waitFor();
    await row.getByRole('link', { name: 'Vera Visitor' }).click();
    const answer = consolePage.getByRole('region', { name: 'Visitor’s rating' });
    await answer.waitFor();
    expect(await answer.innerText()).toContain('Quick and friendly.');
    await consolePage
      .locator('.history-view .msg-system', { hasText: 'The visitor rated the chat 4 of 5: “Quick and friendly.”' })
      .waitFor();
    // The visitor's details stay whole above a transcript longer than the pane (the transcript scrolls), and
    // a browser the parser does not know (headless Chromium) still says its system.
    const details = consolePage.locator('.history-view .visitor-panel');
    expect(await details.evaluate((el) => el.scrollHeight - el.clientHeight)).toBeLessThanOrEqual(0);
    expect(await details.innerText()).toMatch(/Browser\s+An unknown browser on \w+/);
    expect(await seriousAxeViolations(consolePage)).toEqual([]);
    if (shots) await consolePage.screenshot({ path: join(shots, 'widget-survey-history.png') });
    await consoleContext.close();
    // A new page shows the ended chat still (the window stays open, as the visitor left it), its rating given, no
    // transcript to ask for (no e-mail here), the page's focus left where it was; a new chat starts afresh.
    await page.locator('a').focus();
    await navigate(() => page.reload());
    await w.locator('.notice', { hasText: 'The chat has ended.' }).waitFor();
    await w.locator('.msg.agent', { hasText: 'Tracking update 12' }).waitFor();
    await w.locator('.survey-thanks').waitFor();
    expect(await w.locator('form.survey').count()).toBe(0);
    await w.getByRole('button', { name: 'Start a new chat' }).waitFor();
    expect(await w.getByRole('button', { name: 'Send me the transcript' }).count()).toBe(0);
    await shoot(page, 'ended-no-mail');
    expect(await page.evaluate(() => document.activeElement?.tagName)).not.toBe('IFRAME');
    const pagesSeen = (await json(`${host.url}/api/v1/chats/${chatId}`, 'GET', undefined, owner)).json.events.filter(
      (e: { type: string }) => e.type === 'chat.page',
    ).length;
    await navigate(() => page.goto(`${siteUrl}/?w=${widgets.support}`));
    await w.locator('.notice', { hasText: 'The chat has ended.' }).waitFor();
    // No page of the site is recorded in an ended chat.
    expect(
      (await json(`${host.url}/api/v1/chats/${chatId}`, 'GET', undefined, owner)).json.events.filter(
        (e: { type: string }) => e.type === 'chat.page',
      ).length,
    ).toBe(pagesSeen);
    // Back an hour later (the stored chat's end moved back by that much): a visitor starts afresh.
    await page.evaluate((key) => {
      const saved = JSON.parse(localStorage.getItem(key)!);
      saved.chat.endedAt -= 61 * 60 * 1000;
      localStorage.setItem(key, JSON.stringify(saved));
    }, `parley:widget:${widgets.support}`);
    await navigate(() => page.reload());
    await w.locator('#name').waitFor();
    expect(await w.locator('.msg').count()).toBe(0);
    expect(JSON.parse((await page.evaluate((key) => localStorage.getItem(key), `parley:widget:${widgets.support}`))!).chat).toBeNull();
    expect(await page.evaluate(() => localStorage.getItem('parley:visitor'))).toBe(visitorKey);
    expect(problems).toEqual([]);
    await stream.close();
    await context.close();
  });

  it('leaves the focus on the page’s own field when a page loads with the window left open', async () => {
    const context = await newVisitor();
    const page = await context.newPage();
    page.setDefaultTimeout(8000);
    const { problems, navigate } = watch(page);
    await navigate(() => page.goto(`${siteUrl}/checkout?w=${widgets.support}`));
    await widgetFrame(page).locator('button.launcher').waitFor();
    await page.evaluate(() => (window as unknown as { Parley: (c: string) => void }).Parley('open'));
    await widgetFrame(page).locator('.panel').waitFor();
    // The page's state (the window open) reaches the frame around its first render; whichever comes first, what the
    // visitor types goes on into the page's field (it went to the chat form on some loads).
    for (let i = 0; i < 8; i++) {
      await navigate(() => page.goto(`${siteUrl}/checkout?w=${widgets.support}&n=${i}`));
      await widgetFrame(page).locator('.panel').waitFor();
      await page.waitForTimeout(100);
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('card');
    }
    await page.keyboard.type('4242');
    expect(await page.locator('#card').inputValue()).toBe('4242');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('works with the keyboard alone, and axe finds no serious or critical violation in the open widget', async () => {
    expect((await json(`${host.url}/api/v1/agents/me/status`, 'PUT', { status: 'online' }, agent)).status).toBe(200);
    const context = await newVisitor();
    const page = await context.newPage();
    page.setDefaultTimeout(8000);
    const { problems, navigate } = watch(page);
    await navigate(() => page.goto(`${siteUrl}/?w=${widgets.support}`));
    const w = widgetFrame(page);
    await w.locator('button.launcher').waitFor();

    // Tab from the page's own link into the widget's button; Enter opens it and puts the focus inside.
    await page.locator('a').focus();
    await page.keyboard.press('Tab');
    await expect.poll(() => frameOf(page).evaluate(() => document.activeElement?.className)).toBe('launcher');
    // Its focus ring is drawn over the customer's page, of any colour: two tones, a dark outline round a white ring,
    // in either colour scheme (the dark scheme's ring was the light text colour, invisible on a light page).
    const ring = () =>
      frameOf(page).evaluate(() => {
        const s = getComputedStyle(document.activeElement!);
        return { outline: `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}`, offset: s.outlineOffset, shadow: s.boxShadow };
      });
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme });
      expect(await ring()).toMatchObject({ outline: 'solid 3px rgb(15, 23, 42)', offset: '3px' });
      expect((await ring()).shadow).toContain('rgb(255, 255, 255) 0px 0px 0px 3px');
    }
    await page.emulateMedia({ colorScheme: 'light' });
    await page.keyboard.press('Enter');
    await expect.poll(() => frameOf(page).evaluate(() => document.activeElement?.id)).toBe('name');
    expect(await axeScan(frameOf(page))).toEqual([]);

    // Submitting empty says what is missing and focuses it.
    for (let i = 0; i < 3; i++) await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await w.locator('#name-error', { hasText: 'Please fill in this field.' }).waitFor();
    await expect.poll(() => frameOf(page).evaluate(() => document.activeElement?.id)).toBe('name');
    await shoot(page, 'prechat');
    await page.keyboard.type('Kim Keyboard');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Only keys, no mouse.');
    // Minimised before it is sent, the form keeps what the visitor typed.
    await page.keyboard.press('Escape');
    await expect.poll(() => frameOf(page).evaluate(() => document.activeElement?.className)).toBe('launcher');
    await page.keyboard.press('Enter');
    await expect.poll(() => frameOf(page).evaluate(() => document.activeElement?.id)).toBe('name');
    expect(await w.locator('#name').inputValue()).toBe('Kim Keyboard');
    expect(await w.locator('#message').inputValue()).toBe('Only keys, no mouse.');
    await w.locator('#message').focus();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await w.locator('.notice', { hasText: 'joined the chat' }).waitFor();
    await w.locator('#composer').waitFor();
    await page.keyboard.press('Escape'); // minimises, focus back on the button
    await expect.poll(() => frameOf(page).evaluate(() => document.activeElement?.className)).toBe('launcher');
    await page.keyboard.press('Enter');
    await w.locator('.msg.visitor', { hasText: 'Only keys, no mouse.' }).waitFor();
    await expect.poll(() => frameOf(page).evaluate(() => document.activeElement?.id)).toBe('composer');
    // So does the composer: a draft not sent is there again when the window reopens.
    await page.keyboard.type('unsent draft');
    await page.keyboard.press('Escape');
    await expect.poll(() => frameOf(page).evaluate(() => document.activeElement?.className)).toBe('launcher');
    await page.keyboard.press('Enter');
    await expect.poll(() => frameOf(page).evaluate(() => document.activeElement?.id)).toBe('composer');
    expect(await w.locator('#composer').inputValue()).toBe('unsent draft');
    expect(await axeScan(frameOf(page))).toEqual([]);
    await page.emulateMedia({ colorScheme: 'dark' }); // the dark theme's contrast too
    expect(await frameOf(page).evaluate(() => getComputedStyle(document.querySelector('.panel')!).backgroundColor)).toBe('rgb(15, 23, 42)');
    expect(await axeScan(frameOf(page))).toEqual([]);
    // Ended with the keyboard: the rating takes the focus ("End chat" is gone), so the next Tab reaches the stars.
    await w.locator('button.end').focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => frameOf(page).evaluate(() => document.activeElement?.className)).toBe('link end-yes');
    await page.keyboard.press('Enter');
    await w.locator('.notice', { hasText: 'The chat has ended.' }).waitFor();
    await expect.poll(() => frameOf(page).evaluate(() => document.activeElement?.className)).toBe('stars');
    await page.keyboard.press('Tab');
    expect(await frameOf(page).evaluate(() => (document.activeElement as HTMLInputElement).name)).toBe('score');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('leaves an offline request when nobody is online, filling a phone’s screen', async () => {
    const context = await newVisitor({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    page.setDefaultTimeout(8000);
    const { problems, navigate } = watch(page);
    await navigate(() => page.goto(`${siteUrl}/?w=${widgets.offline}`));
    const w = widgetFrame(page);
    // Closed, the launcher keeps a margin inside its frame on a phone too, so its badge and shadow are not cut.
    const frameBox = (await page.locator('iframe[title="Chat"]').boundingBox())!;
    const launcherBox = (await w.locator('button.launcher').boundingBox())!;
    expect(frameBox.x + frameBox.width - (launcherBox.x + launcherBox.width)).toBeGreaterThanOrEqual(7);
    expect(frameBox.y + frameBox.height - (launcherBox.y + launcherBox.height)).toBeGreaterThanOrEqual(7);
    await w.locator('button.launcher').click();
    await w.locator('h2', { hasText: 'We’re away right now' }).waitFor();
    await expect.poll(async () => page.locator('iframe[title="Chat"]').boundingBox()).toEqual({ x: 0, y: 0, width: 390, height: 844 });
    await w.locator('#name').fill('Otto Offline');
    await w.locator('#message').fill('Do you ship to Iceland?');
    await shoot(page, 'offline-phone');
    // Minimised and opened again, the form still holds what the visitor typed; so does the site's next page.
    await w.locator('button[aria-label="Minimise chat"]').click();
    await w.locator('button.launcher').click();
    expect(await w.locator('#name').inputValue()).toBe('Otto Offline');
    expect(await w.locator('#message').inputValue()).toBe('Do you ship to Iceland?');
    await w.locator('button[aria-label="Minimise chat"]').click();
    await navigate(() => page.locator('a', { hasText: 'other page' }).click());
    await page.waitForURL(/\/other/);
    await w.locator('button.launcher').click();
    await expect.poll(() => w.locator('#name').inputValue()).toBe('Otto Offline');
    expect(await w.locator('#message').inputValue()).toBe('Do you ship to Iceland?');
    await w.locator('button[type=submit]').click();
    await w.locator('#email-error', { hasText: 'Please fill in this field.' }).waitFor(); // the answer goes there
    await w.locator('#email').fill('otto@visitor.example');
    // The site (a single-page app) moves on just before the visitor sends: the request starts from where they are
    // now, though the address has not settled into a page of the visit yet (that takes a second).
    await page.evaluate(() => history.pushState({}, '', `${location.search}&step=shipping`));
    const movedTo = page.url();
    await new Promise((resolve) => setTimeout(resolve, 100));
    await w.locator('button[type=submit]').click();
    await w.locator('.sent', { hasText: 'will reply to otto@visitor.example' }).waitFor();
    // The form the focus was in is gone: the thanks take it.
    await expect.poll(() => frameOf(page).evaluate(() => document.activeElement?.className)).toBe('sent-thanks');
    // Nobody is online: what it offers next is another message, not a chat.
    await w.locator('.sent').getByRole('button', { name: 'Send another message' }).waitFor();
    const requests = (await json(`${host.url}/api/v1/chats?status=offline`, 'GET', undefined, owner)).json.items.filter(
      (c: { visitor: { email: string } }) => c.visitor.email === 'otto@visitor.example',
    );
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({
      kind: 'offline',
      widgetId: widgets.offline,
      visitor: { name: 'Otto Offline', email: 'otto@visitor.example', pageUrl: movedTo },
    });
    // Another message starts from the name and address given, the message blank.
    await w.locator('.sent').getByRole('button', { name: 'Send another message' }).click();
    expect(await w.locator('#name').inputValue()).toBe('Otto Offline');
    expect(await w.locator('#email').inputValue()).toBe('otto@visitor.example');
    expect(await w.locator('#message').inputValue()).toBe('');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('says all agents are busy when the queue is full, with the offline form below', async () => {
    // Ann is there but paused, and the widget lets no chat wait: its queue is full, though agents are online.
    const gifts = (await json(`${host.url}/api/v1/widgets`, 'POST', { name: 'Teapot Gifts' }, owner)).json;
    expect((await json(`${host.url}/api/v1/widgets/${gifts.id}`, 'PATCH', { settings: { maxQueueSize: 0 } }, owner)).status).toBe(200);
    expect((await json(`${host.url}/api/v1/widgets/${gifts.id}/agents`, 'PUT', { agentIds: [annId] }, owner)).status).toBe(200);
    expect((await json(`${host.url}/api/v1/agents/me/status`, 'PUT', { status: 'paused' }, agent)).status).toBe(200);
    expect((await json(`${host.url}/api/v1/widgets/${gifts.id}/availability`, 'GET')).json).toMatchObject({
      mode: 'offline',
      queueFull: true,
    });
    const context = await newVisitor();
    const page = await context.newPage();
    page.setDefaultTimeout(8000);
    const { problems, navigate } = watch(page);
    await navigate(() => page.goto(`${siteUrl}/?w=${gifts.id}`));
    const w = widgetFrame(page);
    await w.locator('button.launcher').click();
    await w.locator('h2', { hasText: 'All our agents are busy' }).waitFor();
    expect(await w.locator('.intro').innerText()).toBe('Our queue is full right now. Leave a message and we’ll reply by email.');
    expect(await w.locator('body').innerText()).not.toContain('We’re away right now');
    await w.locator('#email').waitFor();
    await w.getByRole('button', { name: 'Send message' }).waitFor();
    expect(problems).toEqual([]);
    await context.close();
    expect((await json(`${host.url}/api/v1/agents/me/status`, 'PUT', { status: 'online' }, agent)).status).toBe(200);
  });

  it('offers a message instead where the visitor reads, keeping what they wrote, when the agent leaves and nobody else is there', async () => {
    const repairs = (await json(`${host.url}/api/v1/widgets`, 'POST', { name: 'Teapot Repairs' }, owner)).json;
    expect((await json(`${host.url}/api/v1/widgets/${repairs.id}/agents`, 'PUT', { agentIds: [annId] }, owner)).status).toBe(200);
    expect((await json(`${host.url}/api/v1/agents/me/status`, 'PUT', { status: 'online' }, agent)).status).toBe(200);
    const context = await newVisitor({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    page.setDefaultTimeout(8000);
    const { problems, navigate } = watch(page);
    await navigate(() => page.goto(`${siteUrl}/?w=${repairs.id}`));
    const w = widgetFrame(page);
    await w.locator('button.launcher').click();
    await w.locator('#email').fill('rita@visitor.example');
    await w.locator('#message').fill('Is my kettle fixed yet?');
    await w.locator('button[type=submit]').click();
    await w.locator('.notice', { hasText: 'Ann Agent joined the chat.' }).waitFor();
    // A conversation longer than the phone's screen.
    const chatId = (await json(`${host.url}/api/v1/chats?widgetId=${repairs.id}`, 'GET', undefined, owner)).json.items[0].id as string;
    for (let i = 1; i <= 8; i++)
      expect(
        (await json(`${host.url}/api/v1/chats/${chatId}/messages`, 'POST', { text: `Checking the kettle, step ${i}.` }, agent)).status,
      ).toBe(201);
    await w.locator('.msg.agent', { hasText: 'step 8.' }).waitFor();
    // Ann goes offline with the chat open: it goes back to the queue, where nobody is there to take it.
    expect((await json(`${host.url}/api/v1/agents/me/status`, 'PUT', { status: 'offline' }, agent)).status).toBe(200);
    try {
      // Nobody is promised, and the offer of a message instead comes below the latest line, in view without scrolling.
      await w.locator('.queue', { hasText: 'Nobody is available right now.' }).waitFor();
      expect(await w.locator('.notice').last().innerText()).toBe('Ann Agent had to leave.');
      expect(await w.locator('.queue').innerText()).not.toContain('Estimated wait');
      const offer = w.getByRole('button', { name: 'Leave a message instead' });
      const inView = async () => {
        const region = (await w.locator('.scroll').boundingBox())!;
        const box = (await offer.boundingBox())!;
        const last = (await w.locator('.lines li').last().boundingBox())!;
        return box.y > last.y && box.y >= region.y && box.y + box.height <= region.y + region.height;
      };
      await expect.poll(inView).toBe(true);
      await shoot(page, 'nobody-there');
      expect(await axeScan(frameOf(page))).toEqual([]);
      await w.getByRole('button', { name: 'Leave a message instead' }).click();
      await w.locator('h2', { hasText: 'We’re away right now' }).waitFor();
      expect(await w.locator('#message').inputValue()).toBe('Is my kettle fixed yet?');
      expect(await w.locator('#email').inputValue()).toBe('rita@visitor.example');
      await w.getByRole('button', { name: 'Send message' }).click();
      await w.locator('.sent', { hasText: 'will reply to rita@visitor.example' }).waitFor();
      const mine = (await json(`${host.url}/api/v1/chats?widgetId=${repairs.id}`, 'GET', undefined, owner)).json.items;
      expect(mine.map((c: { status: string }) => c.status).sort()).toEqual(['abandoned', 'offline']);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
      expect((await json(`${host.url}/api/v1/agents/me/status`, 'PUT', { status: 'online' }, agent)).status).toBe(200);
    }
  });

  it('starts a new chat after an ended one at the offline form’s first field when nobody is online', async () => {
    const kettles = (await json(`${host.url}/api/v1/widgets`, 'POST', { name: 'Teapot Kettles' }, owner)).json;
    expect((await json(`${host.url}/api/v1/widgets/${kettles.id}/agents`, 'PUT', { agentIds: [annId] }, owner)).status).toBe(200);
    expect((await json(`${host.url}/api/v1/agents/me/status`, 'PUT', { status: 'online' }, agent)).status).toBe(200);
    const context = await newVisitor();
    const page = await context.newPage();
    page.setDefaultTimeout(8000);
    const { problems, navigate } = watch(page);
    try {
      await navigate(() => page.goto(`${siteUrl}/?w=${kettles.id}`));
      const w = widgetFrame(page);
      await w.locator('button.launcher').click();
      await w.locator('#message').fill('Do you sell whistling kettles?');
      await w.locator('button[type=submit]').click();
      await w.locator('.notice', { hasText: 'Ann Agent joined the chat.' }).waitFor();
      const chatId = (await json(`${host.url}/api/v1/chats?widgetId=${kettles.id}`, 'GET', undefined, owner)).json.items[0].id as string;
      expect((await json(`${host.url}/api/v1/chats/${chatId}/close`, 'POST', undefined, agent)).status).toBe(200);
      expect((await json(`${host.url}/api/v1/agents/me/status`, 'PUT', { status: 'offline' }, agent)).status).toBe(200);
      const again = w.getByRole('button', { name: 'Start a new chat' });
      await again.focus();
      await page.keyboard.press('Enter');
      await w.locator('h2', { hasText: 'We’re away right now' }).waitFor();
      await expect.poll(() => frameOf(page).evaluate(() => document.activeElement?.id)).toBe('name');
      await shoot(page, 'new-chat-offline');
      expect(await axeScan(frameOf(page))).toEqual([]);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
      expect((await json(`${host.url}/api/v1/agents/me/status`, 'PUT', { status: 'online' }, agent)).status).toBe(200);
    }
  });

  it('shows the sound on in the console’s preview, as a visitor gets it', async () => {
    const context = await newVisitor();
    const page = await context.newPage();
    page.setDefaultTimeout(8000);
    await page.goto(`${host.url}/widget/frame?widget=${widgets.support}&preview=1`);
    const button = page.getByRole('button', { name: 'Sound on' });
    await button.waitFor();
    expect(await button.getAttribute('aria-pressed')).toBe('true');
    if (shots) await page.screenshot({ path: join(shots, 'widget-preview-sound.png') });
    await context.close();
  });

  it('is driven by a page migrated from SnapEngage: its language, its visitor, its callbacks, on the widget’s side', async () => {
    expect(
      (await json(`${host.url}/api/v1/widgets/${widgets.offline}`, 'PATCH', { settings: { appearance: { position: 'left' } } }, owner))
        .status,
    ).toBe(200);
    const context = await newVisitor();
    const page = await context.newPage();
    page.setDefaultTimeout(8000);
    const { problems, navigate } = watch(page);
    await navigate(() => page.goto(`${siteUrl}/snapengage?w=${widgets.offline}`));
    const w = widgetFrame(page);
    // The default text, which the owner kept, in the page's language.
    await w.getByRole('button', { name: 'Chatten Sie mit uns', exact: true }).waitFor();
    const box = (await page.locator('iframe[title="Chat"]').boundingBox())!;
    expect(box.x).toBeLessThan(40); // bottom left
    await expect.poll(() => page.evaluate(() => (window as unknown as { calls: string[] }).calls)).toEqual(['online:false']);

    await page.locator('#help').click();
    await w.locator('h2', { hasText: 'Wir sind gerade nicht da' }).waitFor();
    expect(await w.locator('#email').inputValue()).toBe('greta@visitor.example');
    expect(await w.locator('#email').getAttribute('readonly')).not.toBeNull(); // locked by setUserEmail(email, true)
    await w.locator('#message').fill('Liefern Sie nach Wien?');
    await w.locator('button[type=submit]').click();
    await w.locator('.sent', { hasText: 'antworten an greta@visitor.example' }).waitFor();
    expect(await page.evaluate(() => (window as unknown as { calls: string[] }).calls)).toEqual([
      'online:false',
      'Open:offline',
      'MessageSubmit:greta@visitor.example:Liefern Sie nach Wien?',
    ]);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('shows nothing to a visitor the widget blocks, not even when the page opens it', async () => {
    const wholesale = (await json(`${host.url}/api/v1/widgets`, 'POST', { name: 'Teapot Wholesale' }, owner)).json;
    const settings = { allowedOrigins: [siteUrl], blockedVisitors: ['127.0.0.*'] }; // this browser's address
    expect((await json(`${host.url}/api/v1/widgets/${wholesale.id}`, 'PATCH', { settings }, owner)).status).toBe(200);
    const context = await newVisitor();
    const page = await context.newPage();
    page.setDefaultTimeout(8000);
    const { problems } = watch(page);
    const config = page.waitForResponse((r) => r.url().includes(`/api/v1/widgets/${wholesale.id}/config`));
    await page.goto(`${siteUrl}/?w=${wholesale.id}`);
    expect(await (await config).json()).toMatchObject({ id: wholesale.id, visitorBlocked: true });
    // The frame takes the page's commands in order: once it answers the status request, it has had `open`.
    const status = await page.evaluate(
      () =>
        new Promise((resolve) => {
          const w = window as unknown as {
            Parley: (...a: unknown[]) => void;
            SnapEngage: { getAgentStatusAsync(f: (o: boolean) => void): void };
          };
          w.Parley('open');
          w.SnapEngage.getAgentStatusAsync(resolve);
        }),
    );
    expect(status).toBe(false);
    expect((await page.locator('iframe[title="Chat"]').boundingBox())?.width ?? 0).toBe(0);
    expect(await widgetFrame(page).locator('.root').count()).toBe(0);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('cannot be framed by a site the widget does not allow', async () => {
    const context = await newVisitor();
    const page = await context.newPage();
    const refused: string[] = [];
    const warned: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') refused.push(m.text());
      if (m.type() === 'warning') warned.push(m.text());
    });
    await page.goto(`${otherSiteUrl}/?w=${widgets.support}`);
    await expect.poll(() => refused.some((t) => t.includes('frame-ancestors')), { timeout: 8000 }).toBe(true);
    // The frame never came up, so the loader never gave it a size: nothing shows on the page.
    const box = await page.locator('iframe[title="Chat"]').boundingBox();
    expect(box?.width ?? 0).toBe(0);
    // The page's developer is told why, and a page asking whether agents are online hears "no", not nothing.
    const online = page.evaluate(
      () =>
        new Promise((resolve) =>
          (window as unknown as { SnapEngage: { getAgentStatusAsync: (f: (o: boolean) => void) => void } }).SnapEngage.getAgentStatusAsync(
            resolve,
          ),
        ),
    );
    await expect
      .poll(() => warned.some((t) => t === 'Parley: the widget did not load. Is this site among its allowed sites?'), {
        timeout: 12_000,
      })
      .toBe(true);
    expect(await online).toBe(false);
    await context.close();
  });
});
