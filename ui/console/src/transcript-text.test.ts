import { describe, expect, it } from 'vitest';
import type { ChatEvent } from './model.js';
import { clockTime } from './clock.js';
import { transcriptText } from './transcript-text.js';

const at = (minute: number) => `2026-12-06T12:${String(minute).padStart(2, '0')}:00.000Z`;
const time = (minute: number) => clockTime(new Date(at(minute)));
const event = (seq: number, type: string, extra: Partial<ChatEvent> = {}): ChatEvent =>
  ({ id: `e${seq}`, chatId: 'c1', seq, type, at: at(seq), author: null, text: null, data: {}, ...extra }) as ChatEvent;

describe('a transcript as plain text', () => {
  const chat = { visitor: { name: 'Vera Visitor', email: 'vera@example.org' }, createdAt: at(0) } as never;
  const events = [
    event(1, 'chat.queued'),
    event(2, 'chat.message', { author: { kind: 'visitor', userId: null, alias: 'Vera Visitor' }, text: 'Is my order\non its way?' }),
    event(3, 'chat.assigned', { data: { agentId: 'u1', agentName: 'Ann Agent' } }),
    event(4, 'chat.message', { author: { kind: 'agent', userId: 'u1', alias: 'Ann' }, text: 'It ships today!' }),
    event(5, 'chat.labeled', { data: { before: [], after: ['l1'], byUserId: 'u1', byUserName: 'Ann Agent' } }),
  ];

  it('says who and when, then each event on its own line with its time, by name', () => {
    const text = transcriptText(chat, events, (id) => (id === 'l1' ? 'Billing' : undefined));
    const lines = text.trimEnd().split('\n');
    expect(lines[0]).toBe(
      `Chat with Vera Visitor <vera@example.org>, ${new Date(at(0)).toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' })}`,
    );
    expect(lines.slice(2)).toEqual([
      `[${time(1)}] The chat started.`,
      `[${time(2)}] Vera Visitor: Is my order`,
      '  on its way?',
      `[${time(3)}] The chat was assigned to Ann Agent.`,
      `[${time(4)}] Ann: It ships today!`,
      `[${time(5)}] Ann Agent added the label “Billing”.`,
    ]);
    expect(text).not.toContain('you');
  });

  it('leaves out the team’s notes, as the text may go to the visitor', () => {
    const note = event(6, 'chat.note', { author: { kind: 'agent', userId: 'u1', alias: 'Ann' }, text: 'Difficult customer' });
    expect(transcriptText(chat, [...events, note], () => 'Billing')).not.toContain('Difficult customer');
  });

  it('names an anonymous visitor as such', () => {
    expect(transcriptText({ visitor: {}, createdAt: at(0) } as never, [], () => undefined)).toMatch(/^Chat with a visitor, /);
  });
});
