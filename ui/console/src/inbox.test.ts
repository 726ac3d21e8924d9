import { describe, expect, it } from 'vitest';
import {
  answered,
  applyEvent,
  comesBackTo,
  dismissAllText,
  emptyInboxText,
  listOrder,
  newInboxChat,
  waitingSince,
  waitText,
} from './inbox.js';
import { type ChatEvent, ENDED_LABEL, type InboxChat } from './model.js';

const ME = 'agent-1';
let at = 0;
const event = (seq: number, type: string, extra: Partial<ChatEvent> = {}): ChatEvent =>
  ({
    id: `e${seq}`,
    chatId: 'c1',
    seq,
    type,
    at: new Date(Date.UTC(2026, 0, 1, 0, 0, at++)).toISOString(),
    author: null,
    text: null,
    data: {},
    ...extra,
  }) as ChatEvent;
const visitorSays = (seq: number, text: string) =>
  event(seq, 'chat.message', { author: { kind: 'visitor', userId: null, alias: 'Vera' }, text });

describe('the agent inbox', () => {
  it('counts as unread only what came after the agent’s own last word, in whichever tab or before a reload', () => {
    let c = newInboxChat('c1');
    const mine = (seq: number) => event(seq, 'chat.message', { author: { kind: 'agent', userId: ME, alias: 'Ann' }, text: 'Hi Vera' });
    for (const e of [visitorSays(1, 'hello'), visitorSays(2, 'anyone?'), mine(3), visitorSays(4, 'thanks')])
      c = applyEvent(c, e, ME, false).chat;
    expect(c.unread).toBe(1);
    // A colleague's message (a transfer's earlier agent) is not the agent's own: it reads nothing for them.
    const theirs = event(5, 'chat.message', { author: { kind: 'agent', userId: 'agent-2', alias: 'Bob' }, text: 'Passing you on' });
    expect(applyEvent(c, theirs, ME, false).chat.unread).toBe(1);
  });

  it('applies each event once, however often a reconnecting stream sends it', () => {
    let c = newInboxChat('c1');
    for (const e of [event(1, 'chat.queued'), visitorSays(2, 'hi'), event(1, 'chat.queued'), visitorSays(2, 'hi'), visitorSays(3, 'there')])
      c = applyEvent(c, e, ME, false).chat;
    expect(c.events.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(c.unread).toBe(2);
    expect(applyEvent(c, visitorSays(3, 'there'), ME, false).applied).toBe(false);
  });

  it('counts a visitor message as read while the agent has the chat open, and clears the draft it replaces', () => {
    const c = { ...newInboxChat('c1'), draft: 'hel' };
    const next = applyEvent(c, visitorSays(1, 'hello'), ME, true).chat;
    expect(next.unread).toBe(0);
    expect(next.draft).toBe('');
  });

  it('counts a colleague’s note as unread, never the agent’s own, and a note is no answer to a waiting visitor', () => {
    const note = (seq: number, userId: string) =>
      event(seq, 'chat.note', { author: { kind: 'agent', userId, alias: userId }, text: 'for the team' });
    let c = applyEvent(newInboxChat('c1'), visitorSays(1, 'hello?'), ME, true).chat;
    c = applyEvent(c, note(2, ME), ME, false).chat;
    expect(c.unread).toBe(0);
    c = applyEvent(c, note(3, 'supervisor-1'), ME, false).chat;
    expect(c.unread).toBe(1);
    expect(applyEvent(c, note(4, 'supervisor-1'), ME, true).chat.unread).toBe(1); // read as it came
    expect(waitingSince(c)).toBe(c.events[0]!.at);
  });

  it('ends the chat on close, abandonment and a transfer away, and not on a transfer to the agent', () => {
    const c = newInboxChat('c1');
    expect(applyEvent(c, event(1, 'chat.closed'), ME, false).chat.ended).toBe('closed');
    expect(applyEvent(c, event(1, 'chat.abandoned'), ME, false).chat.ended).toBe('abandoned');
    expect(applyEvent(c, event(1, 'chat.transferred', { data: { fromAgentId: ME, toAgentId: 'b' } }), ME, false).chat.ended).toBe(
      'transferred',
    );
    const away = applyEvent(c, event(1, 'chat.transferred', { data: { fromAgentId: ME, toAgentId: 'b' } }), ME, false).chat;
    expect(applyEvent(away, event(2, 'chat.transferred', { data: { fromAgentId: 'b', toAgentId: ME } }), ME, false).chat.ended).toBeNull();
  });

  it('says the chat returned to the queue, not that it was transferred, when Parley handed it back (offline, deactivated)', () => {
    const c = newInboxChat('c1');
    for (const reason of ['agent_offline', 'agent_deactivated']) {
      const back = event(1, 'chat.transferred', { data: { fromAgentId: ME, toAgentId: null, reason, widgetName: 'Acme' } });
      expect(applyEvent(c, back, ME, false).chat.ended).toBe('returned');
    }
    expect(ENDED_LABEL.returned).toBe('returned to queue');
  });

  it('counts no unread for a chat no longer the agent’s (passed on, returned to the queue, ended), whatever comes after', () => {
    const note = (seq: number) => event(seq, 'chat.note', { author: { kind: 'agent', userId: 'b', alias: 'Bob' }, text: 'fyi' });
    for (const away of [
      event(2, 'chat.transferred', { data: { fromAgentId: ME, toAgentId: 'b' } }),
      event(2, 'chat.transferred', { data: { fromAgentId: ME, toAgentId: null, reason: 'agent_offline' } }),
      event(2, 'chat.closed'),
    ]) {
      const unread = applyEvent(newInboxChat('c1'), visitorSays(1, 'Hello?'), ME, false).chat;
      expect(unread.unread).toBe(1);
      const gone = applyEvent(unread, away, ME, false).chat;
      expect(gone.unread).toBe(0);
      expect(applyEvent(gone, note(3), ME, false).chat.unread).toBe(0);
    }
  });

  it('names the chats the list dismisses at once as they are tagged: ended, or no longer the agent’s', () => {
    expect(dismissAllText(['closed', 'abandoned'])).toBe('Dismiss ended (2)');
    expect(dismissAllText(['returned', 'returned'])).toBe('Dismiss 2 chats no longer yours');
    expect(dismissAllText(['transferred'])).toBe('Dismiss 1 chat no longer yours');
    expect(dismissAllText(['closed', 'transferred'])).toBe('Dismiss 2 chats no longer yours');
  });

  it('knows whether someone of the team answered the visitor: a reply does, a note or the visitor alone does not', () => {
    let c = applyEvent(newInboxChat('c1'), visitorSays(1, 'Hello?'), ME, false).chat;
    expect(answered(c)).toBe(false);
    c = applyEvent(c, event(2, 'chat.note', { author: { kind: 'agent', userId: ME, alias: 'Me' }, text: 'checking' }), ME, false).chat;
    expect(answered(c)).toBe(false);
    c = applyEvent(c, event(3, 'chat.message', { author: { kind: 'agent', userId: ME, alias: 'Me' }, text: 'Hi!' }), ME, false).chat;
    expect(answered(c)).toBe(true);
  });

  it('knows which events give the chat to the agent (again): assigned or transferred to them, not to another', () => {
    expect(comesBackTo(event(1, 'chat.assigned', { data: { agentId: ME } }), ME)).toBe(true);
    expect(comesBackTo(event(1, 'chat.assigned', { data: { agentId: 'b' } }), ME)).toBe(false);
    expect(comesBackTo(event(1, 'chat.transferred', { data: { fromAgentId: 'b', toAgentId: ME } }), ME)).toBe(true);
    expect(comesBackTo(event(1, 'chat.transferred', { data: { fromAgentId: ME, toAgentId: null, toWidgetId: 'w2' } }), ME)).toBe(false);
    expect(comesBackTo(event(1, 'chat.note', { author: { kind: 'agent', userId: 'b', alias: 'Bob' } }), ME)).toBe(false);
  });

  it('lists open chats before ended ones, oldest first', () => {
    const a = applyEvent(newInboxChat('a'), event(1, 'chat.queued'), ME, false).chat;
    const b = applyEvent(newInboxChat('b'), event(1, 'chat.queued'), ME, false).chat;
    const ended = applyEvent(
      applyEvent(newInboxChat('z'), event(1, 'chat.queued'), ME, false).chat,
      event(2, 'chat.closed'),
      ME,
      false,
    ).chat;
    expect(listOrder([ended, b, a]).map((c) => c.id)).toEqual(['a', 'b', 'z']);
  });

  it('takes a chat’s labels from chat.labeled, without counting it as unread', () => {
    const c = { ...newInboxChat('c1'), chat: { id: 'c1', labels: ['old'] } as InboxChat['chat'] };
    const next = applyEvent(c, event(1, 'chat.labeled', { data: { before: ['old'], after: ['l1', 'l2'], byUserId: ME } }), ME, false).chat;
    expect(next.chat?.labels).toEqual(['l1', 'l2']);
    expect(next.unread).toBe(0);
    expect(next.ended).toBeNull();
  });

  it('moves the chat to the widget a transfer sends it to, so its header and canned responses are that widget’s', () => {
    const c = { ...newInboxChat('c1'), chat: { id: 'c1', widgetId: 'support', labels: ['l1'] } as InboxChat['chat'] };
    const moved = applyEvent(
      c,
      event(1, 'chat.transferred', { data: { fromAgentId: ME, toAgentId: 'bob', toWidgetId: 'sales' } }),
      ME,
      false,
    );
    expect(moved.chat.chat).toMatchObject({ widgetId: 'sales', labels: ['l1'] });
    // A transfer to a colleague in the same widget says no widget: the chat stays where it is.
    const toBob = applyEvent(c, event(1, 'chat.transferred', { data: { fromAgentId: ME, toAgentId: 'bob' } }), ME, false);
    expect(toBob.chat.chat?.widgetId).toBe('support');
  });

  it('says since when the visitor has waited for an answer: from their first message after the team’s last', () => {
    const agentSays = (seq: number) => event(seq, 'chat.message', { author: { kind: 'agent', userId: ME, alias: 'Ann' }, text: 'Hi' });
    let c = newInboxChat('c1');
    const apply = (...es: ChatEvent[]) => {
      for (const e of es) c = applyEvent(c, e, ME, false).chat;
    };
    apply(event(1, 'chat.queued'));
    expect(waitingSince(c)).toBeNull();
    const first = visitorSays(2, 'hello');
    apply(first, event(3, 'chat.assigned'), visitorSays(4, 'anyone?'));
    expect(waitingSince(c)).toBe(first.at);
    apply(agentSays(5));
    expect(waitingSince(c)).toBeNull();
    const again = visitorSays(6, 'thanks, and…');
    apply(again, visitorSays(7, 'one more thing'));
    expect(waitingSince(c)).toBe(again.at);
    apply(event(8, 'chat.closed'));
    expect(waitingSince(c)).toBeNull();
  });

  it('tells a wait in minutes, and in hours and minutes past the hour', () => {
    const since = '2026-12-06T10:00:00.000Z';
    expect(waitText(since, new Date('2026-12-06T10:00:59.000Z'))).toBe('< 1 min');
    expect(waitText(since, new Date('2026-12-06T10:04:10.000Z'))).toBe('4 min');
    expect(waitText(since, new Date('2026-12-06T11:05:00.000Z'))).toBe('1 h 5 min');
    expect(waitText(since, new Date('2026-12-06T09:59:00.000Z'))).toBe('< 1 min'); // a clock behind the server's
  });

  it('says why an empty inbox gets no chat: no widget served, paused or offline, or simply none yet', () => {
    expect(emptyInboxText('online', 0)).toMatch(/^You serve no widget yet/);
    expect(emptyInboxText('offline', 0)).toMatch(/^You serve no widget yet/);
    // Owners and admins add themselves.
    for (const role of ['owner', 'admin'] as const)
      expect(emptyInboxText('online', 0, { role })).toMatch(/Add yourself to a widget under Admin/);
    expect(emptyInboxText('online', 0, { role: 'agent' })).toMatch(/An admin adds you to a widget/);
    expect(emptyInboxText('online', 2)).toBe('No chats right now. New chats appear here as visitors start them.');
    expect(emptyInboxText('online', null)).toBe('No chats right now. New chats appear here as visitors start them.');
    expect(emptyInboxText('paused', 1)).toMatch(/^No chats\. While you are paused/);
    expect(emptyInboxText('offline', 1)).toBe('No chats yet. Go online to take chats.');
  });
});
