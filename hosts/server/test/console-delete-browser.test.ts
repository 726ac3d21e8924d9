/**
 * Deleting a chat for good from the console, and the account's retention of ended chats, in a real browser (Debian's
 * chromium driven by playwright-core) against the real host process: the owner opens an ended chat in the history,
 * cancels the confirmation (the chat stays, the focus goes back to the button), then deletes it with the keyboard
 * alone; the list says so and shows it no more, and the API no longer has it. A failed delete says why in the dialog.
 * Agents, and chats still going on, show no Delete button. In Admin → Account the owner sets the days after which
 * ended chats are deleted, and a number out of range is refused beside the field. An owner forgets a visitor (their
 * "forget me" request) from the visitor panel with the keyboard alone: every ended chat of theirs, by e-mail address
 * (in any case) and by browser key, is deleted, the chat still open and a look-alike address's chat stay, and the
 * console says how many of each; from a chat still open the panel says it and lists the visitor's other chats again.
 * Before that, the owner downloads everything stored of the visitor (their chats by e-mail and browser, the open one
 * too, without the team's notes) as a JSON file, and a failed export says why. Agents see no such buttons. The screens pass axe-core scans, and the dialogs fit a phone.
 * Set PARLEY_SCREENSHOTS to a folder to keep screenshots.
 *
 * Without /usr/bin/chromium the suite is skipped with a loud warning, unless CI=true, where that fails.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, mustRunBrowser, refuseRequests, seriousAxeViolations, signInConsole, warnSkipped } from './browser.js';
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
  /** The browser key of Fiona, who asks to be forgotten. */
  const fionaKey = 'Rm9yZ2V0LW1lLWJyb3dzZXI';
  /**
   * Fiona's chats: ended, with her e-mail and browser key (`both`), her e-mail in another case only (`mail`, an
   * offline request), her browser key only (`browser`, under the name Fee); still going on (`open`). `other` is
   * another visitor's, at a look-alike address, and must stay.
   */
  const fiona = { both: '', mail: '', browser: '', open: '', other: '' };
  let widget = '';
  let annToken = '';

  const api = (path: string, method = 'GET', body?: unknown, token = owner) => json(`${host.url}${path}`, method, body, token);

  /** A page of a new context (its own cookies) signed in to the console as this user. */
  const signedIn = async (email: string, viewport = { width: 1280, height: 860 }): Promise<Page> => {
    const page = await signInConsole(browser, host.url, email, password, viewport);
    contexts.push(page.context());
    return page;
  };

  /** The history's row of a visitor's chat. */
  const row = (page: Page, visitor: string) => page.locator('.history-list tbody tr', { hasText: visitor });
  /** The history with this chat's transcript open. */
  const openInHistory = async (page: Page, chatId: string, says: string) => {
    await page.goto(`${host.url}/app/history/${chatId}`);
    await page.locator('.history-view .transcript', { hasText: says }).waitFor();
  };
  /**
   * Waits until a confirmation has closed and is gone from the page. A closed `<dialog>` leaves the accessibility
   * tree at once, so a role locator calls it detached, while the console learns of it from the dialog's `close`
   * event, a task later, which unmounts it and gives the focus back: a key pressed in between reaches the opener
   * while, for the console, its dialog is still open, and opens nothing.
   */
  const gone = async (page: Page, dialog: Locator) => {
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => page.locator('dialog:has(#confirm-title)').count()).toBe(0);
  };
  const focused = (page: Page) =>
    page.evaluate(() => {
      const el = document.activeElement;
      return el ? `${el.tagName.toLowerCase()}: ${(el.textContent ?? '').trim()}` : '';
    });

  /** A chat started on the Support widget as given, answered by Ann; ended by the visitor unless `open`. */
  /**
   * An open confirmation of something that cannot be undone: modal (the rest of the page inert), Cancel focused so
   * that it is not one Enter away, no serious axe violation; Cancel and Escape each close it with the focus back on
   * the button that opened it (which has the focus when this is called).
   */
  const expectSafeConfirmation = async (page: Page, dialog: Locator, opener: string, shot: string) => {
    expect(await dialog.evaluate((d) => d.matches(':modal'))).toBe(true);
    expect(await focused(page)).toBe('button: Cancel');
    expect(await seriousAxeViolations(page)).toEqual([]);
    if (shots) await page.screenshot({ path: join(shots, shot) });
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await gone(page, dialog);
    expect(await focused(page)).toBe(`button: ${opener}`);
    await page.keyboard.press('Enter');
    await dialog.waitFor();
    await page.keyboard.press('Escape');
    await gone(page, dialog);
    expect(await focused(page)).toBe(`button: ${opener}`);
  };

  /** A confirmation on a 390×844 phone: wholly on the screen with both its buttons, no sideways scrolling, no serious axe violation. */
  const expectFitsPhone = async (page: Page, dialog: Locator, action: string, shot: string) => {
    const box = (await dialog.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.y).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(390);
    expect(box.y + box.height).toBeLessThanOrEqual(844);
    for (const name of [action, 'Cancel']) expect(await dialog.getByRole('button', { name }).isVisible()).toBe(true);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(await seriousAxeViolations(page)).toEqual([]);
    if (shots) await page.screenshot({ path: join(shots, shot) });
  };

  const visitorChat = async (visitor: { name: string; email?: string; visitorKey?: string; message: string }, open = false) => {
    const started = await api(`/api/v1/widgets/${widget}/chats`, 'POST', visitor);
    expect([started.status, started.json.status]).toEqual([201, 'active']);
    const { chatId, visitorToken } = started.json as { chatId: string; visitorToken: string };
    expect((await api(`/api/v1/chats/${chatId}/messages`, 'POST', { text: 'On it.' }, annToken)).status).toBe(201);
    if (!open) expect((await api(`/api/v1/chats/${chatId}/close`, 'POST', {}, visitorToken)).status).toBe(200);
    return chatId;
  };

  beforeAll(async () => {
    host = await startHost({ PARLEY_SIGNUP: 'open', PARLEY_DATABASE_URL: `sqlite:${join(dir, 'delete.db')}`, PARLEY_GEOIP: 'off' }, dir);
    expect(
      (await json(`${host.url}/api/v1/accounts`, 'POST', { accountName: 'Acme', email: 'olive@acme.test', name: 'Olive Owner', password }))
        .status,
    ).toBe(201);
    owner = (await json(`${host.url}/api/v1/auth/login`, 'POST', { email: 'olive@acme.test', password })).json.token;
    const ann = (await api('/api/v1/users', 'POST', { email: 'ann@acme.test', name: 'Ann Agent', role: 'agent', password })).json.id;
    widget = (await api('/api/v1/widgets', 'POST', { name: 'Support' })).json.id;
    expect((await api(`/api/v1/widgets/${widget}/agents`, 'PUT', { agentIds: [ann] })).status).toBe(200);
    /** A widget nobody answers: what visitors send there is an offline request. */
    const afterHours = (await api('/api/v1/widgets', 'POST', { name: 'After hours' })).json.id;

    annToken = (await json(`${host.url}/api/v1/auth/login`, 'POST', { email: 'ann@acme.test', password })).json.token;
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

    fiona.both = await visitorChat({
      name: 'Fiona Forget',
      email: 'fiona@example.org',
      visitorKey: fionaKey,
      message: 'My parcel never came.',
    });
    const request = await api(`/api/v1/widgets/${afterHours}/chats`, 'POST', {
      name: 'Fiona Forget',
      email: 'Fiona@Example.org',
      message: 'Call me back about the refund, please.',
    });
    expect([request.status, request.json.status]).toEqual([201, 'offline']);
    fiona.mail = request.json.chatId;
    fiona.browser = await visitorChat({ name: 'Fee', visitorKey: fionaKey, message: 'Back from the same laptop.' });
    fiona.other = await visitorChat({ name: 'Fiona Other', email: 'fiona.other@example.org', message: 'Is the shop open on Sunday?' });
    fiona.open = await visitorChat(
      { name: 'Fiona Forget', email: 'fiona@example.org', visitorKey: fionaKey, message: 'Still waiting for the refund.' },
      true,
    );
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
    await expectSafeConfirmation(page, dialog, 'Delete chat', 'console-delete-chat.png');

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
    await gone(page, dialog);
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
    await gone(page, dialog);
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
    await expectFitsPhone(page, dialog, 'Delete chat', 'console-delete-chat-phone.png');
    await page.keyboard.press('Escape');
    await gone(page, dialog);
    expect((await api(`/api/v1/chats/${chat.kim}`)).status).toBe(200);
  });

  /** The Forget button of the visitor panel beside the transcript. */
  const forgetButton = (page: Page) => page.locator('#visitor-panel').getByRole('button', { name: 'Forget this visitor…' });
  const forgetDialog = (page: Page) => page.getByRole('dialog', { name: 'Forget this visitor?' });

  it('asks before forgetting a visitor, saying what goes and what stays; Cancel and Escape keep everything, with the focus back on the button', async () => {
    const page = await signedIn('olive@acme.test');
    await openInHistory(page, fiona.both, 'My parcel never came.');
    const button = forgetButton(page);
    await button.click();
    const dialog = forgetDialog(page);
    await dialog.waitFor();
    const says = await dialog.innerText();
    for (const part of [
      'Every ended chat and offline request of Fiona Forget is deleted for good',
      'messages and notes',
      'visitor’s details',
      'those with the e-mail address fiona@example.org (in any case)',
      'those started from the same browser as this chat',
      'cannot be undone',
      'still open are left until they end',
      'audit log records each deletion, without the visitor’s details',
    ])
      expect(says).toContain(part);
    await expectSafeConfirmation(page, dialog, 'Forget this visitor…', 'console-forget-visitor.png');

    // Nothing was deleted.
    for (const id of Object.values(fiona)) expect((await api(`/api/v1/chats/${id}`)).status).toBe(200);
  });

  it('says why forgetting failed, in the dialog, and deletes nothing', async () => {
    const page = await signedIn('olive@acme.test');
    await openInHistory(page, fiona.both, 'My parcel never came.');
    const refused = await refuseRequests(page, (url) => url.pathname === '/api/v1/chats/forget-visitor');
    await forgetButton(page).click();
    const dialog = forgetDialog(page);
    await dialog.getByRole('button', { name: 'Forget visitor' }).click();
    await dialog.getByRole('alert').filter({ hasText: 'The database is not reachable.' }).waitFor();
    await refused();
    await page.keyboard.press('Escape');
    await gone(page, dialog);
    expect(await focused(page)).toBe('button: Forget this visitor…');
    for (const id of Object.values(fiona)) expect((await api(`/api/v1/chats/${id}`)).status).toBe(200);
  });

  it('shows agents no Forget button, in the history or beside their own chat in the inbox', async () => {
    const page = await signedIn('ann@acme.test');
    await openInHistory(page, fiona.both, 'My parcel never came.');
    await page.locator('#visitor-panel dd', { hasText: 'fiona@example.org' }).waitFor();
    expect(await forgetButton(page).count()).toBe(0);
    await page.goto(`${host.url}/app`);
    await page.locator('.chat-list button', { hasText: 'Fiona Forget' }).click();
    await page.locator('#visitor-panel .other-chats').waitFor();
    expect(await page.getByRole('button', { name: 'Forget this visitor…' }).count()).toBe(0);
  });

  it('downloads everything stored of the visitor: their chats by e-mail and by browser, the open one too, without the team’s notes', async () => {
    expect((await api(`/api/v1/chats/${fiona.open}/notes`, 'POST', { text: 'Refund approved, do not tell yet.' }, annToken)).status).toBe(
      201,
    );
    const agent = await signedIn('ann@acme.test');
    await openInHistory(agent, fiona.both, 'My parcel never came.');
    await agent.locator('#visitor-panel dd', { hasText: 'fiona@example.org' }).waitFor();
    expect(await agent.getByRole('button', { name: 'Download this visitor’s data' }).count()).toBe(0);

    const page = await signedIn('olive@acme.test');
    await openInHistory(page, fiona.both, 'My parcel never came.');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download this visitor’s data' }).click(),
    ]);
    const file = download.suggestedFilename();
    expect(file).toMatch(/^parley-visitor-\d{4}-\d{2}-\d{2}\.json$/);
    const data = JSON.parse(readFileSync((await download.path())!, 'utf8'));
    expect(data).toMatchObject({ email: 'fiona@example.org', visitorKey: fionaKey });
    const cases = data.chats as { id: string; status: string; transcripts: { message: string }[] }[];
    expect(cases.map((c) => c.id).sort()).toEqual([fiona.both, fiona.mail, fiona.browser, fiona.open].sort());
    expect(cases.find((c) => c.id === fiona.both)!.transcripts.map((t) => t.message)).toEqual(['My parcel never came.', 'On it.']);
    expect(cases.find((c) => c.id === fiona.open)!.status).toBe('active');
    expect(JSON.stringify(data)).not.toContain('Refund approved'); // the team's note
    expect(JSON.stringify(data)).not.toContain(fiona.other); // the look-alike address
    await page.locator('#export-visitor-said[role=status]', { hasText: `Saved 4 chats of this visitor to ${file}.` }).waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
    if (shots) await page.screenshot({ path: join(shots, 'console-export-visitor.png') });
    const audit = (await api('/api/v1/audit?type=account&limit=5')).json.items as { action: string; changes: unknown[] }[];
    expect(audit[0]).toMatchObject({ action: 'visitor.exported', changes: [{ path: '/exportedChats', to: 4 }] });

    // A failure is said beside the button, and nothing is saved.
    const refused = await refuseRequests(page, (url) => url.pathname === '/api/v1/chats/export-visitor');
    let saved = false;
    page.once('download', () => (saved = true));
    await page.getByRole('button', { name: 'Download this visitor’s data' }).click();
    await page.locator('#export-visitor-said', { hasText: 'The database is not reachable.' }).waitFor();
    await refused();
    expect(saved).toBe(false);
  });

  it('forgets the visitor with the keyboard alone: their ended chats by e-mail and by browser go, the open one and a look-alike address stay', async () => {
    const page = await signedIn('olive@acme.test');
    await openInHistory(page, fiona.both, 'My parcel never came.');
    await row(page, 'Fee').waitFor();
    // Tab reaches the button from the visitor's other chats, listed above it.
    const others = page.locator('#visitor-panel .other-chats');
    await others.getByRole('heading', { name: 'Other chats (3)' }).waitFor();
    await others.getByRole('link').first().focus();
    for (let i = 0; i < 8 && (await focused(page)) !== 'button: Forget this visitor…'; i++) await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('button: Forget this visitor…');
    await page.keyboard.press('Enter');
    const dialog = forgetDialog(page);
    await dialog.waitFor();
    expect(await focused(page)).toBe('button: Cancel');
    await page.keyboard.press('Shift+Tab');
    expect(await focused(page)).toBe('button: Forget visitor');
    await page.keyboard.press('Enter');

    // The chat shown went with the others: the history list says so, with the focus, as after Delete chat.
    const said = 'Deleted 3 chats of this visitor. 1 chat is still open: end it, then forget the visitor again.';
    await page.locator('.history-notice[role=status]', { hasText: said }).waitFor();
    await gone(page, dialog);
    await expect.poll(() => new URL(page.url()).pathname).toBe('/app/history');
    await expect.poll(() => focused(page)).toBe(`p: ${said}`);
    await page.getByText('Choose a chat to read its transcript.').waitFor();
    await expect.poll(() => row(page, 'Fee').count()).toBe(0);
    await expect.poll(() => row(page, 'Fiona Forget').count()).toBe(1); // the chat still open
    expect(await row(page, 'Fiona Forget').innerText()).toContain('Active');
    await row(page, 'Fiona Other').waitFor();
    await row(page, 'Kim Keeper').waitFor();
    if (shots) await page.screenshot({ path: join(shots, 'console-visitor-forgotten.png') });

    for (const id of [fiona.both, fiona.mail, fiona.browser]) expect((await api(`/api/v1/chats/${id}`)).status).toBe(404);
    for (const id of [fiona.open, fiona.other, chat.kim, chat.ada]) expect((await api(`/api/v1/chats/${id}`)).status).toBe(200);
    const audit = (await api('/api/v1/audit?type=account&limit=100')).json.items as { action: string; targetId: string }[];
    const deleted = audit.filter((e) => e.action === 'chat.deleted');
    expect(deleted.map((e) => e.targetId)).toEqual(expect.arrayContaining([fiona.both, fiona.mail, fiona.browser]));
    expect(JSON.stringify(deleted).toLowerCase()).not.toContain('fiona');
    // Back does not lead to the deleted chat: its address was replaced.
    await page.goBack();
    expect(new URL(page.url()).pathname).not.toContain(fiona.both);
  });

  it('forgets the visitor from a chat still open: it stays, the panel says so and lists their other chats again', async () => {
    // Fiona came back meanwhile, and ended that chat too.
    const again = await visitorChat({ name: 'Fiona Forget', email: 'FIONA@example.org', message: 'One more question.' });
    const page = await signedIn('olive@acme.test');
    await openInHistory(page, fiona.open, 'Still waiting for the refund.');
    const others = page.locator('#visitor-panel .other-chats');
    await others.getByRole('heading', { name: 'Other chats (1)' }).waitFor();
    await row(page, 'Fiona Forget').filter({ hasText: 'Closed' }).waitFor();
    await forgetButton(page).click();
    await forgetDialog(page).getByRole('button', { name: 'Forget visitor' }).click();
    await gone(page, forgetDialog(page));

    const said = 'Deleted 1 chat of this visitor. 1 chat is still open: end it, then forget the visitor again.';
    await page.locator('#visitor-panel [role=status]', { hasText: said }).waitFor();
    await expect.poll(() => focused(page)).toBe('button: Forget this visitor…');
    expect(new URL(page.url()).pathname).toBe(`/app/history/${fiona.open}`);
    await page.locator('.history-view .transcript', { hasText: 'Still waiting for the refund.' }).waitFor();
    await expect.poll(() => others.count()).toBe(0);
    await expect.poll(() => row(page, 'Fiona Forget').count()).toBe(1);
    expect((await api(`/api/v1/chats/${again}`)).status).toBe(404);
    expect((await api(`/api/v1/chats/${fiona.open}`)).status).toBe(200);
    expect(await seriousAxeViolations(page)).toEqual([]);
    if (shots) await page.screenshot({ path: join(shots, 'console-visitor-forgotten-open-chat.png') });
  });

  it('fits the Forget confirmation on a phone', async () => {
    const page = await signedIn('olive@acme.test', { width: 390, height: 844 });
    await openInHistory(page, fiona.open, 'Still waiting for the refund.');
    const button = forgetButton(page);
    await button.click();
    const dialog = forgetDialog(page);
    await dialog.waitFor();
    await expectFitsPhone(page, dialog, 'Forget visitor', 'console-forget-visitor-phone.png');
    await page.keyboard.press('Escape');
    await gone(page, dialog);
    expect(await focused(page)).toBe('button: Forget this visitor…');
    expect((await api(`/api/v1/chats/${fiona.open}`)).status).toBe(200);
  });

  it('forgets a visitor from the inbox on a phone: Escape closes the dialog alone, an open chat stays, an ended one leaves the inbox', async () => {
    const olive = (await json(`${host.url}/api/v1/auth/login`, 'POST', { email: 'olive@acme.test', password })).json.user.id;
    const desk = (await api('/api/v1/widgets', 'POST', { name: 'Desk' })).json.id;
    expect((await api(`/api/v1/widgets/${desk}/agents`, 'PUT', { agentIds: [olive] })).status).toBe(200);
    const gilKey = 'R2lsLWJyb3dzZXIta2V5';
    const earlier = await visitorChat({ name: 'Gil Gone', email: 'gil@example.org', message: 'A first question.' });
    const page = await signedIn('olive@acme.test', { width: 390, height: 844 });
    expect((await api('/api/v1/agents/me/status', 'PUT', { status: 'online' })).status).toBe(200);
    const started = await api(`/api/v1/widgets/${desk}/chats`, 'POST', {
      name: 'Gil Gone',
      email: 'gil@example.org',
      visitorKey: gilKey,
      message: 'Please forget me once we are done.',
    });
    expect([started.status, started.json.status]).toEqual([201, 'active']);
    const { chatId, visitorToken } = started.json as { chatId: string; visitorToken: string };

    // A phone shows the list or the open chat: the new chat may be open already, its list hidden.
    const listed = page.locator('.chat-list button', { hasText: 'Gil Gone' });
    await listed.waitFor({ state: 'attached' });
    if (await listed.isVisible()) await listed.click();
    await page.locator('.visitor-toggle').click();
    const panel = page.locator('#visitor-panel');
    await panel.getByRole('heading', { name: 'Earlier chats (1)' }).waitFor();
    const button = forgetButton(page);
    await button.click();
    const dialog = forgetDialog(page);
    await dialog.waitFor();
    const box = (await dialog.boundingBox())!;
    expect(box.y + box.height).toBeLessThanOrEqual(844);
    expect(box.x + box.width).toBeLessThanOrEqual(390);
    if (shots) await page.screenshot({ path: join(shots, 'console-forget-visitor-inbox-phone.png') });
    // Escape closes the dialog, not the visitor's sheet under it.
    await page.keyboard.press('Escape');
    await gone(page, dialog);
    expect(await panel.isVisible()).toBe(true);
    expect(await focused(page)).toBe('button: Forget this visitor…');

    // The chat is still open: it stays, and the sheet says what was done.
    await page.keyboard.press('Enter');
    await dialog.waitFor();
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Enter');
    await panel
      .locator('[role=status]', { hasText: 'Deleted 1 chat of this visitor. 1 chat is still open: end it, then forget the visitor again.' })
      .waitFor();
    await expect.poll(() => panel.locator('.other-chats').count()).toBe(0);
    await expect.poll(() => focused(page)).toBe('button: Forget this visitor…');
    expect(await seriousAxeViolations(page)).toEqual([]);
    if (shots) await page.screenshot({ path: join(shots, 'console-visitor-forgotten-inbox-phone.png') });
    expect((await api(`/api/v1/chats/${earlier}`)).status).toBe(404);
    expect((await api(`/api/v1/chats/${chatId}`)).status).toBe(200);

    // Once the visitor ended it, forgetting them again takes it too: it leaves the inbox, which says so.
    expect((await api(`/api/v1/chats/${chatId}/close`, 'POST', {}, visitorToken)).status).toBe(200);
    await page.getByText('This chat has ended (closed).').waitFor();
    if (!(await panel.isVisible())) await page.locator('.visitor-toggle').click();
    await button.click();
    await dialog.getByRole('button', { name: 'Forget visitor' }).click();
    const said = page.locator('.shell-notices [role=status]', { hasText: 'Deleted 1 chat of this visitor.' });
    await said.waitFor();
    await expect.poll(() => focused(page)).toBe('p: Deleted 1 chat of this visitor.');
    await expect.poll(() => page.locator('.chat-list button', { hasText: 'Gil Gone' }).count()).toBe(0);
    expect((await api(`/api/v1/chats/${chatId}`)).status).toBe(404);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    if (shots) await page.screenshot({ path: join(shots, 'console-visitor-forgotten-inbox-ended.png') });
  });
});
