import { AsyncLocalStorage } from 'node:async_hooks';
import {
  GENESIS_HASH,
  StorageConflictError,
  type Account,
  type AccountRepository,
  type AuditEntry,
  type AuditFilter,
  type AuditHead,
  type AuditRepository,
  type Id,
  type Instant,
  type Page,
  type PageRequest,
  type Repositories,
  type Session,
  type SessionRepository,
  type Storage,
  type StorageCapabilities,
  type User,
  type UserListFilter,
  type UserRepository,
  type Widget,
  type WidgetRepository,
} from '@parley/core';
import { ChatTables, chatRepositories } from './memory-chats.js';
import { IntegrationTables, dropWidgetIntegrations, integrationRepositories } from './memory-integrations.js';
import { MonitorTables, monitorRepositories } from './memory-monitor.js';
import { ApiTokenTables, apiTokenRepository } from './memory-api-tokens.js';
import { ConsoleTables, consoleRepositories } from './memory-console.js';
import { SecurityTables, securityRepositories } from './memory-security.js';
import { copy, firstAfter, type WriteScope } from './scope.js';

/** One account's audit chain: its head and its remaining entries, in `seq` order. */
interface AuditLog {
  head: AuditHead;
  /** Sorted by `seq` ascending (appends always go to the end). */
  entries: AuditEntry[];
  byId: Map<Id, AuditEntry>;
}

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
    if (!set || !set.has(member)) return;
    set.delete(member);
    this.onUndo(() => set.add(member));
  }
}


/** Orders by id ascending and cuts one page after `cursor` (the last id of the previous page). */
const pageById = <T extends { readonly id: Id }>(rows: T[], page: PageRequest): Page<T> => {
  const cursor = page.cursor ?? null;
  const sorted = rows.filter((r) => cursor === null || r.id > cursor).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const limit = Math.max(0, Math.floor(page.limit));
  const items = sorted.slice(0, limit);
  const last = items[items.length - 1];
  return { items: items.map(copy), nextCursor: sorted.length > limit && last ? last.id : null };
};


const matches = (e: AuditEntry, f: AuditFilter): boolean =>
  (f.from === undefined || e.createdAt >= f.from) &&
  (f.to === undefined || e.createdAt <= f.to) &&
  (f.types === undefined || f.types.includes(e.type)) &&
  (f.widgetId === undefined || e.widgetId === f.widgetId) &&
  (f.actorId === undefined || e.actor.userId === f.actorId);

const conflict = (constraint: string) => new StorageConflictError(constraint);

const accountsRepo = (s: Scope): AccountRepository => ({
  /** Transactions already run one at a time here. */
  async lockSignups() {
    s.check();
  },
  async insert(account) {
    s.checkWrite('accounts.insert');
    if (s.t.accounts.has(account.id)) throw conflict('accounts.id');
    s.mapSet(s.t.accounts, account.id, copy(account));
    const head: AuditHead = { accountId: account.id, seq: 0, hash: GENESIS_HASH, anchorSeq: 0, anchorHash: GENESIS_HASH };
    s.mapSet(s.t.audit, account.id, { head, entries: [], byId: new Map() });
  },
  async get(id) {
    s.check();
    const a = s.t.accounts.get(id);
    return a ? copy(a) : null;
  },
  async update(account, expectedVersion) {
    s.checkWrite('accounts.update');
    const cur = s.t.accounts.get(account.id);
    if (!cur || cur.version !== expectedVersion) return false;
    s.mapSet(s.t.accounts, account.id, { ...copy(account), version: expectedVersion + 1 });
    return true;
  },
  async count() {
    s.check();
    return s.t.accounts.size;
  },
  async listIds() {
    s.check();
    return [...s.t.accounts.keys()];
  },
});

/** The key of the per-account email index. */
const emailKey = (u: { accountId: Id; email: string }): string => `${u.accountId}\u0000${u.email}`;

