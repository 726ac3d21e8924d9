/**
 * A supervisor stepping into a colleague's chat from the console's History, in a real browser against the real
 * host process, each person in a browser context of their own: Sam (a supervisor, offline, serving no widget)
 * opens Ann's open chat, is asked in place whether to go online, and takes it over with the keyboard alone; the
 * chat leaves Ann's inbox and opens in Sam's with the reply box focused, and the visitor (the widget on a customer
 * site) reads that Sam took over. Then, on a phone-sized screen, Sam reassigns another of Ann's chats to Bob and
 * closes it, each saying what became of it with the focus; an agent sees none of these actions. The new states
 * pass axe-core scans. Set PARLEY_SCREENSHOTS to keep screenshots.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, mustRunBrowser, seriousAxeViolations, signInConsole, warnSkipped } from './browser.js';
import { json, startHost, type HostProcess } from './process.js';

warnSkipped('a supervisor taking over, reassigning and closing a colleague’s chat in the console');

const password = 'correct horse battery staple';
const shots = process.env.PARLEY_SCREENSHOTS;

describe.skipIf(!mustRunBrowser)('a supervisor acting on a colleague’s chat in the console', () => {
  const dir = mkdtempSync(join(tmpdir(), 'parley-console-takeover-'));
  let host: HostProcess;
  let site: Server;
  let siteUrl = '';
  let browser: Browser;
  let owner = '';
  let support = '';
  const ids = { ann: '', bob: '', sam: '' };

  const signIn = (email: string, viewport = { width: 1400, height: 860 }): Promise<Page> =>
    signInConsole(browser, host.url, email, password, viewport);
  const tokenOf = async (email: string) => (await json(`${host.url}/api/v1/auth/login`, 'POST', { email, password })).json.token as string;
  const shoot = async (page: Page, name: string) => {
    if (shots) await page.screenshot({ path: join(shots, `console-takeover-${name}.png`) });
  };
  const focusedText = (page: Page) => page.evaluate(() => document.activeElement?.textContent?.trim() ?? '');

  beforeAll(async () => {
    host = await startHost({ PARLEY_SIGNUP: 'open', PARLEY_DATABASE_URL: `sqlite:${join(dir, 'console.db')}`, PARLEY_GEOIP: 'off' }, dir);
    // The customer's site, on another origin, embedding the widget.
    site = createServer((req, res) => {
      const w = new URL(req.url ?? '/', 'http://x').searchParams.get('w') ?? '';
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Shop</title></head>
<body><h1>Shop</h1><script async src="${host.url}/widget.js" data-widget="${w}"></script></body></html>`);
    });
    await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
    siteUrl = `http://localhost:${(site.address() as { port: number }).port}`;
    expect(
      (await json(`${host.url}/api/v1/accounts`, 'POST', { accountName: 'Acme', email: 'olive@acme.test', name: 'Olive', password }))
        .status,
    ).toBe(201);
    owner = await tokenOf('olive@acme.test');
    const user = async (email: string, name: string, role: 'agent' | 'supervisor') =>
      (await json(`${host.url}/api/v1/users`, 'POST', { email, name, role, password }, owner)).json.id as string;
    ids.ann = await user('ann@acme.test', 'Ann Agent', 'agent');
    ids.bob = await user('bob@acme.test', 'Bob Builder', 'agent');
    ids.sam = await user('sam@acme.test', 'Sam Supervisor', 'supervisor');
    support = (await json(`${host.url}/api/v1/widgets`, 'POST', { name: 'Support' }, owner)).json.id;
    const patched = await json(
      `${host.url}/api/v1/widgets/${support}`,
      'PATCH',
      { settings: { allowedOrigins: [siteUrl], preChat: { askName: 'required', askEmail: 'optional' } } },
      owner,
    );
    expect(patched.status).toBe(200);
    // Sam serves no widget: a supervisor steps in wherever a chat needs them.
    expect((await json(`${host.url}/api/v1/widgets/${support}/agents`, 'PUT', { agentIds: [ids.ann, ids.bob] }, owner)).status).toBe(200);
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => (site ? site.close(resolve) : resolve(undefined)));
    if (host) expect(await host.stop()).toBe(0);
    rmSync(dir, { recursive: true, force: true });
  });

  /** Opens the chat of `visitor` from History's list. */
  const openInHistory = async (page: Page, visitor: string) => {
    await page.getByRole('button', { name: 'History' }).click();
    await page.locator('.history-list tbody tr', { hasText: visitor }).getByRole('link', { name: visitor, exact: true }).click();
    await page.locator('.history-view h2', { hasText: visitor }).waitFor();
  };

  it('asks an offline supervisor to go online, takes over with the keyboard: Ann’s inbox loses the chat, the visitor reads it', async () => {
    const ann = await signIn('ann@acme.test');
    await ann.getByRole('button', { name: 'Online' }).click();
    await ann.locator('button[aria-pressed=true]', { hasText: 'Online' }).waitFor();

    const visitor = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    visitor.setDefaultTimeout(8000);
    await visitor.goto(`${siteUrl}/?w=${support}`);
    const w = visitor.frameLocator('iframe[title="Chat"]');
    await w.locator('button.launcher').click();
    await w.locator('#name').fill('Vera Visitor');
    await w.locator('#message').fill('Where is my parcel?');
    await w.locator('button[type=submit]').click();
    await w.locator('.notice', { hasText: 'Ann Agent joined the chat.' }).waitFor();
    const vera = ann.locator('.chat-list li', { hasText: 'Where is my parcel?' });
    await vera.waitFor();

    const sam = await signIn('sam@acme.test');
    await sam.locator('button[aria-pressed=true]', { hasText: 'Offline' }).waitFor();
    await openInHistory(sam, 'Vera Visitor');
    const actions = sam.locator('.supervisor-actions');
    await actions.getByText('With Ann Agent').waitFor();
    expect(await seriousAxeViolations(sam)).toEqual([]);
    await shoot(sam, 'actions');

    // Offline: asked in place, Cancel first; Cancel gives the focus back to Take over.
    const takeOver = actions.getByRole('button', { name: 'Take over' });
    await takeOver.focus();
    await sam.keyboard.press('Enter');
    const question = actions.getByRole('group', { name: /You are offline/ });
    await question.waitFor();
    await expect.poll(() => focusedText(sam)).toBe('Cancel'); // moved there once the question is drawn
    // The focus ring shows on the focused button.
    expect(await sam.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle)).not.toBe('none');
    expect(await seriousAxeViolations(sam)).toEqual([]);
    await shoot(sam, 'go-online');
    await sam.keyboard.press('Enter');
    await question.waitFor({ state: 'hidden' });
    await expect.poll(() => focusedText(sam)).toBe('Take over');
    expect((await json(`${host.url}/api/v1/agents/me/status`, 'GET', undefined, await tokenOf('sam@acme.test'))).json.status).toBe(
      'offline',
    );

    await sam.keyboard.press('Enter');
    await question.waitFor();
    await expect.poll(() => focusedText(sam)).toBe('Cancel');
    await sam.keyboard.press('Shift+Tab');
    expect(await focusedText(sam)).toBe('Go online and take over');
    await sam.keyboard.press('Enter');

    // Online, and the chat is Sam's: in the inbox, the reply box focused.
    await sam.locator('button[aria-pressed=true]', { hasText: 'Online' }).waitFor();
    await expect.poll(() => new URL(sam.url()).pathname).toBe('/app');
    await sam.locator('.chat-list li', { hasText: 'Where is my parcel?' }).waitFor();
    await expect.poll(() => sam.evaluate(() => document.activeElement?.id)).toBe('reply');
    await shoot(sam, 'inbox');
    // Ann's inbox has lost it (ended: transferred), and the visitor reads who took over.
    await vera.locator('.ended-tag', { hasText: 'transferred' }).waitFor();
    await ann.locator('.chat-list h2', { hasText: 'Chats (0)' }).waitFor();
    await w.locator('.notice', { hasText: 'Sam Supervisor took over the chat.' }).waitFor();
    await sam.keyboard.type('Hello, Sam here. Let me check.');
    await sam.keyboard.press('Enter');
    await w.locator('.msg.agent', { hasText: 'Hello, Sam here. Let me check.' }).waitFor();
    await shoot(visitor, 'visitor');
    await ann.context().close();
    await sam.context().close();
    await visitor.context().close();
  });

  it('reassigns a colleague’s chat to Bob and closes it on a phone, and shows an agent none of it', async () => {
    const bobToken = await tokenOf('bob@acme.test');
    const annToken = await tokenOf('ann@acme.test');
    expect((await json(`${host.url}/api/v1/agents/me/status`, 'PUT', { status: 'online' }, annToken)).status).toBe(200);
    const started = await json(`${host.url}/api/v1/widgets/${support}/chats`, 'POST', { name: 'Otto', message: 'My order 12?' });
    expect(started.json.status).toBe('active');
    expect((await json(`${host.url}/api/v1/agents/me/status`, 'PUT', { status: 'online' }, bobToken)).status).toBe(200);

    const sam = await signIn('sam@acme.test', { width: 320, height: 640 });
    await openInHistory(sam, 'Otto');
    const actions = sam.locator('.supervisor-actions');
    await actions.getByText('With Ann Agent').waitFor();
    expect(await sam.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    await shoot(sam, 'phone');

    await actions.getByRole('button', { name: 'Reassign…' }).click();
    const dialog = sam.getByRole('dialog', { name: 'Transfer this chat' });
    await dialog.getByRole('button', { name: 'Transfer to Bob Builder' }).waitFor();
    // The chat's own agent is not offered.
    expect(await dialog.locator('.colleague-name', { hasText: 'Ann Agent' }).count()).toBe(0);
    await dialog.getByRole('button', { name: 'Transfer to Bob Builder' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await actions.getByRole('status').filter({ hasText: 'Reassigned to Bob Builder.' }).waitFor();
    await expect.poll(() => focusedText(sam)).toBe('Reassigned to Bob Builder.');
    await actions.getByText('With Bob Builder').waitFor();
    expect((await json(`${host.url}/api/v1/chats/${started.json.chatId}`, 'GET', undefined, owner)).json.chat.agentId).toBe(ids.bob);
    await shoot(sam, 'reassigned');

    await actions.getByRole('button', { name: 'Close chat' }).click();
    const confirm = sam.getByRole('dialog', { name: 'Close this chat?' });
    await confirm.waitFor();
    expect(await focusedText(sam)).toBe('Cancel');
    expect(await seriousAxeViolations(sam)).toEqual([]);
    await shoot(sam, 'close-confirm');
    await confirm.getByRole('button', { name: 'Close chat' }).click();
    await confirm.waitFor({ state: 'hidden' });
    await expect.poll(() => focusedText(sam)).toBe('Chat closed.');
    expect(await actions.getByRole('button', { name: 'Take over' }).count()).toBe(0);
    expect((await json(`${host.url}/api/v1/chats/${started.json.chatId}`, 'GET', undefined, owner)).json.chat.status).toBe('closed');
    expect(await seriousAxeViolations(sam)).toEqual([]);
    await shoot(sam, 'closed');

    // An agent reading a colleague's open chat in History has no such actions.
    const other = await json(`${host.url}/api/v1/widgets/${support}/chats`, 'POST', { name: 'Pia', message: 'Hi' });
    expect(other.json.status).toBe('active');
    const agentId = (await json(`${host.url}/api/v1/chats/${other.json.chatId}`, 'GET', undefined, owner)).json.chat.agentId;
    const colleague = await signIn(agentId === ids.ann ? 'bob@acme.test' : 'ann@acme.test');
    await openInHistory(colleague, 'Pia');
    expect(await colleague.locator('.supervisor-actions').count()).toBe(0);
  });
});
