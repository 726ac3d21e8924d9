/**
 * The Widgets admin screen in a real browser against the real host process: an admin lists the widgets with
 * their availability and agents, creates one, edits settings in several tabs and saves them (the API answers
 * the new values and the audit log holds the change with before and after), is told when another admin
 * changed the widget meanwhile and reloads, assigns an agent, copies the install snippet, and sees the API's
 * error under the allowed-sites field. Supervisors and agents are not let in. Every screen passes axe-core
 * scans, and the edit view fits a phone's width.
 * Set PARLEY_SCREENSHOTS to a folder to keep screenshots.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, mustRunBrowser, seriousAxeViolations, warnSkipped } from './browser.js';
import { json, startHost, type HostProcess } from './process.js';

warnSkipped('the widgets admin screen browser test');

const password = 'correct horse battery staple';
const shots = process.env.PARLEY_SCREENSHOTS;

// A loaded machine makes the longer flows slow; none of them is timed.
describe.skipIf(!mustRunBrowser)('the widgets admin screen in a real browser', { timeout: 90_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'parley-admin-widgets-browser-'));
  let host: HostProcess;
  let browser: Browser;
  let admin: BrowserContext;
  let owner = '';
  let otherAdmin = '';
  let ann = '';
  let created = '';
  let support = '';

  beforeAll(async () => {
    const env = {
      PARLEY_SIGNUP: 'open',
      PARLEY_DATABASE_URL: `sqlite:${join(dir, 'widgets.db')}`,
      PARLEY_GEOIP: 'off',
      PARLEY_TRUST_PROXY: 'loopback', // a visitor's address from X-Forwarded-For, for the blocked visitors
    };
    host = await startHost(env, dir);
    expect(
      (await json(`${host.url}/api/v1/accounts`, 'POST', { accountName: 'Acme', email: 'olive@acme.test', name: 'Olive', password }))
        .status,
    ).toBe(201);
    owner = (await json(`${host.url}/api/v1/auth/login`, 'POST', { email: 'olive@acme.test', password })).json.token;
    const users = [
      { email: 'adam@acme.test', name: 'Adam Admin', role: 'admin' },
      { email: 'dana@acme.test', name: 'Dana Admin', role: 'admin' },
      { email: 'sue@acme.test', name: 'Sue Supervisor', role: 'supervisor' },
      { email: 'ann@acme.test', name: 'Ann Agent', role: 'agent' },
    ];
    for (const u of users) expect((await json(`${host.url}/api/v1/users`, 'POST', { ...u, password }, owner)).status).toBe(201);
    ann = (await json(`${host.url}/api/v1/users?role=agent`, 'GET', undefined, owner)).json.items[0].id;
    otherAdmin = (await json(`${host.url}/api/v1/auth/login`, 'POST', { email: 'dana@acme.test', password })).json.token;
    support = (await json(`${host.url}/api/v1/widgets`, 'POST', { name: 'Support' }, owner)).json.id;
    expect((await json(`${host.url}/api/v1/widgets/${support}/agents`, 'PUT', { agentIds: [ann] }, owner)).status).toBe(200);
    expect((await json(`${host.url}/api/v1/widgets`, 'POST', { name: 'Shop after hours' }, owner)).status).toBe(201);
    browser = await launchBrowser();
    admin = await browser.newContext({ viewport: { width: 1280, height: 900 }, permissions: ['clipboard-read', 'clipboard-write'] });
  });

  afterAll(async () => {
    await browser?.close();
    if (host) expect(await host.stop()).toBe(0);
    rmSync(dir, { recursive: true, force: true });
  });

  /** Opens `path` in a new page of `context`, signing in first if the context has no session yet. */
  const signIn = async (context: BrowserContext, email: string, path: string): Promise<Page> => {
    const page = await context.newPage();
    page.setDefaultTimeout(5000);
    await page.goto(`${host.url}${path}`);
    await page.locator('#email, .topbar').first().waitFor();
    if (await page.locator('#email').isVisible()) {
      await page.locator('#email').fill(email);
      await page.locator('#password').fill(password);
      await page.locator('#password').press('Enter');
      await page.locator('.topbar').waitFor();
      if (new URL(page.url()).pathname !== path) await page.goto(`${host.url}${path}`);
    }
    return page;
  };
  const widgetOf = async (id: string) => (await json(`${host.url}/api/v1/widgets/${id}`, 'GET', undefined, owner)).json;
  const expectNoSeriousViolations = async (page: Page) => expect(await seriousAxeViolations(page)).toEqual([]);

  it('lists the widgets with their availability and agents, and creates one', async () => {
    const page = await signIn(admin, 'adam@acme.test', '/app/admin/widgets');
    await page.locator('.widget-table tbody tr').nth(1).waitFor();
    // Each row's availability is asked for after the list shows ("Checking…" meanwhile).
    const rows = () =>
      page
        .locator('.widget-table tbody tr')
        .evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => (c as HTMLElement).innerText)));
    await expect.poll(rows).toEqual([
      ['Support', 'Offline — no agent online', '1'],
      ['Shop after hours', 'Offline — no agent serves it', '0'],
    ]);
    await expectNoSeriousViolations(page);
    if (shots) await page.screenshot({ path: join(shots, 'admin-widgets.png') });

    await page.getByLabel('New widget’s name').fill('Sales');
    await page.getByRole('button', { name: 'Create widget' }).click();
    await page.getByRole('heading', { name: 'Sales' }).waitFor();
    // The focus went with the list's form: it starts again at the new widget's name, not at the top of the page.
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('widget-title');
    created = new URL(page.url()).pathname.split('/').pop()!;
    // A new widget has no agent yet: the screen says what visitors see, and where to choose them.
    await expect.poll(() => page.locator('.widget-availability').innerText()).toContain('Offline — no agent serves it');
    const hint = page.locator('.widget-hint');
    expect(await hint.innerText()).toContain('Visitors see the offline form until an agent serves this widget.');
    expect(await hint.getByRole('link', { name: 'Choose its agents' }).getAttribute('href')).toBe(`/app/admin/widgets/${created}/agents`);
    expect((await widgetOf(created)).name).toBe('Sales');
    await page.close();
  });

  it('edits settings in several tabs, saves them once, and the audit log holds each change with before and after', async () => {
    const page = await signIn(admin, 'adam@acme.test', `/app/admin/widgets/${created}`);
    await page.getByLabel('Greeting').fill('Hello from Sales!');
    await page.getByRole('link', { name: 'Routing & queue' }).click();
    expect(new URL(page.url()).pathname).toBe(`/app/admin/widgets/${created}/routing`);
    await page.getByLabel('Chats per agent at once').fill('5');
    await page.getByLabel('No limit on waiting chats').uncheck();
    await page.getByLabel('Chats that may wait').fill('12');
    await page.getByLabel('Close chats that have gone quiet').check();
    expect(await page.getByLabel('Minutes without activity').inputValue()).toBe('30');
    await page.getByLabel('Minutes without activity').fill('45');
    await expectNoSeriousViolations(page);
    await page.getByRole('link', { name: 'Appearance' }).click();
    await page.locator('#w-color').fill('#fff8dc');
    await expect.poll(() => page.locator('.widget-warning').innerText()).toMatch(/^Low contrast/);
    await page.locator('#w-color').fill('#0f766e');
    expect(await page.locator('.widget-warning').count()).toBe(0);
    await page.getByLabel('Chat button’s side').selectOption('left');
    await page.getByLabel('Chat button’s text').fill('Questions?');
    // The preview is the real widget, framed from the host, showing the unsaved greeting and look; its chat
    // button shows once the panel is closed ("Chat button", or the panel's own Minimise), and "Nobody online"
    // shows the offline form.
    const preview = page.frameLocator('.widget-preview-frame');
    await preview.getByText('Hello from Sales!').waitFor();
    // The language is one the widget speaks, picked by its own name; the preview speaks it.
    const language = page.getByLabel('Language');
    for (const [name, startChat] of [
      ['Deutsch', 'Chat starten'],
      ['English', 'Start chat'],
    ]) {
      await page.getByRole('link', { name: 'General', exact: true }).click();
      expect(await language.locator('option').allInnerTexts()).toEqual(['English', 'Deutsch', 'Français', 'Español']);
      await language.selectOption({ label: name! });
      await page.getByRole('link', { name: 'Appearance' }).click();
      await preview.getByRole('button', { name: startChat }).waitFor();
    }
    await page.getByRole('radio', { name: 'Chat button' }).check();
    await expect.poll(() => preview.locator('.launcher-text').innerText()).toBe('Questions?');
    await page.getByRole('radio', { name: 'Agents online' }).check();
    await preview.getByText('Hello from Sales!').waitFor();
    await preview.getByRole('button', { name: 'Minimise chat' }).click();
    await expect.poll(() => preview.locator('.launcher-text').innerText()).toBe('Questions?');
    expect(await preview.locator('.launcher').evaluate((e) => getComputedStyle(e).backgroundColor)).toBe('rgb(15, 118, 110)');
    expect(await preview.locator('.root').getAttribute('class')).toContain('left');
    await page.getByLabel('Nobody online').check();
    await preview.locator('.launcher').click();
    await preview.locator('form textarea').first().waitFor();
    await expect.poll(() => preview.locator('.panel').innerText()).toMatch(/e-?mail/i);
    await page.getByRole('link', { name: 'Invitations' }).click();
    await page.getByRole('button', { name: 'Add an invitation rule' }).click();
    await page.getByRole('button', { name: 'Add an invitation rule' }).click();
    await page.locator('#w-rule-0-message').fill('Questions about pricing?');
    await page.locator('#w-rule-1-message').fill('Need help choosing?');
    await page.getByRole('button', { name: 'Move rule rule-2 up' }).click();
    expect(await page.locator('#w-rule-0-message').inputValue()).toBe('Need help choosing?');
    // The preview opens with a rule's invitation (unsaved) as visitors get it, until asked again.
    const previewRule = page.getByRole('button', { name: 'Preview rule rule-1' });
    await previewRule.click();
    expect(await previewRule.getAttribute('aria-pressed')).toBe('true');
    const invited = page.frameLocator('.widget-preview-frame');
    await invited.getByText('Questions about pricing?').waitFor();
    await page.locator('#w-rule-1-message').fill('Questions about our prices?');
    await invited.getByText('Questions about our prices?').waitFor();
    await expectNoSeriousViolations(page);
    // The preview stays in sight beside the rules while they scroll.
    expect(await page.locator('.widget-preview').isVisible()).toBe(true);
    if (shots) await page.screenshot({ path: join(shots, 'admin-widget-invitation.png') });
    await previewRule.click();
    await invited.getByText('Questions about our prices?').waitFor({ state: 'detached' });
    await page.locator('#w-rule-1-message').fill('Questions about pricing?');

    // Leaving with unsaved changes asks first; staying stays.
    await page.getByRole('link', { name: '← All widgets' }).click();
    const leave = page.getByRole('dialog', { name: 'Leave without saving?' });
    expect(await leave.innerText()).toContain('unsaved changes');
    await leave.getByRole('button', { name: 'Stay' }).click();
    await leave.waitFor({ state: 'detached' });
    expect(new URL(page.url()).pathname).toBe(`/app/admin/widgets/${created}/proactive`);

    // A page address that could never match (matched whole, it has neither a scheme nor a leading *) is refused
    // beside its field, saying how to write it; written so, it saves.
    await page.getByLabel('Page address matches (blank: every page)').first().fill('/pricing');
    await page.getByRole('button', { name: 'Save changes' }).click();
    const urlError = page.locator('#w-rule-0-url-error');
    await urlError.waitFor();
    expect(await urlError.innerText()).toContain('begin with https:// (or http://), or with * as in */pricing*');
    expect(await page.locator('#w-rule-0-url').getAttribute('aria-describedby')).toBe('w-rule-0-url-hint w-rule-0-url-error');
    await page.locator('#w-rule-0-url').fill('*/pricing*');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await expect.poll(() => page.locator('.widget-dirty').innerText()).toBe('Saved.');
    expect(await urlError.count()).toBe(0);
    const w = await widgetOf(created);
    expect(w.settings.greeting).toBe('Hello from Sales!');
    expect(w.settings.maxConcurrentChats).toBe(5);
    expect(w.settings.maxQueueSize).toBe(12);
    expect(w.settings.closeInactiveAfterMinutes).toBe(45);
    expect(w.settings.appearance).toEqual({ color: '#0f766e', position: 'left', launcherText: 'Questions?' });
    expect(w.settings.proactiveRules.map((r: { id: string; message: string }) => [r.id, r.message])).toEqual([
      ['rule-2', 'Need help choosing?'],
      ['rule-1', 'Questions about pricing?'],
    ]);
    expect(w.settings.proactiveRules[0].urlPattern).toBe('*/pricing*');

    const audit = (await json(`${host.url}/api/v1/audit?widgetId=${created}&type=widget`, 'GET', undefined, owner)).json.items;
    const entry = audit.find((e: { action: string }) => e.action === 'widget.updated');
    expect(entry.actor.email).toBe('adam@acme.test');
    const change = (path: string) => entry.changes.find((c: { path: string }) => c.path === path);
    expect(change('/settings/greeting')).toEqual({ path: '/settings/greeting', from: 'Hi! How can we help?', to: 'Hello from Sales!' });
    expect(change('/settings/maxConcurrentChats')).toMatchObject({ from: 3, to: 5 });
    expect(change('/settings/closeInactiveAfterMinutes')).toMatchObject({ from: null, to: 45 });

    await page.getByRole('link', { name: 'Appearance' }).click();
    await expectNoSeriousViolations(page);
    if (shots) await page.screenshot({ path: join(shots, 'admin-widget-edit.png'), fullPage: true });
    await page.close();
  });

  it('passes axe-core scans on every settings tab', async () => {
    const page = await signIn(admin, 'adam@acme.test', `/app/admin/widgets/${created}`);
    // Where each tab starts, as each one is the current (bold) one: the same every time, nothing shifts.
    const lefts = new Set<string>();
    for (const tab of ['General', 'Routing & queue', 'Business hours', 'Forms & mail', 'Sites & visitors', 'Invitations']) {
      await page.getByRole('link', { name: tab, exact: true }).click();
      await page.locator('.widget-form legend').first().waitFor();
      await expectNoSeriousViolations(page);
      lefts.add(
        JSON.stringify(
          await page.locator('.widget-tabs .tab').evaluateAll((tabs) => tabs.map((t) => Math.round(t.getBoundingClientRect().left))),
        ),
      );
    }
    expect([...lefts]).toHaveLength(1);
    // At 1,280 wide every tab is on one line: none left alone on a second.
    const tops = await page.locator('.widget-tabs .tab').evaluateAll((tabs) => tabs.map((t) => t.getBoundingClientRect().top));
    expect(tops.length).toBeGreaterThan(8);
    expect(new Set(tops).size).toBe(1);
    await page.close();
  });

  it('mails offline requests to whoever made the widget, says when nobody is mailed, and keeps the offline boxes consistent', async () => {
    const page = await signIn(admin, 'adam@acme.test', `/app/admin/widgets/${created}`);
    await page.getByRole('link', { name: 'Forms & mail', exact: true }).click();
    const emails = page.locator('#w-emails');
    expect(await emails.inputValue()).toBe('adam@acme.test');
    await page.getByText('A new widget starts with the address of whoever made it.').waitFor();
    await emails.fill('');
    await page.getByText('None now: offline requests are mailed to nobody, and only wait in History.').waitFor();
    const onWhenNobody = page.locator('#w-offline-on');
    const always = page.locator('#w-always-offline');
    await onWhenNobody.uncheck();
    await always.check();
    expect(await onWhenNobody.isChecked()).toBe(true);
    await onWhenNobody.uncheck();
    expect(await always.isChecked()).toBe(false);
    await page.close();
  });

  it('refuses a blank queue limit beside the field, drops an error once its field changes, and says "Saved." on its own tab only', async () => {
    const page = await signIn(admin, 'adam@acme.test', `/app/admin/widgets/${created}/routing`);
    const before = (await widgetOf(created)).settings.maxQueueSize;
    await page.locator('#w-queue-unbounded').uncheck();
    await page.locator('#w-max-queue').fill('');
    await page.getByRole('button', { name: 'Save changes' }).click();
    const row = page.locator('.field', { has: page.locator('#w-max-queue') });
    await row.getByText('Enter a number from 0 to 10000.').waitFor();
    expect((await widgetOf(created)).settings.maxQueueSize).toBe(before);
    // By the Save button: which tab holds what to fix (a save covers every tab).
    await page.getByRole('alert').filter({ hasText: 'Fix the fields marked in Routing & queue.' }).waitFor();
    // Seen from another tab, the same: the General tab shows no error, but knows where they are.
    await page.getByRole('link', { name: 'General', exact: true }).click();
    await page.getByRole('alert').filter({ hasText: 'Fix the fields marked in Routing & queue.' }).waitFor();
    // The tab itself is marked, for the eye and in words.
    const routingTab = page.locator('.widget-tabs .tab', { hasText: 'Routing & queue' });
    expect(await routingTab.getAttribute('data-invalid')).toBe('true');
    expect(await routingTab.innerText()).toContain('(fields to fix)');
    await routingTab.click();
    await page.locator('#w-max-queue').fill('4');
    expect(await routingTab.getAttribute('data-invalid')).toBeNull();
    expect(await row.getByText('Enter a number from 0 to 10000.').count()).toBe(0);
    await page.getByRole('button', { name: 'Save changes' }).click();
    await expect.poll(() => page.locator('.widget-dirty').innerText()).toBe('Saved.');
    expect((await widgetOf(created)).settings.maxQueueSize).toBe(4);
    await page.getByRole('link', { name: 'General', exact: true }).click();
    await page.getByLabel('Greeting').waitFor();
    expect(await page.locator('.widget-dirty').innerText()).toBe('');
    await page.close();
  });

  it('sets business hours: a zone picked from the known ones with its clock shown, and a night shift split at midnight', async () => {
    const page = await signIn(admin, 'adam@acme.test', `/app/admin/widgets/${created}/hours`);
    await page.locator('#w-hours-on').check();
    const zone = page.locator('#w-tz');
    // The browser's own zone to start with, the zones it knows offered as the admin types.
    expect(await zone.getAttribute('list')).toBe('w-tz-zones');
    expect(await page.locator('#w-tz-zones option[value="Asia/Tokyo"]').count()).toBe(1);
    await zone.fill('Asia/Tokyo');
    const tokyoNow = new Intl.DateTimeFormat(undefined, { timeZone: 'Asia/Tokyo', weekday: 'short' }).format(new Date());
    await expect.poll(() => page.locator('#w-tz-hint').innerText()).toMatch(new RegExp(`It is ${tokyoNow}.* there\\.$`));
    // A shift past midnight is refused where it is typed, saying how to write it; written so, it saves.
    await page.locator('#w-day-fri').fill('22:00-06:00');
    await page.getByText('“22:00-06:00” goes past midnight: write 22:00-24:00 here, and 00:00-06:00 on the next day.').waitFor();
    await page.locator('#w-day-fri').fill('09:00-17:00, 22:00-00:00');
    await page.locator('#w-day-sat').fill('00:00-06:00');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await expect.poll(() => page.locator('.widget-dirty').innerText()).toBe('Saved.');
    const hours = (await widgetOf(created)).settings.businessHours;
    expect(hours.timezone).toBe('Asia/Tokyo');
    expect(hours.days.fri).toEqual([
      { from: '09:00', to: '17:00' },
      { from: '22:00', to: '24:00' },
    ]);
    expect(hours.days.sat).toEqual([{ from: '00:00', to: '06:00' }]);
    await expectNoSeriousViolations(page);
    // Back to always open, as the other tests expect.
    await page.locator('#w-hours-on').uncheck();
    await page.getByRole('button', { name: 'Save changes' }).click();
    await expect.poll(() => page.locator('.widget-dirty').innerText()).toBe('Saved.');
    expect((await widgetOf(created)).settings.businessHours).toBeNull();
    await page.close();
  });

  it('tells the admin another admin changed the widget meanwhile, never overwrites it, and reloads', async () => {
    const page = await signIn(admin, 'adam@acme.test', `/app/admin/widgets/${created}`);
    await page.getByLabel('Greeting').fill('Adam’s greeting');
    const current = await widgetOf(created);
    const theirs = await json(
      `${host.url}/api/v1/widgets/${created}`,
      'PATCH',
      { settings: { greeting: 'Dana’s greeting' }, version: current.version },
      otherAdmin,
    );
    expect(theirs.status).toBe(200);
    await page.getByRole('button', { name: 'Save changes' }).click();
    const alert = page.locator('.widget-conflict');
    await expect.poll(() => alert.innerText()).toContain('This widget was changed by someone else');
    expect((await widgetOf(created)).settings.greeting).toBe('Dana’s greeting');
    await expectNoSeriousViolations(page);
    await alert.getByRole('button', { name: 'Reload' }).click();
    await expect.poll(() => page.getByLabel('Greeting').inputValue()).toBe('Dana’s greeting');
    expect(await alert.count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Save changes' }).isDisabled()).toBe(true);
    await page.close();
  });

  it('asks before unsaved changes are lost, leaving by the top bar or by Back (Stay focused), and keeps the save bar in view', async () => {
    const page = await signIn(admin, 'adam@acme.test', '/app/admin/widgets');
    await page.setViewportSize({ width: 1366, height: 850 });
    await page.locator(`.widget-table a[href="/app/admin/widgets/${created}"]`).click();
    const greeting = page.getByLabel('Greeting');
    const before = await greeting.inputValue();
    await greeting.fill('Not saved yet');
    const dialog = page.getByRole('dialog', { name: 'Leave without saving?' });
    // Another tab of the widget keeps the change: nothing to ask.
    await page.getByRole('link', { name: 'Appearance' }).click();
    await page.locator('.widget-preview').waitFor();
    expect(await dialog.count()).toBe(0);
    // Beside the preview, the save bar and its note are in view without scrolling.
    const bar = (await page.locator('.widget-save').boundingBox())!;
    expect(bar.y + bar.height).toBeLessThanOrEqual(850);
    expect(await page.locator('.widget-dirty').innerText()).toBe('Unsaved changes (in any tab)');
    if (shots) await page.screenshot({ path: join(shots, 'admin-widget-save-bar.png') });

    // The top bar's Inbox asks; Stay has the focus, so Enter keeps the form as it was.
    await page
      .locator('.topbar')
      .getByRole('button', { name: /^Inbox/ })
      .click();
    await dialog.waitFor();
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Stay');
    expect(await dialog.innerText()).toContain('You have unsaved changes to this widget.');
    await expectNoSeriousViolations(page);
    if (shots) await page.screenshot({ path: join(shots, 'admin-widget-leave-dialog.png') });
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached' });
    expect(new URL(page.url()).pathname).toBe(`/app/admin/widgets/${created}/appearance`);

    // Back to the widget's first tab leaves nothing; Back once more, to the list, asks, and Escape stays.
    await page.goBack();
    await expect.poll(() => greeting.inputValue()).toBe('Not saved yet');
    await page.goBack();
    await dialog.waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(new URL(page.url()).pathname).toBe(`/app/admin/widgets/${created}`);
    expect(await greeting.inputValue()).toBe('Not saved yet');
    // Back again, and leaving without saving goes to the list.
    await page.goBack();
    await dialog.getByRole('button', { name: 'Leave without saving' }).click();
    await page.locator('.widget-table').waitFor();
    expect(new URL(page.url()).pathname).toBe('/app/admin/widgets');
    expect((await widgetOf(created)).settings.greeting).toBe(before);

    // Changed again, the top bar's Inbox leaves once the person chooses to.
    await page.locator(`.widget-table a[href="/app/admin/widgets/${created}"]`).click();
    await greeting.fill('Not saved either');
    await page
      .locator('.topbar')
      .getByRole('button', { name: /^Inbox/ })
      .click();
    await dialog.getByRole('button', { name: 'Leave without saving' }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/app');
    expect((await widgetOf(created)).settings.greeting).toBe(before);

    // A phone's width: the save bar wraps and sits at the bottom of the screen, under nothing the focus is on.
    await page.setViewportSize({ width: 320, height: 640 });
    await page.goto(`${host.url}/app/admin/widgets/${created}/appearance`);
    await page.locator('.widget-preview').waitFor();
    await page.getByLabel('Chat button’s text').fill('Talk to us');
    const phoneBar = (await page.locator('.widget-save').boundingBox())!;
    expect(phoneBar.y + phoneBar.height).toBeLessThanOrEqual(640);
    expect(phoneBar.x + phoneBar.width).toBeLessThanOrEqual(320);
    await page.locator('#w-color').focus();
    const field = (await page.locator('#w-color').boundingBox())!;
    const barNow = (await page.locator('.widget-save').boundingBox())!;
    expect(field.y + field.height).toBeLessThanOrEqual(barNow.y);
    await page.getByRole('button', { name: 'Discard changes' }).focus();
    await expectNoSeriousViolations(page);
    if (shots) await page.screenshot({ path: join(shots, 'admin-widget-save-bar-phone.png') });
    await page.getByRole('button', { name: 'Discard changes' }).click();
    await page.close();
  });

  it('assigns an agent to the widget', async () => {
    const page = await signIn(admin, 'adam@acme.test', `/app/admin/widgets/${created}/agents`);
    await page.getByLabel(/^Ann Agent \(agent\)/).check();
    await page.getByRole('button', { name: 'Save agents' }).click();
    await expect.poll(() => page.locator('.widget-dirty').innerText()).toBe('Saved: 1 agent serves this widget.');
    expect((await widgetOf(created)).agentIds).toEqual([ann]);
    await expectNoSeriousViolations(page);
    // Ann goes online (in her console): the header says so when the page is looked at again, without a reload.
    const said = page.locator('.widget-availability');
    const before = await said.innerText();
    const annToken = (await json(`${host.url}/api/v1/auth/login`, 'POST', { email: 'ann@acme.test', password })).json.token;
    expect((await json(`${host.url}/api/v1/agents/me/status`, 'PUT', { status: 'online' }, annToken)).status).toBe(200);
    await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
    await expect.poll(() => said.innerText()).not.toBe(before);
    // Ann taken off it: the header follows the save at once.
    await page.getByLabel(/^Ann Agent \(agent\)/).uncheck();
    await page.getByRole('button', { name: 'Save agents' }).click();
    await expect.poll(() => said.innerText()).toContain('no agent serves it');
    await page.getByLabel(/^Ann Agent \(agent\)/).check();
    await page.getByRole('button', { name: 'Save agents' }).click();
    await expect.poll(() => said.innerText()).not.toContain('no agent serves it');
    expect((await json(`${host.url}/api/v1/agents/me/status`, 'PUT', { status: 'offline' }, annToken)).status).toBe(200);
    await page.close();
  });

  it('copies the install snippet to the clipboard and says so', async () => {
    const page = await signIn(admin, 'adam@acme.test', `/app/admin/widgets/${created}/install`);
    await page.getByRole('button', { name: 'Copy snippet' }).click();
    await expect.poll(() => page.locator('.widget-copied').innerText()).toContain('Copied to the clipboard');
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toBe(`<script async src="${host.url}/widget.js" data-widget="${created}"></script>`);
    expect(await page.locator('#w-snippet').inputValue()).toBe(copied);
    await expectNoSeriousViolations(page);
    await page.close();
  });

  it('shows the API’s errors under the allowed sites field, every bad line named, and changes nothing', async () => {
    const page = await signIn(admin, 'adam@acme.test', `/app/admin/widgets/${created}/origins`);
    const before = await widgetOf(created);
    await page.getByLabel('Sites that may embed the widget').fill('https://shop.example.com\nshop.example.com/cart\nhello');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await expect.poll(() => page.locator('#w-origins-error').innerText()).toContain('Not an origin such as https://shop.example.com');
    const said = await page.locator('#w-origins-error').innerText();
    expect(said).toContain('"shop.example.com/cart"');
    expect(said).toContain('"hello"');
    expect(await page.locator('#w-origins').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#w-origins').getAttribute('aria-describedby')).toContain('w-origins-error');
    expect(await widgetOf(created)).toEqual(before);
    await expectNoSeriousViolations(page);
    await page.close();
  });

  it('blocks visitors by address, wildcard or range, says which line is no address, and saves the list', async () => {
    const page = await signIn(admin, 'adam@acme.test', `/app/admin/widgets/${created}/origins`);
    const blocked = page.getByLabel('Visitors the widget takes nothing from');
    await blocked.fill('198.51.100.23\nspammers');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await expect.poll(() => page.locator('#w-blocked-error').innerText()).toContain('Not an IPv4/IPv6 address, wildcard');
    expect(await page.locator('#w-blocked').getAttribute('aria-invalid')).toBe('true');
    expect((await widgetOf(created)).settings.blockedVisitors).toEqual([]);
    await blocked.fill('198.51.100.23\n203.0.113.*\n2001:db8::/32\n');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await expect
      .poll(async () => (await widgetOf(created)).settings.blockedVisitors)
      .toEqual(['198.51.100.23', '203.0.113.*', '2001:db8::/32']);
    // The screen takes the saved widget after the server does: the error goes with it.
    await expect.poll(() => page.locator('#w-blocked').getAttribute('aria-invalid')).not.toBe('true');
    await expectNoSeriousViolations(page);
    // Visitors from those addresses are refused; the rest are not.
    const start = (ip: string) =>
      fetch(`${host.url}/api/v1/widgets/${created}/chats`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': ip },
        body: JSON.stringify({ message: 'hello', email: 'v@example.org' }),
      });
    expect((await start('203.0.113.77')).status).toBe(403);
    expect((await start('192.0.2.10')).status).toBe(201);
    await page.close();
  });

  it('tells a supervisor and an agent the screen is not theirs', async () => {
    for (const email of ['sue@acme.test', 'ann@acme.test']) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      const page = await signIn(context, email, '/app/admin/widgets');
      await page.getByRole('heading', { name: 'Not allowed' }).waitFor();
      expect(await page.locator('.widget-table').count()).toBe(0);
      await expectNoSeriousViolations(page);
      await context.close();
    }
  });

  it('fits a phone’s width: the list and the edit view scroll only vertically', async () => {
    const phone = await browser.newContext({ viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true });
    const page = await signIn(phone, 'adam@acme.test', '/app/admin/widgets');
    await page.locator('.widget-table tbody tr').first().waitFor();
    const overflow = () =>
      page.evaluate(() => {
        const pane = document.querySelector('.admin-body')!;
        return Math.max(document.documentElement.scrollWidth - document.documentElement.clientWidth, pane.scrollWidth - pane.clientWidth);
      });
    expect(await overflow()).toBe(0);
    await page.goto(`${host.url}/app/admin/widgets/${created}/appearance`);
    await page.locator('.widget-preview').waitFor();
    expect(await overflow()).toBe(0);
    const body = (await page.locator('.admin-body').boundingBox())!;
    expect(body.x + body.width).toBeLessThanOrEqual(375);
    await expectNoSeriousViolations(page);
    if (shots) await page.screenshot({ path: join(shots, 'admin-widget-phone.png') });
    // The install snippet shows whole on a phone: its box is as tall as its text.
    await page.goto(`${host.url}/app/admin/widgets/${created}/install`);
    const snippet = page.locator('#w-snippet');
    await snippet.waitFor();
    expect(await snippet.evaluate((e) => e.scrollHeight - e.clientHeight)).toBeLessThanOrEqual(1);
    await phone.close();
  });

  it('lists every widget of an account that has more than a page of them, wherever widgets are chosen', async () => {
    // The API answers 50 widgets a page unless asked for more, and 200 at most.
    const many = 205;
    const email = 'agency@many.test';
    expect((await json(`${host.url}/api/v1/accounts`, 'POST', { accountName: 'Agency', email, name: 'Ava', password })).status).toBe(201);
    const token = (await json(`${host.url}/api/v1/auth/login`, 'POST', { email, password })).json.token;
    const names = Array.from({ length: many }, (_, i) => `Client ${String(i + 1).padStart(3, '0')}`);
    for (const name of names) expect((await json(`${host.url}/api/v1/widgets`, 'POST', { name }, token)).status).toBe(201);
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await signIn(context, email, '/app/admin/widgets');
    page.setDefaultTimeout(15_000);
    const rows = page.locator('.widget-table tbody tr');
    await rows.filter({ hasText: names.at(-1)! }).waitFor();
    expect(await rows.count()).toBe(many);
    // Every row says whether visitors can chat now (no agent is online: the offline form).
    await page
      .locator('.widget-table td[data-mode]')
      .nth(many - 1)
      .waitFor();
    expect(await page.locator('.widget-table td[data-mode="offline"]').count()).toBe(many);
    // A long list is searched by name; the search stays in the address across a reload.
    await page.getByLabel('Search').fill('client 20');
    const found = ['020', '120', '200', '201', '202', '203', '204', '205'].map((n) => `Client ${n}`);
    await page.waitForFunction((n) => document.querySelectorAll('.widget-table tbody tr').length === n, found.length);
    expect(await rows.locator('th').allInnerTexts()).toEqual(found);
    await page.waitForURL(/\?q=client%2020$/);
    await page.reload();
    await rows.first().waitFor();
    expect(await rows.locator('th').allInnerTexts()).toEqual(found);
    expect(await page.getByLabel('Search').inputValue()).toBe('client 20');
    await page.getByLabel('Search').fill('paris');
    await page.getByText('No widget matches. Clear the search.').waitFor();
    await expectNoSeriousViolations(page);
    await page.goto(`${host.url}/app/admin/integrations`);
    const choice = page.locator('#integrations-widget option');
    await page.locator('#integrations-widget').waitFor();
    expect((await choice.allInnerTexts()).sort()).toEqual(names);
    await page.goto(`${host.url}/app/admin/canned`);
    const scope = page.getByLabel('For', { exact: true }).first().locator('option');
    await scope.filter({ hasText: names.at(-1)! }).waitFor({ state: 'attached' });
    expect(await scope.count()).toBe(many + 1); // and "Every widget"
    await page.goto(`${host.url}/app/admin/monitor`);
    const shared = page.locator('.share-widgets input[type="checkbox"]');
    await page.locator('.share-widgets label', { hasText: names.at(-1)! }).waitFor();
    expect(await shared.count()).toBe(many);
    await context.close();
  });
});