const usersRepo = (s: Scope): UserRepository => {
  const find = (accountId: Id, id: Id): User | null => {
    const u = s.t.users.get(id);
    return u && u.accountId === accountId ? u : null;
  };
  return {
    async insert(user) {
      s.checkWrite('users.insert');
      if (s.t.users.has(user.id)) throw conflict('users.id');
      if (s.t.userIdByAccountEmail.has(emailKey(user))) throw conflict('users.email');
      s.mapSet(s.t.users, user.id, copy(user));
      s.mapSet(s.t.userIdByAccountEmail, emailKey(user), user.id);
      s.indexAdd(s.t.userIdsByEmail, user.email, user.id);
      s.indexAdd(s.t.userIdsByAccount, user.accountId, user.id);
    },
    async get(accountId, id) {
      s.check();
      const u = find(accountId, id);
      return u ? copy(u) : null;
    },
    async getByEmail(accountId, email) {
      s.check();
      const id = s.t.userIdByAccountEmail.get(emailKey({ accountId, email }));
      const u = id === undefined ? undefined : s.t.users.get(id);
      return u ? copy(u) : null;
    },
    async listByEmail(email, limit) {
      s.check();
      const ids = [...(s.t.userIdsByEmail.get(email) ?? [])].sort();
      return ids.slice(0, Math.max(0, limit)).map((id) => copy(s.t.users.get(id)!));
    },
    async list(accountId, filter: UserListFilter, page) {
      s.check();
      const rows: User[] = [];
      for (const id of s.t.userIdsByAccount.get(accountId) ?? []) {
        const u = s.t.users.get(id);
        if (u && (filter.role === undefined || u.role === filter.role)) rows.push(u);
      }
      return pageById(rows, page);
    },
    async update(user, expectedVersion) {
      s.checkWrite('users.update');
      const cur = find(user.accountId, user.id);
      if (!cur || cur.version !== expectedVersion) return false;
      if (user.email !== cur.email) {
        if (s.t.userIdByAccountEmail.has(emailKey(user))) throw conflict('users.email');
        s.mapDelete(s.t.userIdByAccountEmail, emailKey(cur));
        s.mapSet(s.t.userIdByAccountEmail, emailKey(user), user.id);
        s.indexDelete(s.t.userIdsByEmail, cur.email, user.id);
        s.indexAdd(s.t.userIdsByEmail, user.email, user.id);
      }
      // Login state changes only through incrementFailedLogins/setLoginState, never through update.
      s.mapSet(s.t.users, user.id, {
        ...copy(user),
        failedLoginCount: cur.failedLoginCount,
        lockedUntil: cur.lockedUntil,
        lastLoginAt: cur.lastLoginAt,
        version: expectedVersion + 1,
      });
      return true;
    },
    async delete(accountId, id) {
      s.checkWrite('users.delete');
      const cur = find(accountId, id);
      if (!cur) return false;
      s.mapDelete(s.t.users, id);
      s.mapDelete(s.t.userIdByAccountEmail, emailKey(cur));
      s.indexDelete(s.t.userIdsByEmail, cur.email, id);
      s.indexDelete(s.t.userIdsByAccount, accountId, id);
      return true;
    },
    async maxConcurrentChats(accountId, ids) {
      s.check();
      const out: Record<Id, number> = {};
      for (const id of ids) {
        const u = s.t.users.get(id);
        if (u && u.accountId === accountId && u.maxConcurrentChats != null) out[id] = u.maxConcurrentChats;
      }
      return out;
    },
    async countByRole(accountId, role) {
      s.check();
      let n = 0;
      for (const id of s.t.userIdsByAccount.get(accountId) ?? []) if (s.t.users.get(id)?.role === role) n++;
      return n;
    },
    async incrementFailedLogins(accountId, id) {
      s.checkWrite('users.incrementFailedLogins');
      const cur = find(accountId, id);
      if (!cur) return 0;
      const failedLoginCount = cur.failedLoginCount + 1;
      s.mapSet(s.t.users, id, { ...cur, failedLoginCount });
      return failedLoginCount;
    },
    async setLoginState(accountId, id, state) {
      s.checkWrite('users.setLoginState');
      const cur = find(accountId, id);
      if (!cur) return;
      s.mapSet(s.t.users, id, {
        ...cur,
        failedLoginCount: state.failedLoginCount,
        lockedUntil: state.lockedUntil,
        lastLoginAt: state.lastLoginAt === undefined ? cur.lastLoginAt : state.lastLoginAt,
      });
    },
    async clearEndedLock(accountId, id, now) {
      s.checkWrite('users.clearEndedLock');
      const cur = find(accountId, id);
      if (!cur || cur.lockedUntil === null || cur.lockedUntil > now) return false;
      s.mapSet(s.t.users, id, { ...cur, failedLoginCount: 0, lockedUntil: null });
      return true;
    },
  };
};

