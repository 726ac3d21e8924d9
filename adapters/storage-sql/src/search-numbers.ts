import { type Id, RecentMap } from '@parley/core';

/** A chat's number and its account's in the word index (`chats.search_no`, `accounts.search_no`). */
export interface SearchNumbers {
  readonly accountNo: number;
  readonly chatNo: number;
}

/**
 * MySQL: the index numbers of the chats whose words were written lately, so that a message's words go in as
 * plain rows. Joining each word with `chats` and `accounts` in the insert itself took 7.5 ms for a group of
 * 100 messages (300 words), against 2.6 ms for the same rows as values. A chat's numbers never change once
 * it is stored (migration 0021 taken back and applied again renumbers, and `migrate` clears this). Numbers
 * that a transaction read are kept only once it has committed ({@link SearchNumberScope}): a chat inserted by
 * one that rolled back has no number. Bounded: the numbers kept longest ago go first.
 */
export class SearchNumberCache extends RecentMap<Id, SearchNumbers> {
  constructor(max = 20_000) {
    super(max);
  }

  /** Keeps the numbers a committed transaction read. */
  keep(found: ReadonlyMap<Id, SearchNumbers>): void {
    for (const [chatId, numbers] of found) this.remember(chatId, numbers);
  }
}

/**
 * The numbers one transaction sees: those kept, and those it read itself ({@link learned}, kept by the storage
 * once it commits). Outside a transaction (`learns` false) nothing read is kept.
 */
export class SearchNumberScope {
  readonly learned = new Map<Id, SearchNumbers>();

  constructor(
    private readonly cache: SearchNumberCache | null,
    private readonly learns: boolean,
  ) {}

  get(chatId: Id): SearchNumbers | undefined {
    return this.learned.get(chatId) ?? this.cache?.get(chatId);
  }

  learn(chatId: Id, numbers: SearchNumbers): void {
    if (this.learns) this.learned.set(chatId, numbers);
  }
}
