import { describe, expect, it } from 'vitest';
import type { ChatEvent } from './api.js';
import { addPending, applyEvent, newConversation, settlePending, type Conversation } from './conversation.js';

const ev = (seq: number, type: ChatEvent['type'], extra: Partial<ChatEvent> = {}): ChatEvent => ({
  id: `e${seq}`,
  accountId: 'a1',
  chatId: 'c1',
  seq,
  type,
  at: '2026-01-01T00:00:00Z',
  author: null,
  text: null,
  data: {},
  ...extra,
});
const msg = (seq: number, kind: 'visitor' | 'agent', text: string) =>
  ev(seq, 'chat.message', { author: { kind, userId: kind === 'agent' ? 'u1' : null, alias: kind === 'agent' ? 'Ann' : 'Vera' }, text });
const texts = (c: Conversation) => c.lines.map((l) => (l.kind === 'message' ? `${l.from}:${l.text}:${l.state}` : `notice:${l.notice}`));
const apply = (events: ChatEvent[], c = newConversation()) => events.reduce((acc, e) => applyEvent(acc, e), c);

describe('the conversation', () => {
  it('follows the chat from queued to assigned to closed', () => {
    const queued = apply([ev(1, 'chat.queued'), msg(2, 'visitor', 'Hello?')]);
    expect(queued.phase).toBe('queued');
    const active = applyEvent(queued, ev(3, 'chat.assigned', { data: { agentId: 'u1', agentName: 'Ann Agent' } }));
    expect(active).toMatchObject({ phase: 'active', agentName: 'Ann Agent', queue: null });
    const ended = apply([msg(4, 'agent', 'Hi Vera'), ev(5, 'chat.closed')], active);
    expect(ended.phase).toBe('ended');
    expect(texts(ended)).toEqual(['visitor:Hello?:sent', 'notice:joined', 'agent:Hi Vera:sent', 'notice:ended']);
  });

  it('says when the chat closed by itself after quiet minutes, and still offers the survey', () => {
    const active = apply([ev(1, 'chat.queued'), ev(2, 'chat.assigned', { data: { agentName: 'Ann' } })]);
    const ended = applyEvent(active, ev(3, 'chat.closed', { data: { by: 'system', inactiveMinutes: 30 } }));
    expect(ended).toMatchObject({ phase: 'ended', canRate: true });
    expect(ended.lines.at(-1)).toMatchObject({ kind: 'notice', notice: 'endedQuiet', minutes: 30 });
  });

  it('ignores events it already has, so a replay after a reconnect duplicates nothing', () => {
    const events = [
      ev(1, 'chat.queued'),
      msg(2, 'visitor', 'Hello?'),
      ev(3, 'chat.assigned', { data: { agentName: 'Ann' } }),
      msg(4, 'agent', 'Hi'),
    ];
    const once = apply(events);
    const twice = apply([...events, ...events.slice(1)], once);
    expect(twice).toBe(once);
    expect(once.lastSeq).toBe(4);
  });

  it('shows the visitor’s message once, whether the stream or the send’s answer comes first', () => {
    const stored = { ...msg(3, 'visitor', 'Where is my order?') };
    const base = apply([ev(1, 'chat.queued'), ev(2, 'chat.assigned', { data: { agentName: 'Ann' } })]);

    const streamFirst = settlePending(applyEvent(addPending(base, 'p1', 'You', 'Where is my order?'), stored), 'p1', stored);
    expect(texts(streamFirst)).toEqual(['notice:joined', 'visitor:Where is my order?:sent']);

    const answerFirst = applyEvent(settlePending(addPending(base, 'p1', 'You', 'Where is my order?'), 'p1', stored), stored);
    expect(texts(answerFirst)).toEqual(['notice:joined', 'visitor:Where is my order?:sent']);
  });

  it('does not skip an agent message still on its way when the send’s answer comes first', () => {
    const base = apply([ev(1, 'chat.queued'), ev(2, 'chat.assigned', { data: { agentName: 'Ann' } })]);
    const answered = settlePending(addPending(base, 'p1', 'You', 'Thanks'), 'p1', msg(4, 'visitor', 'Thanks'));
    expect(answered.lastSeq).toBe(2);
    const after = apply([msg(3, 'agent', 'Here it is'), msg(4, 'visitor', 'Thanks')], answered);
    expect(texts(after)).toEqual(['notice:joined', 'agent:Here it is:sent', 'visitor:Thanks:sent']);
  });

  it('marks a message that could not be sent', () => {
    const c = settlePending(addPending(newConversation(), 'p1', 'You', 'Hello'), 'p1', null);
    expect(texts(c)).toEqual(['visitor:Hello:failed']);
  });

  it('stops showing the agent as typing when their message arrives', () => {
    const typing = { ...apply([ev(1, 'chat.assigned', { data: { agentName: 'Ann' } })]), agentTyping: 'Ann' };
    expect(applyEvent(typing, msg(2, 'agent', 'Done')).agentTyping).toBeNull();
    expect(applyEvent(typing, msg(2, 'visitor', 'Ok')).agentTyping).toBe('Ann');
  });

  it('names the agent of a transfer', () => {
    const c = apply([ev(1, 'chat.assigned', { data: { agentName: 'Ann' } }), ev(2, 'chat.transferred', { data: { agentName: 'Bob' } })]);
    expect(c.agentName).toBe('Bob');
    expect(texts(c)).toEqual(['notice:joined', 'notice:transferred']);
  });

  it('waits in the queue again after a transfer to another widget, until that widget’s agent joins', () => {
    const moved = apply([
      ev(1, 'chat.assigned', { data: { agentName: 'Ann' } }),
      ev(2, 'chat.transferred', { data: { toAgentId: null, toWidgetId: 'w2', widgetName: 'Sales' } }),
    ]);
    expect(moved).toMatchObject({ phase: 'queued', agentName: null, widgetName: 'Sales' });
    // The visitor is told who passed the chat on, and to which queue.
    expect(moved.lines.at(-1)).toMatchObject({ kind: 'notice', notice: 'movedToQueue', name: 'Ann', queue: 'Sales' });
    expect(applyEvent(moved, ev(3, 'chat.assigned', { data: { agentName: 'Cleo' } }))).toMatchObject({
      phase: 'active',
      agentName: 'Cleo',
    });
  });

  it('says the agent had to leave when the chat went back to its queue because they went offline', () => {
    for (const reason of ['agent_offline', 'agent_deactivated']) {
      const back = apply([
        ev(1, 'chat.assigned', { data: { agentName: 'Ann' } }),
        ev(2, 'chat.transferred', { data: { toAgentId: null, toWidgetId: 'w1', widgetName: 'Support', reason } }),
      ]);
      expect(back).toMatchObject({ phase: 'queued', agentName: null });
      expect(back.lines.at(-1)).toMatchObject({ kind: 'notice', notice: 'agentLeft', name: 'Ann' });
    }
  });

  it('says another team, not this widget’s name, when a transfer to another widget does not name its queue', () => {
    const moved = apply([
      ev(1, 'chat.assigned', { data: { agentName: 'Ann' } }),
      ev(2, 'chat.transferred', { data: { toAgentId: null, toWidgetId: 'w2' } }),
    ]);
    expect(moved).toMatchObject({ phase: 'queued', widgetName: null });
    expect(moved.lines.at(-1)).toMatchObject({ kind: 'notice', notice: 'movedToTeam', name: 'Ann' });
    expect(moved.lines.at(-1)).not.toHaveProperty('queue');
  });

  it('offers the survey only for a chat closed after an agent took it, and remembers it was answered', () => {
    const taken = apply([ev(1, 'chat.queued'), ev(2, 'chat.assigned', { data: { agentName: 'Ann' } })]);
    expect(taken.canRate).toBe(false);
    const closed = applyEvent(taken, ev(3, 'chat.closed'));
    expect(closed).toMatchObject({ phase: 'ended', canRate: true, rated: false });
    expect(applyEvent(closed, ev(4, 'chat.surveyed', { data: { score: 5 } }))).toMatchObject({ canRate: true, rated: true, lastSeq: 4 });
    expect(apply([ev(1, 'chat.queued'), ev(2, 'chat.abandoned')])).toMatchObject({ phase: 'ended', canRate: false });
    // A queued chat an agent closed had nobody's service to rate.
    expect(apply([ev(1, 'chat.queued'), ev(2, 'chat.closed')])).toMatchObject({ phase: 'ended', canRate: false });
  });
});
