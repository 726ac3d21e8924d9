/**
 * The integrations admin screen in a real browser against the real host process and a real receiver on
 * loopback: an admin sets up the Open API webhook (the signing secret shown once), sends a test event that
 * the receiver first refuses and then takes (both tries in the delivery log, with the answer's text), and
 * maps Salesforce Lead fields, seeing the API's per-field error for a bad one. An agent is not let in.
 * The page passes axe-core scans and fits a phone's width. Set PARLEY_SCREENSHOTS to keep screenshots.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, mustRunBrowser, refuseRequests, seriousAxeViolations, warnSkipped } from './browser.js';
import { json, startHost, type HostProcess } from './process.js';

warnSkipped('the integrations admin browser test');

const password = 'correct horse battery staple';
const shots = process.env.PARLEY_SCREENSHOTS;

describe.skipIf(!mustRunBrowser)('the integrations admin screen in a real browser', () => {
  const dir = mkdtempSync(join(tmpdir(), 'parley-integrations-browser-'));
  let host: HostProcess;
  let browser: Browser;
  let page: Page;
  let widget = '';
  /** The receiver refuses the first POST (503 with a reason), then answers 200. */
  let receiver: Server;
  let receiverUrl = '';
  const received: { headers: Record<string, unknown>; body: string }[] = [];
  /** A Salesforce org on loopback: grants a token for the right consumer secret and describes the Lead. */
  let salesforce: Server;
  let salesforceUrl = '';

  const signIn = async (p: Page, email: string) => {
    await p.goto(`${host.url}/app`);
    await p.locator('#email').fill(email);
    await p.locator('#password').fill(password);
    await p.keyboard.press('Enter');
    await p.locator('.topbar').waitFor();
  };

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        received.push({ headers: req.headers, body });
        if (received.length === 1) res.writeHead(503, { 'content-type': 'text/plain', 'retry-after': '3600' }).end('receiver warming up');
        else res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/parley-hook`;
    salesforce = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        const answer = (status: number, value: unknown) =>
          res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
        if (req.method === 'POST' && req.url === '/services/oauth2/token') {
          const form = new URLSearchParams(body);
          if (form.get('client_secret') !== 'right-secret')
            return answer(400, { error: 'invalid_client', error_description: 'invalid client credentials' });
          return answer(200, { access_token: 'token-1', token_type: 'Bearer' });
        }
        if (
          req.method === 'GET' &&
          req.url === '/services/data/v62.0/sobjects/Lead/describe' &&
          req.headers.authorization === 'Bearer token-1'
        ) {
          const f = (name: string, createable = true) => ({ name, createable });
          return answer(200, {
            name: 'Lead',
            fields: [f('Id', false), f('LastName'), f('Company'), f('Description'), f('Chat_Transcript__c')],
          });
        }
        answer(404, [{ errorCode: 'NOT_FOUND' }]);
      });
    });
    await new Promise<void>((r) => salesforce.listen(0, '127.0.0.1', r));
    salesforceUrl = `http://127.0.0.1:${(salesforce.address() as AddressInfo).port}`;

    host = await startHost(
      {
        PARLEY_SIGNUP: 'open',
        PARLEY_DATABASE_URL: `sqlite:${join(dir, 'integrations.db')}`,
        PARLEY_GEOIP: 'off',
        PARLEY_WEBHOOK_ALLOW_HTTP_LOOPBACK: 'true',
        PARLEY_WEBHOOK_TIMEOUT_MS: '3000',
        PARLEY_DISPATCH_INTERVAL_MS: '200',
      },
      dir,
    );
    expect(
      (await json(`${host.url}/api/v1/accounts`, 'POST', { accountName: 'Acme', email: 'olive@acme.test', name: 'Olive', password }))
        .status,
    ).toBe(201);
    const owner = (await json(`${host.url}/api/v1/auth/login`, 'POST', { email: 'olive@acme.test', password })).json.token;
    expect(
      (await json(`${host.url}/api/v1/users`, 'POST', { email: 'adam@acme.test', name: 'Adam Admin', role: 'admin', password }, owner))
        .status,
    ).toBe(201);
    expect(
      (await json(`${host.url}/api/v1/users`, 'POST', { email: 'ann@acme.test', name: 'Ann Agent', role: 'agent', password }, owner))
        .status,
    ).toBe(201);
    widget = (await json(`${host.url}/api/v1/widgets`, 'POST', { name: 'Support' }, owner)).json.id;
    expect((await json(`${host.url}/api/v1/widgets`, 'POST', { name: 'Sales' }, owner)).status).toBe(201);
    browser = await launchBrowser();
    page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    page.setDefaultTimeout(8000);
    await signIn(page, 'adam@acme.test');
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise((r) => receiver?.close(r));
    await new Promise((r) => salesforce?.close(r));
    if (host) expect(await host.stop()).toBe(0);
    rmSync(dir, { recursive: true, force: true });
  });

  it('sets up the webhook: the URL error comes from the API, then the signing secret is shown once', async () => {
    await page.goto(`${host.url}/app/admin/integrations`);
    await page.getByRole('heading', { name: 'Open API webhook' }).waitFor();
    expect(await page.locator('#integrations-widget option').allInnerTexts()).toEqual(['Support', 'Sales']);

    await page.locator('#oa-url').fill('https://10.0.0.7/hook');
    await page.getByRole('button', { name: 'Set up the webhook' }).click();
    await page.locator('#oa-url-error').waitFor();
    expect(await page.locator('#oa-url').getAttribute('aria-invalid')).toBe('true');

    await page.locator('#oa-url').fill(receiverUrl);
    await page.getByLabel('Labels changed').check();
    await page.getByRole('button', { name: 'Set up the webhook' }).click();
    const secret = (await page.locator('#secret-value').inputValue()).trim();
    expect(secret).toMatch(/^whsec_/);
    await page.getByRole('button', { name: 'Done' }).click();
    expect(await page.locator('#secret-value').count()).toBe(0);
    await page.reload();
    await page.getByRole('button', { name: 'Send test event' }).waitFor();
    expect(await page.content()).not.toContain(secret);
    expect(await page.getByLabel('Labels changed').isChecked()).toBe(true);
    expect(page.url()).toContain(`/app/admin/integrations`);

    // Rotation asks first, and shows the new secret once.
    await page.getByRole('button', { name: 'Rotate signing secret' }).click();
    await page.getByRole('dialog', { name: 'Make a new signing secret?' }).getByRole('button', { name: 'Rotate the secret' }).click();
    const rotated = (await page.locator('#secret-value').inputValue()).trim();
    expect(rotated).toMatch(/^whsec_/);
    expect(rotated).not.toBe(secret);
    await page.getByRole('button', { name: 'Done' }).click();
  });

  it('shows a failing then succeeding delivery of a test event, with each try and the receiver’s answer', async () => {
    await page.getByRole('button', { name: 'Send test event' }).click();
    await page.getByText('Test event queued').waitFor();
    const row = page.locator('.delivery-row').first();
    await row.locator('.delivery-last', { hasText: 'last answer 503' }).waitFor();
    // Not to be taken for a real offline request.
    await row.locator('.delivery-test', { hasText: 'Test event' }).waitFor();
    expect(received).toHaveLength(1);
    expect(received[0]!.headers['webhook-signature']).toBeTruthy();
    expect(JSON.parse(received[0]!.body)).toMatchObject({ event: 'offline_request.created', widget_id: widget });

    await row.click();
    const detail = page.locator('.delivery-detail');
    await detail.locator('.tries td', { hasText: 'receiver warming up' }).waitFor();
    // A refused redelivery is said beside its button; the tries stay in view.
    const letThrough = await refuseRequests(page, (url) => /^\/api\/v1\/deliveries\/[^/]+\/redeliver$/.test(url.pathname));
    await detail.getByRole('button', { name: 'Send now' }).click();
    await detail.getByRole('alert').waitFor();
    expect(await detail.locator('.tries td', { hasText: 'receiver warming up' }).count()).toBe(1);
    await letThrough();
    await detail.getByRole('button', { name: 'Send now' }).click();
    await detail.getByRole('alert').waitFor({ state: 'detached' });
    await page.locator('.delivery-row .delivery-status', { hasText: 'Delivered' }).waitFor();
    await detail.locator('.tries tbody tr').nth(1).waitFor();
    expect(await detail.locator('.tries tbody tr').count()).toBe(2);
    expect(await detail.locator('.tries').innerText()).toContain('200');
    expect(received).toHaveLength(2);
    expect(received[1]!.headers['webhook-id']).toBe(received[0]!.headers['webhook-id']);
    if (shots) {
      // The admin body scrolls inside the window: a tall window shows the whole screen.
      await page.setViewportSize({ width: 1280, height: 2000 });
      await page.locator('.admin-body').evaluate((e) => e.scrollTo(0, 0));
      await page.screenshot({ path: join(shots, 'admin-integrations.png') });
      await page.setViewportSize({ width: 1280, height: 900 });
    }

    const audit = await page.evaluate(async () => (await fetch('/api/v1/audit?type=integration')).json());
    expect(audit.items.map((e: { action: string }) => e.action)).toEqual(
      expect.arrayContaining(['integration.open_api_created', 'delivery.test_sent', 'delivery.redelivered']),
    );
  });

  it('maps Salesforce Lead fields from the server’s list, showing the field error the API gives for a bad Lead field', async () => {
    // What every Lead gets without a mapping, so that an empty mapping is not mistaken for a broken one.
    expect(await page.locator('#map-hint').innerText()).toContain('“[not provided]” when unknown');
    // Everything wrong with a first try is said at once, each beside its field, the summary pointing there.
    await page.locator('#sf-url').fill('http://acme.my.salesforce.com');
    await page.getByRole('button', { name: 'Add a field' }).click();
    await page.locator('#map-lead-1').fill('Company name!');
    await page.getByRole('button', { name: 'Connect Salesforce' }).click();
    for (const id of ['#sf-url-error', '#sf-client-error', '#sf-secret-error', '#map-lead-1-error']) await page.locator(id).waitFor();
    await page.getByRole('alert').filter({ hasText: 'Fix the fields marked above.' }).waitFor();
    await page.getByRole('button', { name: 'Remove the mapping of Company name!' }).click();
    await page.locator('#sf-url').fill('https://acme.my.salesforce.com');
    await page.locator('#sf-client').fill('3MVG9-consumer-key');
    await page.locator('#sf-secret').fill('consumer-secret-1');
    await page.getByRole('button', { name: 'Add a field' }).click();
    await page.locator('#map-lead-1').fill('Company name');
    await page.locator('#map-kind-1').selectOption('value');
    await page.locator('#map-source-1').fill('Website visitor');
    await page.getByRole('button', { name: 'Connect Salesforce' }).click();
    await page.locator('#map-lead-1-error').waitFor();

    await page.locator('#map-lead-1').fill('Company');
    await page.getByRole('button', { name: 'Add a field' }).click();
    await page.locator('#map-lead-2').fill('Description');
    await page.locator('#map-source-2').selectOption('transcript_text');
    await page.getByRole('button', { name: 'Connect Salesforce' }).click();
    await page.locator('.saved', { hasText: 'Saved.' }).last().waitFor();
    const saved = await page.evaluate(async (id) => (await fetch(`/api/v1/widgets/${id}/integrations/salesforce`)).json(), widget);
    expect(saved).toMatchObject({
      configured: true,
      clientSecretSet: true,
      fieldMapping: [
        { leadField: 'LastName', source: { field: 'requester_last_name' } },
        { leadField: 'Company', source: { value: 'Website visitor' } },
        { leadField: 'Description', source: { field: 'transcript_text' } },
      ],
    });
    expect(JSON.stringify(saved)).not.toContain('consumer-secret-1');
    expect(await page.locator('#sf-secret').getAttribute('placeholder')).toContain('Set');
  });

  it('tests the Salesforce connection: a refused secret says why, a working one lists the org’s Lead fields for the mapping', async () => {
    await page.locator('#sf-url').fill(salesforceUrl);
    await page.locator('#sf-secret').fill('wrong-secret');
    await page.getByRole('button', { name: 'Save' }).last().click();
    await page.getByRole('button', { name: 'Test connection' }).click();
    await page.locator('.error[role=status]', { hasText: 'does not work' }).waitFor();
    expect(await page.locator('.error[role=status]').innerText()).toContain('token request failed');

    await page.locator('#sf-secret').fill('right-secret');
    await page.getByRole('button', { name: 'Save' }).last().click();
    await page.locator('.saved', { hasText: 'Saved.' }).last().waitFor();
    // The check's verdict was about the settings before: it goes with the save, as "Saved." goes with the next check.
    expect(await page.locator('.error[role=status]', { hasText: 'does not work' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Test connection' }).click();
    await page.locator('.saved[role=status]', { hasText: 'Connected' }).waitFor();
    expect(await page.locator('.saved[role=status]', { hasText: 'Connected' }).innerText()).toContain('4 Lead fields');
    expect(await page.locator('#lead-fields option').evaluateAll((o) => o.map((e) => (e as HTMLOptionElement).value))).toEqual([
      'Chat_Transcript__c',
      'Company',
      'Description',
      'LastName',
    ]);
  });

  it('passes an axe-core scan in the light and the dark theme, fits a phone’s width, and keeps the page to the screen’s height', async () => {
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.setViewportSize({ width: 375, height: 740 });
    await page.getByRole('heading', { name: 'Salesforce' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.setViewportSize({ width: 1280, height: 900 });
    // The page never scrolls itself, only its panes: nothing (a hidden table caption, say) reaches below the screen.
    expect(await page.evaluate(() => document.documentElement.scrollHeight)).toBeLessThanOrEqual(900);
    await page.emulateMedia({ colorScheme: 'dark' });
    try {
      expect(await seriousAxeViolations(page)).toEqual([]);
      if (shots) await page.screenshot({ path: join(shots, 'admin-integrations-dark.png'), fullPage: true });
    } finally {
      await page.emulateMedia({ colorScheme: 'light' });
    }
  });

  it('removes the webhook and disconnects Salesforce after asking, Cancel first, deleting their secrets for good', async () => {
    await page.getByRole('button', { name: 'Remove the webhook' }).click();
    const ask = page.getByRole('dialog', { name: 'Remove the webhook?' });
    expect(await ask.innerText()).toContain(receiverUrl);
    // What cannot be undone starts on Cancel: Enter at once changes nothing.
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Cancel');
    await page.keyboard.press('Enter');
    await ask.waitFor({ state: 'detached' });
    expect(
      (await page.evaluate(async (id) => (await fetch(`/api/v1/widgets/${id}/integrations/open-api`)).json(), widget)).configured,
    ).toBe(true);
    await page.getByRole('button', { name: 'Remove the webhook' }).click();
    await ask.getByRole('button', { name: 'Remove the webhook' }).click();
    await ask.waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Set up the webhook' }).waitFor();
    await page.getByText('Removed: nothing more is sent').first().waitFor();
    expect(await page.locator('#oa-url').inputValue()).toBe('');
    // The deliveries made stay listed.
    await page.locator('.delivery-row .delivery-status', { hasText: 'Delivered' }).waitFor();

    await page.getByRole('button', { name: 'Disconnect Salesforce' }).click();
    const sf = page.getByRole('dialog', { name: 'Disconnect Salesforce?' });
    expect(await sf.innerText()).toContain(salesforceUrl);
    await sf.getByRole('button', { name: 'Disconnect' }).click();
    await page.getByRole('button', { name: 'Connect Salesforce', exact: true }).waitFor(); // not "Disconnect Salesforce"
    expect(await page.locator('#sf-secret').getAttribute('placeholder')).not.toContain('Set');
    expect(await page.locator('.saved[role=status]', { hasText: 'Connected' }).count()).toBe(0);
    const views = await page.evaluate(async (id) => {
      const read = async (kind: string) => (await fetch(`/api/v1/widgets/${id}/integrations/${kind}`)).json();
      return [await read('open-api'), await read('salesforce')];
    }, widget);
    expect(views.map((v: { configured: boolean }) => v.configured)).toEqual([false, false]);
    const audit = await page.evaluate(async () => (await fetch('/api/v1/audit?type=integration')).json());
    expect(audit.items.slice(0, 2).map((e: { action: string }) => e.action)).toEqual([
      'integration.salesforce_removed',
      'integration.open_api_removed',
    ]);
  });

  it('keeps agents out: the screen says not allowed and the API refuses', async () => {
    const agent = await (await browser.newContext()).newPage();
    await signIn(agent, 'ann@acme.test');
    await agent.goto(`${host.url}/app/admin/integrations/${widget}`);
    await agent.getByRole('heading', { name: 'Not allowed' }).waitFor();
    // The admin address itself, with no screen named: not allowed either (an agent has no menu to pick from).
    await agent.goto(`${host.url}/app/admin`);
    await agent.getByRole('heading', { name: 'Not allowed' }).waitFor();
    expect(await agent.locator('.not-allowed').innerText()).toContain('Your role does not include the admin screens.');
    const status = await agent.evaluate(async (id) => (await fetch(`/api/v1/widgets/${id}/integrations/open-api`)).status, widget);
    expect(status).toBe(403);
    await agent.context().close();
  });
});
