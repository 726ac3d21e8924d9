import type { Chat, ChatEvent } from './model.js';
import { systemLine, type SystemLineContext } from './system-line.js';

/** Whether an event shows as a message in a transcript (a message, or an offline request's text); else as a line of what happened. */
export const isMessageLine = (e: ChatEvent): boolean => e.type === 'chat.message' || (e.type === 'chat.offline' && Boolean(e.text));

const when = (at: string, withDate: boolean): string =>
  new Date(at).toLocaleString([], withDate ? { dateStyle: 'medium', timeStyle: 'short' } : { timeStyle: 'short' });

/**
 * A chat as plain text, to paste into a ticket or an e-mail: the visitor and when it started, then one line an
 * event with its time, messages after their author's name (a message's own line breaks indented under it), the
 * rest as the history says them, by name (never "you": the reader is someone else).
 */
export const transcriptText = (
  chat: Pick<Chat, 'visitor' | 'createdAt'>,
  events: readonly ChatEvent[],
  labelName: SystemLineContext['labelName'],
): string => {
  const visitor = [chat.visitor.name, chat.visitor.email && `<${chat.visitor.email}>`].filter(Boolean).join(' ') || 'a visitor';
  const lines = events.map(
    (e) =>
      `[${when(e.at, false)}] ${
        isMessageLine(e)
          ? `${e.author?.alias ?? 'Visitor'}: ${(e.text ?? '').replace(/\r?\n/g, '\n  ')}`
          : systemLine(e, { labelName, myId: undefined })
      }`,
  );
  return `${[`Chat with ${visitor}, ${when(chat.createdAt, true)}`, '', ...lines].join('\n')}\n`;
};
