import type { AuditActor } from '../model/audit.js';
import type { Plan } from '../model/account.js';
import type { Id } from '../model/types.js';
import type { Role } from '../model/user.js';
import type { EventBus, DomainEvent } from '../ports/event-bus.js';
import type { Repositories, Storage } from '../ports/storage.js';
import type { Clock, IdGenerator, PasswordHasher, TokenCrypto } from '../ports/system.js';

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
}

export const actorOf = (p: Principal): AuditActor => ({
  kind: 'user',
  userId: p.userId,
  email: p.email,
  ip: p.ip,
  userAgent: p.userAgent,
});

/** Who may create accounts: anyone, only the first (the default), or nobody. */
export type SignupPolicy = 'open' | 'first' | 'closed';

export interface CoreConfig {
  readonly signup: SignupPolicy;
  /** How long a login session lasts. */
  readonly sessionTtlSeconds: number;
  /** The plan new accounts get. */
  readonly defaultPlan: Plan;
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
}

export type Emit = (event: DomainEvent) => void;

/**
 * Runs `fn` in a transaction and publishes the events it collected once the transaction has
 * committed; a rolled-back change publishes nothing.
 */
export const commit = async <T>(
  deps: Pick<CoreDeps, 'storage' | 'events'>,
  fn: (tx: Repositories, emit: Emit) => Promise<T>,
): Promise<T> => {
  let pending: DomainEvent[] = [];
  const result = await deps.storage.transaction(async (tx) => {
    pending = []; // an adapter may retry the transaction; keep only the last try's events
    return fn(tx, (e) => pending.push(e));
  });
  for (const e of pending) await deps.events.publish(e);
  return result;
};
