export interface RetryPolicy {
  /** Tries in all, the first included. */
  readonly attempts: number;
  /** The wait before the second try; doubled each time, with up to as much again of random jitter. */
  readonly baseDelayMs: number;
  readonly isTransient: (error: unknown) => boolean;
  readonly onRetry?: (error: unknown, attempt: number, delayMs: number) => void;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Runs `fn`, and runs it again after a short, jittered wait when it fails for a transient reason. */
export const withRetry = async <T>(policy: RetryPolicy, fn: () => Promise<T>): Promise<T> => {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (e) {
      if (attempt >= policy.attempts || !policy.isTransient(e)) throw e;
      const base = policy.baseDelayMs * 2 ** (attempt - 1);
      const delay = Math.round(base + Math.random() * base);
      policy.onRetry?.(e, attempt, delay);
      await sleep(delay);
    }
  }
};
