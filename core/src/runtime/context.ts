import type { AuditActor } from '../model/audit.js';
import type { Plan } from '../model/account.js';
import type { Id } from '../model/types.js';
import type { Role } from '../model/user.js';
import { SESSION_ENDED, sessionRefOfHash, SESSIONS_TOPIC, type SessionRef } from '../model/session.js';
import { isoNow } from '../ports/system.js';
import type { EventBus, DomainEvent } from '../ports/event-bus.js';
import type { Repositories, Storage } from '../ports/storage.js';
import type { Clock, IdGenerator, Logger, PasswordHasher, TokenCrypto } from '../ports/system.js';
import type { CommonPasswords } from '../ports/security.js';
import type { CrmClient, SecretBox } from '../ports/integrations.js';
import type { GeoLocator } from '../ports/geo.js';
import type { ChatConfig, IntegrationConfig } from './config.js';
import { ParleyError } from '../errors.js';
import type { Chat } from '../model/chat.js';

/** Where a request came from. */
export interface RequestMeta {
  readonly ip: string | null;
  readonly userAgent: string | null;
}

/** An authenticated user acting on their account. */
export interface Principal extends RequestMeta {
  readonly userId: Id;
  readonly accountId: Id;
  readonly role: Role;
  readonly email: string;
  /** The login session the request came with (absent for principals made otherwise, as in tests). */
  readonly session?: SessionRef;
  /**
   * Set when an account API token made the request (the compatible APIs): then `userId` is the token's id,
   * not a user's, and the audit names the token as the actor.
   */
  readonly apiToken?: { readonly id: Id; readonly label: string };
}

/** Whose a visitor token is: its chat's identity, which never changes. */
export interface VisitorIdentity {
  readonly kind: 'visitor';
  readonly chatId: Id;
  readonly accountId: Id;
  readonly widgetId: Id;
}

/** A visitor, authenticated by the token of their one chat. */
export interface VisitorPrincipal extends VisitorIdentity {
  /** The chat as it was when the token was checked. */
  readonly chat: Chat;
}

export const actorOf = (p: Principal): AuditActor =>
  p.apiToken
    ? { kind: 'api_token', userId: null, email: null, ip: p.ip, userAgent: p.userAgent, apiTokenId: p.apiToken.id }
    : { kind: 'user', userId: p.userId, email: p.email, ip: p.ip, userAgent: p.userAgent };

/** Who may create accounts: anyone, only the first (the default), or nobody. */
export type SignupPolicy = 'open' | 'first' | 'closed';

export interface CoreConfig {
  readonly signup: SignupPolicy;
  /** How long a login session lasts. */
  readonly sessionTtlSeconds: number;
  /** The plan new accounts get. */
  readonly defaultPlan: Plan;
  /** Chat engine tunables (typing throttle, abandonment grace...); defaults when absent. */
  readonly chat?: Partial<ChatConfig>;
  /** Integrations (URL policy, secret rotation grace, public URL); defaults when absent. */
  readonly integrations?: Partial<IntegrationConfig>;
}

export const defaultCoreConfig: CoreConfig = {
  signup: 'first',
  sessionTtlSeconds: 12 * 60 * 60,
  defaultPlan: 'enterprise',
};

/** The ports every service needs. */
export interface CoreDeps {
  readonly storage: Storage;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly hasher: PasswordHasher;
  readonly crypto: TokenCrypto;
  readonly events: EventBus;
  readonly config: CoreConfig;
  /** The common-password list new passwords are checked against; without it no list is checked. */
  readonly commonPasswords?: CommonPasswords;
  /** Where visitors are; without it chats carry empty geo fields. */
  readonly geo?: GeoLocator;
  /** Seals integration secrets at rest; integrations that keep secrets are unavailable without it. */
  readonly secretBox?: SecretBox;
  /** Checks CRM connections for the admin screens ("test connection"); without it the check is unavailable. */
  readonly crm?: CrmClient | null;
  /** Where failures no caller sees are reported (a write tried again); without it they are not reported. */
  readonly logger?: Logger;
}

/** Thrown when a concurrent transaction won the compare-and-set between our read and our write. */
export const lostRace = (): ParleyError =>
  new ParleyError('version_mismatch', 'The resource was changed by someone else; reload it and try again.');

export type Emit = (event: DomainEvent) => void;

/**
 * Runs `fn` in a transaction and publishes the events it collected once the transaction has
 * committed; a rolled-back change publishes nothing.
 */
export const commit = async <T>(
  deps: Pick<CoreDeps, 'storage' | 'events'>,
  fn: (tx: Repositories, emit: Emit) => Promise<T>,
): Promise<T> => {
  const { result, published } = await commitPublishing(deps, fn);
  await published;
  return result;
};

/**
 * {@link commit}, answering as soon as the transaction has committed and its events' publishes are issued (in
 * order: the bus keeps publishes in the order they are made), with `published` settling once the bus has them.
 * For a writer that may start its next transaction meanwhile, as the chat appender does: on a shared bus (Redis)
 * waiting for each group's round trip before committing the next made the groups queue behind it.
 * `published` never rejects.
 */
export const commitPublishing = async <T>(
  deps: Pick<CoreDeps, 'storage' | 'events'>,
  fn: (tx: Repositories, emit: Emit) => Promise<T>,
): Promise<{ readonly result: T; readonly published: Promise<void> }> => {
  let pending: DomainEvent[] = [];
  const result = await deps.storage.transaction(async (tx) => {
    pending = []; // an adapter may retry the transaction; keep only the last try's events
    return fn(tx, (e) => pending.push(e));
  });
  // The change is saved: a bus that fails to publish must not make it look as if it was not. The bus
  // adapter reports its own failures; listeners that need certainty read storage (streams replay by seq).
  // Published one after the other without waiting for each, as the bus keeps such publishes in order: on a
  // shared bus a commit's events then cost one round trip, not one each (a group of 60 messages waited for 60).
  const published = Promise.all(pending.map((e) => deps.events.publish(e).catch(() => undefined))).then(() => undefined);
  return { result, published };
};

/**
 * Deletes the user's sessions (or the one with `tokenHash`) in the caller's transaction and emits
 * {@link SESSION_ENDED}, so that streams opened under them end once it commits.
 */
export const endSessions = async (
  tx: Repositories,
  deps: Pick<CoreDeps, 'clock'>,
  accountId: Id,
  userId: Id,
  emit: Emit,
  tokenHash: string | null = null,
): Promise<void> => {
  if (tokenHash === null) await tx.sessions.deleteByUser(userId);
  else await tx.sessions.delete(tokenHash);
  emit({
    type: SESSION_ENDED,
    accountId,
    topics: [SESSIONS_TOPIC],
    at: isoNow(deps.clock),
    data: { userId, ref: tokenHash === null ? null : sessionRefOfHash(tokenHash) },
  });
};
