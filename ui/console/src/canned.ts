import type { Schemas } from '@parley/api-client';

/**
 * The reply box's canned responses, as pure rules so they can be tested without a browser: which typed
 * text asks for one, which responses come first, and how a response's placeholders are filled in.
 */

export type CannedResponse = Schemas['CannedResponse'];

/** Where the agent is asking for a canned response: the `/` or `#` and what follows it, up to the caret. */
export interface CannedTrigger {
  /** The index of the `/` or `#`. */
  readonly start: number;
  /** The caret's index: the end of what the response replaces. */
  readonly end: number;
  /** What was typed after the `/` or `#`: empty right after it (every response is offered). */
  readonly query: string;
}

/**
 * The trigger the caret sits at the end of: `/` or `#` at the start of the text or after white space,
 * then shortcut characters (letters, digits, `-`, `_`), or none yet. `and/or` or `issue#12` never opens the list.
 */
export const cannedTrigger = (text: string, caret: number): CannedTrigger | null => {
  const m = /(^|\s)([/#])([\p{L}\p{N}_-]*)$/u.exec(text.slice(0, caret));
  if (!m) return null;
  const start = m.index + m[1]!.length;
  return { start, end: caret, query: m[3]! };
};

/**
 * The responses in the order the list shows them: those whose shortcut begins with the query first, then
 * those whose shortcut contains it, then the rest (the server matched the title or text); ties by shortcut.
 * A widget's own response overrides the account-wide one of the same shortcut, which is then left out: in a
 * Sales chat, /hello is Sales' hello.
 */
export const rankCanned = (items: readonly CannedResponse[], query: string): CannedResponse[] => {
  const q = query.toLowerCase();
  const own = new Set(items.filter((r) => r.widgetId).map((r) => r.shortcut));
  const rank = (r: CannedResponse) => (r.shortcut.startsWith(q) ? 0 : r.shortcut.includes(q) ? 1 : 2);
  return items.filter((r) => r.widgetId || !own.has(r.shortcut)).sort((a, b) => rank(a) - rank(b) || a.shortcut.localeCompare(b.shortcut));
};

/**
 * The response's text with `{visitor.name}` and `{agent.name}` filled in. A name that is not known is left
 * out together with the space before it, so `Hi {visitor.name},` reads `Hi,` rather than `Hi ,`.
 */
export const fillPlaceholders = (text: string, names: { readonly visitor: string; readonly agent: string }): string =>
  text.replace(/( ?)\{(visitor|agent)\.name\}/g, (_, space: string, who: 'visitor' | 'agent') => {
    const name = names[who].trim();
    return name ? `${space}${name}` : '';
  });

/** The reply with the trigger replaced by the response's text, and where the caret goes (after it). */
export const insertCanned = (text: string, at: CannedTrigger, filled: string): { text: string; caret: number } => ({
  text: text.slice(0, at.start) + filled + text.slice(at.end),
  caret: at.start + filled.length,
});
