import { describe, expect, it } from 'vitest';
import type { OpenApiIntegration, SalesforceIntegration } from '../model/integration.js';
import { auditLog, expectParleyError, lastAudit, snapshot } from '../../test-support/fakes.js';
import { makeIntegrationWorld } from '../../test-support/integration-fixtures.js';
import { LEAD_SOURCE_FIELDS } from '../integrations/lead-mapping.js';
import { supportRequestV1Schema } from '../integrations/payload.js';
import { TEST_EVENT_QUESTION } from '../integrations/test-event.js';

const URL_OK = 'https://hooks.example.com/parley';

const setup = async () => {
  const w = await makeIntegrationWorld();
  const widget = await w.parley.widgets.create(w.owner, { name: 'Support' });
  return { ...w, widget };
};

/** Everything stored or audited for the account, as one string, to search for leaked secrets. */
const everything = async (w: Awaited<ReturnType<typeof setup>>) =>
  JSON.stringify({
    audit: await auditLog(w, w.account.id),
    integrations: await w.read((r) => r.integrations.listByWidget(w.account.id, w.widget.id)),
  });

describe('Open API integration settings', () => {
  it('shows defaults before the first PUT', async () => {
    const w = await setup();
    expect(await w.integrations.getOpenApi(w.owner, w.widget.id)).toMatchObject({
      configured: false,
      url: null,
      enabled: false,
      events: ['chat.finished', 'offline_request.created'],
      version: 0,
    });
  });

  it('creates the integration with a signing secret shown once, sealed at rest and redacted in the audit log', async () => {
    const w = await setup();
    const created = await w.integrations.putOpenApi(w.owner, w.widget.id, {
      url: URL_OK,
      authToken: 'tok-123 secret',
      events: ['offline_request.created', 'chat.started'],
    });
    expect(created).toMatchObject({
      configured: true,
      url: URL_OK,
      enabled: true,
      events: ['offline_request.created', 'chat.started'],
      authHeader: 'Authorization',
      authTokenSet: true,
      version: 1,
    });
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);

    const again = await w.integrations.getOpenApi(w.owner, w.widget.id);
    expect(again).not.toHaveProperty('secret');
    expect(JSON.stringify(again)).not.toContain('tok-123');

    const stored = (await w.read((r) => r.integrations.get(w.account.id, w.widget.id, 'open_api'))) as OpenApiIntegration;
    expect(w.box.open(stored.settings.secret)).toBe(created.secret);
    expect(w.box.open(stored.settings.authToken!)).toBe('tok-123 secret');

    const entry = await lastAudit(w, w.account.id);
    expect(entry).toMatchObject({
      type: 'integration',
      action: 'integration.open_api_created',
      targetType: 'integration_open_api',
      targetId: w.widget.id,
      widgetId: w.widget.id,
      revertible: false,
    });
    expect(entry.changes).toContainEqual({ path: '/secret', redacted: true });
    expect(entry.changes).toContainEqual({ path: '/authToken', redacted: true });
    expect(entry.changes).toContainEqual({ path: '/url', to: URL_OK });
    const all = await everything(w);
    expect(all).not.toContain(created.secret!.slice(6));
    expect(all).not.toContain('tok-123');
  });

  it('changes settings without touching the secret, and audits only what changed', async () => {
    const w = await setup();
    const created = await w.integrations.putOpenApi(w.owner, w.widget.id, { url: URL_OK });
    const changed = await w.integrations.putOpenApi(
      w.owner,
      w.widget.id,
      { enabled: false, events: ['conversation.assigned', 'chat.finished'], authHeader: 'X-Api-Key' },
      1,
    );
    expect(changed).toMatchObject({
      enabled: false,
      events: ['chat.finished', 'conversation.assigned'],
      authHeader: 'X-Api-Key',
      version: 2,
    });
    expect(changed).not.toHaveProperty('secret');
    const entry = await lastAudit(w, w.account.id);
    expect(entry.action).toBe('integration.open_api_updated');
    expect(entry.changes.map((c) => c.path)).toEqual(['/authHeader', '/enabled', '/events']);
    const stored = (await w.read((r) => r.integrations.get(w.account.id, w.widget.id, 'open_api'))) as OpenApiIntegration;
    expect(w.box.open(stored.settings.secret)).toBe(created.secret);
    // The same values again: nothing to write, nothing audited.
    const before = (await auditLog(w, w.account.id)).length;
    expect((await w.integrations.putOpenApi(w.owner, w.widget.id, { enabled: false })).version).toBe(2);
    expect(await auditLog(w, w.account.id)).toHaveLength(before);
  });

  it('rotates the secret: the new one is shown once, the old one keeps signing for the grace period', async () => {
    const w = await setup();
    const created = await w.integrations.putOpenApi(w.owner, w.widget.id, { url: URL_OK });
    const rotated = await w.integrations.rotateOpenApiSecret(w.owner, w.widget.id);
    expect(rotated.secret).toMatch(/^whsec_/);
    expect(rotated.secret).not.toBe(created.secret);
    expect(rotated.previousSecretExpiresAt).toBe('2026-01-02T00:00:00.000Z');
    const stored = (await w.read((r) => r.integrations.get(w.account.id, w.widget.id, 'open_api'))) as OpenApiIntegration;
    expect(w.box.open(stored.settings.secret)).toBe(rotated.secret);
    expect(w.box.open(stored.settings.previousSecret!)).toBe(created.secret);
    const entry = await lastAudit(w, w.account.id);
    expect(entry.action).toBe('integration.open_api_secret_rotated');
    expect(entry.changes).toEqual([
      { path: '/previousSecretExpiresAt', from: null, to: '2026-01-02T00:00:00.000Z' },
      { path: '/secret', redacted: true },
    ]);
    expect(await everything(w)).not.toContain(rotated.secret!.slice(6));
    w.clock.advance(24 * 3_600_000);
    expect((await w.integrations.getOpenApi(w.owner, w.widget.id)).previousSecretExpiresAt).toBeNull();
    await expectParleyError(
      w.integrations.rotateOpenApiSecret(w.owner, (await w.parley.widgets.create(w.owner, { name: 'Other' })).id),
      'not_found',
    );
  });

  it.each([
    ['http://hooks.example.com/x', 'insecure_url'],
    ['https://10.0.0.7/hook', 'forbidden_address'],
    ['https://169.254.169.254/latest', 'forbidden_address'],
    ['https://[::ffff:10.0.0.1]/', 'forbidden_address'],
    ['https://167772161/', 'forbidden_address'],
    ['not a url', 'invalid_url'],
    ['https://user:pw@hooks.example.com/', 'url_credentials'],
  ])('refuses %s (%s) and writes nothing', async (url, code) => {
    const w = await setup();
    const before = await snapshot(w, w.account.id);
    const err = await expectParleyError(w.integrations.putOpenApi(w.owner, w.widget.id, { url }), 'validation_failed');
    expect(err.details).toEqual([expect.objectContaining({ path: '/url', code })]);
    expect(await snapshot(w, w.account.id)).toEqual(before);
    expect(await w.read((r) => r.integrations.listByWidget(w.account.id, w.widget.id))).toEqual([]);
  });

  it('allows loopback targets only when the operator allows them', async () => {
    const w = await setup();
    expect((await w.integrations.putOpenApi(w.owner, w.widget.id, { url: 'http://127.0.0.1:9999/in' })).url).toBe(
      'http://127.0.0.1:9999/in',
    );
    (w.deps as { config: typeof w.deps.config }).config = { ...w.deps.config, integrations: { allowHttpLoopback: false } };
    const err = await expectParleyError(
      w.integrations.putOpenApi(w.owner, w.widget.id, { url: 'http://127.0.0.1:9999/in2' }),
      'validation_failed',
    );
    expect(err.details[0]?.code).toBe('forbidden_address');
    // Said in the problem's own words too, for a form that shows it away from the field.
    expect(err.message).toBe(`The URL cannot be used. ${err.details[0]?.message}`);
    expect(err.message).toMatch(/loopback/);
  });

  it('validates everything else too: a URL to start with, events, header names, no control characters', async () => {
    const w = await setup();
    expect(
      (await expectParleyError(w.integrations.putOpenApi(w.owner, w.widget.id, { enabled: true }), 'validation_failed')).details[0]?.path,
    ).toBe('/url');
    const bad = [
      { url: URL_OK, events: ['chat.exploded'] },
      { url: URL_OK, authHeader: 'Bad Header' },
      { url: URL_OK, authHeader: 'Content-Type' },
      { url: URL_OK, authToken: 'line\r\nX-Injected: 1' },
      { url: URL_OK, extra: true },
    ];
    for (const input of bad) await expectParleyError(w.integrations.putOpenApi(w.owner, w.widget.id, input as never), 'validation_failed');
    expect(await w.read((r) => r.integrations.listByWidget(w.account.id, w.widget.id))).toEqual([]);
  });

  it('is for owners and admins of the account only, and honours the expected version', async () => {
    const w = await setup();
    for (const role of ['supervisor', 'agent'] as const) {
      const { p } = await w.addUser(role);
      await expectParleyError(w.integrations.getOpenApi(p, w.widget.id), 'forbidden');
      await expectParleyError(w.integrations.putOpenApi(p, w.widget.id, { url: URL_OK }), 'forbidden');
    }
    const { p: admin } = await w.addUser('admin');
    expect((await w.integrations.putOpenApi(admin, w.widget.id, { url: URL_OK })).version).toBe(1);
    await expectParleyError(w.integrations.putOpenApi(w.owner, w.widget.id, { enabled: false }, 0), 'version_mismatch');
    await expectParleyError(w.integrations.putOpenApi(w.owner, 'no-such-widget', { url: URL_OK }), 'not_found');
    const other = await makeIntegrationWorld();
    await expectParleyError(other.integrations.getOpenApi(other.owner, w.widget.id), 'not_found');
  });

  it('is unavailable without a secret box, rather than storing secrets in the clear', async () => {
    const w = await setup();
    (w.deps as { secretBox?: unknown }).secretBox = undefined;
    await expectParleyError(w.integrations.putOpenApi(w.owner, w.widget.id, { url: URL_OK }), 'unavailable');
  });
});

