import { AUDIT_TYPES, INPUT_LIMITS } from '@parley/core';
import type { Api, JsonSchema } from './api.js';
import { compatibleComponentSchemas } from './openapi-compatible.js';
import { consoleComponentSchemas } from './openapi-console.js';
import { reportComponentSchemas } from './openapi-reports.js';
import { PROBLEM_BASE } from './problem.js';
import { chatComponentSchemas } from './openapi-chat.js';
import { monitorComponentSchemas } from './openapi-monitor.js';
import { securityComponentSchemas } from './openapi-security.js';
import { integrationComponentSchemas, integrationWebhooks } from './openapi-integrations.js';

const str = { type: 'string' } as const;
const instant = { type: 'string', format: 'date-time' } as const;
const nullable = (s: JsonSchema): JsonSchema => ({ anyOf: [s, { type: 'null' }] });

/** Response schemas shared by the routes. */
export const componentSchemas: Record<string, JsonSchema> = {
  Problem: {
    type: 'object',
    description: `RFC 9457 problem details. \`code\` is stable; \`type\` is ${PROBLEM_BASE}<code>.`,
    required: ['type', 'title', 'status', 'code'],
    properties: {
      type: str,
      title: str,
      status: { type: 'integer' },
      code: str,
      detail: str,
      instance: str,
      errors: {
        type: 'array',
        items: {
          type: 'object',
          required: ['code', 'message'],
          properties: { path: { ...str, description: 'JSON Pointer into the input' }, code: str, message: str },
        },
      },
    },
  },
  Account: {
    type: 'object',
    required: ['id', 'name', 'plan', 'settings', 'createdAt', 'updatedAt', 'version'],
    properties: {
      id: str,
      name: str,
      plan: { type: 'string', enum: ['free', 'basic', 'plus', 'premier', 'unlimited', 'enterprise'] },
      settings: {
        type: 'object',
        properties: { timezone: str, auditRetentionDays: nullable({ type: 'integer' }), chatRetentionDays: nullable({ type: 'integer' }) },
      },
      createdAt: instant,
      updatedAt: instant,
      version: { type: 'integer' },
    },
  },
  Server: {
    type: 'object',
    required: ['mail'],
    properties: { mail: { ...nullable({ type: 'boolean' }), description: 'Sends e-mail; null: not known.' } },
  },
  User: {
    type: 'object',
    required: ['id', 'accountId', 'email', 'name', 'role', 'status', 'version'],
    description:
      'Owners and admins, and each user about themselves, get the account state too (`lastLoginAt`, `locked`, `lockedUntil`, the password and invitation fields); agents and supervisors get only who a colleague is.',
    properties: {
      id: str,
      accountId: str,
      email: { type: 'string', format: 'email' },
      name: str,
      role: { type: 'string', enum: ['owner', 'admin', 'supervisor', 'agent'] },
      status: { type: 'string', enum: ['active', 'deactivated'] },
      lastLoginAt: nullable(instant),
      locked: { type: 'boolean' },
      lockedUntil: {
        ...nullable(instant),
        description:
          'While `locked`: when the lock ends by itself; null when it lasts until an owner or admin unlocks. Absent when not locked.',
      },
      passwordExpired: {
        type: 'boolean',
        description:
          'The password must be replaced at the next sign-in (older than the maximum age, or set before the requirements were raised). Given by the users list and `GET /api/v1/users/{id}`.',
      },
      passwordExpiresAt: { ...nullable(instant), description: 'When the password expires by age; null when passwords do not age.' },
      invitationExpiresAt: {
        ...nullable(instant),
        description:
          'Until when the invitation mailed to the user (to choose their password) can be taken; null once taken or expired, or when none was sent. Given by the users list and `GET /api/v1/users/{id}`.',
      },
      maxConcurrentChats: {
        ...nullable({ type: 'integer', minimum: INPUT_LIMITS.maxConcurrentChats.min, maximum: INPUT_LIMITS.maxConcurrentChats.max }),
        description: 'How many chats the user takes at once in every widget, overriding the widgets’ maximum; null: each widget’s.',
      },
      createdAt: instant,
      updatedAt: instant,
      version: { type: 'integer' },
    },
  },
  Widget: {
    type: 'object',
    required: ['id', 'accountId', 'name', 'settings', 'agentIds', 'version'],
    properties: {
      id: str,
      accountId: str,
      name: str,
      settings: {
        type: 'object',
        properties: {
          maxConcurrentChats: {
            type: 'integer',
            minimum: INPUT_LIMITS.maxConcurrentChats.min,
            maximum: INPUT_LIMITS.maxConcurrentChats.max,
            description: 'Each agent’s maximum of open chats, unless the agent has their own.',
          },
          maxQueueSize: {
            ...nullable({ type: 'integer', minimum: INPUT_LIMITS.maxQueueSize.min, maximum: INPUT_LIMITS.maxQueueSize.max }),
            description:
              'How many chats may wait; when that many wait and nobody can take one, a new request becomes an offline request (or 503 when the offline form is off) and the availability says `queueFull`. Null: unbounded.',
          },
          businessHours: {
            ...nullable({
              type: 'object',
              required: ['timezone', 'days', 'holidays'],
              properties: {
                timezone: { type: 'string', description: 'IANA time zone (`Europe/Berlin`), stored under its canonical name.' },
                days: {
                  type: 'object',
                  description:
                    'Per weekday (`mon` … `sun`) up to 8 intervals that do not overlap, in the zone’s wall-clock time; a missing day is closed.',
                  additionalProperties: {
                    type: 'array',
                    items: {
                      type: 'object',
                      required: ['from', 'to'],
                      properties: {
                        from: { type: 'string', pattern: '^([01]\\d|2[0-3]):[0-5]\\d$', description: 'Opening time, inclusive.' },
                        to: { type: 'string', description: 'Closing time, exclusive; `24:00` for midnight.' },
                      },
                    },
                  },
                },
                holidays: { type: 'array', items: { type: 'string', format: 'date' }, description: 'Closed local dates (YYYY-MM-DD).' },
              },
            }),
            description:
              'Outside these hours the widget is offline (availability and chat start), across daylight-saving changes. Null: always open.',
          },
          offlineForm: { type: 'object', properties: { enabled: { type: 'boolean' }, alwaysOffline: { type: 'boolean' } } },
          preChat: {
            type: 'object',
            properties: {
              askName: { type: 'string', enum: ['off', 'optional', 'required'] },
              askEmail: { type: 'string', enum: ['off', 'optional', 'required'] },
            },
          },
          greeting: str,
          language: str,
          appearance: { $ref: '#/components/schemas/WidgetAppearance' },
          allowedOrigins: {
            type: 'array',
            maxItems: 50,
            items: { ...str, examples: ['https://shop.example.com'] },
            description:
              'The sites that may embed the widget: exact origins, stored normalised (lower case, no default port, no trailing slash). Empty: any site. Pages of other sites cannot frame it, and their requests to the visitor routes get 403 `origin_not_allowed`.',
          },
          requireLabelToClose: {
            type: 'boolean',
            description: 'Agents cannot close a chat without a label (409 `label_required`); visitors and the system still can.',
          },
          closeInactiveAfterMinutes: {
            ...nullable({
              type: 'integer',
              minimum: INPUT_LIMITS.closeInactiveAfterMinutes.min,
              maximum: INPUT_LIMITS.closeInactiveAfterMinutes.max,
            }),
            description:
              'An open chat with no activity (message, note, label, page view, the visitor leaving or returning) for this many minutes closes by itself, as the system (`chat.closed` with `inactiveMinutes`), so its agent’s place goes to the queue. Null: never.',
          },
          notifyEmails: {
            type: 'array',
            maxItems: 20,
            items: { type: 'string', format: 'email' },
            description: 'Who gets each offline request by e-mail, Reply-To the visitor, so the team answers from their own mail client.',
          },
          transcriptToTeam: { type: 'boolean', description: 'Whether `notifyEmails` also get the transcript of every chat that ends.' },
          blockedVisitors: {
            type: 'array',
            maxItems: 200,
            items: { ...str, examples: ['203.0.113.7', '198.51.100.*', '2001:db8::/32'] },
            description:
              'Visitors the widget takes nothing from: IP addresses, wildcards or CIDR ranges (as access rules). A matching visitor starting a chat or leaving an offline request gets 403 `visitor_blocked`. Agents add their chat’s visitor with `POST /api/v1/chats/{id}/block-visitor`.',
          },
          proactiveRules: {
            type: 'array',
            maxItems: 20,
            items: { $ref: '#/components/schemas/ProactiveRule' },
            description:
              'Invitations the widget shows by itself: of those that apply, the one whose delay ends first (the earlier rule on a tie). In a patch, the rules replace the old ones whole, and left-out fields take their defaults (0 seconds, 0 pages, no patterns, only when agents are online).',
          },
        },
      },
      agentIds: { type: 'array', items: str },
      createdAt: instant,
      updatedAt: instant,
      version: { type: 'integer' },
    },
  },
  FieldChange: {
    type: 'object',
    required: ['path'],
    description:
      'One changed field. `path` is an RFC 6901 JSON Pointer into the changed object; arrays are recorded whole. A missing `from` means the field was added, a missing `to` that it was removed. Secrets carry only `redacted: true`.',
    properties: { path: str, from: {}, to: {}, redacted: { type: 'boolean', const: true } },
  },
  AuditEntry: {
    type: 'object',
    required: ['id', 'seq', 'createdAt', 'actor', 'type', 'action', 'targetType', 'targetId', 'changes', 'revertible', 'hash', 'prevHash'],
    properties: {
      id: str,
      accountId: str,
      seq: { type: 'integer', description: 'Position in the account’s hash chain (1, 2, 3…).' },
      createdAt: instant,
      actor: {
        type: 'object',
        properties: {
          kind: { type: 'string', enum: ['user', 'system', 'api_token'] },
          userId: nullable(str),
          email: nullable(str),
          ip: nullable(str),
          userAgent: nullable(str),
          apiTokenId: { ...str, description: 'For `api_token`: the token’s id.' },
        },
      },
      type: { type: 'string', enum: [...AUDIT_TYPES] },
      action: { ...str, examples: ['widget.updated', 'user.role_changed', 'widget.agents_changed'] },
      targetType: str,
      targetId: str,
      widgetId: nullable(str),
      changes: { type: 'array', items: { $ref: '#/components/schemas/FieldChange' } },
      revertOf: nullable(str),
      revertible: { type: 'boolean' },
      prevHash: str,
      hash: { ...str, description: 'SHA-256 over the canonical JSON of the entry and prevHash.' },
    },
  },
};

