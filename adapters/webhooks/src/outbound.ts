import { setMaxListeners } from 'node:events';
import http from 'node:http';
import https from 'node:https';
import pRetry, { AbortError } from 'p-retry';
import { checkOutboundUrl, hostOf, parseIp, type TransportResult } from '@parley/core';
import { guardedLookup, refusalOf, type Resolver } from './guard.js';

/** How outbound calls behave; shared by the webhook transport and the Salesforce client. */
export interface OutboundOptions {
  /**
   * Allow loopback targets, and plain http to them (`PARLEY_WEBHOOK_ALLOW_HTTP_LOOPBACK`): for
   * development and tests only. Off by default: https to public addresses only.
   */
  readonly allowHttpLoopback?: boolean;
  /** Time limit of one try, from connecting to the end of reading the answer's first bytes. Default 15 s. */
  readonly timeoutMs?: number;
  /** How much of the answer's body is kept. Default 1 KiB. */
  readonly maxResponseBytes?: number;
  /**
   * Quick in-process retries (p-retry, jittered, 100 ms then 300 ms) when the connection broke before
   * any answer (reset, broken pipe) or DNS failed for a moment. Default 2. The long schedule, for
   * receivers that are down or failing, lives in the outbox.
   */
  readonly quickRetries?: number;
  /** Replaces the system resolver (tests use it to simulate DNS rebinding). */
  readonly resolve?: Resolver;
  /** Reuse connections (default true). */
  readonly keepAlive?: boolean;
  /** At most this many sockets per receiver. Default 32. */
  readonly maxSockets?: number;
}

export interface OutboundRequest {
  readonly url: string;
  readonly method: 'POST' | 'GET';
  readonly headers: Readonly<Record<string, string>>;
  /** The POST's body; a GET has none. */
  readonly body?: string;
  /** Overrides {@link OutboundOptions.maxResponseBytes} for this request. */
  readonly maxResponseBytes?: number;
}

export interface OutboundResponse extends TransportResult {
  /** The answer's `Location` header (redirects are never followed). */
  readonly location: string | null;
}

export const DEFAULT_TIMEOUT_MS = 15_000;
export const DEFAULT_MAX_RESPONSE_BYTES = 1024;
const DEFAULT_QUICK_RETRIES = 2;
/** p-retry's pauses between quick retries: 100 ms, then × 3, each doubled at most by the jitter. */
const QUICK_RETRY_MIN_MS = 100;
const QUICK_RETRY_FACTOR = 3;

/**
 * The longest one {@link GuardedHttpClient.send} can take with these options: every quick retry used, each
 * to its time limit, with the longest jittered pauses between them. A dispatcher's lease must outlast it.
 */
export const longestSendMs = (options: Pick<OutboundOptions, 'timeoutMs' | 'quickRetries'> = {}): number => {
  const retries = options.quickRetries ?? DEFAULT_QUICK_RETRIES;
  let pauses = 0;
  for (let i = 0; i < retries; i++) pauses += 2 * QUICK_RETRY_MIN_MS * QUICK_RETRY_FACTOR ** i;
  return (retries + 1) * (options.timeoutMs ?? DEFAULT_TIMEOUT_MS) + pauses;
};

/**
 * Errors worth a quick retry: the connection broke under the request (typically a kept-alive socket the
 * receiver had just closed) or DNS failed for a moment. A refused connection is not among them: the
 * receiver is down, and the outbox's schedule is the right wait for that.
 */
const TRANSIENT_CODES = new Set(['ECONNRESET', 'EPIPE', 'EAI_AGAIN']);

class TryFailed extends Error {
  constructor(
    message: string,
    readonly code: string | null,
  ) {
    super(message);
  }
}

/** What common network failures mean, in words an admin reads in the delivery log; the system's own text follows. */
const PLAIN_WORDS: Readonly<Record<string, string>> = {
  ENOTFOUND: 'the server’s name was not found',
  EAI_AGAIN: 'the server’s name could not be looked up now',
  ECONNREFUSED: 'the server refused the connection',
  ECONNRESET: 'the connection was cut',
  EHOSTUNREACH: 'the server cannot be reached',
  ENETUNREACH: 'the server cannot be reached',
  ETIMEDOUT: 'no answer in time',
  CERT_HAS_EXPIRED: 'its certificate has expired',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'its certificate is self-signed',
  SELF_SIGNED_CERT_IN_CHAIN: 'its certificate is self-signed',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'its certificate could not be verified',
  ERR_TLS_CERT_ALTNAME_INVALID: 'its certificate is for another name',
};

const describe = (e: unknown): { message: string; code: string | null } => {
  const code =
    typeof e === 'object' && e !== null && typeof (e as { code?: unknown }).code === 'string' ? (e as { code: string }).code : null;
  const raw = e instanceof Error ? e.message : String(e);
  // A try's failure was described when it happened: said once.
  const words = code === null || e instanceof TryFailed ? undefined : PLAIN_WORDS[code];
  return { message: words ? `${words} (${raw})` : raw, code };
};

/**
 * Sends requests to user-supplied URLs safely: https only (plain http to loopback only when the operator
 * allows it), every resolved address checked at connect time, a time limit per try, redirects never
 * followed, only the first bytes of the answer read. Never throws for what happens on the wire.
 */
