/**
 * Test doubles and a harness for the core's service tests. Not exported from the package (it builds on
 * @parley/storage-memory and @parley/events-memory, dev dependencies of the core): only test
 * files import this module.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { MemoryEventBus } from '@parley/events-memory';
import { createMemoryStorage } from '@parley/storage-memory';
import type { DomainEvent, EventBus } from '../src/ports/event-bus.js';
import type { Repositories, Storage } from '../src/ports/storage.js';
import type { IdGenerator, PasswordHasher, TokenCrypto } from '../src/ports/system.js';
import type { Account } from '../src/model/account.js';
import type { PublicUser, Role } from '../src/model/user.js';
import { createParley, type Parley } from '../src/parley.js';
import { defaultCoreConfig, type CoreConfig, type CoreDeps, type Principal, type RequestMeta } from '../src/runtime/context.js';
import { ManualClock } from '../src/testing/manual-clock.js';
import { ParleyError, type ErrorCode } from '../src/errors.js';

/** A hasher that is fast and transparent: `h:<password>`. */
export class FakeHasher implements PasswordHasher {
  async hash(password: string): Promise<string> {
    return `h:${password}`;
  }
  async verify(hash: string, password: string): Promise<boolean> {
    return hash === `h:${password}`;
  }
}

/** Zero-padded counter ids, so that string order is creation order: `id-000001`, `id-000002`... */
export class CounterIds implements IdGenerator {
  private n = 0;
  constructor(private readonly prefix = 'id-') {}
  next(): string {
    this.n++;
    return this.prefix + String(this.n).padStart(6, '0');
  }
}

/** {@link TokenCrypto} on node:crypto (test-only code may use it). */
export class TestTokenCrypto implements TokenCrypto {
  randomToken(bytes = 32): string {
    return randomBytes(bytes).toString('base64url');
  }
  sha256(text: string): string {
    return createHash('sha256').update(text, 'utf8').digest('hex');
  }
  safeEqual(a: string, b: string): boolean {
    const da = createHash('sha256').update(a).digest();
    const db = createHash('sha256').update(b).digest();
    return timingSafeEqual(da, db);
  }
  hmacSha256(keyBase64: string, message: string): string {
    return createHmac('sha256', Buffer.from(keyBase64, 'base64')).update(message, 'utf8').digest('base64');
  }
}

export const META: RequestMeta = { ip: '203.0.113.7', userAgent: 'vitest' };
export const OWNER_PASSWORD = 'owner-password-1';
export const USER_PASSWORD = 'user-password-1';

/**
 * A bus that can lose events, as one shared through a server does: while cut, a publish rejects and
 * reaches nobody; {@link restore} announces a gap to the `onGap` listeners, as the Redis bus does when it
 * has its server back.
 */
export class OutageBus implements EventBus {
  private readonly gapListeners = new Set<() => void>();
  private isCut = false;

  constructor(private readonly inner: EventBus) {}

  cut(): void {
    this.isCut = true;
  }

  restore(): void {
    this.isCut = false;
    for (const listener of [...this.gapListeners]) listener();
  }

  async publish(event: DomainEvent): Promise<void> {
    if (this.isCut) throw new Error('the bus is cut off');
    await this.inner.publish(event);
  }

  subscribe(topic: string, handler: (event: DomainEvent) => void): () => void {
    return this.inner.subscribe(topic, handler);
  }

