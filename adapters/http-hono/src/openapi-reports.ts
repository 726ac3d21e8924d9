import type { JsonSchema } from './api.js';

const count = { type: 'integer', minimum: 0 } as const;
const durationStats: JsonSchema = {
  anyOf: [
    {
      type: 'object',
      required: ['count', 'avg', 'p90'],
      properties: {
        count: { ...count, description: 'Chats measured.' },
        avg: { ...count, description: 'Average, in seconds.' },
        p90: { ...count, description: '90th percentile (nearest rank), in seconds.' },
      },
    },
    { type: 'null' },
  ],
  description: 'Null when no chat was measured.',
};
const satisfactionStats: JsonSchema = {
  anyOf: [
    {
      type: 'object',
      required: ['rated', 'average', 'satisfied'],
      properties: {
        rated: { ...count, description: 'Chats an agent took that the visitor rated after they ended.' },
        average: {
          type: 'number',
          minimum: 1,
          maximum: 5,
          description: 'Their average rating, 1 (poor) to 5 (excellent), to one decimal.',
        },
        satisfied: { ...count, description: 'Ratings of 4 or 5.' },
      },
    },
    { type: 'null' },
  ],
  description: 'The visitors’ ratings; null when nobody rated.',
};
const metrics = {
  chats: { ...count, description: 'Live chats asked for.' },
  offlineRequests: { ...count, description: 'Messages left while nobody was available.' },
  answered: { ...count, description: 'Chats an agent replied in.' },
  missed: { ...count, description: 'Chats that ended without an agent’s reply: no agent took them, or the one who did never wrote.' },
  abandoned: { ...count, description: 'Chats the visitor left, taken or not.' },
  wait: { ...durationStats, description: 'From entering the queue to an agent taking it (chats an agent took).' },
  firstResponse: { ...durationStats, description: 'From the visitor’s first message to the agent’s first reply.' },
  duration: { ...durationStats, description: 'From an agent taking the chat to its end.' },
  satisfaction: satisfactionStats,
} as const;
const metricNames = Object.keys(metrics);
const row = (extra: Record<string, JsonSchema>): JsonSchema => ({
  type: 'object',
  required: [...Object.keys(extra), ...metricNames],
  properties: { ...extra, ...metrics },
});
const nullableName = { anyOf: [{ type: 'string' }, { type: 'null' }], description: 'Null when the user or widget no longer exists.' };

/** Response schemas of the report routes (merged into the document's components). */
export const reportComponentSchemas: Record<string, JsonSchema> = {
  ChatReport: {
    type: 'object',
    required: ['from', 'to', 'timeZone', 'widgetId', 'totals', 'days', 'agents', 'widgets'],
    properties: {
      from: { type: 'string', format: 'date' },
      to: { type: 'string', format: 'date' },
      timeZone: { type: 'string' },
      widgetId: { anyOf: [{ type: 'string' }, { type: 'null' }] },
      totals: row({}),
      days: { type: 'array', items: row({ date: { type: 'string', format: 'date' } }), description: 'Every day of the range, in order.' },
      agents: {
        type: 'array',
        items: row({ agentId: { type: 'string' }, name: nullableName }),
        description: 'Agents who took a chat, most chats first.',
      },
      widgets: {
        type: 'array',
        items: row({ widgetId: { type: 'string' }, name: nullableName }),
        description: 'Widgets with chats, most first.',
      },
    },
  },
};
