import { ParleyError, parseIp, type RequestMeta } from '@parley/core';
import { BurstyRateLimiter, RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';

/**
 * An allowance: `points` requests per `durationSeconds` (a fixed window that starts with the key's first
 * request), plus `burst` more that a key may spend once per ten windows.
 */
export interface LimitRule {
  readonly points: number;
  readonly durationSeconds: number;
  readonly burst?: number;
}

/** The limits of the public and abuse-prone routes (see {@link DEFAULT_LIMITS}). */
export interface LimitsConfig {
  /** Chat starts (`POST /api/v1/widgets/:id/chats`) per client address. */
  readonly chatStart: LimitRule;
  /** Messages, drafts (typing) and closes per client address, whoever sends them. */
  readonly chatWritesPerAddress: LimitRule;
  /** A visitor's messages, drafts and closes per chat, counted once their token is checked. */
  readonly chatWritesPerChat: LimitRule;
  /** Public widget reads (availability) per client address. */
  readonly widgetReads: LimitRule;
  /** Event streams a visitor may hold open at once on one chat. */
  readonly visitorStreams: number;
  /** Failed logins per client address (unknown email, wrong password, locked account); then 429 for any login. */
  readonly loginFailures: LimitRule;
  /** Requests to the share-link monitor routes per client address. */
  readonly publicMonitor: LimitRule;
  /** Password reset mails asked for per client address. */
  readonly passwordResets: LimitRule;
  /** Password reset mails asked for per e-mail address (known or not). */
  readonly passwordResetsPerEmail: LimitRule;
  /** Transcript mails a visitor asks for, per client address. */
  readonly transcriptMails: LimitRule;
  /** Transcript mails per chat. */
  readonly transcriptMailsPerChat: LimitRule;
  /** Requests to the compatible APIs under `/api/v2` per client address, counted before the API token is checked. */
  readonly compatibleApi: LimitRule;
}

/**
 * Generous for people, tight for scripts: a widget starts one chat per visit and its drafts are sent a few
 * times a second at most; a share-link page makes one request per (re)connection.
 */
export const DEFAULT_LIMITS: LimitsConfig = {
  chatStart: { points: 10, durationSeconds: 60, burst: 20 },
  chatWritesPerAddress: { points: 600, durationSeconds: 60, burst: 300 },
  chatWritesPerChat: { points: 300, durationSeconds: 60, burst: 150 },
  widgetReads: { points: 120, durationSeconds: 60, burst: 60 },
  visitorStreams: 3,
  loginFailures: { points: 20, durationSeconds: 600 },
  publicMonitor: { points: 60, durationSeconds: 60 },
  passwordResets: { points: 10, durationSeconds: 3600 },
  passwordResetsPerEmail: { points: 3, durationSeconds: 3600 },
  transcriptMails: { points: 5, durationSeconds: 3600 },
  transcriptMailsPerChat: { points: 3, durationSeconds: 86_400 },
  compatibleApi: { points: 120, durationSeconds: 60 },
};

/** The subset of an ioredis client that rate-limiter-flexible uses (`new Redis(url)` from ioredis 5). */
export interface RedisLimiterClient {
  readonly status: string;
  defineCommand(name: string, definition: { numberOfKeys?: number; lua: string }): void;
}

/**
 * Where the counts live: in this process (`memory`), or in Redis so that several hosts behind one balancer
 * share them. A Redis store falls back to counting in this process while Redis is not ready, so an outage
 * weakens the limits to per-host ones instead of failing requests.
 */
export type LimiterStore =
  | { readonly kind: 'memory' }
  | { readonly kind: 'redis'; readonly client: RedisLimiterClient; readonly prefix?: string };

/** The rules that count requests (the others count failed logins and open streams). */
export type RuleName = Exclude<keyof LimitsConfig, 'visitorStreams' | 'loginFailures'>;

/** Stream slots are forgotten this long after a key's first stream opened: what a host that died held. */
const STREAM_WINDOW_SECONDS = 3600;
/** What a refused stream is told to wait: a slot frees when one of the visitor's streams closes. */
const STREAM_RETRY_SECONDS = 10;

const rateLimited = (message: string, retryAfterSeconds: number) =>
  new ParleyError('rate_limited', message, { meta: { retryAfterSeconds: Math.max(1, Math.ceil(retryAfterSeconds)) } });

/**
 * The key a client address is counted under: an IPv4 address as it is (also when IPv4-mapped), an IPv6
 * address by its /64 (a subscriber's usual allocation, within which a client can take a fresh address for
 * every request), `unknown` when the peer could not be told.
 */
export const addressKey = (ip: string | null): string => {
  if (ip === null) return 'unknown';
  const a = parseIp(ip);
  if (!a) return `raw:${ip.slice(0, 64)}`;
  return a.family === 4 ? `4:${a.value.toString(16)}` : `6:${(a.value >> 64n).toString(16)}`;
};

/** The key of the request's client address (see {@link addressKey}). */
export const limitKeyOf = (c: { get(key: 'meta'): RequestMeta }): string => addressKey(c.get('meta').ip);

/**
 * The one limiter of the HTTP API, on rate-limiter-flexible: every limited route asks it, whatever it
 * limits (rates per address or per chat, failed logins, open streams). Refusals are `rate_limited`
 * (429 with `Retry-After`).
 */
export class Limits {
  readonly config: LimitsConfig;
  private readonly limiters: Record<RuleName, { consume: RateLimiterAbstract['consume'] }>;
  private readonly failures: RateLimiterAbstract;
  private readonly streams: RateLimiterAbstract;

  constructor(store: LimiterStore = { kind: 'memory' }, config: Partial<LimitsConfig> = {}) {
    this.config = { ...DEFAULT_LIMITS, ...config };
    const make = (name: string, points: number, duration: number): RateLimiterAbstract => {
      const options = { keyPrefix: `limit:${name}`, points, duration };
      if (store.kind === 'memory') return new RateLimiterMemory(options);
      return new RateLimiterRedis({
        ...options,
        keyPrefix: `${store.prefix ?? 'parley:'}${options.keyPrefix}`,
        storeClient: store.client,
        rejectIfRedisNotReady: true,
        insuranceLimiter: new RateLimiterMemory(options),
      });
    };
    const rule = (name: RuleName) => {
      const r = this.config[name];
      const main = make(name, r.points, r.durationSeconds);
      return r.burst ? new BurstyRateLimiter(main, make(`${name}:burst`, r.burst, r.durationSeconds * 10)) : main;
    };
    this.failures = make('loginFailures', this.config.loginFailures.points, this.config.loginFailures.durationSeconds);
    this.limiters = {
      chatStart: rule('chatStart'),
      chatWritesPerAddress: rule('chatWritesPerAddress'),
      chatWritesPerChat: rule('chatWritesPerChat'),
      widgetReads: rule('widgetReads'),
      publicMonitor: rule('publicMonitor'),
      passwordResets: rule('passwordResets'),
      passwordResetsPerEmail: rule('passwordResetsPerEmail'),
      transcriptMails: rule('transcriptMails'),
      transcriptMailsPerChat: rule('transcriptMailsPerChat'),
      compatibleApi: rule('compatibleApi'),
    };
    this.streams = make('visitorStreams', this.config.visitorStreams, STREAM_WINDOW_SECONDS);
  }

  /** Spends one request of `key`'s allowance under `rule`; refuses with `rate_limited` when none is left. */
  async take(rule: RuleName, key: string): Promise<void> {
    try {
      await this.limiters[rule].consume(key);
    } catch (e) {
      if (!(e instanceof RateLimiterRes)) throw e;
      throw rateLimited('Too many requests; try again later.', e.msBeforeNext / 1000);
    }
  }

  /**
   * Counts a login attempt by `key` before anything depends on the email, and refuses it when the address
   * failed too often (even with the right password). Call the returned function when the attempt did not
   * fail (signed in, or refused for another reason than the credentials): only failures stay counted.
   * Counting before judging means concurrent guesses cannot get past the limit.
   */
  async loginAttempt(key: string): Promise<() => Promise<void>> {
    try {
      await this.failures.consume(key);
    } catch (e) {
      if (!(e instanceof RateLimiterRes)) throw e;
      throw rateLimited('Too many failed sign-ins from your address; try again later.', e.msBeforeNext / 1000);
    }
    return async () => {
      await this.failures.reward(key);
    };
  }

  /**
   * Takes one of `key`'s stream slots, or refuses when all are in use. Call the returned function once,
   * when the stream ends.
   */
  async openStream(key: string): Promise<() => void> {
    try {
      await this.streams.consume(key);
    } catch (e) {
      if (!(e instanceof RateLimiterRes)) throw e;
      await this.streams.reward(key); // a refusal holds no slot
      throw rateLimited('Too many open streams on this chat; close one first.', STREAM_RETRY_SECONDS);
    }
    let open = true;
    return () => {
      if (!open) return;
      open = false;
      void this.release(key);
    };
  }

  private async release(key: string): Promise<void> {
    // The count may have been forgotten meanwhile (the window ended): never let it go below zero.
    const now = await this.streams.get(key).catch(() => null);
    if (now && now.consumedPoints > 0) await this.streams.reward(key).catch(() => {});
  }
}
