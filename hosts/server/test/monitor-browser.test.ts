/**
 * The monitor page in a real browser (Debian's chromium driven by playwright-core) against the real host
 * process: a chat created through the API shows up as a bright red dot within two seconds, the share link
 * page shows no visitor name, the tiles can be re-ordered, and changes after the first view arrive as patches
 * that the page applies.
 *
 * Set PARLEY_SCREENSHOTS to a folder to keep a screenshot of the page.
 *
 * Without /usr/bin/chromium the suite is skipped with a loud warning, unless CI=true, where that fails.
 * Browsers are never downloaded.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, mustRunBrowser, seriousAxeViolations, warnSkipped } from './browser.js';
import { json, startHost, type HostProcess } from './process.js';

warnSkipped('the monitor page browser test');

const VISITOR = 'Zebulon Quintavalle';
const VISITOR_EMAIL = 'zebulon.q@visitor.example';
const password = 'correct horse battery staple';
const REASON = 'Lunch with Quintavalle';
const shots = process.env.PARLEY_SCREENSHOTS;

describe.skipIf(!mustRunBrowser)('the monitor page in a real browser', () => {
  const dir = mkdtempSync(join(tmpdir(), 'parley-monitor-browser-'));
  let host: HostProcess;
  let browser: Browser;
  let owner = '';
  let agent = '';
  let widgets: { support: string; sales: string };

  beforeAll(async () => {
    host = await startHost({ PARLEY_SIGNUP: 'open', PARLEY_DATABASE_URL: `sqlite:${join(dir, 'monitor.db')}`, PARLEY_GEOIP: 'off' }, dir);
    expect(
      (await json(`${host.url}/api/v1/accounts`, 'POST', { accountName: 'Acme', email: 'olive@acme.test', name: 'Olive', password }))
        .status,
    ).toBe(201);
    owner = (await json(`${host.url}/api/v1/auth/login`, 'POST', { email: 'olive@acme.test', password })).json.token;
    const agentUser = (
      await json(`${host.url}/api/v1/users`, 'POST', { email: 'ann@acme.test', name: 'Ann Agent', role: 'agent', password }, owner)
    ).json;
    agent = (await json(`${host.url}/api/v1/auth/login`, 'POST', { email: 'ann@acme.test', password })).json.token;
    const support = (await json(`${host.url}/api/v1/widgets`, 'POST', { name: 'Support' }, owner)).json;
    const sales = (await json(`${host.url}/api/v1/widgets`, 'POST', { name: 'Sales' }, owner)).json;
    widgets = { support: support.id, sales: sales.id };
    expect((await json(`${host.url}/api/v1/widgets/${support.id}/agents`, 'PUT', { agentIds: [agentUser.id] }, owner)).status).toBe(200);
    // Paused: the agent counts as present (so chats queue rather than become offline requests) but takes none.
    expect((await json(`${host.url}/api/v1/agents/me/status`, 'PUT', { status: 'paused', reason: REASON }, agent)).status).toBe(200);
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    if (host) expect(await host.stop()).toBe(0);
    rmSync(dir, { recursive: true, force: true });
  });

  const tileDots = (page: Page) => page.locator('.tile .dot-queued');

  it('signs in, then shows a chat created through the API as a bright red dot within two seconds', async () => {
    const page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
    page.setDefaultTimeout(5000);
    // What the monitor stream sends, as the browser's network layer saw it.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    const streamEvents: string[] = [];
    cdp.on('Network.eventSourceMessageReceived', (e) => streamEvents.push(e.eventName));
    await page.goto(`${host.url}/monitor`);
    await page.locator('#login').waitFor({ state: 'visible' });
    await page.fill('#login input[name=email]', 'olive@acme.test');
    await page.fill('#login input[name=password]', password);
    await page.click('#login button[type=submit]');
    await page.locator('.tile').first().waitFor();
    await page.locator('#status[data-state=live]').waitFor();
    expect(await page.locator('.tile h2').allTextContents()).toEqual(['Sales', 'Support']);
    expect(await tileDots(page).count()).toBe(0);

    const createdAt = Date.now();
    const chat = await json(`${host.url}/api/v1/widgets/${widgets.support}/chats`, 'POST', {
      message: 'Is my order on its way?',
      name: VISITOR,
      email: VISITOR_EMAIL,
    });
    expect(chat.status).toBe(201);
    expect(chat.json.status).toBe('queued');
    await tileDots(page)
      .first()
      .waitFor({ state: 'visible', timeout: Math.max(1, 2000 - (Date.now() - createdAt)) });
    expect(Date.now() - createdAt).toBeLessThanOrEqual(2000);

    const dot = tileDots(page).first();
    expect(await dot.evaluate((e) => getComputedStyle(e).backgroundColor)).toBe('rgb(255, 23, 68)');
    expect(await page.locator('.tile', { hasText: 'Support' }).locator('.dot-queued').count()).toBe(1);
    // Signed in, the visitor's name is shown: the shared page below must not show it.
    expect(await page.locator('body').innerText()).toContain(VISITOR);
    expect(await page.locator('.tile', { hasText: 'Support' }).locator('.agents li[data-status=paused]').innerText()).toContain(
      'Ann Agent',
    );
    // The reason of the pause is shown to the signed-in viewer, and the free slots (nobody online: none).
    expect(await page.locator('.tile', { hasText: 'Support' }).locator('.agents li[data-status=paused] .reason').innerText()).toBe(REASON);
    expect(await page.locator('.tile', { hasText: 'Support' }).locator('.agents li[data-status=paused] .load').innerText()).toBe('0 chats');
    // What the count counts, on hover: an agent's open chats in every widget (what limits how many more they take).
    expect(await page.locator('.tile', { hasText: 'Support' }).locator('.agents li[data-status=paused]').getAttribute('title')).toBe(
      `Ann Agent: paused (${REASON}), 0 open chats in all widgets`,
    );
    expect(await page.locator('.tile', { hasText: 'Support' }).locator('.counts .slots').innerText()).toBe('0 free slots');

    // The legend sits in the top right corner and explains every colour.
    const box = (await page.locator('.legend').boundingBox())!;
    expect(box.y).toBeLessThan(50);
    expect(box.x + box.width).toBeGreaterThan(1600 - 50);
    for (const tile of await page.locator('.tile').all()) {
      const t = (await tile.boundingBox())!;
      expect(t.y >= box.y + box.height || t.x + t.width <= box.x, 'the legend covers no tile').toBe(true);
    }
    expect(await page.locator('.legend li').allTextContents()).toEqual([
      ' Chat waiting in the queue',
      ' Waiting over 2 minutes (pulsing)',
      ' Chat in progress',
      ' Agent online',
      ' Agent paused',
      ' Agent offline',
    ]);

    // Each ▲/▼ is a target of at least 24 × 24 px (WCAG 2.5.8), here and on a phone (below).
    const smallMoves = async () => {
      const sizes = await page.locator('.tile .move').evaluateAll((bs) => bs.map((b) => b.getBoundingClientRect()));
      expect(sizes.length).toBeGreaterThan(0);
      return sizes.filter((r) => r.width < 24 || r.height < 24).map((r) => `${r.width} × ${r.height}`);
    };
    expect(await smallMoves()).toEqual([]);
    // Re-ordering the tiles is saved as the user's layout.
    const snapshots = () => streamEvents.filter((e) => e === 'snapshot').length;
    const snapshotsBefore = snapshots();
    await page.locator('.tile', { hasText: 'Support' }).locator('button[title="Move up"]').click();
    await expect
      .poll(async () => (await json(`${host.url}/api/v1/monitor/layout`, 'GET', undefined, owner)).json.widgetIds)
      .toEqual([widgets.support, widgets.sales]);
    await expect.poll(() => page.locator('.tile h2').allTextContents()).toEqual(['Support', 'Sales']);
    // The tiles were drawn anew: the focus is back on the moved tile's arrows (▲ is at the top now, so ▼).
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Move Support down');

    // A new layout is never patched: the stream sends it as a snapshot. Waited for, so that the change below
    // is not folded into the same view (which would then be a snapshot too).
    await expect.poll(snapshots).toBe(snapshotsBefore + 1);
    const beforeSecond = streamEvents.length;

    // A later change comes as a patch of the view the page has, and the page applies it in its own order.
    const second = await json(`${host.url}/api/v1/widgets/${widgets.support}/chats`, 'POST', {
      message: 'And my invoice?',
      name: 'Second Visitor',
      email: 'second@visitor.example',
    });
    expect(second.status).toBe(201);
    await expect.poll(() => page.locator('.tile', { hasText: 'Support' }).locator('.dot-queued').count()).toBe(2);
    expect(await page.locator('.tile h2').allTextContents()).toEqual(['Support', 'Sales']);
    expect(await page.locator('body').innerText()).toContain('Second Visitor');
    expect(streamEvents[0]).toBe('snapshot');
    expect(streamEvents.at(-1)).toBe('patch');
    expect(streamEvents.slice(beforeSecond)).not.toContain('snapshot');

    // The first visitor gives up: their chat leaves the head of the queue, by a patch the page applies.
    const third = await json(`${host.url}/api/v1/widgets/${widgets.support}/chats`, 'POST', { message: 'Hello?', name: 'Third Visitor' });
    expect(third.json.status).toBe('queued');
    const support = page.locator('.tile', { hasText: 'Support' });
    await expect.poll(() => support.locator('.dot-queued').count()).toBe(3);
    const events = streamEvents.length;
    const closed = await fetch(`${host.url}/api/v1/chats/${chat.json.chatId}/close`, {
      method: 'POST',
      headers: { authorization: `Bearer ${chat.json.visitorToken}` },
    });
    expect(closed.status).toBe(200);
    await expect.poll(() => support.locator('.dot-queued').count()).toBe(2);
    expect(await page.locator('body').innerText()).not.toContain(VISITOR);
    expect(await page.locator('body').innerText()).toContain('Third Visitor');
    expect(streamEvents.slice(events)).toEqual(['patch']);
    if (shots) await page.screenshot({ path: join(shots, 'monitor-page.png') });
    expect(await seriousAxeViolations(page)).toEqual([]);
    // On a phone a tile's name and its move buttons share a line; the counts start under the name.
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await smallMoves()).toEqual([]);
    const boxOf = async (l: ReturnType<Page['locator']>) => (await l.boundingBox())!;
    const [name, counts, up] = await Promise.all([
      boxOf(support.locator('h2')),
      boxOf(support.locator('.counts')),
      boxOf(support.getByRole('button', { name: 'Move Support up' })),
    ]);
    expect(up.y).toBeLessThan(name.y + name.height);
    expect(counts.y).toBeGreaterThanOrEqual(name.y + name.height);
    expect(Math.abs(counts.x - name.x)).toBeLessThan(2);
    await page.close();
  });

  it('shows the share link monitor with no visitor name anywhere, and ends it when the link is revoked', async () => {
    const created = await json(`${host.url}/api/v1/monitor/share-links`, 'POST', { label: 'Office screen' }, owner);
    expect(created.status).toBe(201);
    const context = await browser.newContext({ viewport: { width: 1600, height: 900 } }); // no session cookie
    const page = await context.newPage();
    page.setDefaultTimeout(5000);
    await page.goto(`${host.url}${created.json.url}`);
    await tileDots(page).first().waitFor({ state: 'visible', timeout: 5000 });
    expect(await page.locator('#mode').isVisible()).toBe(true);
    const html = await page.content();
    const text = await page.locator('body').innerText();
    expect(await page.locator('.tile', { hasText: 'Support' }).locator('.counts .slots').innerText()).toBe('0 free slots');
    for (const secret of [
      VISITOR,
      'Zebulon',
      'Quintavalle',
      VISITOR_EMAIL,
      'Is my order',
      REASON,
      'Second Visitor',
      'Third Visitor',
      'invoice',
    ]) {
      expect(html).not.toContain(secret);
      expect(text).not.toContain(secret);
    }
    expect(await page.locator('.tile a').count()).toBe(0); // no transcript links
    // No way to a console the viewer of a share link has no account for.
    expect(await page.getByRole('link', { name: /console/i }).count()).toBe(0);
    expect(await seriousAxeViolations(page)).toEqual([]);
    // At 1,280 wide, beside the legend, the title and the connection state keep to one line each.
    await page.setViewportSize({ width: 1280, height: 800 });
    const lineHeight = (sel: string) =>
      page.locator(sel).evaluate((e) => e.getBoundingClientRect().height / Number.parseFloat(getComputedStyle(e).lineHeight));
    expect(await lineHeight('.top h1')).toBeLessThan(1.5);
    expect(await lineHeight('#status')).toBeLessThan(1.5);

    // On a phone the page scrolls only vertically, and the legend covers no tile.
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    const legend = (await page.locator('.legend').boundingBox())!;
    expect((await page.locator('.tile').first().boundingBox())!.y).toBeGreaterThanOrEqual(legend.y + legend.height);
    if (shots) await page.screenshot({ path: join(shots, 'monitor-page-phone.png'), fullPage: true });
    await page.setViewportSize({ width: 1600, height: 900 });

    expect((await json(`${host.url}/api/v1/monitor/share-links/${created.json.link.id}`, 'DELETE', undefined, owner)).status).toBe(204);
    await page.locator('#message', { hasText: 'revoked' }).waitFor({ timeout: 5000 });
    expect(await page.locator('.tile').count()).toBe(0);
    await context.close();
  });

  /** The monitor in a context of its own, signed in as the owner through its form, live. */
  const ownersMonitor = async (viewport: { width: number; height: number }) => {
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();
    page.setDefaultTimeout(5000);
    await page.goto(`${host.url}/monitor`);
    await page.fill('#login input[name=email]', 'olive@acme.test');
    await page.fill('#login input[name=password]', password);
    await page.click('#login button[type=submit]');
    await page.locator('#status[data-state=live]').waitFor();
    return { context, page };
  };

  it('links a chat in progress to its transcript in the console’s history, signed in with the same session', async () => {
    const { context, page } = await ownersMonitor({ width: 1600, height: 900 });
    // One more waits, with a long unbroken name.
    const longName = 'W'.repeat(60);
    expect((await json(`${host.url}/api/v1/widgets/${widgets.support}/chats`, 'POST', { message: 'Hi', name: longName })).status).toBe(201);
    // Ann goes online and takes the chats waiting: they are in progress now.
    expect((await json(`${host.url}/api/v1/agents/me/status`, 'PUT', { status: 'online' }, agent)).status).toBe(200);
    const tile = page.locator('.tile', { hasText: 'Support' });
    const link = tile.locator('.active li', { hasText: 'Second Visitor' }).getByRole('link');
    await link.waitFor();
    // Named by its chat for a screen reader, not "transcript" after "transcript".
    expect(await link.getAttribute('aria-label')).toMatch(/^Transcript of .+’s chat with Second Visitor/);
    // The long name is cut short within its tile: the tile keeps its counts and its agents, the page its width.
    await tile.locator('.active li', { hasText: longName }).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1600);
    const tileBox = (await tile.boundingBox())!;
    for (const part of [tile.locator('.agents'), tile.locator('.counts')]) {
      const b = (await part.boundingBox())!;
      expect(b.x + b.width, 'within the tile').toBeLessThanOrEqual(tileBox.x + tileBox.width);
    }
    const chats = (await json(`${host.url}/api/v1/chats?status=active`, 'GET', undefined, owner)).json.items;
    const second = chats.find((c: { visitor: { name: string } }) => c.visitor.name === 'Second Visitor');
    expect(await link.getAttribute('href')).toBe(`/app/history/${second.id}`);

    const [transcript] = await Promise.all([context.waitForEvent('page'), link.click()]);
    transcript.setDefaultTimeout(5000);
    await transcript.locator('.history-view .transcript .msg-visitor', { hasText: 'And my invoice?' }).waitFor();
    expect(await transcript.locator('.history-view .visitor-panel').innerText()).toContain('Second Visitor');
    expect(await transcript.locator('.topbar [aria-current=page]').innerText()).toBe('History');
    expect(await seriousAxeViolations(transcript)).toEqual([]);
    await context.close();
  });

  it('gives names room at 1,280 wide: the counts go under a long widget name, and nobody waiting is not in the queue’s red', async () => {
    const wide = (await json(`${host.url}/api/v1/widgets`, 'POST', { name: 'Acme Customer Support' }, owner)).json;
    const ann = (await json(`${host.url}/api/v1/me`, 'GET', undefined, agent)).json;
    expect((await json(`${host.url}/api/v1/widgets/${wide.id}/agents`, 'PUT', { agentIds: [ann.id] }, owner)).status).toBe(200);
    const { context, page } = await ownersMonitor({ width: 1280, height: 800 });
    const tile = page.locator('.tile', { hasText: 'Acme Customer Support' });
    await tile.waitFor();
    const cut = (selector: string) => tile.locator(selector).evaluateAll((els) => els.filter((e) => e.scrollWidth > e.clientWidth).length);
    expect(await cut('h2')).toBe(0);
    expect(await cut('.agents .name')).toBe(0);
    const queued = tile.locator('.counts .q b');
    expect(await queued.innerText()).toBe('0');
    expect(await queued.evaluate((e) => getComputedStyle(e).color)).not.toBe('rgb(255, 23, 68)');
    await context.close();
  });

  it('shows the visitors’ and agents’ names whole at 1,280 and 390 wide, the move buttons on the name’s line, and a way back to the console', async () => {
    // Three chats in progress with everyday names, taken by Bea (Ann has as many as she takes already).
    const bea = (
      await json(`${host.url}/api/v1/users`, 'POST', { email: 'bea@acme.test', name: 'Beatrice Agent', role: 'agent', password }, owner)
    ).json;
    const ann = (await json(`${host.url}/api/v1/me`, 'GET', undefined, agent)).json;
    expect((await json(`${host.url}/api/v1/widgets/${widgets.support}/agents`, 'PUT', { agentIds: [ann.id, bea.id] }, owner)).status).toBe(
      200,
    );
    const beaToken = (await json(`${host.url}/api/v1/auth/login`, 'POST', { email: 'bea@acme.test', password })).json.token;
    expect((await json(`${host.url}/api/v1/agents/me/status`, 'PUT', { status: 'online' }, beaToken)).status).toBe(200);
    for (const name of ['Veronica Lindqvist', 'Victoria Hargreaves', 'Wanda Three']) {
      expect((await json(`${host.url}/api/v1/widgets/${widgets.support}/chats`, 'POST', { message: 'Hi', name })).status).toBe(201);
    }
    const { context, page } = await ownersMonitor({ width: 1280, height: 800 });
    const tile = page.locator('.tile', { hasText: 'Support' }).filter({ has: page.locator('h2', { hasText: /^Support$/ }) });
    await tile.locator('.active li', { hasText: 'Wanda Three' }).waitFor();
    const cutNames = () =>
      tile
        .locator('.active .where, .active .agent, .agents .name, h2')
        .evaluateAll((els) =>
          els.filter((e) => !e.textContent?.startsWith('W'.repeat(20)) && e.scrollWidth > e.clientWidth).map((e) => e.textContent),
        );
    const sameLine = async () => {
      const [name, down] = [(await tile.locator('h2').boundingBox())!, (await tile.locator('button[title="Move down"]').boundingBox())!];
      return down.y < name.y + name.height && down.y + down.height > name.y;
    };
    const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    const visitor = tile.locator('.active .where', { hasText: 'Victoria Hargreaves' });
    expect(await cutNames()).toEqual([]);
    expect(await sameLine()).toBe(true);
    // A name cut for real (the 60 W's) stays whole in its title.
    expect(await tile.locator('.active .where', { hasText: 'WWWW' }).getAttribute('title')).toBe('W'.repeat(60));
    expect(await visitor.getAttribute('title')).toBe('Victoria Hargreaves');
    // The tile uses the room the page has rather than a third of it.
    expect((await tile.boundingBox())!.width).toBeGreaterThan(900);

    // Signed in, on a server that serves the console: a link back to it.
    const back = page.getByRole('link', { name: '← Back to the console' });
    expect(await back.isVisible()).toBe(true);
    expect(await back.getAttribute('href')).toBe('/app');
    // Opened again with the session (as from the console): the link is the first stop of the keyboard.
    await page.reload();
    await page.locator('#status[data-state=live]').waitFor();
    await back.waitFor();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('← Back to the console');
    expect(await back.evaluate((e) => getComputedStyle(e).outlineStyle)).not.toBe('none');
    if (shots) await page.screenshot({ path: join(shots, 'monitor-page-names.png') });
    expect(await seriousAxeViolations(page)).toEqual([]);

    await page.setViewportSize({ width: 390, height: 844 });
    await expect.poll(cutNames).toEqual([]);
    // Every widget's name whole too, a longer one on a second line.
    const cutTitles = () =>
      page
        .locator('.tile h2')
        .evaluateAll((els) =>
          els.filter((e) => e.scrollHeight > e.clientHeight + 1 || e.scrollWidth > e.clientWidth).map((e) => e.textContent),
        );
    expect(await cutTitles()).toEqual([]);
    expect(await sameLine()).toBe(true);
    expect(await overflow()).toBeLessThanOrEqual(0);
    expect(await back.isVisible()).toBe(true);
    if (shots) await page.screenshot({ path: join(shots, 'monitor-page-names-phone.png'), fullPage: true });
    expect(await seriousAxeViolations(page)).toEqual([]);

    await Promise.all([page.waitForURL(`${host.url}/app`), back.click()]);
    await context.close();
  });
});
