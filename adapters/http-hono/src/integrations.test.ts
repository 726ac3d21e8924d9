import { describe, expect, it } from 'vitest';
import { testApp } from './testing/index.js';

const URL_OK = 'https://hooks.example.com/parley';

const setup = async () => {
  const t = testApp();
  const o = await t.owner();
  const widget = (await t.call('POST', '/api/v1/widgets', { name: 'Support' }, o.token)).json;
  // The webhook's deliveries alone: no mail to the widget's maker about offline requests.
  expect((await t.call('PATCH', `/api/v1/widgets/${widget.id}`, { settings: { notifyEmails: [] } }, o.token)).status).toBe(200);
  const base = `/api/v1/widgets/${widget.id}/integrations`;
  return { ...t, o, widget, base };
};

describe('Open API integration routes', () => {
  it('creates the integration with a secret shown once (201, not cached), then never shows it again', async () => {
    const t = await setup();
    const before = await t.call('GET', `${t.base}/open-api`, undefined, t.o.token);
    expect(before.json).toMatchObject({ configured: false, version: 0 });
    const put = await t.call(
      'PUT',
      `${t.base}/open-api`,
      { url: URL_OK, authToken: 'tok-secret-1', authHeader: 'X-Token', events: ['chat.finished'] },
      t.o.token,
    );
    expect(put.status).toBe(201);
    expect(put.headers.get('cache-control')).toBe('no-store');
    expect(put.headers.get('etag')).toBe('"1"');
    expect(put.json).toMatchObject({
      configured: true,
      url: URL_OK,
      authHeader: 'X-Token',
      authTokenSet: true,
      events: ['chat.finished'],
      version: 1,
    });
    expect(put.json.secret).toMatch(/^whsec_/);
    expect(put.text).not.toContain('tok-secret-1');

    const get = await t.call('GET', `${t.base}/open-api`, undefined, t.o.token);
    expect(get.status).toBe(200);
    expect(get.json).not.toHaveProperty('secret');
    expect(get.text).not.toContain('tok-secret-1');

    const audit = await t.call('GET', '/api/v1/audit?type=integration', undefined, t.o.token);
    expect(audit.json.items[0]).toMatchObject({ action: 'integration.open_api_created', widgetId: t.widget.id });
    expect(audit.json.items[0].changes).toContainEqual({ path: '/secret', redacted: true });
    expect(audit.text).not.toContain(put.json.secret.slice(6));
    expect(audit.text).not.toContain('tok-secret-1');
  });

  it('rotates the secret, honours If-Match, and answers 200 for later changes', async () => {
    const t = await setup();
    const created = await t.call('PUT', `${t.base}/open-api`, { url: URL_OK }, t.o.token);
    const rotated = await t.call('POST', `${t.base}/open-api/rotate-secret`, undefined, t.o.token, { 'if-match': '"1"' });
    expect(rotated.status).toBe(200);
    expect(rotated.headers.get('cache-control')).toBe('no-store');
    expect(rotated.json.secret).toMatch(/^whsec_/);
    expect(rotated.json.secret).not.toBe(created.json.secret);
    expect(rotated.json.previousSecretExpiresAt).toBeTruthy();
    const stale = await t.call('PUT', `${t.base}/open-api`, { enabled: false }, t.o.token, { 'if-match': '"1"' });
    expect(stale.status).toBe(412);
    expect(stale.json.code).toBe('version_mismatch');
    const ok = await t.call('PUT', `${t.base}/open-api`, { enabled: false }, t.o.token, { 'if-match': '"2"' });
    expect(ok.status).toBe(200);
    expect(ok.json).toMatchObject({ enabled: false, version: 3 });
    expect(ok.json).not.toHaveProperty('secret');
    const other = (await t.call('POST', '/api/v1/widgets', { name: 'Other' }, t.o.token)).json;
    expect((await t.call('POST', `/api/v1/widgets/${other.id}/integrations/open-api/rotate-secret`, undefined, t.o.token)).status).toBe(
      404,
    );
  });

  it('sends a test event into the delivery log (202), 404 before the integration is set up, owners and admins only', async () => {
    const t = await setup();
    const early = await t.call('POST', `${t.base}/open-api/test`, undefined, t.o.token);
    expect(early.status).toBe(404);
    expect(early.headers.get('content-type')).toContain('application/problem+json');
    await t.call('PUT', `${t.base}/open-api`, { url: URL_OK, enabled: false }, t.o.token);
    const sent = await t.call('POST', `${t.base}/open-api/test`, undefined, t.o.token);
    expect(sent.status).toBe(202);
    expect(sent.json).toMatchObject({ target: 'open_api', eventType: 'offline_request.created', status: 'pending' });
    const log = await t.call('GET', `/api/v1/widgets/${t.widget.id}/deliveries`, undefined, t.o.token);
    expect(log.json.items.map((d: { id: string }) => d.id)).toEqual([sent.json.id]);
    const agent = await t.member(t.o.token, 'agent');
    expect((await t.call('POST', `${t.base}/open-api/test`, undefined, agent.token)).status).toBe(403);
  });

  it('checks the Salesforce connection only once one is saved, and says so when the server has no Salesforce client', async () => {
    const t = await setup();
    expect((await t.call('POST', `${t.base}/salesforce/test`, undefined, t.o.token)).status).toBe(404);
    await t.call(
      'PUT',
      `${t.base}/salesforce`,
      { instanceUrl: 'https://acme.my.salesforce.com', clientId: 'ck', clientSecret: 'cs' },
      t.o.token,
    );
    const check = await t.call('POST', `${t.base}/salesforce/test`, undefined, t.o.token);
    expect(check.status).toBe(503);
    expect(check.json.code).toBe('unavailable');
  });

  it.each([
    ['http://hooks.example.com/in', 'insecure_url'],
    ['https://192.168.1.20/in', 'forbidden_address'],
    ['https://[fd00:ec2::254]/', 'forbidden_address'],
    ['https://0x7f.0.0.1/', 'forbidden_address'],
    ['https://localhost/in', 'forbidden_address'],
    ['https://localhost./in', 'forbidden_address'],
    ['https://foo.localhost./in', 'forbidden_address'],
    ['::not a url::', 'invalid_url'],
    ['https://hooks.exam\r\nple.com/in', 'invalid_url'],
    ['https:///hooks.example.com/in', 'invalid_url'],
    ['https://:@hooks.example.com/in', 'url_credentials'],
  ])('refuses %j with 400 %s and saves nothing', async (url, code) => {
    const t = await setup();
    const res = await t.call('PUT', `${t.base}/open-api`, { url }, t.o.token);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.json).toMatchObject({ code: 'validation_failed', errors: [{ path: '/url', code }] });
    expect((await t.call('GET', `${t.base}/open-api`, undefined, t.o.token)).json.configured).toBe(false);
    expect((await t.call('GET', '/api/v1/audit?type=integration', undefined, t.o.token)).json.items).toEqual([]);
  });

  it('saves the URL as its WHATWG serialisation, so what is shown is what is called', async () => {
    const t = await setup();
    const put = await t.call('PUT', `${t.base}/open-api`, { url: 'HTTPS://Hooks.Example.COM:443/a/../in?x=1' }, t.o.token);
    expect(put.status).toBe(201);
    expect(put.json.url).toBe('https://hooks.example.com/in?x=1');
    expect((await t.call('GET', `${t.base}/open-api`, undefined, t.o.token)).json.url).toBe('https://hooks.example.com/in?x=1');
    const audit = await t.call('GET', '/api/v1/audit?type=integration', undefined, t.o.token);
    expect(audit.json.items[0].changes.find((c: { path: string }) => c.path === '/url')?.to).toBe('https://hooks.example.com/in?x=1');
  });

  it.each([
    ['a token outside Latin-1', 'tok€n'],
    ['a line break', 'tok\r\nX-Injected: 1'],
    ['a space at the end', 'token '],
  ])('refuses an authToken with %s (no header could carry it) and saves nothing', async (_what, authToken) => {
    const t = await setup();
    const res = await t.call('PUT', `${t.base}/open-api`, { url: URL_OK, authToken }, t.o.token);
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ code: 'validation_failed', errors: [{ path: '/authToken' }] });
    expect((await t.call('GET', `${t.base}/open-api`, undefined, t.o.token)).json.configured).toBe(false);
    expect((await t.call('GET', '/api/v1/audit?type=integration', undefined, t.o.token)).json.items).toEqual([]);
    // Latin-1 is what a header carries, and is kept.
    expect((await t.call('PUT', `${t.base}/open-api`, { url: URL_OK, authToken: 'tök-ñ 1' }, t.o.token)).status).toBe(201);
  });

  it('is for owners and admins: supervisors and agents get 403, strangers 401', async () => {
    const t = await setup();
    for (const role of ['supervisor', 'agent'] as const) {
      const m = await t.member(t.o.token, role);
      expect((await t.call('GET', `${t.base}/open-api`, undefined, m.token)).status).toBe(403);
      expect((await t.call('PUT', `${t.base}/open-api`, { url: URL_OK }, m.token)).status).toBe(403);
      expect((await t.call('GET', `/api/v1/widgets/${t.widget.id}/deliveries`, undefined, m.token)).status).toBe(403);
    }
    const admin = await t.member(t.o.token, 'admin');
    expect((await t.call('PUT', `${t.base}/open-api`, { url: URL_OK }, admin.token)).status).toBe(201);
    expect((await t.call('GET', `${t.base}/open-api`)).status).toBe(401);
  });
});