/** `{items, nextCursor}` of the named schema. */
export const pageOf = (name: string): JsonSchema => ({
  type: 'object',
  required: ['items', 'nextCursor'],
  properties: { items: { type: 'array', items: { $ref: `#/components/schemas/${name}` } }, nextCursor: nullable(str) },
});

/** The OpenAPI 3.1 document of every route registered on `api`. */
export const buildOpenApiDocument = (api: Api, version: string): JsonSchema => ({
  openapi: '3.1.0',
  info: {
    title: 'Parley API',
    version,
    description:
      'Live chat for customer support and sales teams. Errors are RFC 9457 problem+json with a stable `code`. Lists answer `{items, nextCursor}`; pass `cursor` to continue. Updates honour `If-Match` (or a `version` field): a stale version gets 412 and changes nothing. While the database cannot be reached, routes that need it answer 503 `storage_unavailable` with `Retry-After` and change nothing. Text must be well-formed Unicode: a string or property name holding a lone surrogate (`\\ud800` without its pair) gets 400 `validation_failed` with an `ill_formed_unicode` error at its JSON Pointer, and nothing is saved. Names people see are normalised before they are checked and stored (see each field).',
  },
  servers: [{ url: '/' }],
  components: {
    securitySchemes: {
      bearer: { type: 'http', scheme: 'bearer', description: 'The token from POST /api/v1/auth/login.' },
      cookie: { type: 'apiKey', in: 'cookie', name: 'parley_session' },
      visitorToken: {
        type: 'http',
        scheme: 'bearer',
        description: 'The visitorToken from POST /api/v1/widgets/{id}/chats; this chat only.',
      },
      queryToken: {
        type: 'apiKey',
        in: 'query',
        name: 'token',
        description: 'A bearer or visitor token, for EventSource streams (which cannot set headers).',
      },
      apiToken: {
        type: 'apiKey',
        in: 'header',
        name: 'Authorization',
        description:
          'An account API token (POST /api/v1/account/api-tokens), as it is (as the commercial service’s APIs take it) or after `Bearer `. It opens only the compatible APIs under /api/v2/{accountId}.',
      },
    },
    schemas: {
      ...componentSchemas,
      ...chatComponentSchemas,
      ...monitorComponentSchemas,
      ...securityComponentSchemas,
      ...integrationComponentSchemas,
      ...consoleComponentSchemas,
      ...compatibleComponentSchemas,
      ...reportComponentSchemas,
    },
  },
  paths: api.paths,
  webhooks: integrationWebhooks,
});
