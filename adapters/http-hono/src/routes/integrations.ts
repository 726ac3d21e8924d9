import { ACCOUNT_WIDE, integrationSchemas, type OpenApiIntegrationView } from '@parley/core';
import { idParam, type Api } from '../api.js';
import { pageOf } from '../openapi.js';
import { payloadSchemas, SCHEMA_PATHS } from '../openapi-integrations.js';
import { etagOf, ifMatchVersion, readJson } from '../request.js';
import type { Context } from 'hono';

/** An answer that may carry the one-time secret must never be cached. */
const withSecret = (c: Context, view: OpenApiIntegrationView, created: boolean) => {
  c.header('etag', etagOf(view.version));
  if (view.secret) c.header('cache-control', 'no-store');
  return c.json(view, created ? 201 : 200);
};

/** Integrations per widget (Open API, Salesforce), their deliveries, and the published payload schemas. */
export const integrationRoutes = (api: Api): void => {
  const { parley } = api;
  const tag = 'integrations';

  api.route(
    'get',
    '/api/v1/widgets/:id/integrations/open-api',
    {
      tag,
      summary: 'The widget’s Open API integration (owner, admin); never shows secrets',
      auth: 'user',
      responses: { 200: { description: 'The settings (defaults with `configured: false` before the first PUT)', schema: 'OpenApiIntegration' } },
    },
    async (c) => {
      const v = await parley.integrations.getOpenApi(c.get('principal'), idParam(c));
      c.header('etag', etagOf(v.version));
      return c.json(v);
    },
  );
  api.route(
    'put',
    '/api/v1/widgets/:id/integrations/open-api',
    {
      tag,
      summary: 'Set up or change the Open API integration (owner, admin); audited, secrets redacted',
      description:
        'The first PUT needs a `url` and answers 201 with the signing secret (`secret`), the only time it is shown. `rotateSecret: true` makes a new one (shown once); the old one keeps signing for 24 hours. `authToken` is write-only (null removes it) and must be printable Latin-1, as any header value. URLs must be https to a public address or name (`localhost.` is loopback too), written out in full without spaces, control characters or credentials (400 `invalid_url`, `url_credentials`, `insecure_url`, `forbidden_address` at `/url`); the URL is saved as its WHATWG serialisation.',
      auth: 'user',
      body: integrationSchemas.openApiPut,
      ifMatch: true,
      responses: {
        200: { description: 'Updated (with `secret` when rotated)', schema: 'OpenApiIntegration' },
        201: { description: 'Created, with the signing secret', schema: 'OpenApiIntegration' },
        412: { description: 'Stale version', schema: 'Problem' },
      },
    },
    async (c) => {
      const before = ifMatchVersion(c);
      const v = await parley.integrations.putOpenApi(c.get('principal'), idParam(c), (await readJson(c)) as never, before);
      return withSecret(c, v, v.version === 1 && v.secret !== undefined);
    },
  );
  api.route(
    'post',
    '/api/v1/widgets/:id/integrations/open-api/rotate-secret',
    {
      tag,
      summary: 'A new signing secret, shown once; the old one keeps signing for 24 hours (owner, admin); audited',
      auth: 'user',
      ifMatch: true,
      responses: { 200: { description: 'The settings with the new `secret`', schema: 'OpenApiIntegration' }, 404: { description: 'Not set up', schema: 'Problem' } },
    },
    async (c) => withSecret(c, await parley.integrations.rotateOpenApiSecret(c.get('principal'), idParam(c), ifMatchVersion(c)), false),
  );

  api.route(
    'post',
    '/api/v1/widgets/:id/integrations/open-api/test',
    {
      tag,
      summary: 'Send a test event to the Open API endpoint through the delivery log (owner, admin); audited',
      description: [
        'Queues a sample `offline_request.created` support request (visitor `visitor@example.com`, id `test-<delivery id>`,',
        'a description saying it is a test) to the endpoint, signed and retried like any delivery, even while the integration',
        'is disabled or not subscribed to that event. Its tries show in the delivery log.',
      ].join(' '),
      auth: 'user',
      responses: { 202: { description: 'Queued', schema: 'Delivery' }, 404: { description: 'Not set up', schema: 'Problem' } },
    },
    async (c) => c.json(await parley.integrations.sendOpenApiTest(c.get('principal'), idParam(c)), 202),
  );

  api.route(
    'get',
    '/api/v1/widgets/:id/integrations/salesforce',
    {
      tag,
      summary: 'The widget’s Salesforce connection and Lead field mapping (owner, admin); never shows credentials',
      auth: 'user',
      responses: { 200: { description: 'The settings', schema: 'SalesforceIntegration' } },
    },
    async (c) => {
      const v = await parley.integrations.getSalesforce(c.get('principal'), idParam(c));
      c.header('etag', etagOf(v.version));
      return c.json(v);
    },
  );
  api.route(
    'put',
    '/api/v1/widgets/:id/integrations/salesforce',
    {
      tag,
      summary: 'Connect a Salesforce org and map chat fields to Lead fields (owner, admin); audited, secrets redacted',
      description:
        'The first PUT needs `instanceUrl`, `clientId` and `clientSecret` (a Connected App with the OAuth 2.0 client credentials flow), or `authFlow: "refresh_token"` with a `refreshToken`. `instanceUrl` follows the same rules as webhook URLs and is saved as its origin. Secrets are write-only and sealed at rest. After each chosen event a Lead is created through the outbox, retried like webhooks.',
      auth: 'user',
      body: integrationSchemas.salesforcePut,
      ifMatch: true,
      responses: {
        200: { description: 'Updated', schema: 'SalesforceIntegration' },
        201: { description: 'Connected', schema: 'SalesforceIntegration' },
        412: { description: 'Stale version', schema: 'Problem' },
      },
    },
    async (c) => {
      const v = await parley.integrations.putSalesforce(c.get('principal'), idParam(c), (await readJson(c)) as never, ifMatchVersion(c));
      c.header('etag', etagOf(v.version));
      return c.json(v, v.version === 1 ? 201 : 200);
    },
  );

  api.route(
    'post',
    '/api/v1/widgets/:id/integrations/salesforce/test',
    {
      tag,
      summary: 'Check the saved Salesforce connection: a new token and the Lead description, creating nothing (owner, admin)',
      description: [
        'Answers 200 with what happened (`ok: false` and the reason when Salesforce refused the credentials or could not',
        'be reached) and, when it worked, the Lead fields records may be created with, for the mapping editor. Not audited.',
      ].join(' '),
      auth: 'user',
      responses: {
        200: { description: 'The result of the check', schema: 'SalesforceCheck' },
        404: { description: 'Not set up', schema: 'Problem' },
        503: { description: 'The server has no Salesforce client (`unavailable`)', schema: 'Problem' },
      },
    },
    async (c) => c.json(await parley.integrations.checkSalesforce(c.get('principal'), idParam(c))),
  );

  api.route(
    'get',
    '/api/v1/widgets/:id/deliveries',
    {
      tag,
      summary: 'The widget’s deliveries (webhooks and CRM pushes), newest first (owner, admin)',
      auth: 'user',
      query: integrationSchemas.deliveryQuery,
      responses: { 200: { description: 'A page of deliveries', schema: pageOf('Delivery') } },
    },
    async (c) => c.json(await parley.integrations.listDeliveries(c.get('principal'), idParam(c), c.req.query())),
  );
  api.route(
    'get',
    '/api/v1/account/deliveries',
    {
      tag,
      summary: 'The account’s own mails (invitations, password resets, lockout notices), newest first (owner, admin)',
      description:
        'Mails that concern no widget. Each is a delivery with `target: "email"`; one with a sign-in link keeps its message sealed (`payload: {sealed}`). `skipped` means the server has no mail transport (`PARLEY_SMTP_URL`).',
      auth: 'user',
      query: integrationSchemas.deliveryQuery,
      responses: { 200: { description: 'A page of deliveries', schema: pageOf('Delivery') } },
    },
    async (c) => c.json(await parley.integrations.listDeliveries(c.get('principal'), ACCOUNT_WIDE, c.req.query())),
  );
  api.route(
    'get',
    '/api/v1/deliveries/:id',
    {
      tag,
      summary: 'One delivery with its payload and every try (owner, admin)',
      auth: 'user',
      responses: { 200: { description: 'The delivery', schema: 'DeliveryDetail' }, 404: { description: 'No such delivery', schema: 'Problem' } },
    },
    async (c) => c.json(await parley.integrations.getDelivery(c.get('principal'), idParam(c))),
  );
  api.route(
    'post',
    '/api/v1/deliveries/:id/redeliver',
    {
      tag,
      summary: 'Send a delivery again now, with the same webhook-id and a fresh retry schedule (owner, admin); audited',
      auth: 'user',
      responses: {
        202: { description: 'Queued', schema: 'Delivery' },
        404: { description: 'No such delivery', schema: 'Problem' },
        409: { description: 'A try is in flight right now', schema: 'Problem' },
      },
    },
    async (c) => c.json(await parley.integrations.redeliver(c.get('principal'), idParam(c)), 202),
  );

  for (const [key, path] of Object.entries(SCHEMA_PATHS) as [keyof typeof SCHEMA_PATHS, string][]) {
    api.route(
      'get',
      path,
      {
        tag,
        summary: `JSON Schema of the ${key === 'supportRequest' ? 'support-request' : 'conversation-event'} payload (version 1)`,
        auth: 'none',
        responses: { 200: { description: 'A JSON Schema (draft 2020-12)', schema: { type: 'object' }, contentType: 'application/schema+json' } },
      },
      (c) => {
        c.header('content-type', 'application/schema+json; charset=utf-8');
        c.header('cache-control', 'public, max-age=3600');
        return c.body(JSON.stringify(payloadSchemas[key]));
      },
    );
  }
};
