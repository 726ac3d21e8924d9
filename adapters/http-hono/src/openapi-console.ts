import type { JsonSchema } from './api.js';

const str = { type: 'string' } as const;
const instant = { type: 'string', format: 'date-time' } as const;

/** Response schemas of the canned-response and label routes (merged into the document's components). */
export const consoleComponentSchemas: Record<string, JsonSchema> = {
  CannedResponse: {
    type: 'object',
    required: ['id', 'accountId', 'shortcut', 'title', 'text', 'widgetId', 'createdAt', 'updatedAt', 'version'],
    properties: {
      id: str,
      accountId: str,
      shortcut: { ...str, description: 'Without `#`, in lower case; unique per account and scope (the widget, or account-wide).' },
      title: str,
      text: { ...str, description: 'As written: `{visitor.name}` and `{agent.name}` are left for the agent console to fill in.' },
      widgetId: { anyOf: [str, { type: 'null' }], description: 'The widget it is for; null for every widget of the account.' },
      createdAt: instant,
      updatedAt: instant,
      version: { type: 'integer' },
    },
  },
  Label: {
    type: 'object',
    required: ['id', 'accountId', 'name', 'color', 'createdAt', 'updatedAt', 'version'],
    properties: {
      id: str,
      accountId: str,
      name: { ...str, description: 'Unique per account without regard to case.' },
      color: { ...str, pattern: '^#[0-9a-f]{6}$' },
      createdAt: instant,
      updatedAt: instant,
      version: { type: 'integer' },
    },
  },
};
