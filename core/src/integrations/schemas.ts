import { z } from 'zod';
import { DELIVERY_STATUSES, INTEGRATION_EVENTS, SALESFORCE_AUTH_FLOWS, SALESFORCE_EVENTS } from '../model/integration.js';
import { LEAD_FIELD_NAME, leadSourceFieldProblem } from './lead-mapping.js';

/** Header names an admin may not use for the authentication token: they would break the request. */
export const RESERVED_HEADERS = new Set([
  'host',
  'content-length',
  'content-type',
  'transfer-encoding',
  'connection',
  'keep-alive',
  'upgrade',
  'te',
  'trailer',
  'expect',
  'user-agent',
  'webhook-id',
  'webhook-timestamp',
  'webhook-signature',
]);

const url = z.string().trim().min(1).max(2048);
/** A credential sent in a form body (Salesforce's): no control characters, which no credential holds. */
const secretText = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .regex(/^[\x20-\x7e\u0080-\uffff]+$/, { message: 'Must not contain control characters.' });
/**
 * A value sent as an HTTP header, checked when it is saved: a header carries Latin-1 bytes only, and
 * Node refuses to send anything else, so a token outside it would fail every delivery. Printable ASCII
 * and U+00A0–U+00FF; no control characters (CR/LF would split the request); no space at either end
 * (receivers strip it, so it could never match).
 */
const headerValue = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .regex(/^[\x20-\x7e\xa0-\xff]+$/, { message: 'Only printable Latin-1 characters can go in an HTTP header.' })
    .refine((s) => !/^[ \xa0]|[ \xa0]$/.test(s), { message: 'Must not start or end with a space.' });

const headerName = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/, { message: 'Must be an HTTP header name.' })
  .refine((h) => !RESERVED_HEADERS.has(h.toLowerCase()), { message: 'This header is set by Parley itself.' });

const version = z.number().int().nonnegative().optional();

const events = z.array(z.enum(INTEGRATION_EVENTS)).max(INTEGRATION_EVENTS.length);
const salesforceEvents = z.array(z.enum(SALESFORCE_EVENTS)).max(SALESFORCE_EVENTS.length);

const leadMapping = z.strictObject({
  leadField: z
    .string()
    .min(1)
    .max(100)
    .regex(LEAD_FIELD_NAME, { message: 'Must be a Lead field API name, e.g. LastName or Chat_Transcript__c.' }),
  source: z.union([
    z.strictObject({
      field: z
        .string()
        .min(1)
        .max(220)
        .superRefine((f, ctx) => {
          const problem = leadSourceFieldProblem(f);
          if (problem) ctx.addIssue({ code: 'custom', message: problem });
        }),
    }),
    z.strictObject({ value: z.union([z.string().max(1000), z.number(), z.boolean(), z.null()]) }),
  ]),
});

/** Input schemas of the integration API (they also describe the request bodies in the OpenAPI document). */
export const integrationSchemas = {
  openApiPut: z.strictObject({
    url: url
      .optional()
      .describe(
        'Where the POSTs go: https://host/path (plain http only to loopback, when the operator allows it); no spaces, control characters or credentials, no private or loopback address or name. Saved as its WHATWG serialisation.',
      ),
    enabled: z.boolean().optional(),
    events: events.optional().describe('Events to push; default `chat.finished` and `offline_request.created`.'),
    authHeader: headerName.optional().describe('Header that carries the authentication token (default `Authorization`).'),
    authToken: headerValue(1024)
      .nullable()
      .optional()
      .describe('Static token sent in `authHeader` (printable Latin-1, as any header value); null removes it; write-only.'),
    rotateSecret: z
      .boolean()
      .optional()
      .describe('Make a new signing secret (returned once); the old one keeps signing for the grace period.'),
    version,
  }),
  salesforcePut: z.strictObject({
    enabled: z.boolean().optional(),
    instanceUrl: url.optional().describe('The org’s My Domain URL, e.g. https://acme.my.salesforce.com.'),
    apiVersion: z
      .string()
      .regex(/^v\d{2,3}\.\d$/, { message: 'Like v62.0.' })
      .optional(),
    authFlow: z.enum(SALESFORCE_AUTH_FLOWS).optional(),
    clientId: z.string().trim().min(1).max(256).optional().describe('The Connected App’s consumer key.'),
    clientSecret: secretText(512).optional().describe('The Connected App’s consumer secret; write-only.'),
    refreshToken: secretText(2048).nullable().optional().describe('For the refresh_token flow; write-only.'),
    events: salesforceEvents.optional(),
    fieldMapping: z
      .array(leadMapping)
      .max(200)
      .superRefine((rows, ctx) => {
        // One value a Lead field: a second row for it (API names are case-insensitive) would leave which one wins unsaid.
        const seen = new Set<string>();
        rows.forEach((r, i) => {
          const key = r.leadField.toLowerCase();
          if (seen.has(key))
            ctx.addIssue({ code: 'custom', path: [i, 'leadField'], message: `${r.leadField} is mapped twice: keep one row for it.` });
          seen.add(key);
        });
      })
      .optional(),
    version,
  }),
  deliveryQuery: z.object({
    status: z.enum(DELIVERY_STATUSES).optional(),
    cursor: z.string().max(200).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  }),
};

export type OpenApiPutInput = z.input<typeof integrationSchemas.openApiPut>;
export type SalesforcePutInput = z.input<typeof integrationSchemas.salesforcePut>;
export type DeliveryQuery = z.input<typeof integrationSchemas.deliveryQuery>;
