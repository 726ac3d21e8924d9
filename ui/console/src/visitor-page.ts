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

/**
 * A page's address as the console writes it, in parts between which a line may break: a site's home page without
 * its lone trailing "/" (`http://127.0.0.1:3932/` reads `http://127.0.0.1:3932`, which a narrow column would
 * otherwise split before the "/"), and a longer address after the slashes of its path, so that it breaks between
 * path segments before it breaks inside one.
 */
export const pageTextParts = (url: string): string[] => {
  const root = /^(https?:\/\/[^/?#]+)\/$/i.exec(url);
  if (root) return [root[1]!];
  const origin = /^https?:\/\/[^/?#]+/i.exec(url)?.[0] ?? '';
  return [origin, ...url.slice(origin.length).split(/(?<=\/)/)].filter((p) => p !== '');
};
