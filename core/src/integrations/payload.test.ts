import { describe, expect, it } from 'vitest';
import { EMPTY_GEO } from '../model/chat.js';
import { event, sampleChat, sampleEvents } from '../../test-support/integration-fixtures.js';
import {
  buildConversationEventPayload,
  buildSupportRequestPayload,
  conversationEventV1Schema,
  payloadJsonSchema,
  supportRequestV1Schema,
} from './payload.js';

const agent = { id: 'agent-1', name: 'Alex Agent', email: 'alex@acme.test' };

/** The field names receivers of the commercial service parse (reference/integration-api.md). */
const RECEIVER_FIELDS = [
  'id',
  'widget_id',
  'url',
  'type',
  'requested_by',
  'requester_details',
  'description',
  'created_at',
  'created_at_milliseconds',
  'page_url',
  'referrer_url',
  'entry_url',
  'ip_address',
  'user_agent',
  'browser',
  'os',
  'country_code',
  'country',
  'region',
  'city',
  'latitude',
  'longitude',
  'source_id',
  'language_code',
  'languages',
  'chat_waittime',
  'chat_duration',
  'proactive_chat',
  'javascript_variables',
  'operator_variables',
  'transcripts',
];

describe('the support-request payload', () => {
  it('carries every field, snake_case, from the chat and its transcript', () => {
    const p = buildSupportRequestPayload({
      event: 'chat.finished',
      chat: sampleChat(),
      events: sampleEvents,
      agent,
      publicUrl: 'https://chat.acme.test/',
    });
    expect(p).toEqual({
      schema_version: 1,
      event: 'chat.finished',
      id: 'chat-1',
      widget_id: 'wid-1',
      url: 'https://chat.acme.test/api/v1/chats/chat-1',
      type: 'chat',
      status: 'closed',
      requested_by: 'vera@example.test',
      requester_details: { name: 'Vera Van Visitor', email: 'vera@example.test' },
      description: 'Where is my order?',
      created_at: '2026-03-01T10:00:00.000Z',
      created_at_seconds: 1772359200,
      created_at_milliseconds: 1772359200000,
      closed_at: '2026-03-01T10:10:42.400Z',
      page_url: 'https://shop.example/cart?x=1',
      entry_url: 'https://shop.example/cart?x=1',
      referrer_url: 'https://search.example/?q=shoes',
      ip_address: '203.0.113.9',
      user_agent: 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0',
      browser: 'Firefox 128',
      os: 'Linux',
      country_code: 'DE',
      country: 'Germany',
      region: 'BE',
      city: 'Berlin',
      latitude: 52.52,
      longitude: 13.405,
      timezone: 'Europe/Berlin',
      source_id: 1,
      language_code: 'de-DE',
      languages: [{ code: 'de-DE', name: 'German (Germany)' }],
      chat_waittime: 42,
      chat_duration: 600,
      proactive_chat: false,
      javascript_variables: [
        { name: 'order.id', value: '42' },
        { name: 'plan', value: 'gold' },
      ],
      operator_variables: [],
      agent: { id: 'agent-1', alias: 'Alex Agent', email: 'alex@acme.test' },
      transcripts: [
        {
          id: 'ev-2',
          date: '2026-03-01T10:02:00.000Z',
          date_seconds: 1772359320,
          date_milliseconds: 1772359320000,
          alias: 'Vera Van Visitor',
          author_type: 'visitor',
          message: 'Where is my order?',
        },
        {
          id: 'ev-4',
          date: '2026-03-01T10:04:00.000Z',
          date_seconds: 1772359440,
          date_milliseconds: 1772359440000,
          alias: 'Alex Agent',
          author_type: 'agent',
          message: 'It ships today ✓',
        },
      ],
      labels: [],
      survey_score: null,
      survey_comments: null,
    });
    expect(supportRequestV1Schema.parse(p)).toEqual(p);
    for (const f of RECEIVER_FIELDS) expect(p, f).toHaveProperty(f);
  });

  it('says proactive_chat when the visitor answered a proactive invitation', () => {
    const p = buildSupportRequestPayload({ event: 'chat.finished', chat: sampleChat({ proactive: true }), events: sampleEvents, agent });
    expect(p.proactive_chat).toBe(true);
    expect(supportRequestV1Schema.parse(p)).toEqual(p);
  });

  it('names the chat’s labels in name order', () => {
    const p = buildSupportRequestPayload({
      event: 'chat.finished',
      chat: sampleChat(),
      events: sampleEvents,
      agent,
      labels: ['VIP', 'billing', 'Bug'],
    });
    expect(p.labels).toEqual(['billing', 'Bug', 'VIP']);
    expect(supportRequestV1Schema.parse(p)).toEqual(p);
  });

  it('carries the visitor’s survey score and comment once they gave one', () => {
    const survey = { score: 4, comment: 'Quick and kind', at: '2026-03-01T10:12:00.000Z' };
    const p = buildSupportRequestPayload({ event: 'chat.finished', chat: sampleChat({ survey }), events: sampleEvents, agent });
    expect(p).toMatchObject({ survey_score: 4, survey_comments: 'Quick and kind' });
    expect(supportRequestV1Schema.parse(p)).toEqual(p);
    const scoreOnly = buildSupportRequestPayload({
      event: 'chat.finished',
      chat: sampleChat({ survey: { ...survey, comment: null } }),
      events: sampleEvents,
      agent,
    });
    expect(scoreOnly).toMatchObject({ survey_score: 4, survey_comments: null });
  });

  it('describes an offline request: no wait, no duration, no agent, its message as the transcript', () => {
    const chat = sampleChat({
      kind: 'offline',
      status: 'offline',
      agentId: null,
      queuedAt: null,
      assignedAt: null,
      firstAgentReplyAt: null,
      closedAt: null,
      closedBy: null,
      closedByUserId: null,
      visitor: { ...sampleChat().visitor, name: null, language: null, customVariables: {}, geo: EMPTY_GEO, referrerUrl: null },
    });
    const events = [event(1, { type: 'chat.offline', author: { kind: 'visitor', userId: null, alias: 'Visitor' }, text: 'Call me back' })];
    const p = buildSupportRequestPayload({ event: 'offline_request.created', chat, events, agent: null });
    expect(p).toMatchObject({
      type: 'offline',
      status: 'offline',
      url: null,
      requester_details: { name: null, email: 'vera@example.test' },
      chat_waittime: null,
      chat_duration: null,
      closed_at: null,
      agent: null,
      country_code: null,
      latitude: null,
      language_code: null,
      languages: [],
      javascript_variables: [],
      transcripts: [{ alias: 'Visitor', author_type: 'visitor', message: 'Call me back' }],
    });
    expect(supportRequestV1Schema.parse(p)).toEqual(p);
  });

  it('leaves out events of other chats and events without text', () => {
    const foreign = event(9, { chatId: 'chat-2', author: { kind: 'visitor', userId: null, alias: 'X' }, text: 'not mine' });
    const p = buildSupportRequestPayload({
      event: 'chat.started',
      chat: sampleChat({ status: 'active', closedAt: null }),
      events: [...sampleEvents, foreign],
      agent,
    });
    expect(p.transcripts.map((t) => t.message)).toEqual(['Where is my order?', 'It ships today ✓']);
    expect(p.chat_duration).toBeNull();
  });

  it('leaves out the team’s notes: the transcript is what the visitor was told', () => {
    const note = event(9, {
      type: 'chat.note',
      author: { kind: 'agent', userId: 'agent-1', alias: 'Alex Agent' },
      text: 'VIP, offer 10 %',
    });
    const p = buildSupportRequestPayload({ event: 'chat.finished', chat: sampleChat(), events: [...sampleEvents, note], agent });
    expect(p.transcripts.map((t) => t.message)).toEqual(['Where is my order?', 'It ships today ✓']);
  });

  it('is published as a JSON Schema naming every field with a description', () => {
    const schema = payloadJsonSchema(supportRequestV1Schema, 'https://parley.dev/schemas/support-request.v1.json') as {
      $id: string;
      $schema: string;
      required: string[];
      properties: Record<string, { description?: string }>;
    };
    expect(schema.$id).toBe('https://parley.dev/schemas/support-request.v1.json');
    expect(schema.$schema).toContain('2020-12');
    for (const f of RECEIVER_FIELDS) {
      expect(schema.required, f).toContain(f);
      expect(schema.properties[f]?.description, f).toBeTruthy();
    }
  });
});

