import type { Logger } from './logger.js';

/**
 * Logs that a dependency the host needs (the database, the shared event bus) became unreachable, and
 * that it is reachable again: once each per outage, however many requests, probes or reconnection attempts
 * notice it meanwhile. The dependency counts as reachable at first (the host started with it).
 */
export class DependencyWatch {
  private isDown = false;

  constructor(
    private readonly name: string,
    private readonly log: Logger,
  ) {}

  get reachable(): boolean {
    return !this.isDown;
  }

  down(cause?: unknown): void {
    if (this.isDown) return;
    this.isDown = true;
    this.log.error(`${this.name}: unreachable`, cause === undefined ? {} : { err: cause });
  }

  up(): void {
    if (!this.isDown) return;
    this.isDown = false;
    this.log.info(`${this.name}: reachable again`);
  }

  /** Runs `probe` and notes its outcome; resolves or rejects as it does. */
  async probe(probe: () => Promise<void>): Promise<void> {
    try {
      await probe();
    } catch (err) {
      this.down(err);
      throw err;
    }
    this.up();
  }
}
