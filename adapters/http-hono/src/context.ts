import type { Context } from 'hono';
import type { Parley, Principal, RequestMeta, StorageUnavailableError } from '@parley/core';
import type { Limits, LimiterStore, LimitsConfig } from './limits.js';
import type { TrustProxy } from './request.js';
import type { StreamHub } from './sse.js';

/** Per-request values the middleware sets. */
export interface AppEnv {
  Variables: {
    meta: RequestMeta;
    principal: Principal;
  };
}

export interface HttpAppOptions {
  readonly parley: Parley;
  /** Resolves when storage is reachable; rejects otherwise. Drives `GET /ready` (as `storage`). */
  readonly ready: () => Promise<void>;
  /**
   * Further dependencies `GET /ready` checks, by name, each resolving when reachable (e.g.
   * `{ events: () => redisBus.ping() }`). The 503 names every one that is not in `unready`.
   */
  readonly dependencies?: Readonly<Record<string, () => Promise<void>>>;
  /** Proxies allowed to set `X-Forwarded-For` (none by default). */
  readonly trustProxy?: TrustProxy;
  /** The socket peer address; defaults to what `@hono/node-server` passes in `c.env.incoming`. */
  readonly peerAddress?: (c: Context) => string | null;
  /** Name of the session cookie (default `parley_session`). */
  readonly cookieName?: string;
  /** Largest accepted request body in bytes (default 64 KiB). */
  readonly bodyLimitBytes?: number;
  /** Called with unexpected errors (the response reveals nothing). Defaults to console.error. */
  readonly onError?: (err: unknown, c: Context) => void;
  /**
   * Called for each request answered 503 `storage_unavailable` because storage could not be reached
   * (not passed to `onError`: an outage is one event, not a failure per request). Defaults to nothing.
   */
  readonly onStorageUnavailable?: (err: StorageUnavailableError, c: Context) => void;
  readonly version?: string;
  /**
   * Whether this server sends e-mail (an SMTP server, or the log, is configured), as `GET /api/v1/server` tells the
   * console: without, it offers an initial password rather than an invitation nobody receives. Unknown when left out.
   */
  readonly mailTransport?: boolean;
  /** Open event streams; pass your own to end them on shutdown (`hub.closeAll()`) or tune the heartbeat. */
  readonly streamHub?: StreamHub;
  /** Limits of the public and abuse-prone routes; `DEFAULT_LIMITS` for what is left out. */
  readonly limits?: Partial<LimitsConfig>;
  /** Where the limits count: this process (default) or Redis shared by several hosts. */
  readonly limiterStore?: LimiterStore;
  /**
   * Built user interfaces to serve. `widget`: the absolute path of the visitor widget's built folder
   * (`ui/widget/dist`: `loader.js`, `frame.html`, `assets/`), served at `/widget.js`, `/widget/*` and
   * `/demo/:widgetId`, with the snippet route. None: no UI route exists.
   */
  readonly ui?: {
    readonly widget?: string;
    /** The folder `@parley/console` builds (`index.html` + `assets/`), served at `/app`. */
    readonly console?: string;
  };
}

export interface HttpAppContext {
  readonly options: HttpAppOptions;
  readonly cookieName: string;
  /** The origin clients reach this server at (see {@link publicOrigin}). */
  readonly publicOrigin: (c: Context) => string;
  readonly limits: Limits;
}