describe('Salesforce integration settings', () => {
  const connect = {
    instanceUrl: 'https://acme.my.salesforce.com/some/path',
    clientId: 'consumer-key',
    clientSecret: 'consumer-secret-XYZ',
  };

  it('connects an org with write-only credentials and a field mapping, audited with secrets redacted', async () => {
    const w = await setup();
    const view = await w.integrations.putSalesforce(w.owner, w.widget.id, {
      ...connect,
      fieldMapping: [
        { leadField: 'Chat_Transcript__c', source: { field: 'transcript_text' } },
        { leadField: 'LeadSource', source: { value: 'Web Chat' } },
      ],
    });
    expect(view).toEqual({
      widgetId: w.widget.id,
      configured: true,
      enabled: true,
      instanceUrl: 'https://acme.my.salesforce.com',
      apiVersion: 'v62.0',
      authFlow: 'client_credentials',
      clientId: 'consumer-key',
      clientSecretSet: true,
      refreshTokenSet: false,
      events: ['chat.finished', 'offline_request.created'],
      fieldMapping: [
        { leadField: 'Chat_Transcript__c', source: { field: 'transcript_text' } },
        { leadField: 'LeadSource', source: { value: 'Web Chat' } },
      ],
      sourceFields: LEAD_SOURCE_FIELDS,
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
      version: 1,
    });
    expect(JSON.stringify(await w.integrations.getSalesforce(w.owner, w.widget.id))).not.toContain('consumer-secret');
    const stored = (await w.read((r) => r.integrations.get(w.account.id, w.widget.id, 'salesforce'))) as SalesforceIntegration;
    expect(w.box.open(stored.settings.clientSecret)).toBe('consumer-secret-XYZ');
    const entry = await lastAudit(w, w.account.id);
    expect(entry).toMatchObject({ type: 'integration', action: 'integration.salesforce_created' });
    expect(entry.changes).toContainEqual({ path: '/clientSecret', redacted: true });
    expect(await everything(w)).not.toContain('consumer-secret');

    const flow = await w.integrations.putSalesforce(w.owner, w.widget.id, { authFlow: 'refresh_token', refreshToken: 'refresh-ABC' });
    expect(flow).toMatchObject({ authFlow: 'refresh_token', refreshTokenSet: true, version: 2 });
    const e2 = await lastAudit(w, w.account.id);
    expect(e2.changes).toEqual([
      { path: '/authFlow', from: 'client_credentials', to: 'refresh_token' },
      { path: '/refreshToken', redacted: true },
    ]);
    expect(await everything(w)).not.toContain('refresh-ABC');
  });

  it('needs the instance URL and OAuth client to connect, a refresh token for that flow, and a safe URL', async () => {
    const w = await setup();
    const err = await expectParleyError(w.integrations.putSalesforce(w.owner, w.widget.id, {}), 'validation_failed');
    expect(err.details.map((d) => d.path)).toEqual(['/instanceUrl', '/clientId', '/clientSecret']);
    // Every problem at once: a malformed field, an unsafe URL and what a first setup lacks, in one refusal.
    const all = await expectParleyError(
      w.integrations.putSalesforce(w.owner, w.widget.id, {
        instanceUrl: 'http://acme.example.com',
        clientId: '',
        fieldMapping: [{ leadField: 'Company name!', source: { value: 'x' } }],
      }),
      'validation_failed',
    );
    expect(all.details.map((d) => d.path).sort()).toEqual(['/clientId', '/clientSecret', '/fieldMapping/0/leadField', '/instanceUrl']);
    const urlOnly = await expectParleyError(
      w.integrations.putSalesforce(w.owner, w.widget.id, { ...connect, instanceUrl: 'http://acme.example.com' }),
      'validation_failed',
    );
    expect(urlOnly.details.map((d) => d.path)).toEqual(['/instanceUrl']);
    expect(urlOnly.message).toBe('The instance URL cannot be used.');
    const flow = await expectParleyError(
      w.integrations.putSalesforce(w.owner, w.widget.id, { ...connect, authFlow: 'refresh_token' }),
      'validation_failed',
    );
    expect(flow.details.map((d) => d.path)).toEqual(['/refreshToken']);
    const url = await expectParleyError(
      w.integrations.putSalesforce(w.owner, w.widget.id, { ...connect, instanceUrl: 'https://192.168.0.10' }),
      'validation_failed',
    );
    expect(url.details[0]).toMatchObject({ path: '/instanceUrl', code: 'forbidden_address' });
    await expectParleyError(
      w.integrations.putSalesforce(w.owner, w.widget.id, { ...connect, fieldMapping: [{ leadField: 'Bad Field', source: { value: 1 } }] }),
      'validation_failed',
    );
    await expectParleyError(
      w.integrations.putSalesforce(w.owner, w.widget.id, { ...connect, events: ['conversation.queued'] as never }),
      'validation_failed',
    );
    // One row a Lead field: a second one (in any case) is refused at its own row.
    const twice = await expectParleyError(
      w.integrations.putSalesforce(w.owner, w.widget.id, {
        ...connect,
        fieldMapping: [
          { leadField: 'LastName', source: { field: 'requester_last_name' } },
          { leadField: 'Company', source: { value: 'Unknown' } },
          { leadField: 'lastname', source: { value: 'Fixed Name' } },
        ],
      }),
      'validation_failed',
    );
    expect(twice.details).toEqual([
      expect.objectContaining({ path: '/fieldMapping/2/leadField', message: 'lastname is mapped twice: keep one row for it.' }),
    ]);
    expect(await w.read((r) => r.integrations.listByWidget(w.account.id, w.widget.id))).toEqual([]);
  });
});