describe('the conversation-event payload', () => {
  it('describes a transfer with both agents, and an agent status change without a chat', () => {
    const transfer = buildConversationEventPayload({
      event: 'conversation.transferred',
      id: 'evt-1',
      at: '2026-03-01T10:05:00.000Z',
      widgetId: 'wid-1',
      chat: sampleChat(),
      agent,
      previousAgent: { id: 'agent-0', name: 'Pat', email: null },
    });
    expect(transfer).toEqual({
      schema_version: 1,
      event: 'conversation.transferred',
      id: 'evt-1',
      occurred_at: '2026-03-01T10:05:00.000Z',
      occurred_at_milliseconds: 1772359500000,
      widget_id: 'wid-1',
      request_id: 'chat-1',
      requested_by: 'vera@example.test',
      agent: { id: 'agent-1', alias: 'Alex Agent', email: 'alex@acme.test' },
      previous_agent: { id: 'agent-0', alias: 'Pat', email: null },
      agent_status: null,
      agent_status_reason: null,
      changed_by: null,
      closed_by: null,
      labels: null,
      previous_labels: null,
      survey_score: null,
      survey_comments: null,
    });
    const status = buildConversationEventPayload({
      event: 'agent.status_changed',
      id: 'evt-2',
      at: '2026-03-01T10:05:00.000Z',
      widgetId: 'wid-1',
      chat: null,
      agent,
      agentStatus: 'paused',
      statusReason: 'lunch',
      changedBy: { id: 'sup-1', name: 'Sam Supervisor', email: 'sam@acme.test' },
    });
    expect(status).toMatchObject({
      request_id: null,
      requested_by: null,
      agent_status: 'paused',
      agent_status_reason: 'lunch',
      changed_by: { id: 'sup-1', alias: 'Sam Supervisor', email: 'sam@acme.test' },
      previous_agent: null,
    });
    const closed = buildConversationEventPayload({
      event: 'conversation.closed',
      id: 'evt-3',
      at: '2026-03-01T10:05:00.000Z',
      widgetId: 'wid-1',
      chat: sampleChat(),
      agent,
    });
    expect(closed.closed_by).toBe('agent');
    for (const p of [transfer, status, closed]) expect(conversationEventV1Schema.parse(p)).toEqual(p);
  });

  it('describes a label change with the label names after and before, in name order', () => {
    const labeled = buildConversationEventPayload({
      event: 'conversation.labeled',
      id: 'evt-4',
      at: '2026-03-01T10:05:00.000Z',
      widgetId: 'wid-1',
      chat: sampleChat(),
      agent,
      labels: { after: ['VIP', 'Bug'], before: [] },
    });
    expect(labeled).toMatchObject({
      event: 'conversation.labeled',
      request_id: 'chat-1',
      labels: ['Bug', 'VIP'],
      previous_labels: [],
      closed_by: null,
    });
    expect(conversationEventV1Schema.parse(labeled)).toEqual(labeled);
  });

  it('describes a survey with the visitor’s score and comment, which no other event carries', () => {
    const chat = sampleChat({ survey: { score: 2, comment: 'Took a while', at: '2026-03-01T10:12:00.000Z' } });
    const surveyed = buildConversationEventPayload({
      event: 'conversation.surveyed',
      id: 'evt-5',
      at: '2026-03-01T10:12:00.000Z',
      widgetId: 'wid-1',
      chat,
      agent,
    });
    expect(surveyed).toMatchObject({
      event: 'conversation.surveyed',
      request_id: 'chat-1',
      agent: { id: 'agent-1' },
      survey_score: 2,
      survey_comments: 'Took a while',
      closed_by: null,
    });
    expect(conversationEventV1Schema.parse(surveyed)).toEqual(surveyed);
    const closed = buildConversationEventPayload({
      event: 'conversation.closed',
      id: 'evt-6',
      at: '2026-03-01T10:12:00.000Z',
      widgetId: 'wid-1',
      chat,
      agent,
    });
    expect(closed).toMatchObject({ survey_score: null, survey_comments: null });
  });
});
