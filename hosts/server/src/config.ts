import { PLANS, type ChatConfig, type Plan, type SignupPolicy } from '@parley/core';
import { DEFAULT_LIMITS, parseTrustProxy, type LimitRule, type LimitsConfig, type TrustProxy } from '@parley/http-hono';
import { loadIntegrationsConfig, type IntegrationsHostConfig } from './integrations-config.js';
import { loadMailConfig, type MailHostConfig } from './mail-config.js';
import { ConfigError } from './config-error.js';

export { ConfigError };

export interface HostConfig {
  readonly port: number;
  /**
   * The address the links in mails (password reset, invitation, renewal) start with when `PARLEY_PUBLIC_URL` is
   * unset: this host on the port it listens on, `http://localhost:<PORT>`.
   */
  readonly defaultPublicUrl: string;
  /** Interface to listen on (`0.0.0.0` by default; `127.0.0.1` for loopback only). */
  readonly host: string;
  /** `sqlite:./data/parley.db` (default), `sqlite::memory:`, `memory:`, or `mysql://user:pass@host:3306/db`. */
  readonly databaseUrl: string;
  /** The event bus: in-process, or Redis pub/sub shared by every host on the same URL and prefix. */
  readonly events: EventsConfig;
  readonly trustProxy: TrustProxy;
  readonly signup: SignupPolicy;
  readonly defaultPlan: Plan;
  readonly sessionTtlSeconds: number;
  readonly argon2: { readonly memoryCost: number; readonly timeCost: number; readonly parallelism: number };
  readonly bodyLimitBytes: number;
  readonly logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent';
  /** Webhooks, Salesforce and the outbox dispatcher (see integrations-config.ts). */
  readonly integrations: IntegrationsHostConfig;
  /** E-mail: the SMTP server (or `log:`, or none) and the sender (see mail-config.ts). */
  readonly mail: MailHostConfig;
  /** Visitor geolocation: geoip-lite's offline database (default) or off. */
  readonly geoip: 'geoip-lite' | 'off';
  /** Chat engine tunables (abandonment grace, sneak-peek throttle). */
  readonly chat: Pick<ChatConfig, 'abandonGraceMs' | 'agentAwayGraceMs' | 'typingIntervalMs'>;
  /** Seconds between heartbeat comments on idle event streams. */
  readonly sseHeartbeatSeconds: number;
  /**
   * Limits of the public routes and of failed logins per client address (429 `rate_limited` past them),
   * counted in Redis when the events are (so hosts share them), else in process.
   */
  readonly limits: LimitsConfig;
  /** How often the security sweep runs (inactive users, expired password tickets). */
  readonly securitySweepSeconds: number;
  /** How often open chats that have gone quiet for their widget's `closeInactiveAfterMinutes` are closed. */
  readonly chatSweepSeconds: number;
}

export type EventsConfig = { readonly kind: 'memory' } | { readonly kind: 'redis'; readonly url: string; readonly prefix: string };

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

