import type { FieldChange } from '../model/audit.js';
import { fromPointer, isRecord, readPointer, toPointer, writePointer } from './json-pointer.js';

/** Structural equality for JSON values (key order does not matter; array order does). */
export const deepEqual = (a: unknown, b: unknown): boolean => {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => deepEqual(x, b[i]));
  }
  if (isRecord(a) && isRecord(b)) {
    const ka = Object.keys(a).filter((k) => a[k] !== undefined);
    const kb = Object.keys(b).filter((k) => b[k] !== undefined);
    if (ka.length !== kb.length) return false;
    return ka.every((k) => Object.hasOwn(b, k) && deepEqual(a[k], b[k]));
  }
  return false;
};

/**
 * The field-level differences between two JSON objects.
 *
 * Plain objects are walked key by key; everything else (strings, numbers, booleans, null and whole
 * arrays, such as a widget's agent ids) is compared as one value. Each difference is reported at the
 * deepest object key where it occurs, as an RFC 6901 pointer. Keys holding `undefined` count as absent.
 * Changes are sorted by path, so the same two objects always give the same list.
 *
 * Law (property-tested): `applyChanges(before, diff(before, after))` deep-equals `after`.
 */
export const diff = (before: unknown, after: unknown): FieldChange[] => {
  const out: FieldChange[] = [];
  walk(before, after, [], out);
  return out.sort((x, y) => (x.path < y.path ? -1 : x.path > y.path ? 1 : 0));
};

const walk = (a: unknown, b: unknown, at: string[], out: FieldChange[]): void => {
  if (isRecord(a) && isRecord(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of keys) {
      // Own keys only: `a.toString` must not count as a field `a` has.
      const inA = Object.hasOwn(a, k) && a[k] !== undefined;
      const inB = Object.hasOwn(b, k) && b[k] !== undefined;
      if (!inA && !inB) continue;
      if (inA && inB) walk(a[k], b[k], [...at, k], out);
      else if (inA) out.push({ path: toPointer([...at, k]), from: a[k] });
      else out.push({ path: toPointer([...at, k]), to: b[k] });
    }
    return;
  }
  if (!deepEqual(a, b)) out.push({ path: toPointer(at), from: a, to: b });
};

/** Applies the `to` side of each change (a change without `to` removes the field). */
export const applyChanges = (doc: unknown, changes: readonly FieldChange[]): unknown =>
  changes.reduce<unknown>((acc, c) => writePointer(acc, c.path, c.to, !('to' in c)), doc);

/** Applies the `from` side of each change: undoes them. */
export const revertChanges = (doc: unknown, changes: readonly FieldChange[]): unknown =>
  changes.reduce<unknown>((acc, c) => writePointer(acc, c.path, c.from, !('from' in c)), doc);

/**
 * The changes whose `to` side no longer matches `doc`: a revert of them would overwrite a later edit.
 */
export const driftedSince = (doc: unknown, changes: readonly FieldChange[]): FieldChange[] =>
  changes.filter((c) => {
    const cur = readPointer(doc, c.path);
    if (!('to' in c)) return cur.exists;
    return !cur.exists || !deepEqual(cur.value, c.to);
  });

/** Whether `v` holds a key from `secretKeys` at any depth (inside objects or arrays). */
const holdsSecret = (v: unknown, secretKeys: ReadonlySet<string>): boolean => {
  if (Array.isArray(v)) return v.some((x) => holdsSecret(x, secretKeys));
  if (!isRecord(v)) return false;
  return Object.keys(v).some((k) => (secretKeys.has(k) && v[k] !== undefined) || holdsSecret(v[k], secretKeys));
};

/**
 * Replaces the values of secret fields with a bare `redacted` marker. A change is secret when any of its
 * path's segments matches `secretKeys` (e.g. `secret`, `passwordHash`, `token`), or when its `from` or
 * `to` value holds such a key at any depth (an added or removed object that contains a secret).
 */
export const redactChanges = (changes: readonly FieldChange[], secretKeys: ReadonlySet<string>): FieldChange[] =>
  changes.map((c) =>
    fromPointer(c.path).some((seg) => secretKeys.has(seg)) || holdsSecret(c.from, secretKeys) || holdsSecret(c.to, secretKeys)
      ? { path: c.path, redacted: true as const }
      : c,
  );

/** Keys whose values never reach the audit log. */
export const SECRET_KEYS: ReadonlySet<string> = new Set([
  'passwordHash',
  'password',
  'secret',
  'secrets',
  'previousSecret',
  'token',
  'authToken',
  'clientSecret',
  'refreshToken',
  'accessToken',
  'apiKey',
]);

const SECURITY_SECRET_KEYS: ReadonlySet<string> = new Set([...SECRET_KEYS].filter((k) => k !== 'password'));

/**
 * The secret keys of a target's audited view: {@link SECRET_KEYS}, but the account's security settings (`security`)
 * keep the password *rules* under `password` (minimum length, reuse, expiry) and hold no secret, so that those
 * rules show with their before and after, and a change of them can be reverted like any other setting.
 */
export const secretKeysOf = (targetType: string): ReadonlySet<string> => (targetType === 'security' ? SECURITY_SECRET_KEYS : SECRET_KEYS);
