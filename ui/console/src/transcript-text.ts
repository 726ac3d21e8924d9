import type { Chat, ChatEvent } from './model.js';
import { clockTime, dateTime } from './clock.js';
import { systemLine, type SystemLineContext } from './system-line.js';

/** Whether an event shows as a message in a transcript (a message, or an offline request's text); else as a line of what happened. */
export const isMessageLine = (e: ChatEvent): boolean => e.type === 'chat.message' || (e.type === 'chat.offline' && Boolean(e.text));

/**
 * A chat as plain text, to paste into a ticket or an e-mail: the visitor and when it started, then one line an
 * event with its time as the transcript on screen shows it, messages after their author's name (a message's own line breaks indented under it), the
 * rest as the history says them, by name (never "you": the reader is someone else). The team's notes are left
 * out: the text may go to the visitor.
 */
export const transcriptText = (
  chat: Pick<Chat, 'visitor' | 'createdAt'>,
  events: readonly ChatEvent[],
  labelName: SystemLineContext['labelName'],
): string => {
  const visitor = [chat.visitor.name, chat.visitor.email && `<${chat.visitor.email}>`].filter(Boolean).join(' ') || 'a visitor';
  const lines = events
    .filter((e) => e.type !== 'chat.note')
    .map(
      (e) =>
        `[${clockTime(new Date(e.at))}] ${
          isMessageLine(e)
            ? `${e.author?.alias ?? 'Visitor'}: ${(e.text ?? '').replace(/\r?\n/g, '\n  ')}`
            : systemLine(e, { labelName, myId: undefined })
        }`,
    );
  const started = dateTime(chat.createdAt);
  return `${[`Chat with ${visitor}, ${started}`, '', ...lines].join('\n')}\n`;
};
