import { describe, expect, it } from 'vitest';
import { conversationEventV1Schema, supportRequestV1Schema } from '../integrations/payload.js';
import { INTEGRATION_EVENTS, type Delivery } from '../model/integration.js';
import { makeIntegrationWorld } from '../../test-support/integration-fixtures.js';
import { enqueueSupportRequest } from './integration-outbox.js';

const META = {
  ip: '198.51.100.23',
  userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36',
};

const setup = async (events: readonly string[] = INTEGRATION_EVENTS) => {
  const w = await makeIntegrationWorld();
  const created = await w.parley.widgets.create(w.owner, { name: 'Support' });
  // The webhook's rows alone: the team's mails (a new widget mails offline requests to its maker) are chat-mail's.
  const widget = await w.parley.widgets.update(w.owner, created.id, { settings: { notifyEmails: [] } });
  const agent = await w.addUser('agent', 'Alex Agent');
  await w.parley.widgets.setAgents(w.owner, widget.id, { agentIds: [agent.user.id] });
  await w.integrations.putOpenApi(w.owner, widget.id, { url: 'https://hooks.example.com/in', events: events as never });
  const deliveries = async (): Promise<Delivery[]> =>
    [...(await w.read((r) => r.deliveries.listByWidget(w.account.id, widget.id, {}, { limit: 200 }))).items].reverse();
  const eventsOf = async () => (await deliveries()).map((d) => d.eventType);
  return { ...w, widget, agent, deliveries, eventsOf };
};

