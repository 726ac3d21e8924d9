import type { DeliveryDispatcher } from '@parley/core';

export interface DispatcherLoopOptions {
  /** Time between polls of the outbox when there is nothing to do. */
  readonly intervalMs: number;
  /** Called with errors of a round (storage unreachable...); the loop carries on. */
  readonly onError?: (err: unknown) => void;
}

/**
 * Runs a {@link DeliveryDispatcher} in the background: a round drains the outbox (batch after batch
 * while they come back full), then the loop sleeps `intervalMs`, unless {@link wake} is called (the
 * host calls it when a delivery is enqueued). Never runs two rounds at once. {@link stop} waits for the
 * round in progress; tries in flight are aborted and their rows released, so nothing waits for a lease.
 *
 * @example
 * const loop = new DispatcherLoop(dispatcher, { intervalMs: 1000, onError: (e) => log.error('dispatch failed', { e }) });
 * loop.start();
 * events.subscribe(DELIVERY_TOPIC, () => loop.wake());
 * process.once('SIGTERM', () => loop.stop());
 */
export class DispatcherLoop {
  private timer: NodeJS.Timeout | null = null;
  private round: Promise<void> | null = null;
  private again = false;
  private stopped = false;

  constructor(
    private readonly dispatcher: DeliveryDispatcher,
    private readonly options: DispatcherLoopOptions,
  ) {}

  start(): void {
    if (this.stopped || this.timer || this.round) return;
    this.schedule(0);
  }

  /** Runs a round soon (now, or right after the current one). */
  wake(): void {
    if (this.stopped) return;
    if (this.round) this.again = true;
    else this.schedule(0);
  }

  /** Resolves when the round in progress has finished (for tests and benchmarks). */
  async idle(): Promise<void> {
    while (this.round) await this.round;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.dispatcher.stop();
    await this.round;
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.run();
    }, ms);
    this.timer.unref?.();
  }

  private run(): void {
    if (this.round || this.stopped) return;
    this.again = false;
    this.round = this.dispatcher
      .drain()
      .then(
        () => undefined,
        (err: unknown) => this.options.onError?.(err),
      )
      .finally(() => {
        this.round = null;
        this.schedule(this.again ? 0 : this.options.intervalMs);
      });
  }
}
