import { AsyncLocalStorage } from 'node:async_hooks';
import type { Account, Id, Repositories, Session, Storage, StorageCapabilities, User, Widget } from '@parley/core';
import { accountRepository } from './account-repository.js';
import { ApiTokenTables, apiTokenRepository } from './api-token-repository.js';
import { type AuditLog, auditRepository } from './audit-repository.js';
import { ChatTables, chatRepositories } from './chat-repository.js';
import { ConsoleTables, consoleRepositories } from './console-repository.js';
import { IntegrationTables, integrationRepositories } from './integration-repository.js';
import { MonitorTables, monitorRepositories } from './monitor-repository.js';
import { SecurityTables, securityRepositories } from './security-repository.js';
import { sessionRepository } from './session-repository.js';
import { userRepository } from './user-repository.js';
import { widgetRepository } from './widget-repository.js';
import type { WriteScope } from './scope.js';

/** The committed data. Objects in it are private copies that are never handed out. */
class Tables {
  readonly accounts = new Map<Id, Account>();
  readonly users = new Map<Id, User>();
  /** Unique per account: `accountId` + NUL + email. */
  readonly userIdByAccountEmail = new Map<string, Id>();
  readonly userIdsByEmail = new Map<string, Set<Id>>();
  readonly userIdsByAccount = new Map<Id, Set<Id>>();
  readonly sessions = new Map<string, Session>();
  readonly sessionsByUser = new Map<Id, Set<string>>();
  readonly widgets = new Map<Id, Widget>();
  readonly widgetIdsByAccount = new Map<Id, Set<Id>>();
  readonly audit = new Map<Id, AuditLog>();
  readonly chat = new ChatTables();
  readonly integration = new IntegrationTables();
  readonly monitor = new MonitorTables();
  readonly console = new ConsoleTables();
  readonly security = new SecurityTables();
  readonly apiTokens = new ApiTokenTables();
}

/** Runs async critical sections one at a time, in the order they asked. */
class Mutex {
  private tail: Promise<void> = Promise.resolve();

  async run<T>(fn: () => Promise<T>): Promise<T> {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const previous = this.tail;
    this.tail = previous.then(() => held);
    await previous;
    try {
      return await fn();
    } finally {
      release();
    }
  }
}

type Mode = 'transaction' | 'read';

/**
 * The scope one `transaction` or `read` call works in. Writes go straight to the tables and record how
 * to undo themselves; a failed transaction replays the undo log backwards, so the cost of a rollback is
 * proportional to what the transaction wrote, not to the size of the store.
 */
class Scope implements WriteScope {
  private readonly undoLog: (() => void)[] = [];
  private open = true;

  constructor(
    readonly t: Tables,
    private readonly mode: Mode,
  ) {}

  /** Fails when the repositories are used outside their `transaction`/`read` call. */
  check(): void {
    if (!this.open) throw new Error('MemoryStorage: repositories used after their transaction or read ended');
  }

  /** Fails for a write outside a transaction. */
  checkWrite(method: string): void {
    this.check();
    if (this.mode !== 'transaction')
      throw new Error(`MemoryStorage: ${method} writes; call it inside storage.transaction(), not storage.read()`);
  }

  get isOpen(): boolean {
    return this.open;
  }

  end(): void {
    this.open = false;
  }

  rollback(): void {
    for (let i = this.undoLog.length - 1; i >= 0; i--) this.undoLog[i]!();
    this.undoLog.length = 0;
  }

  onUndo(fn: () => void): void {
    this.undoLog.push(fn);
  }

  mapSet<K, V>(map: Map<K, V>, key: K, value: V): void {
    const had = map.has(key);
    const previous = map.get(key);
    map.set(key, value);
    this.onUndo(() => (had ? map.set(key, previous as V) : map.delete(key)));
  }

  mapDelete<K, V>(map: Map<K, V>, key: K): void {
    if (!map.has(key)) return;
    const previous = map.get(key) as V;
    map.delete(key);
    this.onUndo(() => map.set(key, previous));
  }

  indexAdd<K, M>(index: Map<K, Set<M>>, key: K, member: M): void {
    let set = index.get(key);
    if (!set) {
      set = new Set();
      this.mapSet(index, key, set);
    }
    if (set.has(member)) return;
    const s = set;
    s.add(member);
    this.onUndo(() => s.delete(member));
  }

  indexDelete<K, M>(index: Map<K, Set<M>>, key: K, member: M): void {
    const set = index.get(key);
    if (!set?.has(member)) return;
    set.delete(member);
    this.onUndo(() => set.add(member));
  }
}

const repositories = (s: Scope): Repositories => ({
  accounts: accountRepository(s, s.t),
  users: userRepository(s, s.t),
  sessions: sessionRepository(s, s.t),
  widgets: widgetRepository(s, s.t),
  audit: auditRepository(s, s.t),
  ...chatRepositories(s, s.t.chat),
  ...integrationRepositories(s, s.t.integration),
  ...monitorRepositories(s, s.t.monitor),
  ...consoleRepositories(s, s.t.console),
  ...securityRepositories(s, s.t.security),
  apiTokens: apiTokenRepository(s, s.t.apiTokens),
});

/**
 * {@link Storage} kept in process memory, for tests, demos and single-process development. Nothing
 * survives a restart.
 *
 * Transactions and reads run one at a time behind an async mutex, so a transaction never interleaves
 * with another and `read` only ever sees committed data. A transaction writes in place and keeps an
 * undo log; if its function throws, the log is replayed backwards and the error is rethrown.
 * Every object goes in and comes out as a copy, so callers can never change stored data by mutating
 * what they passed or got back.
 *
 * Calling `transaction` or `read` from inside a transaction or read of the same store would wait for
 * itself forever, so it throws instead; so does a write inside `read`.
 */
export class MemoryStorage implements Storage {
  readonly capabilities: StorageCapabilities = { name: 'memory', durable: false };

  private readonly tables = new Tables();
  private readonly mutex = new Mutex();
  private readonly inside = new AsyncLocalStorage<Scope>();
  private closed = false;

  transaction<T>(fn: (tx: Repositories) => Promise<T>): Promise<T> {
    return this.run('transaction', fn);
  }

  read<T>(fn: (r: Repositories) => Promise<T>): Promise<T> {
    return this.run('read', fn);
  }

  async ping(): Promise<void> {
    if (this.closed) throw new Error('MemoryStorage: closed');
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  private async run<T>(mode: Mode, fn: (r: Repositories) => Promise<T>): Promise<T> {
    if (this.closed) throw new Error('MemoryStorage: closed');
    if (this.inside.getStore()?.isOpen)
      throw new Error(
        `MemoryStorage: ${mode}() called inside another transaction or read of the same storage; use the repositories you were given`,
      );
    return this.mutex.run(async () => {
      if (this.closed) throw new Error('MemoryStorage: closed');
      const scope = new Scope(this.tables, mode);
      try {
        return await this.inside.run(scope, () => fn(repositories(scope)));
      } catch (err) {
        scope.rollback();
        throw err;
      } finally {
        scope.end();
      }
    });
  }
}

/** A new, empty {@link MemoryStorage}. */
export const createMemoryStorage = (): MemoryStorage => new MemoryStorage();
