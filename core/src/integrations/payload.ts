import { z } from 'zod';
import type { Chat, ChatEvent, PublicChat } from '../model/chat.js';
import { CONVERSATION_EVENTS, SUPPORT_REQUEST_EVENTS, type ConversationEvent, type SupportRequestEvent } from '../model/integration.js';
import type { Id, Instant } from '../model/types.js';
import { publicBase } from '../runtime/config.js';

/**
 * The payloads Parley pushes, as versioned, documented schemas. Field names follow the Open API of the
 * commercial service our users migrate from (snake_case: `widget_id`, `requested_by`, `country_code`,
 * `transcripts[].alias`...), so receivers written for it keep working. A field is never renamed or
 * removed within a `schema_version`; new optional fields may appear.
 */

export const SUPPORT_REQUEST_SCHEMA_VERSION = 1;
export const CONVERSATION_EVENT_SCHEMA_VERSION = 1;

const nullableString = (description: string) => z.string().nullable().describe(description);
const nullableNumber = (description: string) => z.number().nullable().describe(description);

const agentSchema = z
  .object({
    id: z.string().describe('The agent’s user id.'),
    alias: z.string().describe('The name the visitor saw.'),
    email: nullableString('The agent’s email.'),
  })
  .describe('An agent.');

/** One message of the transcript. */
export const transcriptItemSchema = z.object({
  id: z.string().describe('Message id.'),
  date: z.string().describe('When it was written (ISO 8601, UTC).'),
  date_seconds: z.number().int().describe('The same, in seconds since the Unix epoch.'),
  date_milliseconds: z.number().int().describe('The same, in milliseconds since the Unix epoch.'),
  alias: z.string().describe('Who wrote it, as shown in the chat (`Visitor` when the visitor gave no name).'),
  author_type: z.enum(['visitor', 'agent', 'system']).describe('Who wrote it: the visitor, an agent, or Parley itself.'),
  message: z.string().describe('The text.'),
});

/** `support-request.v1`: a finished live chat, a started chat or an offline request. */
export const supportRequestV1Schema = z
  .object({
    schema_version: z.literal(SUPPORT_REQUEST_SCHEMA_VERSION).describe('Version of this schema; 1.'),
    event: z.enum(SUPPORT_REQUEST_EVENTS).describe('Why it was sent.'),
    id: z.string().describe('The support request’s id (the chat’s id); stable for the request.'),
    widget_id: z.string().describe('The widget it came through.'),
    url: nullableString('A link to the request in Parley’s API, when the server knows its public URL.'),
    type: z.enum(['chat', 'offline']).describe('`chat` for a live chat, `offline` for an offline request.'),
    status: z.enum(['queued', 'active', 'closed', 'abandoned', 'offline']).describe('The chat’s status when sent.'),
    requested_by: nullableString('The visitor’s email.'),
    requester_details: z
      .object({ name: nullableString('The visitor’s name.'), email: nullableString('The visitor’s email.') })
      .describe('Who asked.'),
    description: z.string().describe('The question: the visitor’s first message or the offline request’s text.'),
    created_at: z.string().describe('When the request was made (ISO 8601, UTC).'),
    created_at_seconds: z.number().int().describe('The same, in seconds since the Unix epoch.'),
    created_at_milliseconds: z.number().int().describe('The same, in milliseconds since the Unix epoch.'),
    closed_at: nullableString('When the chat ended (ISO 8601, UTC); null while open and for offline requests.'),
    page_url: nullableString('The page the widget was on.'),
    entry_url: nullableString('The page the visitor started the chat from (the same as `page_url`).'),
    referrer_url: nullableString('The page that referred the visitor.'),
    ip_address: nullableString('The visitor’s IP address.'),
    user_agent: nullableString('The visitor’s browser user agent.'),
    browser: nullableString('Browser name and major version, e.g. `Chrome 126`.'),
    os: nullableString('Operating system, e.g. `Windows 10`.'),
    country_code: nullableString('ISO 3166-1 alpha-2 country code from the IP address, e.g. `DE`.'),
    country: nullableString('Country name.'),
    region: nullableString('Region or state.'),
    city: nullableString('City.'),
    latitude: nullableNumber('Latitude.'),
    longitude: nullableNumber('Longitude.'),
    timezone: nullableString('IANA time zone of the location.'),
    source_id: z.literal(1).describe('Where the request came from: 1 is the website widget (Parley’s only source).'),
    language_code: nullableString('The visitor’s language (BCP 47), e.g. `de-DE`.'),
    languages: z
      .array(z.object({ code: z.string(), name: z.string() }))
      .describe('The visitor’s language with its English name; empty when unknown.'),
    chat_waittime: z
      .number()
      .int()
      .nullable()
      .describe('Seconds the visitor waited for an agent; null when no agent took the chat, and for offline requests.'),
    chat_duration: z
      .number()
      .int()
      .nullable()
      .describe('Seconds from the agent taking the chat to its end; null while open, unanswered, or offline.'),
    proactive_chat: z.boolean().describe('Whether the visitor answered one of the widget’s proactive invitations.'),
    javascript_variables: z
      .array(z.object({ name: z.string(), value: z.string() }))
      .describe('Custom variables set by the page, in name order.'),
    operator_variables: z
      .array(z.object({ name: z.string(), value: z.string() }))
      .describe('Variables set by agents; empty (kept for compatibility).'),
    agent: agentSchema.nullable().describe('The agent who handled the request (the last one, after transfers).'),
    transcripts: z.array(transcriptItemSchema).describe('The whole conversation, oldest first.'),
    labels: z.array(z.string()).describe('Names of the labels agents put on the chat, in name order; empty when none.'),
    survey_score: z
      .number()
      .int()
      .nullable()
      .describe(
        'The visitor’s rating of the chat, 1 (poor) to 5 (excellent); null when they gave none. The visitor rates a chat after it ended, so `chat.finished` (sent as it ends) carries null: the rating arrives as `conversation.surveyed`.',
      ),
    survey_comments: nullableString('The comment the visitor left with their rating; null when none.'),
  })
  .describe('A support request (live chat or offline request), sent by the Parley Open API integration.');

