import type { ChatEvent } from './model.js';

/** The page the visitor opened last while the chat went on (`chat.page`), or null when they opened none since it started. */
export const latestPage = (events: readonly ChatEvent[]): string | null => {
  for (let i = events.length - 1; i >= 0; i--) {
    const e = events[i]!;
    if (e.type === 'chat.page' && typeof e.data?.url === 'string') return e.data.url;
  }
  return null;
};
