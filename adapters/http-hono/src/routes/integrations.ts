import { ACCOUNT_WIDE, integrationSchemas, type OpenApiIntegrationView } from '@parley/core';
import { idParams, type Api } from '../api.js';
import { pageOf } from '../openapi.js';
import { payloadSchemas, SCHEMA_PATHS } from '../openapi-integrations.js';
import { etagOf, ifMatchVersion } from '../request.js';
import type { Context } from 'hono';
import * as docs from './integrations.docs.js';

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
      params: idParams,
      responses: {
        200: { description: 'The settings (defaults with `configured: false` before the first PUT)', schema: 'OpenApiIntegration' },
      },
    },
    async (c, { principal, params }) => {
      const v = await parley.integrations.getOpenApi(principal, params.id);
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
      description: docs.putWidgetsIntegrationsOpenApi,
      auth: 'user',
      params: idParams,
      body: integrationSchemas.openApiPut,
      ifMatch: true,
      responses: {
        200: { description: 'Updated (with `secret` when rotated)', schema: 'OpenApiIntegration' },
        201: { description: 'Created, with the signing secret', schema: 'OpenApiIntegration' },
        412: { description: 'Stale version', schema: 'Problem' },
      },
    },
    async (c, { principal, params, body }) => {
      const before = ifMatchVersion(c);
      const v = await parley.integrations.putOpenApi(principal, params.id, body, before);
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
      params: idParams,
      ifMatch: true,
      responses: {
        200: { description: 'The settings with the new `secret`', schema: 'OpenApiIntegration' },
        404: { description: 'Not set up', schema: 'Problem' },
      },
    },
    async (c, { principal, params }) =>
      withSecret(c, await parley.integrations.rotateOpenApiSecret(principal, params.id, ifMatchVersion(c)), false),
  );

  api.route(
    'post',
    '/api/v1/widgets/:id/integrations/open-api/test',
    {
      tag,
      summary: 'Send a test event to the Open API endpoint through the delivery log (owner, admin); audited',
      description: docs.postWidgetsIntegrationsOpenApiTest,
      auth: 'user',
      params: idParams,
      responses: { 202: { description: 'Queued', schema: 'Delivery' }, 404: { description: 'Not set up', schema: 'Problem' } },
    },
    async (c, { principal, params }) => c.json(await parley.integrations.sendOpenApiTest(principal, params.id), 202),
  );

  api.route(
    'get',
    '/api/v1/widgets/:id/integrations/salesforce',
    {
      tag,
      summary: 'The widget’s Salesforce connection and Lead field mapping (owner, admin); never shows credentials',
      auth: 'user',
      params: idParams,
      responses: { 200: { description: 'The settings', schema: 'SalesforceIntegration' } },
    },
    async (c, { principal, params }) => {
      const v = await parley.integrations.getSalesforce(principal, params.id);
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
      description: docs.putWidgetsIntegrationsSalesforce,
      auth: 'user',
      params: idParams,
      body: integrationSchemas.salesforcePut,
      bodyCheckedByCore: true,
      ifMatch: true,
      responses: {
        200: { description: 'Updated', schema: 'SalesforceIntegration' },
        201: { description: 'Connected', schema: 'SalesforceIntegration' },
        412: { description: 'Stale version', schema: 'Problem' },
      },
    },
    async (c, { principal, params, body }) => {
      const v = await parley.integrations.putSalesforce(principal, params.id, body, ifMatchVersion(c));
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
      description: docs.postWidgetsIntegrationsSalesforceTest,
      auth: 'user',
      params: idParams,
      responses: {
        200: { description: 'The result of the check', schema: 'SalesforceCheck' },
        404: { description: 'Not set up', schema: 'Problem' },
        503: { description: 'The server has no Salesforce client (`unavailable`)', schema: 'Problem' },
      },
    },
    async (c, { principal, params }) => c.json(await parley.integrations.checkSalesforce(principal, params.id)),
  );

  for (const [kind, path, name] of [
    ['open_api', 'open-api', 'Open API integration'],
    ['salesforce', 'salesforce', 'Salesforce connection'],
  ] as const)
    api.route(
      'delete',
      `/api/v1/widgets/:id/integrations/${path}`,
      {
        tag,
        summary: `Remove the ${name} for good, with its stored secrets (owner, admin); audited`,
        description:
          'Nothing more is pushed; deliveries still waiting end as not sent, and the deliveries made stay listed. ' +
          'Setting it up again starts from scratch. Send `If-Match` with the version shown to refuse removing settings changed meanwhile.',
        auth: 'user',
        params: idParams,
        ifMatch: true,
        responses: {
          204: { description: 'Removed' },
          404: { description: 'Not set up', schema: 'Problem' },
          412: { description: 'Stale version', schema: 'Problem' },
        },
      },
      async (c, { principal, params }) => {
        await parley.integrations.removeIntegration(principal, params.id, kind, ifMatchVersion(c));
        return c.body(null, 204);
      },
    );

  api.route(
    'get',
    '/api/v1/widgets/:id/deliveries',
    {
      tag,
      summary: 'The widget’s deliveries (webhooks and CRM pushes), newest first (owner, admin)',
      auth: 'user',
      params: idParams,
      query: integrationSchemas.deliveryQuery,
      responses: { 200: { description: 'A page of deliveries', schema: pageOf('Delivery') } },
    },
    async (c, { principal, params, query }) => c.json(await parley.integrations.listDeliveries(principal, params.id, query)),
  );
  api.route(
    'get',
    '/api/v1/account/deliveries',
    {
      tag,
      summary: 'The account’s own mails (invitations, password resets, lockout notices), newest first (owner, admin)',
      description: docs.getAccountDeliveries,
      auth: 'user',
      query: integrationSchemas.deliveryQuery,
      responses: { 200: { description: 'A page of deliveries', schema: pageOf('Delivery') } },
    },
    async (c, { principal, query }) => c.json(await parley.integrations.listDeliveries(principal, ACCOUNT_WIDE, query)),
  );
  api.route(
    'get',
    '/api/v1/deliveries/:id',
    {
      tag,
      summary: 'One delivery with its payload and every try (owner, admin)',
      auth: 'user',
      params: idParams,
      responses: {
        200: { description: 'The delivery', schema: 'DeliveryDetail' },
        404: { description: 'No such delivery', schema: 'Problem' },
      },
    },
    async (c, { principal, params }) => c.json(await parley.integrations.getDelivery(principal, params.id)),
  );
  api.route(
    'post',
    '/api/v1/deliveries/:id/redeliver',
    {
      tag,
      summary: 'Send a delivery again now, with the same webhook-id and a fresh retry schedule (owner, admin); audited',
      auth: 'user',
      params: idParams,
      responses: {
        202: { description: 'Queued', schema: 'Delivery' },
        404: { description: 'No such delivery', schema: 'Problem' },
        409: { description: 'A try is in flight right now', schema: 'Problem' },
      },
    },
    async (c, { principal, params }) => c.json(await parley.integrations.redeliver(principal, params.id), 202),
  );

  for (const [key, path] of Object.entries(SCHEMA_PATHS) as [keyof typeof SCHEMA_PATHS, string][]) {
    api.route(
      'get',
      path,
      {
        tag,
        summary: `JSON Schema of the ${key === 'supportRequest' ? 'support-request' : 'conversation-event'} payload (version 1)`,
        auth: 'none',
        responses: {
          200: { description: 'A JSON Schema (draft 2020-12)', schema: { type: 'object' }, contentType: 'application/schema+json' },
        },
      },
      (c) => {
        c.header('content-type', 'application/schema+json; charset=utf-8');
        c.header('cache-control', 'public, max-age=3600');
        return c.body(JSON.stringify(payloadSchemas[key]));
      },
    );
  }
};
