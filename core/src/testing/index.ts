/**
 * `@parley/core/testing`: what the tests of packages built on the core need to drive time. Not for
 * production code: a host wires the system clock and scheduler.
 *
 * - {@link ManualClock}: a `Clock` that moves only when told to.
 * - {@link ManualScheduler} and {@link settle}: timers (typing relays, stream grace periods) driven by that clock.
 * - {@link settingsWith}: security settings from the defaults and a patch.
 *
 * @module
 */
export { ManualClock } from './manual-clock.js';
export { ManualScheduler, settle } from './manual-scheduler.js';
export { settingsWith, type SecurityPatch } from './security.js';