const sessionsRepo = (s: Scope): SessionRepository => {
  const remove = (tokenHash: string): boolean => {
    const cur = s.t.sessions.get(tokenHash);
    if (!cur) return false;
    s.mapDelete(s.t.sessions, tokenHash);
    s.indexDelete(s.t.sessionsByUser, cur.userId, tokenHash);
    return true;
  };
  return {
    async insert(session) {
      s.checkWrite('sessions.insert');
      if (s.t.sessions.has(session.tokenHash)) throw conflict('sessions.tokenHash');
      s.mapSet(s.t.sessions, session.tokenHash, copy(session));
      s.indexAdd(s.t.sessionsByUser, session.userId, session.tokenHash);
    },
    async get(tokenHash) {
      s.check();
      const cur = s.t.sessions.get(tokenHash);
      return cur ? copy(cur) : null;
    },
    async delete(tokenHash) {
      s.checkWrite('sessions.delete');
      remove(tokenHash);
    },
    async deleteByUser(userId) {
      s.checkWrite('sessions.deleteByUser');
      let n = 0;
      for (const tokenHash of [...(s.t.sessionsByUser.get(userId) ?? [])]) if (remove(tokenHash)) n++;
      return n;
    },
    async deleteExpired(now: Instant) {
      s.checkWrite('sessions.deleteExpired');
      const expired: string[] = [];
      for (const [tokenHash, session] of s.t.sessions) if (session.expiresAt <= now) expired.push(tokenHash);
      for (const tokenHash of expired) remove(tokenHash);
      return expired.length;
    },
  };
};

const widgetsRepo = (s: Scope): WidgetRepository => {
  const find = (accountId: Id, id: Id): Widget | null => {
    const w = s.t.widgets.get(id);
    return w && w.accountId === accountId ? w : null;
  };
  const ofAccount = (accountId: Id): Widget[] => {
    const rows: Widget[] = [];
    for (const id of s.t.widgetIdsByAccount.get(accountId) ?? []) {
      const w = s.t.widgets.get(id);
      if (w) rows.push(w);
    }
    return rows;
  };
  return {
    async insert(widget) {
      s.checkWrite('widgets.insert');
      if (s.t.widgets.has(widget.id)) throw conflict('widgets.id');
      s.mapSet(s.t.widgets, widget.id, copy(widget));
      s.indexAdd(s.t.widgetIdsByAccount, widget.accountId, widget.id);
    },
    async get(accountId, id) {
      s.check();
      const w = find(accountId, id);
      return w ? copy(w) : null;
    },
    async list(accountId, page) {
      s.check();
      return pageById(ofAccount(accountId), page);
    },
    async update(widget, expectedVersion) {
      s.checkWrite('widgets.update');
      const cur = find(widget.accountId, widget.id);
      if (!cur || cur.version !== expectedVersion) return false;
      s.mapSet(s.t.widgets, widget.id, { ...copy(widget), version: expectedVersion + 1 });
      return true;
    },
    async delete(accountId, id) {
      s.checkWrite('widgets.delete');
      if (!find(accountId, id)) return false;
      s.mapDelete(s.t.widgets, id);
      s.indexDelete(s.t.widgetIdsByAccount, accountId, id);
      dropWidgetIntegrations(s, s.t.integration, id); // a widget's integrations go with it (SQL: on delete cascade)
      return true;
    },
    async findById(id) {
      s.check();
      const w = s.t.widgets.get(id);
      return w ? copy(w) : null;
    },
    async listByAgent(accountId, userId) {
      s.check();
      return pageById(
        ofAccount(accountId).filter((w) => w.agentIds.includes(userId)),
        { limit: Number.MAX_SAFE_INTEGER },
      ).items.slice();
    },
  };
};