describe('Removing an integration', () => {
  it('deletes its sealed secrets for good, audited with what it had and secrets redacted, and can be set up again', async () => {
    const w = await setup();
    await expectParleyError(w.integrations.removeIntegration(w.owner, w.widget.id, 'open_api'), 'not_found');
    await w.integrations.putOpenApi(w.owner, w.widget.id, { url: URL_OK, authToken: 'tok-123 secret' });
    await w.integrations.putSalesforce(w.owner, w.widget.id, {
      instanceUrl: 'https://acme.my.salesforce.com',
      clientId: 'consumer-key',
      clientSecret: 'consumer-secret-XYZ',
    });
    await expectParleyError(w.integrations.removeIntegration(w.owner, w.widget.id, 'salesforce', 2), 'version_mismatch');

    await w.integrations.removeIntegration(w.owner, w.widget.id, 'salesforce', 1);
    expect(await w.read((r) => r.integrations.get(w.account.id, w.widget.id, 'salesforce'))).toBeNull();
    expect((await w.integrations.getSalesforce(w.owner, w.widget.id)).configured).toBe(false);
    // The other kind is untouched.
    expect((await w.integrations.getOpenApi(w.owner, w.widget.id)).configured).toBe(true);
    const entry = await lastAudit(w, w.account.id);
    expect(entry).toMatchObject({
      type: 'integration',
      action: 'integration.salesforce_removed',
      targetType: 'integration_salesforce',
      targetId: w.widget.id,
      widgetId: w.widget.id,
      revertible: false,
    });
    expect(entry.changes).toContainEqual({ path: '/instanceUrl', from: 'https://acme.my.salesforce.com' });
    expect(entry.changes).toContainEqual({ path: '/clientSecret', redacted: true });

    await w.integrations.removeIntegration(w.owner, w.widget.id, 'open_api');
    expect((await lastAudit(w, w.account.id)).action).toBe('integration.open_api_removed');
    expect(await w.read((r) => r.integrations.listByWidget(w.account.id, w.widget.id))).toEqual([]);
    expect(await everything(w)).not.toContain('tok-123');
    expect(await everything(w)).not.toContain('consumer-secret');
    await expectParleyError(w.integrations.sendOpenApiTest(w.owner, w.widget.id), 'not_found');
    // Set up again from scratch: a new secret, version 1.
    const again = await w.integrations.putOpenApi(w.owner, w.widget.id, { url: URL_OK });
    expect(again).toMatchObject({ version: 1, authTokenSet: false });
    expect(again.secret).toMatch(/^whsec_/);
  });

  it('is for owners and admins of the account only', async () => {
    const w = await setup();
    await w.integrations.putOpenApi(w.owner, w.widget.id, { url: URL_OK });
    for (const role of ['supervisor', 'agent'] as const) {
      const { p } = await w.addUser(role);
      await expectParleyError(w.integrations.removeIntegration(p, w.widget.id, 'open_api'), 'forbidden');
    }
    const other = await makeIntegrationWorld();
    await expectParleyError(other.integrations.removeIntegration(other.owner, w.widget.id, 'open_api'), 'not_found');
    expect((await w.integrations.getOpenApi(w.owner, w.widget.id)).configured).toBe(true);
    const { p: admin } = await w.addUser('admin');
    await w.integrations.removeIntegration(admin, w.widget.id, 'open_api');
    expect((await w.integrations.getOpenApi(w.owner, w.widget.id)).configured).toBe(false);
  });
});

