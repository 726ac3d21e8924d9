/**
 * The screens of Parley's mails in a real browser, against the real host process sending through a real SMTP
 * server in the test process: a visitor asks for the transcript in the widget and it arrives; an invited user
 * opens the mailed link, chooses a password (the rules it breaks listed) and lands in the console; "forgot
 * password" from the sign-in page mails a link that sets a new one (the old one refused afterwards). The new
 * console screens pass an axe scan and are used with the keyboard.
 *
 * Needs `npm run build` first. With PARLEY_SCREENSHOTS=<dir>, screenshots are saved there.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSmtpServer, type ReceivedMail, type TestSmtpServer } from '@parley/mail-smtp/testing';
import { launchBrowser, mustRunBrowser, seriousAxeViolations, signInConsole, warnSkipped } from './browser.js';
import { json, startHost, type HostProcess } from './process.js';

warnSkipped('the mail screens browser test');

const password = 'correct horse battery staple';
const shots = process.env.PARLEY_SCREENSHOTS;

/** A free loopback port, so the host's public URL (in the mailed links) is known before it starts. */
const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => resolve(port));
    });
  });

const customerPage = (host: string, widgetId: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Teapot &amp; Co</title></head>
<body><h1>Teapot &amp; Co</h1><p>Fine teas since 1887.</p>
<script async src="${host}/widget.js" data-widget="${widgetId}"></script></body></html>`;

describe.skipIf(!mustRunBrowser)('the mail screens in a real browser', () => {
  const dir = mkdtempSync(join(tmpdir(), 'parley-mail-browser-'));
  let smtp: TestSmtpServer;
  let host: HostProcess;
  let site: Server;
  let siteUrl = '';
  let browser: Browser;
  let owner = '';
  let agent = '';
  let widget = '';

  beforeAll(async () => {
    smtp = await startTestSmtpServer();
    const port = await freePort();
    host = await startHost(
      {
        PORT: String(port),
        PARLEY_SIGNUP: 'open',
        PARLEY_DATABASE_URL: `sqlite:${join(dir, 'mail.db')}`,
        PARLEY_GEOIP: 'off',
        PARLEY_SMTP_URL: smtp.url,
        PARLEY_MAIL_FROM: 'Parley <no-reply@teapot.example>',
        PARLEY_PUBLIC_URL: `http://127.0.0.1:${port}`,
        PARLEY_DISPATCH_INTERVAL_MS: '200',
        PARLEY_LIMIT_TRANSCRIPT_MAILS_PER_CHAT: '1/86400',
      },
      dir,
    );
    site = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      if (url.pathname !== '/') return void res.writeHead(204).end();
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(customerPage(host.url, url.searchParams.get('w') ?? ''));
    });
    await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
    siteUrl = `http://localhost:${(site.address() as AddressInfo).port}`;

    expect(
      (await json(`${host.url}/api/v1/accounts`, 'POST', { accountName: 'Teapot', email: 'olive@teapot.test', name: 'Olive', password }))
        .status,
    ).toBe(201);
    owner = (await json(`${host.url}/api/v1/auth/login`, 'POST', { email: 'olive@teapot.test', password })).json.token;
    const ann = (
      await json(`${host.url}/api/v1/users`, 'POST', { email: 'ann@teapot.test', name: 'Ann Agent', role: 'agent', password }, owner)
    ).json;
    agent = (await json(`${host.url}/api/v1/auth/login`, 'POST', { email: 'ann@teapot.test', password })).json.token;
    widget = (await json(`${host.url}/api/v1/widgets`, 'POST', { name: 'Teapot Support' }, owner)).json.id;
    expect(
      (
        await json(
          `${host.url}/api/v1/widgets/${widget}`,
          'PATCH',
          { settings: { preChat: { askName: 'required', askEmail: 'optional' }, allowedOrigins: [siteUrl] } },
          owner,
        )
      ).status,
    ).toBe(200);
    expect((await json(`${host.url}/api/v1/widgets/${widget}/agents`, 'PUT', { agentIds: [ann.id] }, owner)).status).toBe(200);
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => (site ? site.close(resolve) : resolve(undefined)));
    if (host) expect(await host.stop()).toBe(0);
    await smtp?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** The first mail to `to` with a subject like `subject`, waiting for it. */
  const mailTo = async (to: string, subject: RegExp): Promise<ReceivedMail> => {
    const deadline = Date.now() + 15_000;
    for (;;) {
      const got = smtp.received.find((m) => m.envelopeTo.includes(to) && subject.test(m.parsed.subject ?? ''));
      if (got) return got;
      if (Date.now() > deadline)
        throw new Error(`no mail to ${to} (${subject}); got ${smtp.received.map((m) => `${m.envelopeTo} ${m.parsed.subject}`).join(', ')}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const linkIn = (mail: ReceivedMail, path: string) => {
    const m = new RegExp(`${host.url.replace(/[.:/]/g, '\\$&')}${path}\\?token=[\\w-]+`).exec(mail.parsed.text ?? '');
    expect(m, `a ${path} link in:\n${mail.parsed.text}`).not.toBeNull();
    return m![0];
  };
  const watch = (page: Page, allowed: readonly RegExp[] = []) => {
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(`error: ${e.message}`));
    page.on(
      'response',
      (r) =>
        r.status() >= 400 &&
        !allowed.some((a) => a.test(`${r.status()} ${new URL(r.url()).pathname}`)) &&
        problems.push(`${r.status()} ${r.url()}`),
    );
    return problems;
  };
  const activeId = (target: Page | Frame) => target.evaluate(() => document.activeElement?.id ?? document.activeElement?.tagName);

  it('mails the visitor the transcript they ask for in the widget, to the address they choose', async () => {
    expect((await json(`${host.url}/api/v1/agents/me/status`, 'PUT', { status: 'online' }, agent)).status).toBe(200);
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US' });
    const page = await context.newPage();
    page.setDefaultTimeout(8000);
    // The server's refusals this test provokes: a malformed address (400) and a second request (429).
    const problems = watch(page, [/^400 \/api\/v1\/chats\/[^/]+\/transcript$/, /^429 \/api\/v1\/chats\/[^/]+\/transcript$/]);
    await page.goto(`${siteUrl}/?w=${widget}`);
    const w = page.frameLocator('iframe[title="Chat"]');
    await w.locator('button.launcher').click();
    await w.locator('#name').fill('Vera Visitor');
    await w.locator('#email').fill('vera@visitor.example');
    await w.locator('#message').fill('Which tea goes with cake?');
    await w.locator('button[type=submit]').click();
    await w.locator('.notice', { hasText: 'Ann Agent joined the chat.' }).waitFor();
    const chatId = (await json(`${host.url}/api/v1/chats?status=active`, 'GET', undefined, owner)).json.items[0].id as string;
    expect((await json(`${host.url}/api/v1/chats/${chatId}/messages`, 'POST', { text: 'Earl Grey, always.' }, agent)).status).toBe(201);
    await w.locator('.msg.agent', { hasText: 'Earl Grey, always.' }).waitFor();
    const frame = page.frames().find((f) => f.url().includes('/widget/frame'))!;

    // With the keyboard: the button opens the form with the address prefilled; Escape closes it, focus back on the button.
    const ask = w.getByRole('button', { name: 'Send me the transcript' });
    await ask.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => activeId(frame)).toBe('transcript-email');
    expect(await w.locator('#transcript-email').inputValue()).toBe('vera@visitor.example');
    await page.keyboard.press('Escape');
    await expect.poll(() => frame.evaluate(() => document.activeElement?.textContent)).toBe('Send me the transcript');
    expect(await w.locator('.panel').count()).toBe(1); // Escape closed the form, not the chat window
    await page.keyboard.press('Enter');
    await expect.poll(() => activeId(frame)).toBe('transcript-email');

    // Checked before it is sent, then by the server (this address passes the widget's check, not the server's).
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type('vera@');
    await page.keyboard.press('Enter');
    await w.locator('#transcript-email-error', { hasText: 'Please enter a valid email address.' }).waitFor();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type('vera@tea..example');
    await page.keyboard.press('Enter');
    await w.locator('#transcript-email-error', { hasText: 'Please enter a valid email address.' }).waitFor();
    expect(await activeId(frame)).toBe('transcript-email');
    expect(await seriousAxeViolations(frame)).toEqual([]);
    await page.emulateMedia({ colorScheme: 'dark' });
    expect(await seriousAxeViolations(frame)).toEqual([]);
    await page.emulateMedia({ colorScheme: 'light' });
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type('vera.home@visitor.example');
    if (shots) await page.screenshot({ path: join(shots, 'widget-transcript.png') });
    await page.keyboard.press('Enter');
    // Asked for while the chat goes on: the mail holds it up to now, and the widget says so.
    await w
      .getByRole('status')
      .filter({ hasText: 'We’re sending the chat so far to vera.home@visitor.example. For all of it, ask again once the chat has ended.' })
      .waitFor();
    await expect.poll(() => frame.evaluate(() => document.activeElement?.textContent)).toBe('Send me the transcript');
    if (shots) await page.screenshot({ path: join(shots, 'widget-transcript-sent.png') });

    const mail = await mailTo('vera.home@visitor.example', /transcript/i);
    expect(mail.parsed.subject).toBe('Your chat transcript (Teapot Support)');
    expect(mail.parsed.text).toContain('Which tea goes with cake?');
    expect(mail.parsed.text).toContain('Earl Grey, always.');

    // The chat's allowance is spent: a second request is refused politely, the wait counted in minutes.
    await w.locator('button.end').click();
    await w.locator('button.end-yes').click();
    await w.locator('.notice', { hasText: 'The chat has ended.' }).waitFor();
    // "…ask again once the chat has ended" is said no more, now that it has.
    await w.getByText('We’re sending the chat so far').waitFor({ state: 'detached' });
    await w.getByRole('button', { name: 'Send me the transcript' }).click();
    expect(await w.locator('#transcript-email').inputValue()).toBe('vera.home@visitor.example');
    await w.getByRole('button', { name: 'Send transcript' }).click();
    await w
      .getByRole('alert')
      .filter({ hasText: /try again in 14\d\d min/ })
      .waitFor();
    expect(await seriousAxeViolations(frame)).toEqual([]);
    expect(smtp.received.filter((m) => m.envelopeTo.includes('vera.home@visitor.example'))).toHaveLength(1);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('lets an invited user choose a password from the mailed link, listing the rules a refused one breaks, then opens the console', async () => {
    const invited = await json(`${host.url}/api/v1/users`, 'POST', { email: 'ivy@teapot.test', name: 'Ivy Invited', role: 'agent' }, owner);
    expect(invited.status).toBe(201);
    const mail = await mailTo('ivy@teapot.test', /invited/);
    // Who invited them, as what, and the address they will sign in with.
    expect(mail.parsed.text).toContain(
      'Olive added you to Teapot on Parley as an agent. You sign in with ivy@teapot.test; choose your password to begin:',
    );
    const link = linkIn(mail, '/app/invite');

    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    page.setDefaultTimeout(8000);
    const problems = watch(page, [/^401 \/api\/v1\/me$/, /^422 \/api\/v1\/auth\/invitations\/accept$/]);
    await page.goto(link);
    await page.getByRole('heading', { name: 'Welcome to Parley: choose your password' }).waitFor();
    // Whose password, in which account.
    await page.locator('#set-password-for', { hasText: 'You are joining Teapot as ivy@teapot.test.' }).waitFor();
    expect(await activeId(page)).toBe('password');
    expect(await seriousAxeViolations(page)).toEqual([]);

    // Two different passwords: said before anything is sent.
    await page.keyboard.type('tea-time-every-day');
    await page.keyboard.press('Tab');
    await page.keyboard.type('tea-time-every-night');
    await page.keyboard.press('Enter');
    await page.getByRole('alert').filter({ hasText: 'The two passwords are not the same.' }).waitFor();
    expect(await activeId(page)).toBe('repeat');

    // Too short: the server's rules, each listed.
    await page.fill('#password', 'short');
    await page.fill('#repeat', 'short');
    await page.locator('#repeat').press('Enter');
    await page.locator('#password-refusal li[data-code=too_short]').waitFor();
    expect(await page.locator('#password').getAttribute('aria-invalid')).toBe('true');
    expect(await activeId(page)).toBe('password');
    expect(await seriousAxeViolations(page)).toEqual([]);
    // On a phone, and in the dark theme, too.
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.emulateMedia({ colorScheme: 'dark' });
    expect(await seriousAxeViolations(page)).toEqual([]);
    if (shots) await page.screenshot({ path: join(shots, 'console-invite-phone-dark.png') });
    await page.emulateMedia({ colorScheme: 'light' });
    await page.setViewportSize({ width: 1280, height: 800 });

    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type('Darjeeling at four o’clock');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Darjeeling at four o’clock');
    await page.keyboard.press('Enter');
    await page.getByRole('group', { name: 'Your status' }).waitFor();
    expect(await page.locator('.topbar').innerText()).toContain('Ivy Invited');
    expect(new URL(page.url()).pathname).toBe('/app');
    expect(page.url()).not.toContain('token');
    expect((await context.cookies()).find((c) => c.name === 'parley_session')?.httpOnly).toBe(true);
    // The link worked once.
    expect(
      (
        await json(`${host.url}/api/v1/auth/invitations/accept`, 'POST', {
          token: new URL(link).searchParams.get('token'),
          password: 'another good password',
        })
      ).json.code,
    ).toBe('invalid_token');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('shows an invitation not taken yet on the users screen, and sends a new one there that replaces the earlier link', async () => {
    const added = await json(`${host.url}/api/v1/users`, 'POST', { email: 'ian@teapot.test', name: 'Ian Invited', role: 'agent' }, owner);
    expect(added.status).toBe(201);
    const first = linkIn(await mailTo('ian@teapot.test', /invited/), '/app/invite');

    const page = await signInConsole(browser, host.url, 'olive@teapot.test', password);
    const problems = watch(page);
    await page.goto(`${host.url}/app/admin/users`);
    const row = page.getByRole('row').filter({ hasText: 'Ian Invited' });
    expect(await row.locator('[data-label=Status]').innerText()).toBe('Invited');
    expect(await page.getByRole('row').filter({ hasText: 'Ann Agent' }).locator('[data-label=Status]').innerText()).toBe('Active');
    // The invitation's try: taken by the mail server (a mail has no HTTP status to show).
    const userMails = page.getByRole('region', { name: 'Mails to users' });
    await userMails.locator('.delivery-row', { hasText: 'mail.invitation' }).first().click();
    await userMails.locator('.tries .delivery-status.is-ok', { hasText: 'accepted' }).first().waitFor();
    await row.getByRole('link', { name: 'Ian Invited' }).click();
    await page.getByRole('heading', { name: 'Ian Invited' }).waitFor();
    expect(await page.locator('#user-invitation').innerText()).toMatch(
      /^Ian Invited has not signed in yet\. The invitation to choose a password works until .+; if it went astray, send a new one/,
    );
    // Keyboard: the button is reached and pressed like any other.
    const send = page.getByRole('button', { name: 'Send a new invitation' });
    await send.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: 'Invitation sent to ian@teapot.test; it works until' }).waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
    if (shots) await page.screenshot({ path: join(shots, 'admin-users-invitation.png') });

    // The second mail's link works; the first one no longer does.
    const deadline = Date.now() + 15_000;
    while (smtp.received.filter((m) => m.envelopeTo.includes('ian@teapot.test')).length < 2 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 100));
    const mails = smtp.received.filter((m) => m.envelopeTo.includes('ian@teapot.test'));
    expect(mails).toHaveLength(2);
    const second = linkIn(mails[1]!, '/app/invite');
    expect(second).not.toBe(first);
    const token = (link: string) => new URL(link).searchParams.get('token');
    const accept = (link: string) =>
      json(`${host.url}/api/v1/auth/invitations/accept`, 'POST', { token: token(link), password: 'Assam before breakfast' });
    expect((await accept(first)).json.code).toBe('invalid_token');
    // The replaced link's page says at once that it no longer works, and where a new one comes from.
    const spent = await (await browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
    await spent.goto(first);
    await spent.getByRole('alert').filter({ hasText: 'This link is no longer valid: it was used already or has expired.' }).waitFor();
    await spent.getByText('Ask the admin who invited you to send a new invitation from the users screen.').waitFor();
    expect(await spent.locator('#password').count()).toBe(0);
    expect(await seriousAxeViolations(spent)).toEqual([]);
    await spent.context().close();
    expect((await accept(second)).status).toBe(200);
    // Signed in now: the screen says so, and offers no invitation.
    await page.reload();
    await page.getByRole('heading', { name: 'Ian Invited' }).waitFor();
    expect(await page.getByRole('row').filter({ hasText: 'Ian Invited' }).locator('[data-label=Status]').innerText()).toBe('Active');
    expect(await page.locator('#user-invitation').count()).toBe(0);
    expect(
      await page
        .locator('.admin-detail')
        .getByRole('button', { name: /invitation/ })
        .count(),
    ).toBe(0);
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('mails a reset link from the sign-in page’s "forgot password" form; the link sets a new password and the old one stops working', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    page.setDefaultTimeout(8000);
    const problems = watch(page, [/^401 \/api\/v1\/me$/, /^422 \/api\/v1\/auth\/password\/reset$/]);
    await page.goto(`${host.url}/app`);
    // The form focuses its email field once shown (after the first render): wait for it, or a Tab lands elsewhere.
    await page.waitForFunction(() => document.activeElement?.id === 'email');
    // Keyboard only: from the email field past the password and the button to the link.
    for (let i = 0; i < 3; i++) await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Forgot your password?');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Reset your password' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/app/forgot');
    expect(await activeId(page)).toBe('email');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.keyboard.type('ann@teapot.test');
    await page.keyboard.press('Enter');
    const confirmation = page.getByRole('status').filter({ hasText: 'If this address belongs to a Parley user' });
    await confirmation.waitFor();
    const said = await confirmation.innerText();

    // An unknown address gets the very same answer.
    await page.goto(`${host.url}/app/forgot`);
    await page.fill('#email', 'nobody@teapot.test');
    await page.locator('#email').press('Enter');
    expect(await page.getByRole('status').innerText()).toBe(said);
    await page.getByRole('link', { name: 'Back to sign-in' }).click();
    await page.getByRole('heading', { name: 'Sign in to Parley' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/app');

    const link = linkIn(await mailTo('ann@teapot.test', /Reset your Parley password/), '/app/reset');
    await page.goto(link);
    await page.getByRole('heading', { name: 'Choose a new password' }).waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.keyboard.type('oolong');
    await page.keyboard.press('Tab');
    await page.keyboard.type('oolong');
    await page.keyboard.press('Enter');
    await page.locator('#password-refusal li[data-code=too_short]').waitFor();
    if (shots) await page.screenshot({ path: join(shots, 'console-reset.png') });
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type('Oolong under the moon');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Oolong under the moon');
    await page.keyboard.press('Enter');
    await page.getByRole('group', { name: 'Your status' }).waitFor();
    expect(await page.locator('.topbar').innerText()).toContain('Ann Agent');
    expect(page.url()).not.toContain('token');

    expect((await json(`${host.url}/api/v1/auth/login`, 'POST', { email: 'ann@teapot.test', password })).status).toBe(401);
    expect(
      (await json(`${host.url}/api/v1/auth/login`, 'POST', { email: 'ann@teapot.test', password: 'Oolong under the moon' })).status,
    ).toBe(200);
    expect(smtp.received.filter((m) => m.envelopeTo.includes('nobody@teapot.test'))).toHaveLength(0);
    expect(problems).toEqual([]);
    await context.close();
  });
});