/** `PARLEY_EVENTS`: `memory` or a `redis://` / `rediss://` URL; `PARLEY_EVENTS_PREFIX` namespaces the channels. */
const events = (env: Env): EventsConfig => {
  const raw = env.PARLEY_EVENTS?.trim();
  if (!raw || raw === 'memory') return { kind: 'memory' };
  // The value may hold a password: messages never repeat it.
  const expected = 'must be memory or a redis:// or rediss:// URL, e.g. redis://127.0.0.1:6379/0';
  if (!/^rediss?:\/\//i.test(raw)) throw new ConfigError('PARLEY_EVENTS', expected);
  try {
    const u = new URL(raw);
    if (!u.hostname || !/^(\/\d*)?$/.test(u.pathname)) throw new Error('bad URL');
  } catch {
    throw new ConfigError('PARLEY_EVENTS', expected);
  }
  const prefix = env.PARLEY_EVENTS_PREFIX?.trim() || 'parley:';
  if (!/^[\x21-\x7e]{1,100}$/.test(prefix))
    throw new ConfigError('PARLEY_EVENTS_PREFIX', 'must be 1 to 100 printable ASCII characters without spaces, e.g. parley:');
  return { kind: 'redis', url: raw, prefix };
};

/** `<points>/<seconds>` with an optional `+<burst>` (spendable once per ten windows), e.g. `10/60+20`. */
const limitRule = (env: Env, name: string, fallback: LimitRule): LimitRule => {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const m = /^(\d{1,7})\/(\d{1,6})(?:\+(\d{1,7}))?$/.exec(raw);
  const expected = `must be <requests>/<seconds> with an optional +<burst>, e.g. 10/60+20, got "${raw}"`;
  if (!m) throw new ConfigError(name, expected);
  const [points, durationSeconds, burst] = [Number(m[1]), Number(m[2]), m[3] === undefined ? 0 : Number(m[3])];
  if (points < 1 || durationSeconds < 1 || durationSeconds > 86_400)
    throw new ConfigError(name, `needs at least 1 request per 1 to 86400 seconds, got "${raw}"`);
  return burst ? { points, durationSeconds, burst } : { points, durationSeconds };
};

const limits = (env: Env): LimitsConfig => ({
  chatStart: limitRule(env, 'PARLEY_LIMIT_CHAT_STARTS', DEFAULT_LIMITS.chatStart),
  chatWritesPerAddress: limitRule(env, 'PARLEY_LIMIT_CHAT_WRITES', DEFAULT_LIMITS.chatWritesPerAddress),
  chatWritesPerChat: limitRule(env, 'PARLEY_LIMIT_CHAT_WRITES_PER_CHAT', DEFAULT_LIMITS.chatWritesPerChat),
  widgetReads: limitRule(env, 'PARLEY_LIMIT_WIDGET_READS', DEFAULT_LIMITS.widgetReads),
  visitorStreams: int(env, 'PARLEY_LIMIT_VISITOR_STREAMS', DEFAULT_LIMITS.visitorStreams, 1, 1000),
  loginFailures: {
    points: int(env, 'PARLEY_LOGIN_MAX_FAILURES', DEFAULT_LIMITS.loginFailures.points, 1, 1_000_000),
    durationSeconds: int(env, 'PARLEY_LOGIN_FAILURE_WINDOW_SECONDS', DEFAULT_LIMITS.loginFailures.durationSeconds, 1, 86_400),
  },
  publicMonitor: limitRule(env, 'PARLEY_LIMIT_PUBLIC_MONITOR', DEFAULT_LIMITS.publicMonitor),
  compatibleApi: limitRule(env, 'PARLEY_LIMIT_COMPATIBLE_API', DEFAULT_LIMITS.compatibleApi),
  passwordResets: limitRule(env, 'PARLEY_LIMIT_PASSWORD_RESETS', DEFAULT_LIMITS.passwordResets),
  passwordResetsPerEmail: limitRule(env, 'PARLEY_LIMIT_PASSWORD_RESETS_PER_EMAIL', DEFAULT_LIMITS.passwordResetsPerEmail),
  transcriptMails: limitRule(env, 'PARLEY_LIMIT_TRANSCRIPT_MAILS', DEFAULT_LIMITS.transcriptMails),
  transcriptMailsPerChat: limitRule(env, 'PARLEY_LIMIT_TRANSCRIPT_MAILS_PER_CHAT', DEFAULT_LIMITS.transcriptMailsPerChat),
});

/**
 * What the start-up log says once about the links in mails: the public URL they use and that `PARLEY_PUBLIC_URL`
 * sets it; a warning when it is this machine's default, which other people's browsers cannot reach.
 */
export const publicUrlNotice = (
  config: Pick<HostConfig, 'defaultPublicUrl' | 'integrations'>,
): { level: 'info' | 'warn'; message: string } => {
  const set = config.integrations.publicUrl;
  return set
    ? { level: 'info', message: `mails link to ${set} (PARLEY_PUBLIC_URL)` }
    : {
        level: 'warn',
        message: `mails link to ${config.defaultPublicUrl}, the default for this port: set PARLEY_PUBLIC_URL to the address users reach this server at`,
      };
};

/** Reads the host's configuration from environment variables; every one is optional. */
export const loadConfig = (env: Env = process.env): HostConfig => {
  const { trust, invalid } = parseTrustProxy(env.PARLEY_TRUST_PROXY);
  if (invalid.length) throw new ConfigError('PARLEY_TRUST_PROXY', `not an address, wildcard or CIDR range: ${invalid.join(', ')}`);
  const port = int(env, 'PORT', 3000, 0, 65535);
  return {
    port,
    defaultPublicUrl: `http://localhost:${port}`,
    host: env.PARLEY_HOST?.trim() || '0.0.0.0',
    databaseUrl: databaseUrl(env),
    events: events(env),
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
    integrations: loadIntegrationsConfig(env),
    mail: loadMailConfig(env),
    geoip: oneOf(env, 'PARLEY_GEOIP', ['geoip-lite', 'off'] as const, 'geoip-lite'),
    chat: {
      // 0 turns abandonment on disconnect off (explicit closes still abandon).
      abandonGraceMs: ((n) => (n === 0 ? null : n * 1000))(int(env, 'PARLEY_ABANDON_GRACE_SECONDS', 60, 0, 86_400)),
      agentAwayGraceMs: ((n) => (n === 0 ? null : n * 1000))(int(env, 'PARLEY_AGENT_AWAY_GRACE_SECONDS', 120, 0, 86_400)),
      typingIntervalMs: int(env, 'PARLEY_TYPING_THROTTLE_MS', 250, 0, 10_000),
    },
    sseHeartbeatSeconds: int(env, 'PARLEY_SSE_HEARTBEAT_SECONDS', 15, 1, 300),
    limits: limits(env),
    securitySweepSeconds: int(env, 'PARLEY_SECURITY_SWEEP_SECONDS', 3600, 1, 86_400),
    chatSweepSeconds: int(env, 'PARLEY_CHAT_SWEEP_SECONDS', 60, 1, 3600),
  };
};
