/**
 * Deleting a chat for good from the console, and the account's retention of ended chats, in a real browser (Debian's
 * chromium driven by playwright-core) against the real host process: the owner opens an ended chat in the history,
 * cancels the confirmation (the chat stays, the focus goes back to the button), then deletes it with the keyboard
 * alone; the list says so and shows it no more, and the API no longer has it. A failed delete says why in the dialog.
 * Agents, and chats still going on, show no Delete button. In Admin → Account the owner sets the days after which
 * ended chats are deleted, and a number out of range is refused beside the field. The screens pass axe-core scans,
 * and the dialog fits a phone.
 * Set PARLEY_SCREENSHOTS to a folder to keep screenshots.
 *
 * Without /usr/bin/chromium the suite is skipped with a loud warning, unless CI=true, where that fails.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, mustRunBrowser, refuseRequests, seriousAxeViolations, warnSkipped } from './browser.js';
import { json, readUntil, startHost, type HostProcess } from './process.js';

warnSkipped('the console’s deleting of chats and retention setting browser test');

const password = 'correct horse battery staple';
const shots = process.env.PARLEY_SCREENSHOTS;

describe.skipIf(!mustRunBrowser)('deleting chats and keeping them for a time, in the console in a real browser', () => {
  const dir = mkdtempSync(join(tmpdir(), 'parley-console-delete-browser-'));
  let host: HostProcess;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let owner = '';
  /** Ann's agent stream: she is online while it is open, so that the visitors' chats go to her. */
  let annStream: ReadableStreamDefaultReader<Uint8Array> | undefined;
  /** Ended chats: Vera's is deleted, Kim's is kept; Ada's is still going on. */
  const chat = { vera: '', kim: '', ada: '' };

  const api = (path: string, method = 'GET', body?: unknown, token = owner) => json(`${host.url}${path}`, method, body, token);

  /** A page of a new context (its own cookies) signed in to the console as this user. */
  const signedIn = async (email: string, viewport = { width: 1280, height: 860 }): Promise<Page> => {
    const context = await browser.newContext({ viewport });
    contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(8000);
    await page.goto(`${host.url}/app`);
    await page.fill('#email', email);
    await page.fill('#password', password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('.conn[data-state=live]').waitFor();
    return page;
  };

  /** The history's row of a visitor's chat. */
  const row = (page: Page, visitor: string) => page.locator('.history-list tbody tr', { hasText: visitor });
  /** The history with this chat's transcript open. */
  const openInHistory = async (page: Page, chatId: string, says: string) => {
    await page.goto(`${host.url}/app/history/${chatId}`);
    await page.locator('.history-view .transcript', { hasText: says }).waitFor();
  };
  const focused = (page: Page) =>
    page.evaluate(() => {
      const el = document.activeElement;
      return el ? `${el.tagName.toLowerCase()}: ${(el.textContent ?? '').trim()}` : '';
    });

  beforeAll(async () => {
    host = await startHost({ PARLEY_SIGNUP: 'open', PARLEY_DATABASE_URL: `sqlite:${join(dir, 'delete.db')}`, PARLEY_GEOIP: 'off' }, dir);
    expect(
      (await json(`${host.url}/api/v1/accounts`, 'POST', { accountName: 'Acme', email: 'olive@acme.test', name: 'Olive Owner', password }))
        .status,
    ).toBe(201);
    owner = (await json(`${host.url}/api/v1/auth/login`, 'POST', { email: 'olive@acme.test', password })).json.token;
    const ann = (await api('/api/v1/users', 'POST', { email: 'ann@acme.test', name: 'Ann Agent', role: 'agent', password })).json.id;
    const widget = (await api('/api/v1/widgets', 'POST', { name: 'Support' })).json.id;
    expect((await api(`/api/v1/widgets/${widget}/agents`, 'PUT', { agentIds: [ann] })).status).toBe(200);

    const annToken = (await json(`${host.url}/api/v1/auth/login`, 'POST', { email: 'ann@acme.test', password })).json.token;
    annStream = (await fetch(`${host.url}/api/v1/agents/me/events?token=${annToken}`)).body!.getReader();
    await readUntil(annStream, (t) => t.includes(': connected'));
    expect((await api('/api/v1/agents/me/status', 'PUT', { status: 'online' }, annToken)).status).toBe(200);
    /** A visitor's chat, answered by Ann, with a note of the team; ended by the visitor unless `open`. */
    const chatOf = async (name: string, message: string, open = false) => {
      const started = await api(`/api/v1/widgets/${widget}/chats`, 'POST', {
        name,
        email: `${name.split(' ')[0]!.toLowerCase()}@example.org`,
        message,
      });
      expect([started.status, started.json.status]).toEqual([201, 'active']);
      const { chatId, visitorToken } = started.json as { chatId: string; visitorToken: string };
      expect((await api(`/api/v1/chats/${chatId}/messages`, 'POST', { text: 'Let me look.' }, annToken)).status).toBe(201);
      expect((await api(`/api/v1/chats/${chatId}/notes`, 'POST', { text: `Called ${name} back.` }, annToken)).status).toBe(201);
      if (!open) expect((await api(`/api/v1/chats/${chatId}/close`, 'POST', {}, visitorToken)).status).toBe(200);
      return chatId;
    };
    chat.vera = await chatOf('Vera Visitor', 'Please erase everything you hold about me.');
    chat.kim = await chatOf('Kim Keeper', 'Where is order 42?');
    chat.ada = await chatOf('Ada Active', 'Still here, any news?', true);
    browser = await launchBrowser();
  });

  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await annStream?.cancel();
    if (host) expect(await host.stop()).toBe(0);
    rmSync(dir, { recursive: true, force: true });
  });

  it('asks before deleting an ended chat, and Cancel and Escape keep it, with the focus back on the button', async () => {
    const page = await signedIn('olive@acme.test');
    await openInHistory(page, chat.vera, 'Please erase everything');
    await row(page, 'Kim Keeper').waitFor();
    const button = page.locator('.history-view').getByRole('button', { name: 'Delete chat' });

    await button.click();
    const dialog = page.getByRole('dialog', { name: 'Delete this chat for good?' });
    await dialog.waitFor();
    const says = await dialog.innerText();
    for (const part of ['messages and notes', 'visitor’s details', 'search entries', 'cannot be undone', 'audit log keeps a record'])
      expect(says).toContain(part);
    expect(says).toContain('Vera Visitor');
    // Modal (the rest of the page is inert), and what cannot be undone is not one Enter away: Cancel has the focus.
    expect(await dialog.evaluate((d) => d.matches(':modal'))).toBe(true);
    expect(await focused(page)).toBe('button: Cancel');
    expect(await seriousAxeViolations(page)).toEqual([]);
    if (shots) await page.screenshot({ path: join(shots, 'console-delete-chat.png') });
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(await focused(page)).toBe('button: Delete chat');

    await page.keyboard.press('Enter');
    await dialog.waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await focused(page)).toBe('button: Delete chat');

    // Nothing was deleted.
    expect((await api(`/api/v1/chats/${chat.vera}`)).status).toBe(200);
    await row(page, 'Vera Visitor').waitFor();
    await page.locator('.history-view .msg-note', { hasText: 'Called Vera Visitor back.' }).waitFor();
  });

  it('says why a delete failed, in the dialog, and deletes nothing', async () => {
    const page = await signedIn('olive@acme.test');
    await openInHistory(page, chat.kim, 'Where is order 42?');
    const refused = await refuseRequests(page, (url) => url.pathname === `/api/v1/chats/${chat.kim}`);
    await page.locator('.history-view').getByRole('button', { name: 'Delete chat' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete this chat for good?' });
    await dialog.getByRole('button', { name: 'Delete chat' }).click();
    await dialog.getByRole('alert').filter({ hasText: 'The database is not reachable.' }).waitFor();
    await refused();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect((await api(`/api/v1/chats/${chat.kim}`)).status).toBe(200);
    // A chat still going on has no Delete button, and the API refuses to delete it.
    await openInHistory(page, chat.ada, 'Still here, any news?');
    await page.locator('.history-view').getByRole('button', { name: 'Copy transcript' }).waitFor();
    expect(await page.locator('.history-view').getByRole('button', { name: 'Delete chat' }).count()).toBe(0);
    const open = await api(`/api/v1/chats/${chat.ada}`, 'DELETE');
    expect([open.status, open.json.code]).toEqual([409, 'chat_open']);
  });

  it('deletes the chat with the keyboard alone: the list says so and shows it no more, and the API has it no more', async () => {
    const page = await signedIn('olive@acme.test');
    await openInHistory(page, chat.vera, 'Please erase everything');
    await row(page, 'Vera Visitor').waitFor();
    // Tab reaches the button from the tool beside it.
    await page.locator('.history-view').getByRole('button', { name: 'Copy transcript' }).focus();
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('button: Delete chat');
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Delete this chat for good?' });
    await dialog.waitFor();
    expect(await focused(page)).toBe('button: Cancel');
    await page.keyboard.press('Shift+Tab');
    expect(await focused(page)).toBe('button: Delete chat');
    await page.keyboard.press('Enter');

    const status = page.getByRole('status').filter({ hasText: 'Chat deleted.' });
    await status.waitFor();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => new URL(page.url()).pathname).toBe('/app/history');
    await expect.poll(() => row(page, 'Vera Visitor').count()).toBe(0);
    await row(page, 'Kim Keeper').waitFor();
    // The focus is not lost with the dialog: it is on the message, at the top of the list.
    expect(await focused(page)).toBe('p: Chat deleted.');
    await page.getByText('Choose a chat to read its transcript.').waitFor();
    if (shots) await page.screenshot({ path: join(shots, 'console-chat-deleted.png') });

    expect((await api(`/api/v1/chats/${chat.vera}`)).status).toBe(404);
    const found = (await api('/api/v1/chats?q=erase')).json.items as unknown[];
    expect(found).toEqual([]);
    const audit = (await api('/api/v1/audit?limit=100')).json.items as { action: string; targetType: string; targetId: string }[];
    expect(audit.find((e) => e.action === 'chat.deleted')).toMatchObject({ targetType: 'chat', targetId: chat.vera });
    // A reload of the list, and a search, still know nothing of it.
    await page.reload();
    await row(page, 'Kim Keeper').waitFor();
    expect(await row(page, 'Vera Visitor').count()).toBe(0);
    expect(await page.getByRole('status').filter({ hasText: 'Chat deleted.' }).count()).toBe(0);
    // The audit log's screen shows the entry by the chat's id alone: nothing of the visitor, nothing to revert.
    await page.goto(`${host.url}/app/admin/audit?type=account`);
    const entry = page.locator('.audit-entry', { hasText: 'chat.deleted' });
    await entry.locator('.audit-target', { hasText: `chat ${chat.vera.slice(0, 8)}…` }).waitFor();
    expect(await entry.innerText()).not.toContain('Vera');
    expect(await entry.getByRole('button', { name: /Revert/ }).count()).toBe(0);
  });

  it('shows an agent no Delete button on an ended chat', async () => {
    const page = await signedIn('ann@acme.test');
    await openInHistory(page, chat.kim, 'Where is order 42?');
    await page.locator('.history-view').getByRole('button', { name: 'Copy transcript' }).waitFor();
    expect(await page.getByRole('button', { name: 'Delete chat' }).count()).toBe(0);
    expect(await seriousAxeViolations(page)).toEqual([]);
  });

  it('sets the days after which ended chats are deleted, and refuses a number out of range beside the field', async () => {
    const page = await signedIn('olive@acme.test');
    await page.goto(`${host.url}/app/admin/account`);
    const days = page.getByLabel('Delete ended chats after (days)');
    await days.waitFor();
    expect(await days.inputValue()).toBe(''); // kept forever, unless set
    await page.getByText('Leave empty to keep every chat.').waitFor();
    await days.fill('400');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    await expect.poll(async () => (await api('/api/v1/account')).json.settings.chatRetentionDays).toBe(400);
    await page.reload();
    await expect.poll(() => page.getByLabel('Delete ended chats after (days)').inputValue()).toBe('400');

    await days.fill('5');
    await page.getByRole('button', { name: 'Save' }).click();
    const error = page.locator('#account-chat-retention-error');
    await error.filter({ hasText: 'from 30 to 3650' }).waitFor();
    expect(await days.getAttribute('aria-invalid')).toBe('true');
    expect(await days.getAttribute('aria-describedby')).toContain('account-chat-retention-error');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('account-chat-retention');
    expect(await page.getByRole('status').filter({ hasText: 'Saved.' }).count()).toBe(0);
    expect((await api('/api/v1/account')).json.settings.chatRetentionDays).toBe(400);
    expect(await seriousAxeViolations(page)).toEqual([]);
    if (shots) await page.screenshot({ path: join(shots, 'admin-account-chat-retention.png'), fullPage: true });

    // What the server refuses shows beside the same field (the browser's check is passed over here).
    const refused = await api('/api/v1/account', 'PATCH', { settings: { chatRetentionDays: 5 } });
    expect(refused.status).toBe(400);
    expect((refused.json.errors as { path: string }[]).map((e) => e.path)).toContain('/settings/chatRetentionDays');

    // Emptied, chats are kept forever again; the change is in the audit log.
    await days.fill('');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    expect(await error.count()).toBe(0);
    await expect.poll(async () => (await api('/api/v1/account')).json.settings.chatRetentionDays).toBeNull();
    const audit = (await api('/api/v1/audit?type=account&limit=100')).json.items as { action: string; changes: { path: string }[] }[];
    expect(audit.some((e) => e.changes.some((c) => c.path === '/settings/chatRetentionDays'))).toBe(true);
  });

  it('fits the confirmation on a phone', async () => {
    const page = await signedIn('olive@acme.test', { width: 390, height: 844 });
    await openInHistory(page, chat.kim, 'Where is order 42?');
    await page.locator('.history-view').getByRole('button', { name: 'Delete chat' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete this chat for good?' });
    await dialog.waitFor();
    const box = (await dialog.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.y).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(390);
    expect(box.y + box.height).toBeLessThanOrEqual(844);
    for (const name of ['Delete chat', 'Cancel']) expect(await dialog.getByRole('button', { name }).isVisible()).toBe(true);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(await seriousAxeViolations(page)).toEqual([]);
    if (shots) await page.screenshot({ path: join(shots, 'console-delete-chat-phone.png') });
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect((await api(`/api/v1/chats/${chat.kim}`)).status).toBe(200);
  });
});
