/**
 * When a failed delivery is tried again: exponential backoff with jitter, persisted in the outbox
 * (`nextAttemptAt`), so the schedule survives restarts. Pure functions: the random source is injected.
 */

export interface BackoffPolicy {
  /** The wait after the first failed try. */
  readonly baseMs: number;
  /** Each further wait is this many times the previous one... */
  readonly factor: number;
  /** ...up to this. */
  readonly capMs: number;
  /** Tries in all (the first included); after the last one fails, the delivery is `failed`. */
  readonly maxAttempts: number;
  /** Each wait is scaled by a random factor in `[1 - jitter, 1 + jitter)`. */
  readonly jitter: number;
  /** The longest `Retry-After` honoured; a longer one is cut to this. */
  readonly maxRetryAfterMs: number;
}

/**
 * Waits of 10 s, 30 s, 1.5 min, 4.5 min, 13.5 min, 40 min, 2 h, 6 h, then 12 h, for 14 tries in all:
 * the last try comes about 69 hours (just under three days) after the first.
 */
export const DEFAULT_BACKOFF: BackoffPolicy = {
  baseMs: 10_000,
  factor: 3,
  capMs: 12 * 3_600_000,
  maxAttempts: 14,
  jitter: 0.25,
  maxRetryAfterMs: 24 * 3_600_000,
};

/** The nominal (jitter-free) wait after the `attempt`-th failed try (1-based). */
export const nominalDelayMs = (policy: BackoffPolicy, attempt: number): number =>
  Math.min(policy.capMs, policy.baseMs * policy.factor ** Math.max(0, attempt - 1));

/** The wait after the `attempt`-th failed try, with jitter from `random()` (in `[0, 1)`). */
export const retryDelayMs = (policy: BackoffPolicy, attempt: number, random: () => number): number => {
  const scale = 1 - policy.jitter + 2 * policy.jitter * random();
  return Math.max(0, Math.round(nominalDelayMs(policy, attempt) * scale));
};

/** The sum of the nominal waits: how long after the first try the last one comes. */
export const scheduleSpanMs = (policy: BackoffPolicy): number => {
  let total = 0;
  for (let a = 1; a < policy.maxAttempts; a++) total += nominalDelayMs(policy, a);
  return total;
};

/**
 * Parses `Retry-After`: delay-seconds (`120`) or an HTTP date. Returns milliseconds from `now`
 * (0 for a date in the past), or null when absent or malformed.
 */
export const parseRetryAfter = (value: string | null | undefined, now: Date): number | null => {
  if (value === null || value === undefined) return null;
  const v = value.trim();
  if (/^\d{1,10}$/.test(v)) return Number(v) * 1000;
  // An HTTP date always names a weekday and GMT; refuse anything else rather than guessing.
  if (!/^[A-Za-z]{3}, \d{2} [A-Za-z]{3} \d{4} \d{2}:\d{2}:\d{2} GMT$/.test(v)) return null;
  const at = Date.parse(v);
  if (Number.isNaN(at)) return null;
  return Math.max(0, at - now.getTime());
};

export type RetryDecision =
  | { readonly kind: 'succeeded' }
  | { readonly kind: 'dead'; readonly reason: string }
  | { readonly kind: 'failed'; readonly reason: string }
  | { readonly kind: 'retry'; readonly delayMs: number };

/**
 * What happens after a try: 2xx succeeded; 410 Gone stops for good; otherwise a retry after the
 * backoff wait (or the receiver's `Retry-After`, whichever is longer, up to a cap) while tries remain.
 */
export const decideAfterAttempt = (
  policy: BackoffPolicy,
  result: { readonly ok: boolean; readonly status: number | null; readonly retryAfter: string | null },
  attemptsSoFar: number,
  now: Date,
  random: () => number,
): RetryDecision => {
  if (result.ok) return { kind: 'succeeded' };
  if (result.status === 410) return { kind: 'dead', reason: 'the receiver answered 410 Gone: no more tries' };
  if (attemptsSoFar >= policy.maxAttempts) return { kind: 'failed', reason: `gave up after ${attemptsSoFar} tries` };
  const backoff = retryDelayMs(policy, attemptsSoFar, random);
  const asked = parseRetryAfter(result.retryAfter, now);
  const delayMs = asked === null ? backoff : Math.max(backoff, Math.min(asked, policy.maxRetryAfterMs));
  return { kind: 'retry', delayMs };
};
