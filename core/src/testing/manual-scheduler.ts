import type { ManualClock } from './manual-clock.js';
import type { Scheduler } from '../runtime/scheduler.js';

/** Lets pending promise chains run to completion between timers. */
export const settle = async (): Promise<void> => {
  for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
};

/** Timers driven by the test's clock. */
export class ManualScheduler implements Scheduler {
  private timers: { at: number; fn: () => void; id: number }[] = [];
  private n = 0;
  constructor(private readonly clock: ManualClock) {}
  setTimeout(fn: () => void, ms: number) {
    const id = ++this.n;
    this.timers.push({ at: this.clock.now().getTime() + ms, fn, id });
    return id;
  }
  clearTimeout(h: unknown) {
    this.timers = this.timers.filter((t) => t.id !== h);
  }
  get pending() {
    return this.timers.length;
  }
  /** Moves the clock and fires what is due, in time order, letting promises settle in between. */
  async advance(ms: number) {
    const end = this.clock.now().getTime() + ms;
    for (;;) {
      const due = this.timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.timers = this.timers.filter((t) => t !== due);
      this.clock.set(new Date(Math.max(this.clock.now().getTime(), due.at)));
      due.fn();
      await settle();
    }
    this.clock.set(new Date(end));
    await settle();
  }
}
