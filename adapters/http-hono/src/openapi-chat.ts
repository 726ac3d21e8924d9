import { CHAT_EVENT_TYPES, INPUT_LIMITS } from '@parley/core';
import type { JsonSchema } from './api.js';

const str = { type: 'string' } as const;
const instant = { type: 'string', format: 'date-time' } as const;
const nullable = (s: JsonSchema): JsonSchema => ({ anyOf: [s, { type: 'null' }] });
const nstr = nullable(str);

/** Response schemas of the chat routes (merged into the document's components). */
export const chatComponentSchemas: Record<string, JsonSchema> = {
  VisitorExport: {
    type: 'object',
    required: ['exportedAt', 'email', 'visitorKey', 'chats'],
    description: 'Everything stored of one visitor (`POST /api/v1/chats/export-visitor`).',
    properties: {
      exportedAt: instant,
      email: { ...nstr, description: 'The e-mail address asked for, in lower case; null when only a browser key was given.' },
      visitorKey: { ...nstr, description: 'The browser key asked for; null when only an e-mail address was given.' },
      chats: {
        type: 'array',
        items: {
          allOf: [
            { $ref: '#/components/schemas/LogsCase' },
            {
              type: 'object',
              required: ['pages_viewed'],
              properties: {
                pages_viewed: {
                  type: 'array',
                  description:
                    'The pages of the site the visitor opened during the chat, oldest first, after the one it began on (`page_url`).',
                  items: { type: 'object', required: ['url', 'date'], properties: { url: str, date: instant } },
                },
              },
            },
          ],
        },
        description: 'Their chats and offline requests, queued and open ones too, oldest first; transcripts without the team’s notes.',
      },
    },
  },
  WidgetAvailability: {
    type: 'object',
    required: ['widgetId', 'available', 'mode', 'queued'],
    properties: {
      widgetId: str,
      available: { type: 'boolean', description: 'An agent can take a chat right now.' },
      mode: { type: 'string', enum: ['available', 'busy', 'offline'], description: '`offline`: show the offline form.' },
      queued: { type: 'integer' },
      queueFull: { type: 'boolean', description: 'The queue holds `maxQueueSize` chats and nobody can take another: `mode` is `offline`.' },
      outsideBusinessHours: { type: 'boolean', description: 'The widget is outside its business hours: `mode` is `offline`.' },
    },
  },
  TransferWidget: {
    type: 'object',
    required: ['widgetId', 'name', 'availability'],
    description: 'A widget a chat may be transferred to (`POST /api/v1/chats/{id}/transfer` with `widgetId`).',
    properties: { widgetId: str, name: str, availability: { $ref: '#/components/schemas/WidgetAvailability' } },
  },
  WidgetAppearance: {
    type: 'object',
    required: ['color', 'position', 'launcherText'],
    properties: {
      color: { type: 'string', pattern: '^#[0-9a-f]{6}$', description: 'The accent colour, #rrggbb.' },
      position: { type: 'string', enum: ['right', 'left'], description: 'The side of the page the chat button sits on.' },
      launcherText: { type: 'string', maxLength: INPUT_LIMITS.launcherText, description: 'The chat button’s text.' },
    },
  },
  ProactiveRule: {
    type: 'object',
    required: ['id', 'message', 'delaySeconds', 'minPagesViewed', 'urlPattern', 'referrerPattern', 'onlyWhenAgentsOnline'],
    description:
      'An invitation the widget shows by itself, as an agent’s message with the panel opening: at most once per visit (a browser tab’s session), never while a chat or the window is open, and no other after the visitor answered or closed one. Of the rules that apply, the one whose delay ends first shows (the earlier rule on a tie). Public: the widget’s config carries the rules.',
    properties: {
      id: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,64}$', description: 'Unique within the widget.' },
      message: { type: 'string', maxLength: INPUT_LIMITS.invitation, description: 'The invitation.' },
      delaySeconds: {
        type: 'integer',
        minimum: INPUT_LIMITS.invitationDelaySeconds.min,
        maximum: INPUT_LIMITS.invitationDelaySeconds.max,
        description: 'Seconds on the page before it shows.',
      },
      minPagesViewed: {
        type: 'integer',
        minimum: INPUT_LIMITS.invitationPagesViewed.min,
        maximum: INPUT_LIMITS.invitationPagesViewed.max,
        description: 'Pages of the site viewed this visit, the current one included.',
      },
      urlPattern: {
        ...nstr,
        description: 'Glob matched against the whole page URL (`*`: any characters, case-sensitive); null: every page.',
      },
      referrerPattern: { ...nstr, description: 'Glob matched against the whole referrer URL; null: any referrer or none.' },
      onlyWhenAgentsOnline: { type: 'boolean', description: 'Only while the availability is not `offline`.' },
    },
  },
  WidgetConfig: {
    type: 'object',
    description: 'What the visitor widget needs to show itself; nothing secret.',
    required: [
      'id',
      'name',
      'greeting',
      'language',
      'appearance',
      'preChat',
      'offlineForm',
      'proactiveRules',
      'availability',
      'visitorBlocked',
      'transcriptByMail',
    ],
    properties: {
      id: str,
      name: str,
      greeting: str,
      language: { ...str, description: 'BCP 47 language tag of the widget’s texts.' },
      appearance: { $ref: '#/components/schemas/WidgetAppearance' },
      preChat: {
        type: 'object',
        required: ['askName', 'askEmail'],
        properties: {
          askName: { type: 'string', enum: ['off', 'optional', 'required'] },
          askEmail: { type: 'string', enum: ['off', 'optional', 'required'] },
        },
      },
      offlineForm: {
        type: 'object',
        required: ['enabled', 'alwaysOffline'],
        properties: { enabled: { type: 'boolean' }, alwaysOffline: { type: 'boolean' } },
      },
      proactiveRules: { type: 'array', items: { $ref: '#/components/schemas/ProactiveRule' } },
      availability: { $ref: '#/components/schemas/WidgetAvailability' },
      visitorBlocked: {
        type: 'boolean',
        description:
          'The widget blocks the address this request came from (`blockedVisitors`): the widget shows nothing, as a chat started from there is refused with `visitor_blocked`.',
      },
      transcriptByMail: {
        type: 'boolean',
        description:
          'Whether the server mails a transcript the visitor asks for (POST /api/v1/chats/{id}/transcript): false when the server sends no e-mail, and the widget then does not offer one.',
      },
    },
  },
  StartedChat: {
    type: 'object',
    required: ['chatId', 'visitorToken', 'status', 'kind', 'queue'],
    properties: {
      chatId: str,
      visitorToken: { ...str, description: 'Shown once. Grants access to this chat only.' },
      status: { type: 'string', enum: ['queued', 'active', 'offline'] },
      kind: { type: 'string', enum: ['chat', 'offline'] },
      queue: nullable({
        type: 'object',
        required: ['position', 'estimatedWaitSeconds', 'staffed'],
        properties: {
          position: { type: 'integer' },
          estimatedWaitSeconds: nullable({ type: 'integer' }),
          staffed: { type: 'boolean', description: 'Whether anyone serving the widget is online or paused (false: nobody may come).' },
        },
      }),
    },
  },
  Chat: {
    type: 'object',
    required: ['id', 'accountId', 'widgetId', 'kind', 'status', 'visitor', 'question', 'proactive', 'createdAt', 'lastSeq', 'version'],
    properties: {
      id: str,
      accountId: str,
      widgetId: str,
      kind: { type: 'string', enum: ['chat', 'offline'] },
      status: { type: 'string', enum: ['queued', 'active', 'closed', 'abandoned', 'offline'] },
      agentId: nstr,
      visitor: {
        type: 'object',
        properties: {
          name: nstr,
          email: nstr,
          ip: nstr,
          userAgent: nstr,
          browser: nstr,
          os: nstr,
          pageUrl: nstr,
          referrerUrl: nstr,
          language: nstr,
          customVariables: { type: 'object', additionalProperties: str },
          geo: {
            type: 'object',
            properties: {
              countryCode: nstr,
              country: nstr,
              region: nstr,
              city: nstr,
              latitude: nullable({ type: 'number' }),
              longitude: nullable({ type: 'number' }),
              timezone: nstr,
            },
          },
          key: {
            ...nstr,
            description:
              'The widget’s random key for the visitor’s browser on the site, the same for each chat it starts there (null: none sent); `GET /api/v1/chats?visitorKey=` lists them.',
          },
        },
      },
      question: str,
      proactive: { type: 'boolean', description: 'The visitor started it by answering one of the widget’s proactive invitations.' },
      createdAt: instant,
      queuedAt: nullable(instant),
      assignedAt: nullable(instant),
      firstAgentReplyAt: nullable(instant),
      closedAt: nullable(instant),
      closedBy: nullable({ type: 'string', enum: ['visitor', 'agent', 'system'] }),
      closedByUserId: nstr,
      transfers: {
        type: 'array',
        items: { type: 'object', properties: { fromAgentId: str, toAgentId: str, byUserId: str, at: instant } },
      },
      labels: {
        type: 'array',
        items: str,
        description: 'Ids of the labels on the chat, sorted (`PUT /api/v1/chats/{id}/labels`). A deleted label’s id may remain.',
      },
      survey: nullable({ $ref: '#/components/schemas/ChatSurvey' }),
      handledAt: {
        ...nullable(instant),
        description: 'When an agent marked this offline request handled (`PUT /api/v1/chats/{id}/handled`); null while not.',
      },
      handledBy: { ...nstr, description: 'The user who marked it handled; null while not.' },
      lastSeq: { type: 'integer' },
      updatedAt: instant,
      version: { type: 'integer' },
    },
  },
  ChatSurvey: {
    type: 'object',
    required: ['score', 'comment', 'at'],
    description:
      'The visitor’s rating once the chat ended (`POST /api/v1/chats/{id}/survey`); a chat’s `survey` is null until they give one.',
    properties: {
      score: { type: 'integer', minimum: 1, maximum: 5, description: '1 (poor) to 5 (excellent).' },
      comment: nstr,
      at: instant,
    },
  },
  ListedChat: {
    description: 'A chat of the list; with `match` when the list is a search (`q`).',
    allOf: [
      { $ref: '#/components/schemas/Chat' },
      {
        type: 'object',
        properties: {
          match: {
            type: 'object',
            required: ['field', 'snippet'],
            description: 'What matched: the newest matching message (the text around the hit), else the visitor field.',
            properties: { field: { type: 'string', enum: ['message', 'visitorName', 'visitorEmail'] }, snippet: str },
          },
        },
      },
    ],
  },
  ChatEvent: {
    type: 'object',
    required: ['id', 'accountId', 'chatId', 'seq', 'type', 'at', 'author', 'text', 'data'],
    properties: {
      id: str,
      accountId: str,
      chatId: str,
      seq: { type: 'integer', description: '1, 2, 3... per chat; the SSE id on the chat stream.' },
      type: { type: 'string', enum: [...CHAT_EVENT_TYPES] },
      at: instant,
      author: nullable({
        type: 'object',
        required: ['kind', 'userId', 'alias'],
        properties: { kind: { type: 'string', enum: ['visitor', 'agent', 'system'] }, userId: nstr, alias: str },
      }),
      text: {
        ...nstr,
        description:
          'What was written: a `chat.message`, a `chat.note` (a user’s note for the team, never shown to the visitor; its author is the user) or an offline request’s message.',
      },
      data: {
        type: 'object',
        additionalProperties: true,
        description:
          'The rest of the event: `agentId` and `agentName` of an assignment; `fromAgentId`, `toAgentId`, `agentName` (the new agent’s), `byUserId` and `byUserName` of a transfer, with `toWidgetId` and `widgetName` for one to another widget’s queue; `by` (`visitor`, `agent` or `system`), `userId` and `userName` of a close; `chat.labeled`: `before` and `after` (label ids), `byUserId` and `byUserName`; `chat.handled`: `handled`, `byUserId` and `byUserName`; `chat.surveyed`: the visitor’s `score` (1–5) and `comment` (null when none); `chat.page`: the `url` of a page the visitor opened during the chat; `chat.visitor_left` and `chat.visitor_back` (every page of the site closed past the grace period during an open chat, and one opened again) carry nothing; `chat.closed` of a quiet chat carries `inactiveMinutes`.',
      },
      clientMessageId: {
        type: 'string',
        description: 'The key the sender gave the message (`clientMessageId` or `Idempotency-Key`); absent when none.',
      },
    },
  },
};