describe('Open API test event', () => {
  it('queues a sample offline request to the endpoint, even while disabled, valid against the published schema, audited', async () => {
    const w = await setup();
    await expectParleyError(w.integrations.sendOpenApiTest(w.owner, w.widget.id), 'not_found');
    await w.integrations.putOpenApi(w.owner, w.widget.id, { url: URL_OK, enabled: false, events: ['chat.finished'] });

    const sent = await w.integrations.sendOpenApiTest(w.owner, w.widget.id);
    expect(sent).toMatchObject({ target: 'open_api', eventType: 'offline_request.created', status: 'pending', widgetId: w.widget.id });
    expect(sent).not.toHaveProperty('payload');

    const detail = await w.integrations.getDelivery(w.owner, sent.id);
    const payload = supportRequestV1Schema.parse(detail.payload);
    expect(payload).toMatchObject({
      event: 'offline_request.created',
      type: 'offline',
      widget_id: w.widget.id,
      description: TEST_EVENT_QUESTION,
    });
    expect(payload.id).toBe(`test-${sent.id}`);
    expect((await w.integrations.listDeliveries(w.owner, w.widget.id, {})).items.map((d) => d.id)).toContain(sent.id);
    // Marked as a test wherever it is listed, so nobody takes it for a real request.
    expect([sent.test, detail.test]).toEqual([true, true]);
    expect((await w.integrations.listDeliveries(w.owner, w.widget.id, {})).items.find((d) => d.id === sent.id)?.test).toBe(true);

    expect(await lastAudit(w, w.account.id)).toMatchObject({
      type: 'integration',
      action: 'delivery.test_sent',
      targetType: 'delivery',
      targetId: sent.id,
      widgetId: w.widget.id,
      revertible: false,
    });
  });

  it('is for owners and admins only, and for widgets of the account', async () => {
    const w = await setup();
    await w.integrations.putOpenApi(w.owner, w.widget.id, { url: URL_OK });
    await expectParleyError(w.integrations.sendOpenApiTest({ ...w.owner, role: 'agent' }, w.widget.id), 'forbidden');
    await expectParleyError(w.integrations.sendOpenApiTest(w.owner, 'no-such-widget'), 'not_found');
  });
});

