import type { Clock } from '@parley/core';

/** The real time, from the system clock. */
export class SystemClock implements Clock {
  now(): Date {
    return new Date();
  }
}
