import type { JsonSchema } from './api.js';

const str = { type: 'string' } as const;
const int = { type: 'integer' } as const;
const instant = { type: 'string', format: 'date-time' } as const;
const nullable = (s: JsonSchema): JsonSchema => ({ anyOf: [s, { type: 'null' }] });
const nstr = nullable(str);
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const obj = (properties: Record<string, unknown>, description?: string): JsonSchema => ({
  type: 'object',
  required: Object.keys(properties),
  properties,
  ...(description ? { description } : {}),
});

const anonymousAgentFields = {
  userId: str,
  name: str,
  status: { type: 'string', enum: ['online', 'paused', 'offline'] },
  since: nullable(instant),
  activeChats: { ...int, description: 'Open chats of the agent in every widget.' },
};
const agent = obj({
  ...anonymousAgentFields,
  reason: { ...nstr, description: 'The reason given with the status (`lunch`, `training`), or null.' },
});
/** A share link does not show the free-text reason of an agent's status. */
const anonymousAgent = obj(anonymousAgentFields);
const stats = obj({
  queued: { ...int, description: 'Every queued chat (the list may be cut at 500).' },
  active: int,
  online: int,
  paused: int,
  offline: int,
  longestWaitSeconds: int,
  availableSlots: {
    ...int,
    description:
      'Chats the widget’s online agents can still take: each one’s maximum (their own, else the widget’s) minus their open chats in every widget; an agent shared by several widgets counts in each.',
  },
});
const waiting = { ...int, description: 'Seconds waited at `generatedAt`; add the time since you received the view.' };
const duration = { ...int, description: 'Seconds since assignment at `generatedAt`.' };

/** Response schemas of the monitor routes (merged into the document's components). */
export const monitorComponentSchemas: Record<string, JsonSchema> = {
  MonitorVisitor: obj({
    name: nstr,
    email: nstr,
    city: nstr,
    region: nstr,
    country: nstr,
    countryCode: { ...nstr, description: 'ISO 3166-1 alpha-2.' },
    language: nstr,
    browser: nstr,
    os: nstr,
    pageUrl: nstr,
    customVariables: { type: 'object', additionalProperties: str },
  }),
  MonitorView: obj(
    {
      generatedAt: instant,
      widgets: {
        type: 'array',
        description: 'In the viewer’s layout order (PUT /api/v1/monitor/layout); widgets not in it follow by name.',
        items: obj({
          id: str,
          name: str,
          queue: {
            type: 'array',
            description: 'Chats waiting, oldest first.',
            items: obj({ chatId: str, queuedAt: instant, waitingSeconds: waiting, question: str, visitor: ref('MonitorVisitor') }),
          },
          active: {
            type: 'array',
            description: 'Chats in progress, longest-running first.',
            items: obj({
              chatId: str,
              agentId: str,
              agentName: nstr,
              assignedAt: instant,
              durationSeconds: duration,
              question: str,
              visitor: ref('MonitorVisitor'),
              transcriptUrl: { ...str, description: 'GET it (signed in) for the transcript.' },
            }),
          },
          agents: { type: 'array', description: 'The widget’s agents: online, then paused, then offline.', items: agent },
          stats,
        }),
      },
    },
    'The live chat monitor of an account (supervisors, admins, owners).',
  ),
  AnonymousMonitorView: obj(
    {
      generatedAt: instant,
      widgets: {
        type: 'array',
        items: obj({
          id: str,
          name: str,
          queue: {
            type: 'array',
            items: obj({ chatId: str, queuedAt: instant, waitingSeconds: waiting, visitor: obj({ countryCode: nstr }) }),
          },
          active: {
            type: 'array',
            items: obj({
              chatId: str,
              agentId: str,
              agentName: nstr,
              assignedAt: instant,
              durationSeconds: duration,
              visitor: obj({ countryCode: nstr }),
            }),
          },
          agents: { type: 'array', items: anonymousAgent },
          stats,
        }),
      },
    },
    'What a share link shows: the MonitorView with every visitor detail but the country code removed, and no messages or transcript links (an allow-list; see docs/ARCHITECTURE.md).',
  ),
  MonitorLayout: obj({
    widgetIds: { type: 'array', items: str, description: 'Every widget of the account, top first.' },
    version: { ...int, description: '0 until an order is saved; send it back (If-Match or `version`).' },
    updatedAt: nullable(instant),
  }),
  MonitorShareLink: obj({
    id: str,
    accountId: str,
    label: str,
    widgetIds: { ...nullable({ type: 'array', items: str }), description: 'null: every widget, including ones created later.' },
    createdAt: instant,
    createdBy: str,
    expiresAt: nullable(instant),
    revokedAt: nullable(instant),
    revokedBy: nstr,
    state: { type: 'string', enum: ['active', 'expired', 'revoked'] },
  }),
  CreatedMonitorShareLink: obj({
    link: ref('MonitorShareLink'),
    token: { ...str, description: 'Shown once; only its SHA-256 is stored.' },
    url: { ...str, description: 'Path of the shared monitor page on this server: /monitor/s/<token>.' },
  }),
};