describe('Salesforce integration routes', () => {
  it('connects an org, never returning the credentials, and validates the mapping', async () => {
    const t = await setup();
    const body = {
      instanceUrl: 'https://acme.my.salesforce.com',
      clientId: 'ck-1',
      clientSecret: 'cs-very-secret',
      fieldMapping: [
        { leadField: 'Chat_Transcript__c', source: { field: 'transcript_text' } },
        { leadField: 'LeadSource', source: { value: 'Web Chat' } },
      ],
    };
    const put = await t.call('PUT', `${t.base}/salesforce`, body, t.o.token);
    expect(put.status).toBe(201);
    expect(put.json).toMatchObject({ configured: true, clientId: 'ck-1', clientSecretSet: true, fieldMapping: body.fieldMapping });
    expect(put.text).not.toContain('cs-very-secret');
    const get = await t.call('GET', `${t.base}/salesforce`, undefined, t.o.token);
    expect(get.text).not.toContain('cs-very-secret');
    expect(get.headers.get('etag')).toBe('"1"');
    const bad = await t.call(
      'PUT',
      `${t.base}/salesforce`,
      { fieldMapping: [{ leadField: 'Not A Field', source: { field: 'nope' } }] },
      t.o.token,
    );
    expect(bad.status).toBe(400);
    expect(bad.json.errors.map((e: { path: string }) => e.path)).toEqual(['/fieldMapping/0/leadField', '/fieldMapping/0/source/field']);
    const audit = await t.call('GET', '/api/v1/audit?type=integration', undefined, t.o.token);
    expect(audit.text).not.toContain('cs-very-secret');
  });
});

