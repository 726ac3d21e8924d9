import { Hono, type Context } from 'hono';
import { Api } from './api.js';
import type { AppEnv, HttpAppContext, HttpAppOptions } from './context.js';
import { limitBody } from './body-limit.js';
import { defaultHeaders, secureHeaderList } from './default-headers.js';
import { Limits } from './limits.js';
import { buildOpenApiDocument } from './openapi.js';
import { problemResponse, toProblem } from './problem.js';
import { clientAddress, publicOrigin } from './request.js';
import { accountRoutes } from './routes/account.js';
import { auditRoutes } from './routes/audit.js';
import { authRoutes } from './routes/auth.js';
import { healthRoutes } from './routes/health.js';
import { iconRoutes } from './routes/icon.js';
import { userRoutes } from './routes/users.js';
import { widgetRoutes } from './routes/widgets.js';
import { agentRoutes } from './routes/agents.js';
import { chatRoutes } from './routes/chats.js';
import { nodeStreams, StreamHub } from './sse.js';
import { monitorRoutes } from './routes/monitor.js';
import { monitorPageRoutes } from './monitor-page.js';
import { consolePageRoutes } from './console-page.js';
import { securityRoutes } from './routes/security.js';
import { integrationRoutes } from './routes/integrations.js';
import { reportRoutes } from './routes/reports.js';
import { isEmbeddablePath, widgetUiRoutes } from './widget-ui.js';
import { consoleRoutes } from './routes/console.js';
import { compatibleRoutes } from './routes/compatible.js';

export type { HttpAppContext, HttpAppOptions } from './context.js';

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

  // First, so that an event stream's head carries every header the middleware below adds (see nodeStreams).
  app.use(nodeStreams());
  // Strict headers everywhere but on what customers' pages load or frame (the widget's loader and frame).
  const strictHeaders = defaultHeaders(secureHeaderList({ crossOriginResourcePolicy: 'same-origin' }));
  const embeddableHeaders = defaultHeaders(secureHeaderList({ crossOriginResourcePolicy: 'cross-origin', xFrameOptions: false }));
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

  const ctx: HttpAppContext = {
    options,
    cookieName,
    publicOrigin: (c) => publicOrigin(c, peerOf(c), trust),
    limits: new Limits(options.limiterStore, options.limits),
  };
  const api = new Api(app, options.parley, { cookieName, limits: ctx.limits });
  healthRoutes(api, ctx);
  iconRoutes(api);
  authRoutes(api, ctx);
  accountRoutes(api, ctx);
  userRoutes(api);
  widgetRoutes(api);
  auditRoutes(api);
  securityRoutes(api, ctx);
  const hub = options.streamHub ?? new StreamHub();
  hub.follow(options.parley.deps.events); // streams end with their session
  chatRoutes(api, ctx, hub);
  agentRoutes(api, hub);
  monitorRoutes(api, hub);
  monitorPageRoutes(api, { consoleServed: Boolean(options.ui?.console) });
  if (options.ui?.console) consolePageRoutes(api, options.ui.console, cookieName);
  integrationRoutes(api);
  reportRoutes(api);
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
