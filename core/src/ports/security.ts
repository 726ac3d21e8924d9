/**
 * Ports of the security policy that are not storage: the common-password list and the per-address
 * login throttle.
 */

/** A list of common (breached, guessable) passwords. The core holds no list; an adapter supplies it. */
export interface CommonPasswords {
  /** Whether `password` is on the list. Case-insensitive; synchronous and fast (a set lookup). */
  isCommon(password: string): boolean;
}

export type ThrottleDecision = { readonly allowed: true } | { readonly allowed: false; readonly retryAfterSeconds: number };

/**
 * Limits failed logins per client address (OWASP ASVS 6.3.1), so that one client cannot cheaply lock
 * out every user by guessing. Keys are client addresses; the service never passes an email, so the
 * answer cannot reveal whether one exists.
 */
export interface LoginThrottle {
  /** Whether `key` may attempt a login at `now`; when not, how many seconds until it may. */
  check(key: string, now: Date): Promise<ThrottleDecision>;
  /** Counts one failed attempt by `key` at `now`. */
  recordFailure(key: string, now: Date): Promise<void>;
}