export type SupportRequestPayload = z.infer<typeof supportRequestV1Schema>;

/** `conversation-event.v1`: one thing that happened to a conversation or an agent. */
export const conversationEventV1Schema = z
  .object({
    schema_version: z.literal(CONVERSATION_EVENT_SCHEMA_VERSION).describe('Version of this schema; 1.'),
    event: z
      .enum(CONVERSATION_EVENTS)
      .describe(
        'What happened: a chat entered the queue, was assigned to an agent, got its first agent reply, was transferred, was closed, had its labels changed, was rated by the visitor; or an agent’s status changed.',
      ),
    id: z.string().describe('The event’s id.'),
    occurred_at: z.string().describe('When it happened (ISO 8601, UTC).'),
    occurred_at_milliseconds: z.number().int().describe('The same, in milliseconds since the Unix epoch.'),
    widget_id: z.string().describe('The widget.'),
    request_id: nullableString('The chat (support request) it is about; null for agent status changes.'),
    requested_by: nullableString('The visitor’s email, for conversation events.'),
    agent: agentSchema
      .nullable()
      .describe('The agent concerned: assigned, replying, receiving a transfer, closing; or whose status changed.'),
    previous_agent: agentSchema.nullable().describe('For transfers, the agent who handed the chat over.'),
    agent_status: z.enum(['online', 'paused', 'offline']).nullable().describe('For `agent.status_changed`, the new status.'),
    agent_status_reason: nullableString('For `agent.status_changed`, the reason given with the status (`lunch`, `training`), if any.'),
    changed_by: agentSchema
      .nullable()
      .describe(
        'For `agent.status_changed`, the supervisor, admin or owner who set the agent’s status; null when the agent did or it was automatic.',
      ),
    closed_by: z.enum(['visitor', 'agent', 'system']).nullable().describe('For `conversation.closed`, who ended it.'),
    labels: z
      .array(z.string())
      .nullable()
      .describe('For `conversation.labeled`, the names of the chat’s labels after the change, in name order; null otherwise.'),
    previous_labels: z.array(z.string()).nullable().describe('For `conversation.labeled`, the names before the change; null otherwise.'),
    survey_score: z
      .number()
      .int()
      .nullable()
      .describe('For `conversation.surveyed`, the visitor’s rating, 1 (poor) to 5 (excellent); null otherwise.'),
    survey_comments: nullableString('For `conversation.surveyed`, the comment the visitor left with it (null when none); null otherwise.'),
  })
  .describe('A conversation event, sent by the Parley Open API integration when conversation events are chosen.');

export type ConversationEventPayload = z.infer<typeof conversationEventV1Schema>;

/** An agent as the payload shows them. */
export interface PayloadAgent {
  readonly id: Id;
  readonly name: string;
  readonly email: string | null;
}

const secondsBetween = (from: Instant | null, to: Instant | null): number | null =>
  from && to ? Math.max(0, Math.round((Date.parse(to) - Date.parse(from)) / 1000)) : null;

