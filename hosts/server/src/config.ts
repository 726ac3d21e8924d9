import { PLANS, type Plan, type SignupPolicy } from '@parley/core';
import { parseTrustProxy, type TrustProxy } from '@parley/http-hono';

/** A bad configuration value. The message is one line that names the variable. */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`);
    this.name = 'ConfigError';
  }
}

export interface HostConfig {
  readonly port: number;
  /** Interface to listen on (`0.0.0.0` by default; `127.0.0.1` for loopback only). */
  readonly host: string;
  /** `sqlite:./data/parley.db` (default), `sqlite::memory:`, `memory:`, or `mysql://user:pass@host:3306/db`. */
  readonly databaseUrl: string;
  readonly events: 'memory';
  readonly trustProxy: TrustProxy;
  readonly signup: SignupPolicy;
  readonly defaultPlan: Plan;
  readonly sessionTtlSeconds: number;
  readonly argon2: { readonly memoryCost: number; readonly timeCost: number; readonly parallelism: number };
  readonly bodyLimitBytes: number;
  readonly logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent';
}

type Env = Readonly<Record<string, string | undefined>>;

const int = (env: Env, name: string, fallback: number, min: number, max: number): number => {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw.trim())) throw new ConfigError(name, `must be a whole number, got "${raw}"`);
  const n = Number(raw.trim());
  if (n < min || n > max) throw new ConfigError(name, `must be between ${min} and ${max}, got ${n}`);
  return n;
};

const oneOf = <T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T => {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!(allowed as readonly string[]).includes(raw)) throw new ConfigError(name, `must be one of ${allowed.join(', ')}, got "${raw}"`);
  return raw as T;
};

const databaseUrl = (env: Env): string => {
  const raw = env.PARLEY_DATABASE_URL?.trim();
  if (!raw) return 'sqlite:./data/parley.db';
  if (raw === 'memory:' || raw.startsWith('sqlite:')) {
    if (raw === 'sqlite:') throw new ConfigError('PARLEY_DATABASE_URL', 'a sqlite URL needs a file path, e.g. sqlite:./data/parley.db');
    return raw;
  }
  if (/^mysql:\/\//.test(raw) || /^mariadb:\/\//.test(raw)) {
    try {
      const u = new URL(raw);
      if (!u.hostname || u.pathname.length < 2) throw new Error('no database');
    } catch {
      throw new ConfigError('PARLEY_DATABASE_URL', 'expected mysql://user:password@host:3306/database');
    }
    return raw;
  }
  throw new ConfigError('PARLEY_DATABASE_URL', 'must start with sqlite:, mysql:// or be memory:');
};

/** Reads the host's configuration from environment variables; every one is optional. */
export const loadConfig = (env: Env = process.env): HostConfig => {
  const { trust, invalid } = parseTrustProxy(env.PARLEY_TRUST_PROXY);
  if (invalid.length)
    throw new ConfigError('PARLEY_TRUST_PROXY', `not an address, wildcard or CIDR range: ${invalid.join(', ')}`);
  return {
    port: int(env, 'PORT', 3000, 0, 65535),
    host: env.PARLEY_HOST?.trim() || '0.0.0.0',
    databaseUrl: databaseUrl(env),
    events: oneOf(env, 'PARLEY_EVENTS', ['memory'] as const, 'memory'),
    trustProxy: trust,
    signup: oneOf(env, 'PARLEY_SIGNUP', ['open', 'first', 'closed'] as const, 'first'),
    defaultPlan: oneOf(env, 'PARLEY_DEFAULT_PLAN', PLANS, 'enterprise'),
    sessionTtlSeconds: int(env, 'PARLEY_SESSION_TTL_SECONDS', 12 * 3600, 60, 90 * 24 * 3600),
    argon2: {
      memoryCost: int(env, 'PARLEY_ARGON2_MEMORY_KIB', 19456, 1024, 4 * 1024 * 1024),
      timeCost: int(env, 'PARLEY_ARGON2_ITERATIONS', 2, 1, 100),
      parallelism: int(env, 'PARLEY_ARGON2_PARALLELISM', 1, 1, 64),
    },
    bodyLimitBytes: int(env, 'PARLEY_BODY_LIMIT_BYTES', 64 * 1024, 1024, 16 * 1024 * 1024),
    logLevel: oneOf(env, 'PARLEY_LOG_LEVEL', ['debug', 'info', 'warn', 'error', 'silent'] as const, 'info'),
  };
};