  onGap(listener: () => void): () => void {
    const own = () => listener();
    this.gapListeners.add(own);
    return () => void this.gapListeners.delete(own);
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}

export interface Harness {
  readonly parley: Parley;
  readonly storage: Storage;
  readonly events: EventBus;
  readonly clock: ManualClock;
  readonly ids: CounterIds;
  /** Every event published, in order. */
  readonly published: DomainEvent[];
  /** Reads committed state. */
  read<T>(fn: (r: Repositories) => Promise<T>): Promise<T>;
}

export interface HarnessOptions {
  readonly config?: Partial<CoreConfig>;
  /** Wraps the memory storage (e.g. to tamper with what it returns). */
  readonly wrapStorage?: (s: Storage) => Storage;
  /** Wraps the memory bus (e.g. to make publishing fail); `published` still sees what reached it. */
  readonly wrapEvents?: (bus: EventBus) => EventBus;
  readonly clock?: ManualClock;
  /** Optional ports (a common-password list, a logger...). */
  readonly deps?: Partial<Pick<CoreDeps, 'commonPasswords' | 'logger'>>;
}

/** The core over real in-memory adapters and fast fakes for the rest. */
export const makeHarness = (opts: HarnessOptions = {}): Harness => {
  const inner = createMemoryStorage();
  const storage = opts.wrapStorage ? opts.wrapStorage(inner) : inner;
  const bus = new MemoryEventBus();
  const published: DomainEvent[] = [];
  bus.subscribe('*', (e) => published.push(e));
  const events = opts.wrapEvents ? opts.wrapEvents(bus) : bus;
  const clock = opts.clock ?? new ManualClock('2026-01-01T00:00:00.000Z');
  const ids = new CounterIds();
  const deps: CoreDeps = {
    storage,
    events,
    clock,
    ids,
    hasher: new FakeHasher(),
    crypto: new TestTokenCrypto(),
    config: { ...defaultCoreConfig, ...opts.config },
    ...opts.deps,
  };
  return { parley: createParley(deps), storage, events, clock, ids, published, read: (fn) => inner.read(fn) };
};

export const principalOf = (u: Pick<PublicUser, 'id' | 'accountId' | 'role' | 'email'>, meta: RequestMeta = META): Principal => ({
  userId: u.id,
  accountId: u.accountId,
  role: u.role,
  email: u.email,
  ...meta,
});

export interface World extends Harness {
  readonly account: Account;
  readonly owner: Principal;
  /** Adds a user with the given role (created by the owner) and returns them and their principal. */
  addUser(role: Exclude<Role, 'owner'>, name?: string): Promise<{ user: PublicUser; p: Principal }>;
}

/** A harness with one signed-up account and its owner. */
export const makeWorld = async (opts: HarnessOptions = {}): Promise<World> => {
  const h = makeHarness(opts);
  const { account, user } = await h.parley.accounts.signUp(
    { accountName: 'Acme', email: 'owner@acme.example', name: 'Olivia Owner', password: OWNER_PASSWORD },
    META,
  );
  const owner = principalOf(user);
  let n = 0;
  const addUser: World['addUser'] = async (role, name) => {
    n++;
    const user = await h.parley.users.create(owner, {
      email: `${role}${n}@acme.example`,
      name: name ?? `${role} number ${n}`,
      role,
      password: USER_PASSWORD,
    });
    return { user, p: principalOf(user) };
  };
  return { ...h, account, owner, addUser };
};

/** Awaits `promise`, expecting a {@link ParleyError} with `code`; returns it for further checks. */
export const expectParleyError = async (promise: Promise<unknown>, code: ErrorCode): Promise<ParleyError> => {
  let caught: unknown;
  try {
    await promise;
  } catch (e) {
    caught = e;
  }
  if (!(caught instanceof ParleyError))
    throw new Error(`Expected ParleyError ${code}, got ${caught === undefined ? 'success' : String(caught)}`);
  if (caught.code !== code) throw new Error(`Expected ParleyError ${code}, got ${caught.code}: ${caught.message}`);
  return caught;
};

/** A snapshot of everything an account holds, to show that a failed call wrote nothing. */
export const snapshot = (h: Harness, accountId: string) =>
  h.read(async (r) => ({
    account: await r.accounts.get(accountId),
    accounts: await r.accounts.count(),
    users: (await r.users.list(accountId, {}, { limit: 1000 })).items,
    widgets: (await r.widgets.list(accountId, { limit: 1000 })).items,
    audit: await r.audit.scan(accountId, 0, 100_000),
    head: await r.audit.head(accountId),
  }));

/** All audit entries of the account, oldest first. */
export const auditLog = (h: Harness, accountId: string) => h.read((r) => r.audit.scan(accountId, 0, 100_000));

/** The newest audit entry of the account. */
export const lastAudit = async (h: Harness, accountId: string) => {
  const all = await auditLog(h, accountId);
  const e = all[all.length - 1];
  if (!e) throw new Error('no audit entries');
  return e;
};

/**
 * Wraps a storage so that the next transactions, as many as `loseNext(n)` says, commit and then throw, as
 * when the connection is lost during COMMIT: the change is stored, but the caller cannot know it.
 * `seen.lost` holds the errors thrown so.
 */
export const losingCommits = () => {
  let toLose = 0;
  const seen = { lost: [] as Error[] };
  const wrap = (s: Storage): Storage => ({
    capabilities: s.capabilities,
    read: (fn) => s.read(fn),
    ping: () => s.ping(),
    close: () => s.close(),
    transaction: async (fn) => {
      const result = await s.transaction(fn);
      if (toLose > 0) {
        toLose--;
        const lost = new Error(`Connection lost: the server closed the connection (lost commit ${seen.lost.length + 1})`);
        seen.lost.push(lost);
        throw lost;
      }
      return result;
    },
  });
  return { seen, wrap, loseNext: (n = 1) => void (toLose = n) };
};
