/**
 * Offline requests and transfers to another widget's queue in the agent console, in a real browser
 * against the real host process: an offline request appears in Ann's history, she marks it handled, the
 * handled filter finds it, and Bob's console (another browser context) shows the mark live. Then a chat
 * of Ann's widget is transferred to the Billing widget's queue: it leaves Ann's console and appears in
 * Cleo's, who serves Billing only. The screens pass axe-core scans.
 * Set PARLEY_SCREENSHOTS to keep screenshots.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, mustRunBrowser, seriousAxeViolations, signInConsole, warnSkipped } from './browser.js';
import { json, startHost, type HostProcess } from './process.js';

warnSkipped('the console’s offline requests and widget transfers in a browser');

const password = 'correct horse battery staple';
const shots = process.env.PARLEY_SCREENSHOTS;

describe.skipIf(!mustRunBrowser)('offline requests and transfers to another widget in the console', () => {
  const dir = mkdtempSync(join(tmpdir(), 'parley-console-offline-'));
  let host: HostProcess;
  let browser: Browser;
  let support = '';
  let billing = '';
  let requestId = '';

  /** A console of its own (cookies and all) for this agent, signed in. */
  const signIn = (email: string): Promise<Page> => signInConsole(browser, host.url, email, password, { width: 1400, height: 860 });

  beforeAll(async () => {
    host = await startHost({ PARLEY_SIGNUP: 'open', PARLEY_DATABASE_URL: `sqlite:${join(dir, 'console.db')}`, PARLEY_GEOIP: 'off' }, dir);
    expect(
      (await json(`${host.url}/api/v1/accounts`, 'POST', { accountName: 'Acme', email: 'olive@acme.test', name: 'Olive', password }))
        .status,
    ).toBe(201);
    const owner = (await json(`${host.url}/api/v1/auth/login`, 'POST', { email: 'olive@acme.test', password })).json.token;
    const user = async (email: string, name: string) =>
      (await json(`${host.url}/api/v1/users`, 'POST', { email, name, role: 'agent', password }, owner)).json.id as string;
    const [ann, bob, cleo] = [
      await user('ann@acme.test', 'Ann Agent'),
      await user('bob@acme.test', 'Bob Builder'),
      await user('cleo@acme.test', 'Cleo Billing'),
    ];
    support = (await json(`${host.url}/api/v1/widgets`, 'POST', { name: 'Support' }, owner)).json.id;
    billing = (await json(`${host.url}/api/v1/widgets`, 'POST', { name: 'Billing' }, owner)).json.id;
    expect((await json(`${host.url}/api/v1/widgets/${support}/agents`, 'PUT', { agentIds: [ann, bob] }, owner)).status).toBe(200);
    expect((await json(`${host.url}/api/v1/widgets/${billing}/agents`, 'PUT', { agentIds: [cleo] }, owner)).status).toBe(200);
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    if (host) expect(await host.stop()).toBe(0);
    rmSync(dir, { recursive: true, force: true });
  });

  let ann: Page;
  let bob: Page;

  it('lists an offline request in the history, marks it handled, filters by it, and shows the mark live in a colleague’s console', async () => {
    const request = await json(`${host.url}/api/v1/widgets/${support}/chats`, 'POST', {
      name: 'Otto',
      email: 'otto@example.org',
      message: 'Please call me back about invoice 7.',
    });
    expect(request.json.status).toBe('offline');
    requestId = request.json.chatId;
    ann = await signIn('ann@acme.test');
    bob = await signIn('bob@acme.test');
    for (const page of [ann, bob]) {
      await page.getByRole('button', { name: 'History' }).click();
      await page.locator('.history-list tbody tr', { hasText: 'Otto' }).waitFor();
    }
    const row = (page: Page) => page.locator('.history-list tbody tr', { hasText: 'Otto' });
    expect(await row(ann).innerText()).toContain('Not handled yet');

    await ann.getByLabel('Offline requests').selectOption('false');
    await row(ann).waitFor();
    await row(ann)
      .getByRole('button', { name: /^Mark handled/ })
      .click();
    await row(ann).locator('.handled-state.is-handled').waitFor();
    // Bob's console hears of it on his stream, without reloading.
    await row(bob).locator('.handled-state.is-handled').waitFor();
    expect(
      await row(bob)
        .getByRole('button', { name: /^Mark not handled/ })
        .isVisible(),
    ).toBe(true);

    await ann.getByLabel('Offline requests').selectOption('true');
    await row(ann).waitFor();
    await ann.getByLabel('Offline requests').selectOption('false');
    await ann.getByText('No offline request is waiting to be handled.').waitFor();
    await ann.getByLabel('Offline requests').selectOption('true');
    await row(ann).getByRole('link', { name: 'Otto', exact: true }).click();
    await ann.locator('.history-view .handled-state.is-handled').waitFor();
    // The request's message reads as the visitor's, marked as an offline request.
    const message = ann.locator('.history-view .transcript .msg-visitor');
    expect(await message.innerText()).toContain('Please call me back about invoice 7.');
    expect(await message.locator('.who').innerText()).toContain('offline request');
    await ann.locator('.history-view .msg-system', { hasText: 'You marked the request handled.' }).waitFor();
    expect(await seriousAxeViolations(ann)).toEqual([]);
    if (shots) await ann.screenshot({ path: join(shots, 'console-offline-requests.png') });
    const stored = (await json(`${host.url}/api/v1/auth/login`, 'POST', { email: 'olive@acme.test', password })).json.token;
    expect((await json(`${host.url}/api/v1/chats/${requestId}`, 'GET', undefined, stored)).json.chat.handledAt).toEqual(expect.any(String));
  });

  it('transfers a chat to another widget’s queue: it leaves Ann’s console and appears in Cleo’s', async () => {
    await bob.context().close();
    await ann.getByRole('button', { name: /^Inbox/ }).click();
    await ann.getByRole('button', { name: 'Online' }).click();
    await ann.locator('button[aria-pressed=true]', { hasText: 'Online' }).waitFor();
    const started = await json(`${host.url}/api/v1/widgets/${support}/chats`, 'POST', {
      name: 'Vera Visitor',
      email: 'vera@example.org',
      message: 'My invoice is wrong.',
    });
    expect(started.json.status).toBe('active');
    await ann.locator('.chat-list button', { hasText: 'Vera Visitor' }).waitFor();

    const cleo = await signIn('cleo@acme.test');
    await ann.getByRole('button', { name: 'Transfer', exact: true }).click();
    const dialog = ann.getByRole('dialog', { name: 'Transfer this chat' });
    await dialog.getByLabel('Widget queue').check();
    await dialog.locator('.colleague-name', { hasText: 'Billing' }).waitFor();
    expect(await dialog.getByRole('button', { name: 'Transfer to the Billing queue' }).isDisabled()).toBe(true); // nobody there
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });
    // Cleo there but paused: the chat would wait in Billing's queue, and the dialog says so in words.
    const cleoToken = (await json(`${host.url}/api/v1/auth/login`, 'POST', { email: 'cleo@acme.test', password })).json.token;
    expect((await json(`${host.url}/api/v1/agents/me/status`, 'PUT', { status: 'paused' }, cleoToken)).status).toBe(200);
    await ann.getByRole('button', { name: 'Transfer', exact: true }).click();
    await dialog.getByLabel('Widget queue').check();
    await dialog.getByText('no agent free now: the visitor waits in its queue').waitFor();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });

    await cleo.getByRole('button', { name: 'Online' }).click();
    await cleo.locator('button[aria-pressed=true]', { hasText: 'Online' }).waitFor();
    await ann.getByRole('button', { name: 'Transfer', exact: true }).click();
    await dialog.getByLabel('Widget queue').check();
    await dialog.getByText('an agent is free').waitFor();
    expect(await seriousAxeViolations(ann)).toEqual([]);
    if (shots) await ann.screenshot({ path: join(shots, 'console-transfer-widget.png') });
    await dialog.getByRole('button', { name: 'Transfer to the Billing queue' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await ann.locator('.chat-list button', { hasText: 'Vera Visitor' }).waitFor({ state: 'detached' });

    await cleo.locator('.chat-list button', { hasText: 'Vera Visitor' }).waitFor();
    await cleo.locator('.transcript .msg-visitor', { hasText: 'My invoice is wrong.' }).waitFor();
    await cleo.locator('.transcript', { hasText: 'Ann Agent transferred the chat to the Billing queue.' }).waitFor();
    // The visitor's stream names the queue that took the chat, which the widget says and shows as its title.
    const stream = await fetch(`${host.url}/api/v1/chats/${started.json.chatId}/events?token=${started.json.visitorToken}`);
    const reader = stream.body!.pipeThrough(new TextDecoderStream()).getReader();
    let heard = '';
    while (!/event: chat\.transferred\ndata: .*\n/.test(heard)) heard += (await reader.read()).value ?? '';
    await reader.cancel();
    expect(JSON.parse(/event: chat\.transferred\ndata: (.*)\n/.exec(heard)![1]!).data).toMatchObject({ widgetName: 'Billing' });
    // The visitor goes on in the same chat, now with Cleo.
    const sent = await json(
      `${host.url}/api/v1/chats/${started.json.chatId}/messages`,
      'POST',
      { text: 'Is anyone there?' },
      started.json.visitorToken,
    );
    expect(sent.status).toBe(201);
    await cleo.locator('.transcript .msg-visitor', { hasText: 'Is anyone there?' }).waitFor();
    // Long after Ann's stream told her of the transfer, her inbox has not grown a nameless copy of the chat back.
    expect(await ann.locator('.chat-list button').count()).toBe(0);
  });
});
