import { randomBytes, randomUUID } from 'node:crypto';
import {
  defaultAccountSettings,
  defaultWidgetSettings,
  type Account,
  type AuditEntry,
  type Id,
  type Instant,
  type Session,
  type Storage,
  type User,
  type Widget,
} from '@parley/core';

/**
 * Builders for valid domain objects, each with fresh random ids (and, for users, a fresh unique
 * email), so that tests never collide with each other or with data left in a durable store.
 * Every builder takes overrides for the fields a test cares about.
 */

/** A fresh random id (a UUID; lower-case hex, so byte order and text order agree). */
export const newId = (): Id => randomUUID();

/** A fresh, lower-cased email nobody else has. */
export const uniqueEmail = (): string => `user-${randomUUID()}@example.test`;

/** 64 random lower-case hex characters, shaped like a SHA-256. */
export const randomHash = (): string => randomBytes(32).toString('hex');

/** An instant (ISO-8601 UTC, millisecond precision) `offsetMs` from `base` (default now). */
export const instant = (offsetMs = 0, base: Date | string | number = Date.now()): Instant =>
  new Date(new Date(base).getTime() + offsetMs).toISOString();

export const buildAccount = (overrides: Partial<Account> = {}): Account => {
  const now = instant();
  return {
    id: newId(),
    name: `Account ${randomUUID().slice(0, 8)}`,
    plan: 'basic',
    settings: defaultAccountSettings(),
    createdAt: now,
    updatedAt: now,
    version: 1,
    ...overrides,
  };
};

export const buildUser = (accountId: Id, overrides: Partial<User> = {}): User => {
  const now = instant();
  return {
    id: newId(),
    accountId,
    email: uniqueEmail(),
    name: `User ${randomUUID().slice(0, 8)}`,
    role: 'agent',
    status: 'active',
    passwordHash: `$argon2id$v=19$m=19456,t=2,p=1$${randomBytes(16).toString('base64')}$${randomBytes(32).toString('base64')}`,
    passwordChangedAt: now,
    lastLoginAt: null,
    failedLoginCount: 0,
    lockedUntil: null,
    maxConcurrentChats: null,
    createdAt: now,
    updatedAt: now,
    version: 1,
    ...overrides,
  };
};

export const buildWidget = (accountId: Id, overrides: Partial<Widget> = {}): Widget => {
  const now = instant();
  return {
    id: newId(),
    accountId,
    name: `Widget ${randomUUID().slice(0, 8)}`,
    settings: defaultWidgetSettings(),
    agentIds: [],
    createdAt: now,
    updatedAt: now,
    version: 1,
    ...overrides,
  };
};

/** A session of `user`, valid for a day from now. */
export const buildSession = (user: Pick<User, 'id' | 'accountId'>, overrides: Partial<Session> = {}): Session => ({
  tokenHash: randomHash(),
  userId: user.id,
  accountId: user.accountId,
  createdAt: instant(),
  expiresAt: instant(86_400_000),
  ip: '203.0.113.7',
  userAgent: 'Mozilla/5.0 (conformance)',
  ...overrides,
});

/**
 * The entry that follows `previous` (a head or an entry) in its account's chain: `seq` one more and
 * `prevHash` its hash. The entry's own hash is random; storage never checks it.
 */
export const buildAuditEntry = (
  previous: Pick<AuditEntry, 'accountId' | 'seq' | 'hash'>,
  overrides: Partial<AuditEntry> = {},
): AuditEntry => {
  const widgetId = newId();
  return {
    id: newId(),
    accountId: previous.accountId,
    seq: previous.seq + 1,
    createdAt: instant(),
    actor: { kind: 'user', userId: newId(), email: uniqueEmail(), ip: '198.51.100.1', userAgent: 'conformance' },
    type: 'widget',
    action: 'widget.updated',
    targetType: 'widget',
    targetId: widgetId,
    widgetId,
    changes: [{ path: '/name', from: 'Before', to: 'After' }],
    revertOf: null,
    revertible: true,
    prevHash: previous.hash,
    hash: randomHash(),
    ...overrides,
  };
};

/** Inserts a new account (which starts its audit chain) in its own transaction. */
export const seedAccount = async (storage: Storage, overrides: Partial<Account> = {}): Promise<Account> => {
  const account = buildAccount(overrides);
  await storage.transaction((tx) => tx.accounts.insert(account));
  return account;
};

/** Inserts a new user of `accountId` in its own transaction. */
export const seedUser = async (storage: Storage, accountId: Id, overrides: Partial<User> = {}): Promise<User> => {
  const user = buildUser(accountId, overrides);
  await storage.transaction((tx) => tx.users.insert(user));
  return user;
};

/** Inserts a new widget of `accountId` in its own transaction. */
export const seedWidget = async (storage: Storage, accountId: Id, overrides: Partial<Widget> = {}): Promise<Widget> => {
  const widget = buildWidget(accountId, overrides);
  await storage.transaction((tx) => tx.widgets.insert(widget));
  return widget;
};

/**
 * Appends one entry per element of `overrides` to the account's chain, in one transaction that locks
 * the head first (as the core does), and returns the entries appended.
 */
export const seedAudit = async (storage: Storage, accountId: Id, overrides: readonly Partial<AuditEntry>[]): Promise<AuditEntry[]> =>
  storage.transaction(async (tx) => {
    const head = await tx.audit.lockHead(accountId);
    if (!head) throw new Error(`seedAudit: account ${accountId} has no audit head`);
    const entries: AuditEntry[] = [];
    let previous: Pick<AuditEntry, 'accountId' | 'seq' | 'hash'> = head;
    for (const o of overrides) {
      const entry = buildAuditEntry(previous, o);
      await tx.audit.append(entry);
      entries.push(entry);
      previous = entry;
    }
    return entries;
  });

/** All the builders and seeders, as one object for adapters' own tests. */
export const conformanceFixtures = {
  newId,
  uniqueEmail,
  randomHash,
  instant,
  account: buildAccount,
  user: buildUser,
  widget: buildWidget,
  session: buildSession,
  auditEntry: buildAuditEntry,
  seedAccount,
  seedUser,
  seedWidget,
  seedAudit,
} as const;