describe('Salesforce connection check', () => {
  const connect = {
    instanceUrl: 'https://acme.my.salesforce.com',
    clientId: 'consumer-key',
    clientSecret: 'consumer-secret-XYZ',
    refreshToken: 'rt-1',
  };

  it('checks the saved connection with its secrets opened, answering the org’s Lead fields, and writes nothing', async () => {
    const w = await setup();
    await expectParleyError(w.integrations.checkSalesforce(w.owner, w.widget.id), 'not_found');
    const saved = await w.integrations.putSalesforce(w.owner, w.widget.id, connect);
    const before = await auditLog(w, w.account.id);
    expect(await w.integrations.checkSalesforce(w.owner, w.widget.id)).toEqual({
      ok: true,
      status: 200,
      latencyMs: expect.any(Number),
      error: null,
      leadFields: ['Company', 'Email', 'LastName'],
    });
    expect(w.crm.checks).toEqual([
      {
        key: `${w.widget.id}:${saved.version}`,
        instanceUrl: 'https://acme.my.salesforce.com',
        apiVersion: 'v62.0',
        authFlow: 'client_credentials',
        clientId: 'consumer-key',
        clientSecret: 'consumer-secret-XYZ',
        refreshToken: 'rt-1',
      },
    ]);
    expect(await auditLog(w, w.account.id)).toEqual(before);
  });

  it('answers a refused check as a result, not an error, and is for owners and admins only', async () => {
    const w = await setup();
    await w.integrations.putSalesforce(w.owner, w.widget.id, connect);
    w.crm.checkScript.push({
      ok: false,
      status: 400,
      latencyMs: 12,
      error: 'Salesforce token request failed: invalid_client',
      responseSnippet: null,
      retryAfter: null,
      leadFields: null,
    });
    expect(await w.integrations.checkSalesforce(w.owner, w.widget.id)).toMatchObject({
      ok: false,
      status: 400,
      error: 'Salesforce token request failed: invalid_client',
      leadFields: null,
    });
    await expectParleyError(w.integrations.checkSalesforce({ ...w.owner, role: 'agent' }, w.widget.id), 'forbidden');
  });
});
