import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import { ParleyError, type Parley, type StorageUnavailableError } from '@parley/core';
import { Api, type AppEnv } from './api.js';
import { limitBody } from './body-limit.js';
import { Limits, type LimiterStore, type LimitsConfig } from './limits.js';
import { buildOpenApiDocument } from './openapi.js';
import { problemResponse, toProblem } from './problem.js';
import { assertSameOriginCookieWrite, bearerToken, clientAddress, publicOrigin, type TrustProxy } from './request.js';
import { accountRoutes } from './routes/account.js';
import { auditRoutes } from './routes/audit.js';
import { authRoutes } from './routes/auth.js';
import { healthRoutes } from './routes/health.js';
import { userRoutes } from './routes/users.js';
import { widgetRoutes } from './routes/widgets.js';
import { agentRoutes } from './routes/agents.js';
import { chatRoutes } from './routes/chats.js';
import { StreamHub } from './sse.js';
import { monitorRoutes } from './routes/monitor.js';
import { monitorPageRoutes } from './monitor-page.js';
import { consolePageRoutes } from './console-page.js';
import { securityRoutes } from './routes/security.js';
import { integrationRoutes } from './routes/integrations.js';
import { isEmbeddablePath, widgetUiRoutes } from './widget-ui.js';
import { consoleRoutes } from './routes/console.js';
import { compatibleRoutes } from './routes/compatible.js';

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

const nodePeer = (c: Context): string | null => {
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return env?.incoming?.socket?.remoteAddress ?? null;
};

/**
 * The Parley HTTP API as a Hono app: REST under `/api/v1`, problem+json errors, cookie sessions for
 * browsers and bearer tokens for integrations, and the OpenAPI document at `/api/v1/openapi.json`.
 *
 * @example
 * const app = createHttpApp({ parley, ready: () => storage.ping() });
 * serve({ fetch: app.fetch, port: 3000, hostname: '127.0.0.1' });
 */
export const createHttpApp = (options: HttpAppOptions): Hono<AppEnv> => {
  const app = new Hono<AppEnv>();
  const trust = options.trustProxy ?? { rules: [] };
  const peerOf = options.peerAddress ?? nodePeer;
  const cookieName = options.cookieName ?? 'parley_session';
  const onError = options.onError ?? ((err: unknown) => console.error('unexpected error', err));

  // Strict headers everywhere but on what customers' pages load or frame (the widget's loader and frame).
  const strictHeaders = secureHeaders({ crossOriginResourcePolicy: 'same-origin' });
  const embeddableHeaders = secureHeaders({ crossOriginResourcePolicy: 'cross-origin', xFrameOptions: false });
  app.use((c, next) => (isEmbeddablePath(c.req.path) ? embeddableHeaders : strictHeaders)(c, next));
  app.use(async (c, next) => {
    c.set('meta', {
      ip: clientAddress(peerOf(c), c.req.header('x-forwarded-for'), trust),
      userAgent: c.req.header('user-agent')?.slice(0, 512) ?? null,
    });
    await next();
  });
  app.use(
    '/api/*',
    limitBody(options.bodyLimitBytes ?? 64 * 1024, (c) => problemResponse(c, 413, 'payload_too_large', 'The request body is too large.')),
  );

  const requireUser: MiddlewareHandler<AppEnv> = async (c, next) => {
    const found = bearerToken(c, cookieName);
    let principal = found ? await options.parley.auth.authenticate(found.token, c.get('meta')) : null;
    // Not a session: an account API token sent as `Authorization: Bearer`, within its scope.
    if (found?.via === 'header' && !principal)
      principal = await options.parley.compatible.authenticateBearer(found.token, c.req.method, c.get('meta'));
    if (!found || !principal)
      throw new ParleyError('unauthenticated', 'Sign in first: send a session cookie, a bearer session token or an API token.');
    if (found.via === 'cookie') assertSameOriginCookieWrite(c);
    c.set('principal', principal);
    await next();
  };

  const api = new Api(app, options.parley, requireUser);
  const ctx: HttpAppContext = {
    options,
    cookieName,
    publicOrigin: (c) => publicOrigin(c, peerOf(c), trust),
    limits: new Limits(options.limiterStore, options.limits),
  };
  healthRoutes(api, ctx);
  authRoutes(api, ctx);
  accountRoutes(api);
  userRoutes(api);
  widgetRoutes(api);
  auditRoutes(api);
  securityRoutes(api, ctx);
  const hub = options.streamHub ?? new StreamHub();
  hub.follow(options.parley.deps.events); // streams end with their session
  chatRoutes(api, ctx, hub);
  agentRoutes(api, ctx, hub);
  monitorRoutes(api, ctx, hub);
  monitorPageRoutes(api);
  if (options.ui?.console) consolePageRoutes(api, options.ui.console);
  integrationRoutes(api);
  if (options.ui?.widget) widgetUiRoutes(api, ctx, options.ui.widget);
  consoleRoutes(api);
  compatibleRoutes(api, ctx);

  const document = buildOpenApiDocument(api, options.version ?? '0.1.0');
  app.get('/api/v1/openapi.json', (c) => c.json(document));

  app.notFound((c) => problemResponse(c, 404, 'route_not_found', `No route ${c.req.method} ${new URL(c.req.url).pathname}.`));
  app.onError((err, c) =>
    toProblem(
      c,
      err,
      (e) => onError(e, c),
      (e) => options.onStorageUnavailable?.(e, c),
    ),
  );
  return app;
};
