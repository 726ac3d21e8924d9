/**
 * RFC 6901 JSON Pointers: `/settings/offlineForm/enabled`; `~` is written `~0` and `/` is `~1`.
 * The empty pointer `""` is the whole document.
 */
export const toPointer = (segments: readonly string[]): string =>
  segments.map((s) => `/${s.replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');

export const fromPointer = (pointer: string): string[] => {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw new Error(`Not a JSON Pointer: ${pointer}`);
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
};

/** A plain JSON object (not null, not an array). @internal */
export const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The value at `pointer`, and whether it exists. */
export const readPointer = (doc: unknown, pointer: string): { exists: boolean; value: unknown } => {
  let cur: unknown = doc;
  for (const seg of fromPointer(pointer)) {
    if (!isRecord(cur) || !hasOwn(cur, seg)) return { exists: false, value: undefined };
    cur = cur[seg];
  }
  return { exists: true, value: cur };
};

/**
 * A copy of `doc` with `pointer` set to `value`, or removed when `remove`. Missing parent objects are
 * created. Does not modify `doc`.
 */
export const writePointer = (doc: unknown, pointer: string, value: unknown, remove = false): unknown => {
  const segs = fromPointer(pointer);
  if (segs.length === 0) return remove ? undefined : value;
  const [head, ...rest] = segs as [string, ...string[]];
  const base: Record<string, unknown> = isRecord(doc) ? { ...doc } : {};
  if (rest.length === 0) {
    if (remove) delete base[head];
    else setOwn(base, head, value);
    return base;
  }
  setOwn(base, head, writePointer(hasOwn(base, head) ? base[head] : undefined, toPointer(rest), value, remove));
  return base;
};

const hasOwn = (o: object, key: string): boolean => Object.hasOwn(o, key);

/** Sets an own data property: plain assignment would run the `__proto__` setter instead. */
const setOwn = (o: Record<string, unknown>, key: string, value: unknown): void => {
  Object.defineProperty(o, key, { value, writable: true, enumerable: true, configurable: true });
};
