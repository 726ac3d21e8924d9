import type { Id, Page, PageRequest } from '@parley/core';

/**
 * What the repository files need of the memory store's transaction scope (`Scope` in
 * memory-storage.ts): checks that the call is allowed, and writes that are recorded so a failed
 * transaction can undo them.
 */
export interface WriteScope {
  check(): void;
  checkWrite(method: string): void;
  onUndo(fn: () => void): void;
  mapSet<K, V>(map: Map<K, V>, key: K, value: V): void;
  mapDelete<K, V>(map: Map<K, V>, key: K): void;
  indexAdd<K, M>(index: Map<K, Set<M>>, key: K, member: M): void;
  indexDelete<K, M>(index: Map<K, Set<M>>, key: K, member: M): void;
}

/** Stored objects go in and out as copies, so callers never share state with the store. */
export const copy = <T>(value: T): T => structuredClone(value);

/** Binary string order, the order ids and instants sort in on every adapter. */
export const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Copies of the rows `find` gives for these ids, each once, by id ascending (the repositories' `getMany`). */
export const manyById = <T extends { readonly id: Id }>(ids: readonly Id[], find: (id: Id) => T | null): T[] => {
  const rows: T[] = [];
  for (const id of new Set(ids)) {
    const row = find(id);
    if (row) rows.push(copy(row));
  }
  return rows.sort((a, b) => cmp(a.id, b.id));
};

/** Index of the first entry with `seq > afterSeq` in a seq-sorted array (audit entries, chat events). */
export const firstAfter = (entries: readonly { readonly seq: number }[], afterSeq: number): number => {
  let lo = 0;
  let hi = entries.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (entries[mid]!.seq > afterSeq) hi = mid;
    else lo = mid + 1;
  }
  return lo;
};

/** Orders by id ascending and cuts one page after `cursor` (the last id of the previous page). */
export const pageById = <T extends { readonly id: Id }>(rows: T[], page: PageRequest): Page<T> => {
  const cursor = page.cursor ?? null;
  const sorted = rows.filter((r) => cursor === null || r.id > cursor).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const limit = Math.max(0, Math.floor(page.limit));
  const items = sorted.slice(0, limit);
  const last = items[items.length - 1];
  return { items: items.map(copy), nextCursor: sorted.length > limit && last ? last.id : null };
};
