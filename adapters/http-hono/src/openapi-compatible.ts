import { z } from 'zod';
import { logsCaseSchema } from '@parley/core';
import type { JsonSchema } from './api.js';

const str = { type: 'string' } as const;
const int = { type: 'integer' } as const;
const bool = { type: 'boolean' } as const;
const instant = { type: 'string', format: 'date-time' } as const;
const nullable = (s: JsonSchema): JsonSchema => ({ anyOf: [s, { type: 'null' }] });
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const obj = (properties: Record<string, unknown>, description?: string): JsonSchema => ({
  type: 'object',
  required: Object.keys(properties),
  properties,
  ...(description ? { description } : {}),
});

const logsCase = (() => {
  const { $schema: _drop, ...rest } = z.toJSONSchema(logsCaseSchema, { io: 'output', unrepresentable: 'any' }) as JsonSchema;
  return rest;
})();

/** Response schemas of the API tokens and the compatible APIs (merged into the document's components). */
export const compatibleComponentSchemas: Record<string, JsonSchema> = {
  ApiToken: obj(
    {
      id: str,
      label: str,
      createdAt: instant,
      lastUsedAt: {
        ...nullable(instant),
        description: 'When a request last came with it (recorded at most once a minute); null until then.',
      },
      createdBy: { ...str, description: 'The owner or admin who created it.' },
      scope: {
        type: 'string',
        enum: ['read', 'full'],
        description: '`read`: GET/HEAD on `/api/v1`; `full`: also the compatible APIs’ writes.',
      },
      expiresAt: { ...nullable(instant), description: 'When it stops working (401 `token_expired`); null: until revoked.' },
    },
    'An account API token, never its secret.',
  ),
  CreatedApiToken: obj({
    token: ref('ApiToken'),
    secret: {
      ...str,
      description:
        'The token itself: shown this once, only its SHA-256 is kept. Send it as `Authorization: <secret>` (or `Bearer <secret>`).',
    },
  }),
  LogsCase: logsCase,
  LogsPage: obj(
    {
      cases: { type: 'array', items: ref('LogsCase'), description: 'At most 100, newest first.' },
      linkToNextSetOfResults: {
        ...nullable(str),
        description: 'The URL of the next page (the same query with `next`); null on the last page.',
      },
      next: { ...nullable(str), description: 'Where this page ended: pass it as `next` for the following page; null on the last page.' },
    },
    'One page of the Logs API.',
  ),
  AgentStatusByEmail: obj({
    email: str,
    userId: str,
    status: { type: 'string', enum: ['online', 'paused', 'offline'] },
    reason: { ...nullable(str), description: 'The pause reason given with the status (`lunch`), or null.' },
    since: { ...nullable(instant), description: 'Since when the status holds; null for an agent who never set one.' },
    activeChats: { ...int, description: 'The agent’s open chats.' },
  }),
  VisitorChat: obj(
    {
      widgetId: str,
      online: { ...bool, description: 'A chat can start now (it may wait in the queue); false: only an offline request can be left.' },
      mode: {
        type: 'string',
        enum: ['available', 'busy', 'offline'],
        description: 'Parley’s own word for it: see GET /api/v1/widgets/{id}/availability.',
      },
      emailRequired: {
        ...bool,
        description: 'The visitor must give an e-mail: as the pre-chat form asks, and always for an offline request.',
      },
      nameRequired: { ...bool, description: 'The visitor must give a name (the pre-chat form’s setting).' },
      messageRequired: { ...bool, description: 'Always true: chats and offline requests start with the visitor’s message.' },
      screenshotRequired: { ...bool, description: 'Always false: Parley has no screenshots.' },
      offlineFormEnabled: { ...bool, description: 'The offline form is shown when nobody is online.' },
    },
    'A widget’s availability in the shape of the commercial service’s Visitor Chat API.',
  ),
};