describe('removing an integration', () => {
  it('answers 204 and the defaults after, honours If-Match, 404 when there is none, owners and admins only', async () => {
    const t = await setup();
    expect((await t.call('DELETE', `${t.base}/open-api`, undefined, t.o.token)).status).toBe(404);
    await t.call('PUT', `${t.base}/open-api`, { url: URL_OK }, t.o.token);
    await t.call(
      'PUT',
      `${t.base}/salesforce`,
      { instanceUrl: 'https://acme.my.salesforce.com', clientId: 'ck-1', clientSecret: 'cs-very-secret' },
      t.o.token,
    );
    const agent = await t.member(t.o.token, 'agent');
    const refused = await t.call('DELETE', `${t.base}/salesforce`, undefined, agent.token);
    expect(refused.status).toBe(403);
    const stale = await t.call('DELETE', `${t.base}/salesforce`, undefined, t.o.token, { 'if-match': '"7"' });
    expect(stale.status).toBe(412);
    expect(stale.headers.get('content-type')).toContain('application/problem+json');
    expect((await t.call('GET', `${t.base}/salesforce`, undefined, t.o.token)).json.configured).toBe(true);

    const removed = await t.call('DELETE', `${t.base}/salesforce`, undefined, t.o.token, { 'if-match': '"1"' });
    expect(removed.status).toBe(204);
    expect((await t.call('GET', `${t.base}/salesforce`, undefined, t.o.token)).json).toMatchObject({ configured: false, version: 0 });
    expect((await t.call('GET', `${t.base}/open-api`, undefined, t.o.token)).json.configured).toBe(true);
    expect((await t.call('DELETE', `${t.base}/open-api`, undefined, t.o.token)).status).toBe(204);
    const audit = await t.call('GET', '/api/v1/audit?type=integration', undefined, t.o.token);
    expect(audit.json.items.slice(0, 2).map((e: { action: string }) => e.action)).toEqual([
      'integration.open_api_removed',
      'integration.salesforce_removed',
    ]);
    expect(audit.text).not.toContain('cs-very-secret');
  });
});

describe('Salesforce instance URLs', () => {
  it.each([
    ['https://localhost./', 'forbidden_address'],
    ['https://acme.my.sales\nforce.com', 'invalid_url'],
    ['https:///acme.my.salesforce.com', 'invalid_url'],
  ])('refuses %j like a webhook URL and saves nothing', async (instanceUrl, code) => {
    const t = await setup();
    const res = await t.call('PUT', `${t.base}/salesforce`, { instanceUrl, clientId: 'ck-1', clientSecret: 'cs-1' }, t.o.token);
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ code: 'validation_failed', errors: [{ path: '/instanceUrl', code }] });
    expect((await t.call('GET', `${t.base}/salesforce`, undefined, t.o.token)).json.configured).toBe(false);
  });
});

