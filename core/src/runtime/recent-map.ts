/**
 * A map that keeps at most `capacity` entries, dropping the least recently remembered first: the cache of a
 * host's hot path (visitor tokens, a widget's average chat length, chats' search numbers, unknown emails' login
 * lockouts) without growing for ever. Reading an entry does not make it recent; remembering it again does.
 */
export class RecentMap<K, V> {
  private readonly entries = new Map<K, V>();

  constructor(private readonly capacity: number) {}

  get(key: K): V | undefined {
    return this.entries.get(key);
  }

  /** Remembers (or refreshes) `key` as the most recent, dropping the least recent beyond capacity. */
  remember(key: K, value: V): void {
    this.entries.delete(key); // re-inserted as the most recent
    this.entries.set(key, value);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}