const auditRepo = (s: Scope): AuditRepository => {
  const setHead = (log: AuditLog, head: AuditHead): void => {
    const previous = log.head;
    log.head = head;
    s.onUndo(() => (log.head = previous));
  };
  return {
    async lockHead(accountId) {
      // Transactions already run one at a time, so reading the head is enough to "lock" it.
      s.check();
      const log = s.t.audit.get(accountId);
      return log ? { ...log.head } : null;
    },
    async append(entry) {
      s.checkWrite('audit.append');
      const log = s.t.audit.get(entry.accountId);
      if (!log) throw new Error(`MemoryStorage: audit.append for unknown account ${entry.accountId}`);
      if (entry.seq !== log.head.seq + 1)
        throw new Error(`MemoryStorage: audit.append expected seq ${log.head.seq + 1}, got ${entry.seq}`);
      if (log.byId.has(entry.id)) throw conflict('audit.id');
      const stored = copy(entry);
      log.entries.push(stored);
      log.byId.set(stored.id, stored);
      s.onUndo(() => {
        log.entries.pop();
        log.byId.delete(stored.id);
      });
      setHead(log, { ...log.head, seq: stored.seq, hash: stored.hash });
    },
    async get(accountId, id) {
      s.check();
      const e = s.t.audit.get(accountId)?.byId.get(id);
      return e ? copy(e) : null;
    },
    async list(accountId, filter, beforeSeq, limit) {
      s.check();
      const entries = s.t.audit.get(accountId)?.entries ?? [];
      const out: AuditEntry[] = [];
      // Entries are seq-sorted: start just below `beforeSeq` and walk down.
      let i = beforeSeq === null ? entries.length - 1 : firstAfter(entries, beforeSeq - 1) - 1;
      for (; i >= 0 && out.length < limit; i--) {
        const e = entries[i]!;
        if (matches(e, filter)) out.push(copy(e));
      }
      return out;
    },
    async scan(accountId, afterSeq, limit) {
      s.check();
      const entries = s.t.audit.get(accountId)?.entries ?? [];
      const start = firstAfter(entries, afterSeq);
      return entries.slice(start, start + Math.max(0, limit)).map(copy);
    },
    async purgeBefore(accountId, cutoff) {
      s.checkWrite('audit.purgeBefore');
      const log = s.t.audit.get(accountId);
      if (!log) return 0;
      const kept: AuditEntry[] = [];
      const purged: AuditEntry[] = [];
      // Only the oldest run (by seq) created before the cutoff: the chain never gets a hole.
      for (const e of log.entries) (kept.length === 0 && e.createdAt < cutoff ? purged : kept).push(e);
      if (purged.length === 0) return 0;
      const previousEntries = log.entries;
      log.entries = kept;
      for (const e of purged) log.byId.delete(e.id);
      s.onUndo(() => {
        log.entries = previousEntries;
        for (const e of purged) log.byId.set(e.id, e);
      });
      const last = purged[purged.length - 1]!;
      if (last.seq > log.head.anchorSeq) setHead(log, { ...log.head, anchorSeq: last.seq, anchorHash: last.hash });
      return purged.length;
    },
    async head(accountId) {
      s.check();
      const log = s.t.audit.get(accountId);
      return log ? { ...log.head } : null;
    },
  };
};

const repositories = (s: Scope): Repositories => ({
  accounts: accountsRepo(s),
  users: usersRepo(s),
  sessions: sessionsRepo(s),
  widgets: widgetsRepo(s),
  audit: auditRepo(s),
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
      throw new Error(`MemoryStorage: ${mode}() called inside another transaction or read of the same storage; use the repositories you were given`);
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
