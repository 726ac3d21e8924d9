import { LEASE_MARGIN_MS } from '@parley/core';
import { longestSendMs } from '@parley/webhooks';
import { ConfigError } from './config-error.js';

/** The host's integration settings (webhooks, Salesforce, the outbox dispatcher). */
export interface IntegrationsHostConfig {
  /** `PARLEY_SECRET_KEY`: 32 bytes (base64 or hex) that seal integration secrets at rest; null to use the key file. */
  readonly secretKey: string | null;
  /** `PARLEY_SECRET_KEY_FILE`: where the key is kept when `PARLEY_SECRET_KEY` is unset (made on first start). */
  readonly secretKeyFile: string;
  /** `PARLEY_WEBHOOK_ALLOW_HTTP_LOOPBACK`: allow loopback targets and plain http to them (development only). */
  readonly allowHttpLoopback: boolean;
  /** `PARLEY_DISPATCHER`: run the outbox dispatcher in this process (`on`), or leave it to `parley worker` (`off`). */
  readonly dispatcher: boolean;
  /** `PARLEY_DISPATCH_INTERVAL_MS`: how often an idle dispatcher polls the outbox. */
  readonly intervalMs: number;
  /** `PARLEY_WEBHOOK_TIMEOUT_MS`: time limit of one try. */
  readonly timeoutMs: number;
  /** `PARLEY_DISPATCH_LEASE_MS`: how long a claimed delivery is held before another dispatcher may take it. */
  readonly leaseMs: number;
  /** `PARLEY_DISPATCH_CONCURRENCY`: tries in flight at once per dispatcher. */
  readonly concurrency: number;
  /** `PARLEY_PUBLIC_URL`: the server's public base URL, to link requests in payloads. */
  readonly publicUrl: string | null;
}

type Env = Readonly<Record<string, string | undefined>>;

const int = (env: Env, name: string, fallback: number, min: number, max: number): number => {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) throw new ConfigError(name, `must be a whole number, got "${raw}"`);
  const n = Number(raw);
  if (n < min || n > max) throw new ConfigError(name, `must be between ${min} and ${max}, got ${n}`);
  return n;
};

const bool = (env: Env, name: string, fallback: boolean, words: [string, string] = ['true', 'false']): boolean => {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === '') return fallback;
  if ([words[0], '1', 'yes'].includes(raw)) return true;
  if ([words[1], '0', 'no'].includes(raw)) return false;
  throw new ConfigError(name, `must be ${words[0]} or ${words[1]}, got "${env[name]}"`);
};

export const loadIntegrationsConfig = (env: Env): IntegrationsHostConfig => {
  const secretKey = env.PARLEY_SECRET_KEY?.trim() || null;
  if (secretKey !== null) {
    const hex = /^[0-9a-fA-F]{64}$/.test(secretKey);
    const b64 = /^[A-Za-z0-9+/_-]{43}=?$/.test(secretKey);
    if (!hex && !b64)
      throw new ConfigError(
        'PARLEY_SECRET_KEY',
        'must be 32 random bytes as base64 (44 characters) or hex (64); e.g. openssl rand -base64 32',
      );
  }
  const timeoutMs = int(env, 'PARLEY_WEBHOOK_TIMEOUT_MS', 15_000, 100, 120_000);
  const leaseMs = int(env, 'PARLEY_DISPATCH_LEASE_MS', 60_000, 1_000, 3_600_000);
  // A row's lease starts when its try does; the try may use every quick retry to its time limit, and the
  // dispatcher keeps the last LEASE_MARGIN_MS of the lease to record the result.
  const leaseNeeded = longestSendMs({ timeoutMs }) + LEASE_MARGIN_MS;
  if (leaseMs < leaseNeeded)
    throw new ConfigError(
      'PARLEY_DISPATCH_LEASE_MS',
      `must be at least ${leaseNeeded} (one try with its quick retries at PARLEY_WEBHOOK_TIMEOUT_MS=${timeoutMs}, plus ${LEASE_MARGIN_MS} ms to record it), got ${leaseMs}`,
    );
  const publicUrl = env.PARLEY_PUBLIC_URL?.trim() || null;
  if (publicUrl !== null && !/^https?:\/\/[^\s/]+/.test(publicUrl))
    throw new ConfigError('PARLEY_PUBLIC_URL', `must be an http(s) URL, got "${publicUrl}"`);
  return {
    secretKey,
    secretKeyFile: env.PARLEY_SECRET_KEY_FILE?.trim() || './data/secret.key',
    allowHttpLoopback: bool(env, 'PARLEY_WEBHOOK_ALLOW_HTTP_LOOPBACK', false),
    dispatcher: bool(env, 'PARLEY_DISPATCHER', true, ['on', 'off']),
    intervalMs: int(env, 'PARLEY_DISPATCH_INTERVAL_MS', 1_000, 10, 3_600_000),
    timeoutMs,
    leaseMs,
    concurrency: int(env, 'PARLEY_DISPATCH_CONCURRENCY', 16, 1, 256),
    publicUrl,
  };
};