describe('outbox rows written by the chat engine, in its transactions', () => {
  it('an offline request: offline_request.created with the documented payload', async () => {
    const t = await setup();
    const { chat } = await t.parley.chats.start(
      t.widget.id,
      {
        name: 'Vera Visitor',
        email: 'Vera@Example.test',
        message: 'Please call me back',
        pageUrl: 'https://shop.example/p',
        customVariables: { plan: 'gold' },
      },
      META,
    );
    expect(chat.status).toBe('offline');
    const [d, ...rest] = await t.deliveries();
    expect(rest).toEqual([]);
    expect(d).toMatchObject({
      eventType: 'offline_request.created',
      target: 'open_api',
      status: 'pending',
      attempts: 0,
      nextAttemptAt: d!.createdAt,
    });
    const p = supportRequestV1Schema.parse(d!.payload);
    expect(p).toMatchObject({
      id: chat.id,
      widget_id: t.widget.id,
      type: 'offline',
      requested_by: 'vera@example.test',
      requester_details: { name: 'Vera Visitor', email: 'vera@example.test' },
      description: 'Please call me back',
      page_url: 'https://shop.example/p',
      ip_address: '198.51.100.23',
      browser: expect.stringContaining('Chrome'),
      javascript_variables: [{ name: 'plan', value: 'gold' }],
      agent: null,
      transcripts: [{ alias: 'Vera Visitor', author_type: 'visitor', message: 'Please call me back' }],
    });
  });

  it('a live chat: started, queued, assigned, first reply only once, closed and finished with the whole transcript', async () => {
    const t = await setup();
    await t.parley.presence.setStatus(t.agent.p, { status: 'online' });
    expect(await t.eventsOf()).toEqual(['agent.status_changed']);
    const { chat, visitorToken } = await t.parley.chats.start(
      t.widget.id,
      { name: 'Vera', email: 'vera@example.test', message: 'Hello?' },
      META,
    );
    expect(chat.status).toBe('active');
    await t.parley.chats.sendAsAgent(t.agent.p, chat.id, { text: 'Hi Vera, how can I help?' });
    await t.parley.chats.sendAsAgent(t.agent.p, chat.id, { text: 'Still there?' });
    const v = await t.parley.chats.authenticateVisitor(chat.id, visitorToken);
    await t.parley.chats.sendAsVisitor(v, { text: 'Yes, thanks, bye' });
    await t.parley.chats.closeAsVisitor(v);
    expect(await t.eventsOf()).toEqual([
      'agent.status_changed',
      'chat.started',
      'conversation.queued',
      'conversation.assigned',
      'conversation.responded',
      'conversation.closed',
      'chat.finished',
    ]);
    const all = await t.deliveries();
    const byType = (type: string) => all.find((d) => d.eventType === type)!.payload;
    expect(conversationEventV1Schema.parse(byType('conversation.assigned'))).toMatchObject({
      request_id: chat.id,
      agent: { id: t.agent.user.id, alias: 'Alex Agent' },
    });
    expect(conversationEventV1Schema.parse(byType('conversation.responded')).agent?.id).toBe(t.agent.user.id);
    expect(conversationEventV1Schema.parse(byType('conversation.closed')).closed_by).toBe('visitor');
    expect(conversationEventV1Schema.parse(byType('agent.status_changed'))).toMatchObject({ agent_status: 'online', request_id: null });
    const started = supportRequestV1Schema.parse(byType('chat.started'));
    expect(started).toMatchObject({ status: 'queued', agent: null, transcripts: [{ message: 'Hello?' }] });
    const finished = supportRequestV1Schema.parse(byType('chat.finished'));
    expect(finished).toMatchObject({
      type: 'chat',
      status: 'closed',
      agent: { id: t.agent.user.id, alias: 'Alex Agent' },
      chat_waittime: 0,
    });
    expect(finished.transcripts.map((m) => `${m.alias}: ${m.message}`)).toEqual([
      'Vera: Hello?',
      'Alex Agent: Hi Vera, how can I help?',
      'Alex Agent: Still there?',
      'Vera: Yes, thanks, bye',
    ]);
    expect(finished.closed_at).not.toBeNull();
  });

  it('a rated chat: conversation.surveyed with the score and comment, and support requests built afterwards carry them', async () => {
    const t = await setup();
    await t.parley.presence.setStatus(t.agent.p, { status: 'online' });
    const { chat, visitorToken } = await t.parley.chats.start(t.widget.id, { email: 'vera@example.test', message: 'Hello?' }, META);
    await t.parley.chats.close(t.agent.p, chat.id);
    const finished = supportRequestV1Schema.parse((await t.deliveries()).find((d) => d.eventType === 'chat.finished')!.payload);
    expect(finished).toMatchObject({ survey_score: null, survey_comments: null });
    const v = await t.parley.chats.identifyVisitor(chat.id, visitorToken);
    await t.parley.chats.takeSurvey(v, { score: 5, comment: 'Great help' });
    const all = await t.deliveries();
    expect(all.at(-1)!.eventType).toBe('conversation.surveyed');
    expect(conversationEventV1Schema.parse(all.at(-1)!.payload)).toMatchObject({
      request_id: chat.id,
      agent: { id: t.agent.user.id },
      survey_score: 5,
      survey_comments: 'Great help',
    });
    const resent = await t.storage.transaction(async (tx) =>
      enqueueSupportRequest(tx, t.deps, { event: 'chat.finished', chat: (await tx.chats.get(t.account.id, chat.id))! }),
    );
    expect(supportRequestV1Schema.parse(resent[0]!.payload)).toMatchObject({ survey_score: 5, survey_comments: 'Great help' });
  });

  it('writes only what the integration subscribed to, and nothing for a disabled one', async () => {
    const t = await setup(['chat.finished']);
    await t.parley.presence.setStatus(t.agent.p, { status: 'online' });
    const { chat } = await t.parley.chats.start(t.widget.id, { email: 'a@example.test', message: 'Hi' }, META);
    await t.parley.chats.close(t.agent.p, chat.id);
    expect(await t.eventsOf()).toEqual(['chat.finished']);
    await t.integrations.putOpenApi(t.owner, t.widget.id, { enabled: false });
    const { chat: second } = await t.parley.chats.start(t.widget.id, { email: 'b@example.test', message: 'Hi again' }, META);
    await t.parley.chats.close(t.agent.p, second.id);
    expect(await t.eventsOf()).toEqual(['chat.finished']);
  });

  it('writes nothing when the transaction that would have written the request rolls back', async () => {
    const t = await setup();
    const { chat } = await t.parley.chats.start(t.widget.id, { email: 'a@example.test', message: 'Hi' }, META);
    const before = (await t.deliveries()).length;
    const boom = new Error('rolled back');
    await expect(
      t.storage.transaction(async (tx) => {
        const stored = (await tx.chats.get(t.account.id, chat.id))!;
        const made = await enqueueSupportRequest(tx, t.deps, { event: 'chat.finished', chat: stored });
        expect(made).toHaveLength(1);
        throw boom;
      }),
    ).rejects.toBe(boom);
    expect(await t.deliveries()).toHaveLength(before);
  });
});
