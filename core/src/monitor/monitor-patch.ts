import { deepEqual } from '../audit/diff.js';
import { isRecord, toPointer } from '../audit/json-pointer.js';

/**
 * Patches between two monitor views, as RFC 6902 JSON Patch, so a stream can send what changed after its
 * first snapshot instead of the whole view every time (a monitor of 30 chats is some 12 KB; a new chat
 * in it is a few hundred bytes of patch).
 *
 * The view's lists are lists of things with an id (`id`, `chatId` or `userId`: widgets, queued and
 * active chats, agents). Such a list is patched by id: entries gone are removed, new ones added at their
 * place, and the entries in both are patched field by field, so a chat leaving the head of a queue is one
 * `remove`, not a rewrite of every entry after it. A list whose common entries changed their order (agents
 * re-sorted by status), or whose entries have no id, is replaced whole when it differs.
 */

/** One RFC 6902 operation, of the three a monitor patch uses. */
export type JsonPatchOperation =
  | { readonly op: 'add'; readonly path: string; readonly value: unknown }
  | { readonly op: 'remove'; readonly path: string }
  | { readonly op: 'replace'; readonly path: string; readonly value: unknown };

/** The fields that name an entry of a list, in the order they are looked for. */
const KEY_FIELDS = ['id', 'chatId', 'userId'] as const;

const keyOf = (v: unknown): string | undefined => {
  if (!isRecord(v)) return undefined;
  for (const f of KEY_FIELDS) if (typeof v[f] === 'string') return `${f}:${v[f]}`;
  return undefined;
};

/** Each entry's key, or null when an entry has none or two entries share one. */
const keysOf = (list: readonly unknown[]): string[] | null => {
  const keys: string[] = [];
  const seen = new Set<string>();
  for (const v of list) {
    const k = keyOf(v);
    if (k === undefined || seen.has(k)) return null;
    seen.add(k);
    keys.push(k);
  }
  return keys;
};

/**
 * The operations that turn `before` into `after`, applied in order (each path is read against the
 * document as the operations before it left it). Keys holding `undefined` count as absent, as JSON
 * writes them.
 *
 * Law (property-tested against an independent RFC 6902 implementation): applying `monitorPatch(a, b)`
 * to `a` gives a document deep-equal to `b`.
 */
export const monitorPatch = (before: unknown, after: unknown): JsonPatchOperation[] => {
  const out: JsonPatchOperation[] = [];
  walk(before, after, '', out);
  return out;
};

const walk = (a: unknown, b: unknown, path: string, out: JsonPatchOperation[]): void => {
  if (a === b) return;
  if (isRecord(a) && isRecord(b)) {
    for (const k of Object.keys(a))
      if (a[k] !== undefined && (!Object.hasOwn(b, k) || b[k] === undefined)) out.push({ op: 'remove', path: path + toPointer([k]) });
    for (const k of Object.keys(b)) {
      if (b[k] === undefined) continue;
      const at = path + toPointer([k]);
      if (!Object.hasOwn(a, k) || a[k] === undefined) out.push({ op: 'add', path: at, value: b[k] });
      else walk(a[k], b[k], at, out);
    }
    return;
  }
  if (Array.isArray(a) && Array.isArray(b) && list(a, b, path, out)) return;
  if (!deepEqual(a, b)) out.push({ op: 'replace', path, value: b });
};

/** Patches a list by its entries' keys; false when it cannot (no keys, or the common entries moved). */
const list = (a: readonly unknown[], b: readonly unknown[], path: string, out: JsonPatchOperation[]): boolean => {
  const ka = keysOf(a);
  const kb = keysOf(b);
  if (ka === null || kb === null) return false;
  const inA = new Map(ka.map((k, i) => [k, i]));
  const inB = new Set(kb);
  const kept = ka.filter((k) => inB.has(k));
  const keptInB = kb.filter((k) => inA.has(k));
  if (kept.some((k, i) => k !== keptInB[i])) return false;
  // Removed from the end first, so the indexes of the ones still to remove hold; then added in order of
  // their new place, so each lands where `b` has it; then the kept ones, at their places in `b`.
  for (let i = ka.length - 1; i >= 0; i--) if (!inB.has(ka[i]!)) out.push({ op: 'remove', path: `${path}/${i}` });
  kb.forEach((k, j) => {
    if (!inA.has(k)) out.push({ op: 'add', path: `${path}/${j}`, value: b[j] });
  });
  kb.forEach((k, j) => {
    const i = inA.get(k);
    if (i !== undefined) walk(a[i], b[j], `${path}/${j}`, out);
  });
  return true;
};