export class GuardedHttpClient {
  private readonly allowLoopback: boolean;
  private readonly timeoutMs: number;
  private readonly maxResponseBytes: number;
  private readonly quickRetries: number;
  private readonly resolve: Resolver | undefined;
  private readonly httpAgent: http.Agent;
  private readonly httpsAgent: https.Agent;

  constructor(options: OutboundOptions = {}) {
    this.allowLoopback = options.allowHttpLoopback ?? false;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
    this.quickRetries = options.quickRetries ?? DEFAULT_QUICK_RETRIES;
    this.resolve = options.resolve;
    const agentOptions = { keepAlive: options.keepAlive ?? true, maxSockets: options.maxSockets ?? 32, scheduling: 'lifo' as const };
    this.httpAgent = new http.Agent(agentOptions);
    this.httpsAgent = new https.Agent(agentOptions);
  }

  /** Closes idle kept-alive connections. */
  close(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }

  async send(req: OutboundRequest, signal?: AbortSignal): Promise<OutboundResponse> {
    const started = performance.now();
    const fail = (error: string): OutboundResponse => ({
      ok: false,
      status: null,
      latencyMs: performance.now() - started,
      error,
      responseSnippet: null,
      retryAfter: null,
      location: null,
    });
    const problem = checkOutboundUrl(req.url, { allowLoopback: this.allowLoopback });
    if (problem) return fail(`refused: ${problem.message}`);
    const url = new URL(req.url);
    const host = hostOf(url);
    const loopbackOnly = url.protocol === 'http:';
    // A literal address never goes through `lookup`: check it here.
    if (parseIp(host)) {
      const reason = refusalOf(host, { allowLoopback: this.allowLoopback, loopbackOnly });
      if (reason) return fail(`refused: ${reason}`);
    }
    // Every try in flight listens on the dispatcher's stop signal: many at once are expected, not a leak.
    if (signal) setMaxListeners(0, signal);
    let tries = 0;
    try {
      const res = await pRetry(
        async () => {
          tries++;
          if (signal?.aborted) throw new AbortError('aborted: the dispatcher is stopping');
          try {
            return await this.once(url, req, loopbackOnly, signal);
          } catch (e) {
            const { message, code } = describe(e);
            // Refusals, timeouts and aborts are final for this try; only connection hiccups are retried here.
            if (code === null || !TRANSIENT_CODES.has(code) || signal?.aborted) throw new AbortError(new TryFailed(message, code));
            throw new TryFailed(message, code);
          }
        },
        {
          retries: this.quickRetries,
          minTimeout: QUICK_RETRY_MIN_MS,
          factor: QUICK_RETRY_FACTOR,
          randomize: true,
          ...(signal ? { signal } : {}),
        },
      );
      return { ...res, latencyMs: performance.now() - started };
    } catch (e) {
      const { message } = describe(e);
      return fail(tries > 1 ? `${message} (after ${tries} tries)` : message);
    }
  }

  private once(url: URL, req: OutboundRequest, loopbackOnly: boolean, signal?: AbortSignal): Promise<OutboundResponse> {
    const isHttps = url.protocol === 'https:';
    const started = performance.now();
    return new Promise<OutboundResponse>((resolve, reject) => {
      let settled = false;
      const done = (fn: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        fn();
      };
      const body = req.body === undefined ? null : Buffer.from(req.body, 'utf8');
      const max = req.maxResponseBytes ?? this.maxResponseBytes;
      const request = (isHttps ? https : http).request(url, {
        method: req.method,
        headers: body ? { ...req.headers, 'content-length': String(body.length) } : req.headers,
        agent: isHttps ? this.httpsAgent : this.httpAgent,
        lookup: guardedLookup({ allowLoopback: this.allowLoopback, loopbackOnly, ...(this.resolve ? { resolve: this.resolve } : {}) }),
      });
      const timer = setTimeout(
        () => request.destroy(Object.assign(new Error(`timed out after ${this.timeoutMs} ms`), { code: 'ETIMEDOUT_PARLEY' })),
        this.timeoutMs,
      );
      const onAbort = () => request.destroy(Object.assign(new Error('aborted: the dispatcher is stopping'), { code: 'ABORT_ERR' }));
      signal?.addEventListener('abort', onAbort, { once: true });
      request.on('error', (err) => done(() => reject(err)));
      request.on('response', (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        const finish = () =>
          done(() => {
            const status = res.statusCode ?? 0;
            const snippet = Buffer.concat(chunks).subarray(0, max).toString('utf8');
            const location = typeof res.headers.location === 'string' ? res.headers.location : null;
            const ok = status >= 200 && status < 300;
            const redirect = status >= 300 && status < 400;
            resolve({
              ok,
              status,
              latencyMs: performance.now() - started,
              error: ok
                ? null
                : redirect
                  ? `the receiver answered ${status} (redirect${location ? ` to ${location.slice(0, 200)}` : ''} not followed)`
                  : `the receiver answered ${status}`,
              responseSnippet: snippet.length ? snippet : null,
              retryAfter: typeof res.headers['retry-after'] === 'string' ? res.headers['retry-after'] : null,
              location,
            });
            // Whatever is left of a long answer is not read: drop the connection instead.
            if (!res.complete) res.destroy();
          });
        res.on('data', (chunk: Buffer) => {
          chunks.push(chunk);
          size += chunk.length;
          if (size >= max) finish();
        });
        res.on('end', finish);
        res.on('error', (err) => done(() => reject(err)));
      });
      request.end(body ?? undefined);
    });
  }
}
