import type { Storage, StorageUnavailableError } from '@parley/core';
import type { Logger } from './logger.js';

/**
 * Logs a storage outage twice — once when it starts, once when it ends — instead of a failure (and a
 * stack) per request. The HTTP app reports each request it answered 503 `storage_unavailable`, background
 * jobs report their failures; while the outage lasts, storage is pinged every `probeMs` until it answers,
 * and the end is logged with how long it lasted and how many requests were refused meanwhile.
 *
 * @example
 * const outage = new StorageOutageLog(storage, log);
 * createHttpApp({ parley, ready: () => storage.ping(), onStorageUnavailable: (e) => outage.refused(e) });
 */
export class StorageOutageLog {
  private since: number | null = null;
  private refusedRequests = 0;
  private timer: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(
    private readonly storage: Pick<Storage, 'ping'>,
    private readonly log: Logger,
    private readonly probeMs = 1_000,
  ) {}

  /** Whether an outage is in progress. */
  get down(): boolean {
    return this.since !== null;
  }

  /** A request was answered 503 because storage could not be reached. */
  refused(err: StorageUnavailableError): void {
    this.failed(err);
    if (this.since !== null) this.refusedRequests++;
  }

  /** Storage could not be reached (by a request or a background job): logs the start of an outage once. */
  failed(err: StorageUnavailableError): void {
    if (this.since !== null || this.closed) return;
    this.since = Date.now();
    this.refusedRequests = 0;
    this.log.error('storage unavailable: requests are answered 503 storage_unavailable until it answers again', { reason: err.reason });
    this.probe();
  }

  /** Stops probing (on shutdown). */
  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private probe(): void {
    if (this.closed) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.storage.ping().then(
        () => this.recovered(),
        () => this.probe(),
      );
    }, this.probeMs);
    this.timer.unref();
  }

  private recovered(): void {
    if (this.since === null) return;
    this.log.info('storage available again', { downForMs: Date.now() - this.since, refusedRequests: this.refusedRequests });
    this.since = null;
    this.refusedRequests = 0;
  }
}
