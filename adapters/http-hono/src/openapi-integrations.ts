import {
  conversationEventV1Schema,
  DELIVERY_EVENTS,
  DELIVERY_STATUSES,
  DELIVERY_TARGETS,
  INTEGRATION_EVENTS,
  LEAD_SOURCE_FIELDS,
  payloadJsonSchema,
  SALESFORCE_AUTH_FLOWS,
  SALESFORCE_EVENTS,
  supportRequestV1Schema,
} from '@parley/core';
import type { JsonSchema } from './api.js';

const str = { type: 'string' } as const;
const instant = { type: 'string', format: 'date-time' } as const;
const nullable = (s: JsonSchema): JsonSchema => ({ anyOf: [s, { type: 'null' }] });

/** Where the payload schemas are published (`GET /api/v1/schemas/<name>`). */
export const SCHEMA_PATHS = {
  supportRequest: '/api/v1/schemas/support-request.v1.json',
  conversationEvent: '/api/v1/schemas/conversation-event.v1.json',
} as const;

/** The payload schemas as standalone JSON Schema documents (draft 2020-12). */
export const payloadSchemas = {
  supportRequest: payloadJsonSchema(supportRequestV1Schema, `https://parley.dev/schemas/support-request.v1.json`),
  conversationEvent: payloadJsonSchema(conversationEventV1Schema, `https://parley.dev/schemas/conversation-event.v1.json`),
};

/** The same schemas as OpenAPI components (without the `$schema`/`$id` of a standalone document). */
const component = (s: Record<string, unknown>): JsonSchema => {
  const { $schema: _s, $id: _i, ...rest } = s;
  return rest;
};

const SIGNATURE_HEADERS = [
  {
    name: 'webhook-id',
    in: 'header',
    required: true,
    schema: str,
    description: 'The delivery’s id; the same across retries and redeliveries: deduplicate on it.',
  },
  {
    name: 'webhook-timestamp',
    in: 'header',
    required: true,
    schema: str,
    description: 'Seconds since the Unix epoch when this try was signed.',
  },
  {
    name: 'webhook-signature',
    in: 'header',
    required: true,
    schema: str,
    description:
      'Space-separated `v1,<base64 HMAC-SHA256 of "<webhook-id>.<webhook-timestamp>.<body>">` signatures, keyed with the bytes after `whsec_` of the signing secret (Standard Webhooks). During a rotation’s grace period there are two.',
  },
];

const webhook = (summary: string, description: string, schema: string) => ({
  post: {
    summary,
    description,
    parameters: SIGNATURE_HEADERS,
    requestBody: { required: true, content: { 'application/json': { schema: { $ref: `#/components/schemas/${schema}` } } } },
    responses: {
      '2XX': {
        description: 'Received. Anything else is retried (about three days, exponential backoff), except 410 Gone, which stops for good.',
      },
    },
  },
});

/** OpenAPI 3.1 `webhooks`: what Parley POSTs to an Open API integration's URL. */
export const integrationWebhooks: JsonSchema = {
  supportRequest: webhook(
    'A support request (finished chat, offline request, started chat)',
    `Sent for the events \`chat.finished\`, \`offline_request.created\` and \`chat.started\`. JSON Schema: ${SCHEMA_PATHS.supportRequest}.`,
    'SupportRequestV1',
  ),
  conversationEvent: webhook(
    'A conversation event (queued, assigned, responded, transferred, closed, labeled, surveyed) or an agent status change',
    `Sent for the conversation events an admin chose. JSON Schema: ${SCHEMA_PATHS.conversationEvent}.`,
    'ConversationEventV1',
  ),
};

const leadMapping: JsonSchema = {
  type: 'object',
  required: ['leadField', 'source'],
  properties: {
    leadField: { ...str, description: 'The Lead field’s API name: `LastName`, `Chat_Transcript__c`...' },
    source: {
      description: `Either \`{field}\` (one of ${LEAD_SOURCE_FIELDS.join(', ')}, or \`javascript_variables.<name>\`) or \`{value}\` (a fixed value).`,
      oneOf: [
        { type: 'object', required: ['field'], properties: { field: str } },
        { type: 'object', required: ['value'], properties: { value: { type: ['string', 'number', 'boolean', 'null'] } } },
      ],
    },
  },
};

