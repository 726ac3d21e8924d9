/**
 * Making untrusted text safe for a mail: escaped for HTML bodies, and free of line breaks (and other
 * control characters) for headers, so a visitor's name or question can never add a header.
 */

const HTML_ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text as HTML: `&`, `<`, `>` and both quotes escaped, so it can sit in content and in attribute values. */
export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);

/** Longest header value kept; longer ones are cut (mail clients show far less anyway). */
const HEADER_MAX = 200;

/** A header value: CR, LF and every other control character become a space; runs of space collapse. */
export const headerText = (text: string): string =>
  // eslint-disable-next-line no-control-regex
  text
    .replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, HEADER_MAX);

/** Whether a string is one plain mail address (no display name, no line break, no list). */
export const isMailAddress = (s: string): boolean =>
  s.length <= 254 && /^[^\s@<>(),;:"\\[\]]+@[^\s@<>(),;:"\\[\]]+\.[^\s@<>(),;:"\\[\]]+$/.test(s);
