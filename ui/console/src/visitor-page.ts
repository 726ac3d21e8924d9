import type { ChatEvent } from './model.js';

/** The page the visitor opened last while the chat went on (`chat.page`), or null when they opened none since it started. */
export const latestPage = (events: readonly ChatEvent[]): string | null => {
  for (let i = events.length - 1; i >= 0; i--) {
    const e = events[i]!;
    if (e.type === 'chat.page' && typeof e.data?.url === 'string') return e.data.url;
  }
  return null;
};

/**
 * When the visitor left the site, if the latest of their comings and goings during the chat is a departure
 * (`chat.visitor_left`, not followed by `chat.visitor_back`): its time; null while they are there (or nothing
 * is known).
 */
export const leftAt = (events: readonly ChatEvent[]): string | null => {
  for (let i = events.length - 1; i >= 0; i--) {
    const e = events[i]!;
    if (e.type === 'chat.visitor_back') return null;
    if (e.type === 'chat.visitor_left') return e.at;
  }
  return null;
};