const delivery: JsonSchema = {
  type: 'object',
  required: ['id', 'widgetId', 'target', 'eventType', 'status', 'attempts', 'createdAt', 'test'],
  properties: {
    id: { ...str, description: 'The `webhook-id` receivers see; stable across retries.' },
    test: { type: 'boolean', description: 'A test event (`POST …/open-api/test`), not a real one: its request id starts with `test-`.' },
    accountId: str,
    widgetId: str,
    target: {
      type: 'string',
      enum: [...DELIVERY_TARGETS],
      description: '`email`: a mail of the widget (offline request, transcript), sent over the server’s SMTP connection.',
    },
    eventType: { type: 'string', enum: [...DELIVERY_EVENTS] },
    status: {
      type: 'string',
      enum: [...DELIVERY_STATUSES],
      description:
        '`failed`: the retry schedule ran out, or the mail server refused a mail for good (5xx); `dead`: 410 Gone, or the integration is disabled or gone; `skipped`: a mail the server had no mail transport for (no `PARLEY_SMTP_URL`). All three can be redelivered.',
    },
    attempts: { type: 'integer', description: 'Tries since it was queued or last redelivered.' },
    nextAttemptAt: nullable(instant),
    lastError: nullable(str),
    lastStatus: nullable({ type: 'integer' }),
    claimedBy: nullable(str),
    claimUntil: nullable(instant),
    createdAt: instant,
    updatedAt: instant,
  },
};

/** Response schemas of the integration routes and the payloads. */
export const integrationComponentSchemas: Record<string, JsonSchema> = {
  OpenApiIntegration: {
    type: 'object',
    required: ['widgetId', 'configured', 'url', 'enabled', 'events', 'authHeader', 'authTokenSet', 'version'],
    properties: {
      widgetId: str,
      configured: { type: 'boolean', description: 'False until the first PUT.' },
      url: nullable(str),
      enabled: { type: 'boolean' },
      events: { type: 'array', items: { type: 'string', enum: [...INTEGRATION_EVENTS] } },
      authHeader: str,
      authTokenSet: { type: 'boolean', description: 'Whether a static token is sent (it is never shown).' },
      previousSecretExpiresAt: { ...nullable(instant), description: 'While the rotated-out secret still signs: until when.' },
      createdAt: nullable(instant),
      updatedAt: nullable(instant),
      version: { type: 'integer' },
      secret: { ...str, description: 'Only in the answer that created or rotated it: the signing secret (`whsec_...`), shown once.' },
    },
  },
  SalesforceIntegration: {
    type: 'object',
    required: [
      'widgetId',
      'configured',
      'enabled',
      'instanceUrl',
      'authFlow',
      'clientId',
      'clientSecretSet',
      'events',
      'fieldMapping',
      'sourceFields',
      'version',
    ],
    properties: {
      widgetId: str,
      configured: { type: 'boolean' },
      enabled: { type: 'boolean' },
      instanceUrl: nullable(str),
      apiVersion: str,
      authFlow: { type: 'string', enum: [...SALESFORCE_AUTH_FLOWS] },
      clientId: nullable(str),
      clientSecretSet: { type: 'boolean' },
      refreshTokenSet: { type: 'boolean' },
      events: { type: 'array', items: { type: 'string', enum: [...SALESFORCE_EVENTS] } },
      fieldMapping: { type: 'array', items: leadMapping },
      sourceFields: {
        type: 'array',
        items: { type: 'string', enum: [...LEAD_SOURCE_FIELDS] },
        description: 'The support-request fields a mapping may read (besides `javascript_variables.<name>`), for editors to offer.',
      },
      createdAt: nullable(instant),
      updatedAt: nullable(instant),
      version: { type: 'integer' },
    },
  },
  SalesforceCheck: {
    type: 'object',
    required: ['ok', 'status', 'latencyMs', 'error', 'leadFields'],
    properties: {
      ok: { type: 'boolean', description: 'A token was granted and the Lead object described.' },
      status: { ...nullable({ type: 'integer' }), description: 'HTTP status of the last request; null when no answer came.' },
      latencyMs: { type: 'integer' },
      error: { ...nullable(str), description: 'Why it failed (`Salesforce token request failed: …`); null when it worked.' },
      leadFields: { ...nullable({ type: 'array', items: str }), description: 'API names of the Lead fields records may be created with.' },
    },
  },
  Delivery: delivery,
  DeliveryDetail: {
    ...delivery,
    properties: {
      ...(delivery.properties as Record<string, unknown>),
      payload: { type: 'object', description: 'What is (or was) sent: a SupportRequestV1 or ConversationEventV1.' },
      attemptLog: {
        type: 'array',
        items: {
          type: 'object',
          properties: {
            id: str,
            startedAt: instant,
            latencyMs: { type: 'integer' },
            status: nullable({ type: 'integer' }),
            ok: { type: 'boolean' },
            error: nullable(str),
            responseSnippet: { ...nullable(str), description: 'The first KiB of the answer.' },
            workerId: str,
          },
        },
      },
    },
  },
  SupportRequestV1: component(payloadSchemas.supportRequest),
  ConversationEventV1: component(payloadSchemas.conversationEvent),
};
