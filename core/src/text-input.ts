import { toPointer } from './audit/json-pointer.js';

/**
 * What Parley does to text it is sent, before any other rule looks at it.
 *
 * - Every string, and every property name, must be well-formed UTF-16: a lone surrogate (`"\ud800"` in
 *   JSON) has no UTF-8 form, so each store and each receiver would replace it differently (one U+FFFD,
 *   three, or an error), and what was saved would not be what was read back or hashed.
 * - Names people see (account, user, widget, visitor names, share-link labels) are one line of visible
 *   text: NFC, line breaks and tabs become spaces, other control characters and bidi embeddings,
 *   overrides and isolates are removed (they would reorder the text around the name wherever it is
 *   shown), and white space and invisible characters (zero-width spaces and joiners, BOM, soft hyphen,
 *   fillers...) are trimmed at both ends, so a name of nothing but invisible characters is empty.
 * - Messages keep their line breaks (CR LF and CR become LF) and tabs; other control characters are
 *   removed and the ends are trimmed like names.
 *
 * Each function is linear in the length of its input: they run before length limits are checked.
 */

/** A lone surrogate: with the `u` flag, a surrogate pair is one code point and never matches. */
const LONE_SURROGATE = /\p{Cs}/u;

/** Whether `s` is well-formed UTF-16 (`String.prototype.isWellFormed`, which ES2023 typings lack). */
export const isWellFormed = (s: string): boolean => !LONE_SURROGATE.test(s);

/** A string, or a property name, in a JSON-like input that is not well-formed UTF-16. */
export interface IllFormedText {
  /** JSON Pointer to the value, or to the member whose name is ill-formed. */
  readonly path: string;
  readonly inName: boolean;
}

const isPlainContainer = (v: unknown): v is Record<string, unknown> | unknown[] => {
  if (typeof v !== 'object' || v === null) return false;
  if (Array.isArray(v)) return true;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
};

interface Frame {
  readonly value: unknown;
  readonly parent: Frame | null;
  readonly key: string | null;
}

const pathOf = (frame: Frame): string => {
  const keys: string[] = [];
  for (let f: Frame | null = frame; f && f.key !== null; f = f.parent) keys.push(f.key);
  return toPointer(keys.reverse());
};

/**
 * Every ill-formed string in `input` (plain objects, arrays and strings, as JSON and query strings give),
 * in document order. Walks with its own stack, so nesting depth cannot overflow the call stack.
 */
export const findIllFormedText = (input: unknown): IllFormedText[] => {
  const found: IllFormedText[] = [];
  const stack: Frame[] = [{ value: input, parent: null, key: null }];
  while (stack.length > 0) {
    const frame = stack.pop()!;
    const { value } = frame;
    if (typeof value === 'string') {
      if (!isWellFormed(value)) found.push({ path: pathOf(frame), inName: false });
    } else if (isPlainContainer(value)) {
      const entries = Object.entries(value);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, child] = entries[i]!;
        const childFrame = { value: child, parent: frame, key };
        if (!isWellFormed(key)) found.push({ path: pathOf(childFrame), inName: true });
        else stack.push(childFrame);
      }
    }
  }
  return found;
};

const WHITE_OR_INVISIBLE = /^[\p{White_Space}\p{Default_Ignorable_Code_Point}]$/u;
/**
 * Default-ignorable characters that give meaning to the character before them (variation selectors:
 * "❤️" ends with U+FE0F; tag characters: flags like England's end with them): kept at the end.
 */
const MODIFIER_AT_END = /^[\uFE00-\uFE0F\u{E0020}-\u{E007F}\u{E0100}-\u{E01EF}]$/u;

const codePointBefore = (s: string, end: number): string => {
  const low = s.charCodeAt(end - 1);
  if (low >= 0xdc00 && low <= 0xdfff && end >= 2) {
    const high = s.charCodeAt(end - 2);
    if (high >= 0xd800 && high <= 0xdbff) return s.slice(end - 2, end);
  }
  return s.charAt(end - 1);
};

/** Trims white space and invisible characters (zero-width, BOM, soft hyphen, fillers...) at both ends. */
export const trimInvisible = (s: string): string => {
  let start = 0;
  let end = s.length;
  while (start < end) {
    const ch = String.fromCodePoint(s.codePointAt(start)!);
    if (!WHITE_OR_INVISIBLE.test(ch)) break;
    start += ch.length;
  }
  while (end > start) {
    const ch = codePointBefore(s, end);
    if (!WHITE_OR_INVISIBLE.test(ch) || MODIFIER_AT_END.test(ch)) break;
    end -= ch.length;
  }
  return s.slice(start, end);
};

/** Line breaks and tabs, which become one space in a name. */
const LINE_BREAKS_AND_TABS = /[\t\n\v\f\r\u0085\u2028\u2029]+/g;
/** Other control characters (C0, DEL, C1). */
const CONTROLS = /\p{Cc}/gu;
/** Bidi embeddings, overrides (U+202A–U+202E) and isolates (U+2066–U+2069). */
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;

/** A name people see, as Parley stores it: one line of visible text, NFC (see the module comment). */
export const normaliseName = (s: string): string =>
  trimInvisible(s.replace(LINE_BREAKS_AND_TABS, ' ').replace(CONTROLS, '').replace(BIDI_CONTROLS, '').normalize('NFC'));

const CONTROLS_BUT_LF_AND_TAB = /[\0-\x08\v\f\x0E-\x1F\x7F-\x9F]/g;

/** A message as Parley stores it: line breaks as LF, no other control characters but tabs, ends trimmed. */
export const normaliseMessage = (s: string): string => trimInvisible(s.replace(/\r\n?/g, '\n').replace(CONTROLS_BUT_LF_AND_TAB, ''));
