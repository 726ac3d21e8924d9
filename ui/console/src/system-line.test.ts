import { describe, expect, it } from 'vitest';
import type { ChatEvent } from './model.js';
import { systemLine } from './system-line.js';

const event = (type: string, data: Record<string, unknown> = {}): ChatEvent =>
  ({ type, data, seq: 1, at: '2026-12-06T10:00:00.000Z', author: null, text: null }) as unknown as ChatEvent;
const ctx = { labelName: (id: string) => ({ l1: 'Billing', l2: 'Urgent' })[id], myId: 'ann' };

describe('transcript lines of events that are not messages', () => {
  it('names whom the chat was assigned or transferred to, and says "you" to that agent', () => {
    expect(systemLine(event('chat.assigned', { agentId: 'bob', agentName: 'Bob Builder' }), ctx)).toBe(
      'The chat was assigned to Bob Builder.',
    );
    expect(systemLine(event('chat.assigned', { agentId: 'ann', agentName: 'Ann Agent' }), ctx)).toBe('The chat was assigned to you.');
    expect(systemLine(event('chat.transferred', { fromAgentId: 'ann', toAgentId: 'bob', agentName: 'Bob Builder' }), ctx)).toBe(
      'The chat was transferred to Bob Builder.',
    );
    expect(systemLine(event('chat.transferred', { fromAgentId: 'bob', toAgentId: 'ann', agentName: 'Ann Agent' }), ctx)).toBe(
      'The chat was transferred to you.',
    );
    expect(systemLine(event('chat.transferred', { toAgentId: null, toWidgetId: 'w2', widgetName: 'Sales' }), ctx)).toBe(
      'The chat was transferred to the Sales queue.',
    );
  });

  it('says a chat went back to its queue because its agent went offline or was deactivated', () => {
    const back = { fromAgentId: 'bob', fromAgentName: 'Bob Builder', toAgentId: null, toWidgetId: 'w1', widgetName: 'Support' };
    expect(systemLine(event('chat.transferred', { ...back, reason: 'agent_offline' }), ctx)).toBe(
      'Bob Builder went offline, so the chat went back to the Support queue.',
    );
    expect(systemLine(event('chat.transferred', { ...back, fromAgentId: 'ann', reason: 'agent_offline' }), ctx)).toBe(
      'You went offline, so the chat went back to the Support queue.',
    );
    expect(systemLine(event('chat.transferred', { ...back, fromAgentName: undefined, reason: 'agent_deactivated' }), ctx)).toBe(
      'The agent was deactivated, so the chat went back to the Support queue.',
    );
  });

  it('says who took the chat over when they handed it to themselves', () => {
    const takeover = { fromAgentId: 'bob', toAgentId: 'ann', agentName: 'Ann Agent', byUserId: 'ann', byUserName: 'Ann Agent' };
    expect(systemLine(event('chat.transferred', takeover), ctx)).toBe('You took over the chat.');
    expect(systemLine(event('chat.transferred', { ...takeover, toAgentId: 'olga', byUserId: 'olga', byUserName: 'Olga Owner' }), ctx)).toBe(
      'Olga Owner took over the chat.',
    );
  });

  it('names who transferred the chat, "you" included', () => {
    const toBob = { fromAgentId: 'ann', toAgentId: 'bob', agentName: 'Bob Builder' };
    expect(systemLine(event('chat.transferred', { ...toBob, byUserId: 'ann', byUserName: 'Ann Agent' }), ctx)).toBe(
      'You transferred the chat to Bob Builder.',
    );
    expect(systemLine(event('chat.transferred', { ...toBob, byUserId: 'sue', byUserName: 'Sue Supervisor' }), ctx)).toBe(
      'Sue Supervisor transferred the chat to Bob Builder.',
    );
    expect(
      systemLine(
        event('chat.transferred', {
          fromAgentId: 'bob',
          toAgentId: 'ann',
          agentName: 'Ann Agent',
          byUserId: 'bob',
          byUserName: 'Bob Builder',
        }),
        ctx,
      ),
    ).toBe('Bob Builder transferred the chat to you.');
    expect(
      systemLine(
        event('chat.transferred', {
          toAgentId: null,
          toWidgetId: 'w2',
          widgetName: 'Sales',
          byUserId: 'sue',
          byUserName: 'Sue Supervisor',
        }),
        ctx,
      ),
    ).toBe('Sue Supervisor transferred the chat to the Sales queue.');
  });

  it('says which page the visitor opened during the chat', () => {
    expect(systemLine(event('chat.page', { url: 'https://shop.example.org/checkout' }), ctx)).toBe(
      'The visitor opened https://shop.example.org/checkout.',
    );
  });

  it('says what happened without a name when the event carries none', () => {
    expect(systemLine(event('chat.assigned', { agentId: 'gone', agentName: null }), ctx)).toBe('The chat was assigned.');
    expect(systemLine(event('chat.transferred', { toAgentId: 'gone', agentName: null }), ctx)).toBe('The chat was transferred.');
  });

  it('says who closed the chat: the visitor, you, a colleague by name, or nobody in particular', () => {
    expect(systemLine(event('chat.closed', { by: 'visitor', userId: null }), ctx)).toBe('The visitor closed the chat.');
    expect(systemLine(event('chat.closed', { by: 'agent', userId: 'ann' }), ctx)).toBe('You closed the chat.');
    expect(systemLine(event('chat.closed', { by: 'agent', userId: 'bob', userName: 'Bob Builder' }), ctx)).toBe(
      'Bob Builder closed the chat.',
    );
    expect(systemLine(event('chat.closed', { by: 'agent', userId: 'token', userName: null }), ctx)).toBe('An agent closed the chat.');
    expect(systemLine(event('chat.closed', { by: 'system', userId: null }), { ...ctx, myId: undefined })).toBe('The chat was closed.');
    expect(systemLine(event('chat.visitor_left', {}), ctx)).toBe('The visitor left the site (every page of it closed).');
    expect(systemLine(event('chat.visitor_back', {}), ctx)).toBe('The visitor came back to the site.');
    expect(systemLine(event('chat.closed', { by: 'system', userId: null, inactiveMinutes: 30 }), ctx)).toBe(
      'The chat closed by itself after 30 minutes without activity.',
    );
  });

  it('says which labels who added and removed, and labels deleted since as such', () => {
    const by = (id: string, name: string | null) => ({ byUserId: id, byUserName: name });
    expect(systemLine(event('chat.labeled', { before: [], after: ['l1'], ...by('ann', 'Ann Agent') }), ctx)).toBe(
      'You added the label “Billing”.',
    );
    expect(systemLine(event('chat.labeled', { before: ['l1'], after: ['l1', 'l2'], ...by('bob', 'Bob Builder') }), ctx)).toBe(
      'Bob Builder added the label “Urgent”.',
    );
    expect(systemLine(event('chat.labeled', { before: ['l1', 'l2'], after: [], ...by('sue', 'Sue Supervisor') }), ctx)).toBe(
      'Sue Supervisor removed the labels “Billing” and “Urgent”.',
    );
    expect(systemLine(event('chat.labeled', { before: ['l2'], after: ['l1', 'gone'], ...by('ann', 'Ann Agent') }), ctx)).toBe(
      'You added the label “Billing” and a deleted label and removed the label “Urgent”.',
    );
    expect(systemLine(event('chat.labeled', { before: ['x', 'y'], after: [], ...by('bob', 'Bob Builder') }), ctx)).toBe(
      'Bob Builder removed 2 deleted labels.',
    );
    expect(systemLine(event('chat.labeled', { before: [], after: ['l1', 'l2'], ...by('token', null) }), ctx)).toBe(
      'Labels changed: added the labels “Billing” and “Urgent”.',
    );
  });

  it('gives a rating with its comment, handling, and the fixed lines', () => {
    expect(systemLine(event('chat.surveyed', { score: 5, comment: 'Quick!' }), ctx)).toBe('The visitor rated the chat 5 of 5: “Quick!”');
    expect(systemLine(event('chat.surveyed', { score: 2, comment: null }), ctx)).toBe('The visitor rated the chat 2 of 5.');
    expect(systemLine(event('chat.handled', { handled: true, byUserId: 'ann', byUserName: 'Ann Agent' }), ctx)).toBe(
      'You marked the request handled.',
    );
    expect(systemLine(event('chat.handled', { handled: false, byUserId: 'bob', byUserName: 'Bob Builder' }), ctx)).toBe(
      'Bob Builder marked the request not handled.',
    );
    expect(systemLine(event('chat.handled', { handled: true }), ctx)).toBe('The request was marked handled.');
    expect(systemLine(event('chat.queued'), ctx)).toBe('The chat started.');
    expect(systemLine(event('chat.abandoned', { by: 'system' }), ctx)).toBe('The visitor left before an agent answered.');
  });
});