describe('delivery routes', () => {
  it('lists, shows and redelivers the deliveries an offline request made', async () => {
    const t = await setup();
    await t.call('PUT', `${t.base}/open-api`, { url: URL_OK }, t.o.token);
    // Nobody is online: the chat becomes an offline request, and its delivery is written with it.
    const started = await t.call('POST', `/api/v1/widgets/${t.widget.id}/chats`, {
      message: 'Call me back',
      email: 'vera@example.com',
      name: 'Vera',
    });
    expect(started.status).toBe(201);
    const list = await t.call('GET', `/api/v1/widgets/${t.widget.id}/deliveries`, undefined, t.o.token);
    expect(list.status).toBe(200);
    expect(list.json).toMatchObject({
      items: [{ eventType: 'offline_request.created', target: 'open_api', status: 'pending', attempts: 0, test: false }],
      nextCursor: null,
    });
    expect(list.json.items[0]).not.toHaveProperty('payload');
    const id = list.json.items[0].id;
    const one = await t.call('GET', `/api/v1/deliveries/${id}`, undefined, t.o.token);
    expect(one.json).toMatchObject({
      id,
      attemptLog: [],
      payload: { type: 'offline', description: 'Call me back', requested_by: 'vera@example.com' },
    });
    const again = await t.call('POST', `/api/v1/deliveries/${id}/redeliver`, undefined, t.o.token);
    expect(again.status).toBe(202);
    expect(again.json).toMatchObject({ id, status: 'pending' });
    expect((await t.call('GET', `/api/v1/widgets/${t.widget.id}/deliveries?status=succeeded`, undefined, t.o.token)).json.items).toEqual(
      [],
    );
    expect((await t.call('GET', `/api/v1/widgets/${t.widget.id}/deliveries?status=bogus`, undefined, t.o.token)).status).toBe(400);
    expect((await t.call('GET', '/api/v1/deliveries/nope', undefined, t.o.token)).status).toBe(404);
    const stranger = await t.owner();
    expect((await t.call('GET', `/api/v1/deliveries/${id}`, undefined, stranger.token)).status).toBe(404);
  });
});

describe('published schemas', () => {
  it('serves the payload JSON Schemas and puts them, the routes and the webhooks in the OpenAPI document', async () => {
    const t = testApp();
    const schema = await t.call('GET', '/api/v1/schemas/support-request.v1.json');
    expect(schema.status).toBe(200);
    expect(schema.headers.get('content-type')).toContain('application/schema+json');
    expect(schema.json.$id).toBe('https://parley.dev/schemas/support-request.v1.json');
    for (const f of ['widget_id', 'requested_by', 'country_code', 'transcripts', 'chat_waittime', 'javascript_variables'])
      expect(schema.json.properties, f).toHaveProperty(f);
    expect(schema.json.properties.transcripts.items.properties).toHaveProperty('alias');
    expect((await t.call('GET', '/api/v1/schemas/conversation-event.v1.json')).json.properties.event.enum).toContain(
      'conversation.assigned',
    );

    const doc = (await t.call('GET', '/api/v1/openapi.json')).json;
    for (const p of [
      '/api/v1/widgets/{id}/integrations/open-api',
      '/api/v1/widgets/{id}/integrations/open-api/rotate-secret',
      '/api/v1/widgets/{id}/integrations/open-api/test',
      '/api/v1/widgets/{id}/integrations/salesforce',
      '/api/v1/widgets/{id}/integrations/salesforce/test',
      '/api/v1/widgets/{id}/deliveries',
      '/api/v1/deliveries/{id}',
      '/api/v1/deliveries/{id}/redeliver',
      '/api/v1/schemas/support-request.v1.json',
    ])
      expect(doc.paths, p).toHaveProperty(p);
    expect(doc.paths['/api/v1/widgets/{id}/integrations/open-api'].put.requestBody).toBeTruthy();
    expect(doc.components.schemas.SupportRequestV1.properties).toHaveProperty('transcripts');
    expect(doc.webhooks.supportRequest.post.requestBody.content['application/json'].schema.$ref).toBe(
      '#/components/schemas/SupportRequestV1',
    );
    expect(doc.webhooks.supportRequest.post.parameters.map((p: { name: string }) => p.name)).toEqual([
      'webhook-id',
      'webhook-timestamp',
      'webhook-signature',
    ]);
  });
});
