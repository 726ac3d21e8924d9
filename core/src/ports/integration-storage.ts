import type {
  Delivery,
  DeliveryAttempt,
  DeliveryLease,
  DeliveryListFilter,
  DeliveryOutcome,
  Integration,
  IntegrationKind,
  DeliveryTarget,
} from '../model/integration.js';
import type { Id, Instant, Page, PageRequest } from '../model/types.js';

/**
 * Integration settings, one record per widget and kind. Secrets inside are already sealed by the core;
 * storage keeps them as opaque text. Deleting a widget deletes its integrations (its deliveries stay).
 */
export interface IntegrationRepository {
  get(accountId: Id, widgetId: Id, kind: IntegrationKind): Promise<Integration | null>;
  /** Both kinds of a widget, `open_api` first. */
  listByWidget(accountId: Id, widgetId: Id): Promise<Integration[]>;
  /**
   * Inserts when `expectedVersion` is null (throws {@link StorageConflictError} `integrations.widget_kind`
   * when the widget already has one of that kind); otherwise a compare-and-set on `version` that stores
   * `version = expectedVersion + 1` and answers whether it wrote.
   */
  put(integration: Integration, expectedVersion: number | null): Promise<boolean>;
  /**
   * Deletes one integration, sealed secrets and all, when its `version` is still `expectedVersion`
   * (compare-and-delete), and answers whether it did. The widget's deliveries stay, as history.
   */
  delete(accountId: Id, widgetId: Id, kind: IntegrationKind, expectedVersion: number): Promise<boolean>;
}

/**
 * The outbox. Guarantees every adapter gives (and `@parley/conformance` checks):
 * - {@link claimDue} hands each due row to exactly one caller, however many claim at once (from
 *   different processes too): MySQL uses `FOR UPDATE SKIP LOCKED`, SQLite a single `UPDATE`, memory
 *   its serialised transactions.
 * - A claim is a lease: the row's `nextAttemptAt` becomes the lease end, so a row whose dispatcher died
 *   is due again, and claimed again, once the lease has run out.
 * - {@link complete} and {@link release} change a row only while the caller still holds its lease, so a
 *   dispatcher whose lease ran out can never overwrite the work of the one that took over.
 */
export interface DeliveryRepository {
  /** Throws {@link StorageConflictError} (`deliveries.id`) when the id exists. */
  insert(delivery: Delivery): Promise<void>;
  get(accountId: Id, id: Id): Promise<Delivery | null>;
  /**
   * A widget's deliveries by id descending (ids are time-ordered in production, so newest first); the
   * cursor is the last id of the previous page.
   */
  listByWidget(accountId: Id, widgetId: Id, filter: DeliveryListFilter, page: PageRequest): Promise<Page<Delivery>>;
  /**
   * Claims up to `limit` rows that are due at `now` — `pending` ones whose `nextAttemptAt <= now`, and
   * `in_flight` ones whose lease ended — the earliest due first. Each claimed row becomes `in_flight`
   * with `claimedBy = workerId`, `claimUntil = nextAttemptAt = now + leaseMs`, and is returned as
   * stored (in no particular order).
   * Call it in its own short transaction (or under `read`, where it makes its own).
   */
  claimDue(now: Instant, limit: number, workerId: string, leaseMs: number): Promise<Delivery[]>;
  /**
   * Records a finished try: inserts `attempt` and applies `outcome` (clearing the lease), both or
   * neither, only while `lease` is still the row's. Answers whether it did.
   */
  complete(id: Id, lease: DeliveryLease, outcome: DeliveryOutcome, attempt: DeliveryAttempt): Promise<boolean>;
  /**
   * Gives back leased rows without counting a try (a dispatcher stopping): they become `pending`, due at
   * `now`. Only rows `lease.claimedBy` still holds under that exact lease are changed; answers how many.
   */
  release(ids: readonly Id[], lease: DeliveryLease, now: Instant): Promise<number>;
  /**
   * Queues a delivery again (an admin's redelivery): `pending`, due at `now`, `attempts = 0`, last error
   * kept. Refuses (answers false) while it is `in_flight` under a lease that has not ended at `now`.
   */
  requeue(accountId: Id, id: Id, now: Instant): Promise<boolean>;
  /**
   * Makes the `pending` rows of one widget and target that wait for a retry due at `now` (the receiver
   * is back: no need to wait out the backoff). Answers how many.
   */
  expedite(accountId: Id, widgetId: Id, target: DeliveryTarget, now: Instant): Promise<number>;
  /** A delivery's tries, oldest first. */
  listAttempts(accountId: Id, deliveryId: Id): Promise<DeliveryAttempt[]>;
  /**
   * Deletes the account's finished deliveries (every status but `pending` and `in_flight`) created before
   * `cutoff`, with their tries, and answers how many: the retention of payloads that hold visitors' details.
   */
  purgeBefore(accountId: Id, cutoff: Instant): Promise<number>;
}
