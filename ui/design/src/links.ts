/**
 * Web addresses in a message's text, so the widget and the console show them as links: `textParts` splits a
 * text into plain runs and `http(s)://` addresses. Plain text stays text (rendered as text, never as markup);
 * only an address that parses as an http or https URL becomes a link. No library: the widget's size budget
 * has no room for a general linkifier, and messages need only this.
 */

/** What every link made from a message carries: it opens in a new tab, which gets no handle on the page that opened it. */
export const LINK_ATTRIBUTES = { target: '_blank', rel: 'noopener noreferrer nofollow' } as const;

/** A run of a message's text: plain, or a web address (`href`) to show as a link. */
export interface TextPart {
  readonly text: string;
  readonly href?: string;
}

/** Where an address may start: its scheme, case-insensitive. Ends at a space, a quote or an angle bracket. */
const ADDRESS = /https?:\/\/[^\s<>"]+/gi;
/** Punctuation that ends a sentence rather than an address. */
const TRAILING = new Set(['.', ',', ';', ':', '!', '?', "'", '’', '”', '»']);
const CLOSERS: Readonly<Record<string, string>> = { ')': '(', ']': '[', '}': '{' };
/** The longest address shown as a link (the API takes page URLs up to this length too). */
const MAX_ADDRESS = 2048;

const count = (s: string, c: string): number => s.split(c).length - 1;

/** The address without what follows it in the sentence: trailing punctuation, a bracket it did not open. */
const trimmed = (found: string): string => {
  let url = found;
  for (;;) {
    const last = url.slice(-1);
    const opener = CLOSERS[last];
    if (TRAILING.has(last)) url = url.slice(0, -1);
    else if (opener !== undefined && count(url, opener) < count(url, last)) url = url.slice(0, -1);
    else return url;
  }
};

const isWebAddress = (url: string): boolean => {
  if (url.length > MAX_ADDRESS) return false;
  try {
    const u = new URL(url);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname !== '';
  } catch {
    return false;
  }
};

/** `text` as plain runs and web addresses, in order; joined, the parts' texts are `text` again. */
export const textParts = (text: string): TextPart[] => {
  const parts: TextPart[] = [];
  let at = 0;
  for (const m of text.matchAll(ADDRESS)) {
    const start = m.index;
    // Inside a word (`xhttp://`) it is no address of its own.
    if (start > 0 && /[\p{L}\p{N}_@/]/u.test(text[start - 1]!)) continue;
    const url = trimmed(m[0]);
    if (!isWebAddress(url)) continue;
    if (start > at) parts.push({ text: text.slice(at, start) });
    parts.push({ text: url, href: url });
    at = start + url.length;
  }
  if (at < text.length || parts.length === 0) parts.push({ text: text.slice(at) });
  return parts;
};