const languageName = (code: string): string => {
  try {
    return new Intl.DisplayNames(['en'], { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
};

const sortedNames = (names: readonly string[] | undefined): string[] => [...(names ?? [])].sort((a, b) => a.localeCompare(b, 'en'));

const agentOf = (a: PayloadAgent | null) => (a ? { id: a.id, alias: a.name, email: a.email } : null);

export interface SupportRequestInput {
  readonly event: SupportRequestEvent;
  readonly chat: Chat | PublicChat;
  /** The chat's events (any order); the messages among them make the transcript. */
  readonly events: readonly ChatEvent[];
  /** The agent who handled it, if any. */
  readonly agent: PayloadAgent | null;
  /** The server's public base URL (`https://chat.example.com`), to link the request; null for none. */
  readonly publicUrl?: string | null;
  /** Names of the chat's labels (deleted labels left out); none when absent. */
  readonly labels?: readonly string[];
}

/**
 * The `support-request.v1` payload of a chat or offline request and its transcript. Pure: the same
 * input gives the same payload, whenever it is built.
 */
export const buildSupportRequestPayload = (input: SupportRequestInput): SupportRequestPayload => {
  const { chat, agent } = input;
  const v = chat.visitor;
  const created = Date.parse(chat.createdAt);
  const transcripts = [...input.events]
    // The team's notes are theirs: the transcript is the conversation the visitor had.
    .filter((e) => e.chatId === chat.id && e.type !== 'chat.note' && e.text !== null && e.author !== null)
    .sort((a, b) => a.seq - b.seq)
    .map((e) => {
      const at = Date.parse(e.at);
      return {
        id: e.id,
        date: new Date(at).toISOString(),
        date_seconds: Math.floor(at / 1000),
        date_milliseconds: at,
        alias: e.author!.alias,
        author_type: e.author!.kind,
        message: e.text!,
      };
    });
  const offline = chat.kind === 'offline';
  const base = publicBase(input.publicUrl);
  return {
    schema_version: SUPPORT_REQUEST_SCHEMA_VERSION,
    event: input.event,
    id: chat.id,
    widget_id: chat.widgetId,
    url: base ? `${base}/api/v1/chats/${encodeURIComponent(chat.id)}` : null,
    type: chat.kind,
    status: chat.status,
    requested_by: v.email,
    requester_details: { name: v.name, email: v.email },
    description: chat.question,
    created_at: new Date(created).toISOString(),
    created_at_seconds: Math.floor(created / 1000),
    created_at_milliseconds: created,
    closed_at: offline ? null : chat.closedAt,
    page_url: v.pageUrl,
    entry_url: v.pageUrl,
    referrer_url: v.referrerUrl,
    ip_address: v.ip,
    user_agent: v.userAgent,
    browser: v.browser,
    os: v.os,
    country_code: v.geo.countryCode,
    country: v.geo.country,
    region: v.geo.region,
    city: v.geo.city,
    latitude: v.geo.latitude,
    longitude: v.geo.longitude,
    timezone: v.geo.timezone,
    source_id: 1,
    language_code: v.language,
    languages: v.language ? [{ code: v.language, name: languageName(v.language) }] : [],
    chat_waittime: offline ? null : secondsBetween(chat.queuedAt, chat.assignedAt),
    chat_duration: offline ? null : secondsBetween(chat.assignedAt, chat.closedAt),
    proactive_chat: chat.proactive,
    javascript_variables: Object.keys(v.customVariables)
      .sort()
      .map((name) => ({ name, value: String(v.customVariables[name]) })),
    operator_variables: [],
    agent: agentOf(agent),
    transcripts,
    labels: sortedNames(input.labels),
    survey_score: chat.survey?.score ?? null,
    survey_comments: chat.survey?.comment ?? null,
  };
};

export interface ConversationEventInput {
  readonly event: ConversationEvent;
  /** The event's id (a fresh id from the IdGenerator). */
  readonly id: Id;
  readonly at: Instant;
  readonly widgetId: Id;
  /** The chat it is about; null for agent status changes. */
  readonly chat: (Pick<Chat, 'id' | 'visitor' | 'closedBy'> & Partial<Pick<Chat, 'survey'>>) | null;
  readonly agent: PayloadAgent | null;
  readonly previousAgent?: PayloadAgent | null;
  readonly agentStatus?: 'online' | 'paused' | 'offline' | null;
  /** For `conversation.labeled`: the label names after and before the change. */
  readonly labels?: { readonly after: readonly string[]; readonly before: readonly string[] } | null;
  readonly statusReason?: string | null;
  readonly changedBy?: PayloadAgent | null;
}

/** The `conversation-event.v1` payload of one conversation or agent event. */
export const buildConversationEventPayload = (input: ConversationEventInput): ConversationEventPayload => {
  const at = Date.parse(input.at);
  return {
    schema_version: CONVERSATION_EVENT_SCHEMA_VERSION,
    event: input.event,
    id: input.id,
    occurred_at: new Date(at).toISOString(),
    occurred_at_milliseconds: at,
    widget_id: input.widgetId,
    request_id: input.chat?.id ?? null,
    requested_by: input.chat?.visitor.email ?? null,
    agent: agentOf(input.agent),
    previous_agent: agentOf(input.previousAgent ?? null),
    agent_status: input.agentStatus ?? null,
    agent_status_reason: input.statusReason ?? null,
    changed_by: agentOf(input.changedBy ?? null),
    closed_by: input.event === 'conversation.closed' ? (input.chat?.closedBy ?? null) : null,
    labels: input.labels ? sortedNames(input.labels.after) : null,
    previous_labels: input.labels ? sortedNames(input.labels.before) : null,
    survey_score: input.event === 'conversation.surveyed' ? (input.chat?.survey?.score ?? null) : null,
    survey_comments: input.event === 'conversation.surveyed' ? (input.chat?.survey?.comment ?? null) : null,
  };
};

/** JSON Schema (draft 2020-12) of a payload schema, for publishing. */
export const payloadJsonSchema = (schema: z.ZodType, id: string): Record<string, unknown> => ({
  ...(z.toJSONSchema(schema, { target: 'draft-2020-12' }) as Record<string, unknown>),
  $id: id,
});
