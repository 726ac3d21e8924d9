import { monitorSchemas, type MonitorSink, type MonitorSubscription } from '@parley/core';
import { z } from 'zod';
import { idParams, pathParam, type Api } from '../api.js';
import { etagOf, ifMatchVersion, lastEventId } from '../request.js';
import type { SseWriter, StreamHub } from '../sse.js';
import * as docs from './monitor.docs.js';

const stream = { 200: { description: 'The stream', schema: { type: 'string' }, contentType: 'text/event-stream' } };

/**
 * One SSE stream fed by the monitor hub: snapshots (and patches, when the client asked for them) are sent
 * already serialized, once for all streams alike.
 */
const sinkFor = (w: SseWriter, patches: boolean): MonitorSink => ({
  snapshot: (id, json) => w.send({ id, event: 'snapshot', data: null, json }),
  ...(patches ? { patch: (id: string, json: string) => w.send({ id, event: 'patch', data: null, json }) } : {}),
  heartbeat: () => {}, // the StreamHub's own heartbeat reaches every stream
  end: (reason) => {
    w.send({ id: null, event: 'end', data: { reason } });
    w.close();
  },
});

/** Starts a subscription for an open stream, and ends it when the stream ends (whichever comes first). */
const follow = (w: SseWriter, patches: boolean, open: (sink: MonitorSink) => Promise<MonitorSubscription>): (() => void) => {
  let sub: MonitorSubscription | null = null;
  let gone = false;
  open(sinkFor(w, patches)).then(
    (s) => (gone ? s.close() : (sub = s)),
    () => w.close(),
  );
  return () => {
    gone = true;
    sub?.close();
  };
};

export const monitorRoutes = (api: Api, hub: StreamHub): void => {
  const { parley } = api;

  /** Every request to a public route spends one of its address's allowance first. */
  const publicRoute = { auth: 'none', limit: 'publicMonitor', params: z.object({ token: pathParam }) } as const;

  api.route(
    'get',
    '/api/v1/monitor',
    {
      tag: 'monitor',
      summary: 'The live chat monitor of your account: queues, chats in progress, agents, per widget (supervisor, admin, owner)',
      auth: 'user',
      responses: {
        200: { description: 'The monitor, widgets in your layout order', schema: 'MonitorView' },
        403: { description: 'Agents cannot watch the monitor', schema: 'Problem' },
      },
    },
    async (c, { principal }) => {
      c.header('cache-control', 'no-store');
      return c.json(await parley.monitor.snapshot(principal));
    },
  );

  api.route(
    'get',
    '/api/v1/monitor/stream',
    {
      tag: 'monitor',
      summary: 'The monitor as a stream of snapshots, or of a snapshot and then patches (server-sent events)',
      description: docs.getMonitorStream,
      auth: 'userOrQueryToken',
      query: monitorSchemas.streamQuery,
      responses: { ...stream, 403: { description: 'Agents cannot watch the monitor', schema: 'Problem' } },
    },
    async (c, { principal: p, query }) => {
      parley.monitor.assertCanWatch(p);
      const resume = lastEventId(c);
      const patches = query.patches === 'true';
      return hub.respond(c, (w) => follow(w, patches, (sink) => parley.monitor.watch(p, sink, resume)), { owner: p });
    },
  );

  api.route(
    'get',
    '/api/v1/monitor/layout',
    {
      tag: 'monitor',
      summary: 'Your order of the widgets on the multi monitor',
      auth: 'user',
      responses: { 200: { description: 'Every widget of the account, top first', schema: 'MonitorLayout' } },
    },
    async (c, { principal }) => {
      const layout = await parley.monitor.layout(principal);
      c.header('etag', etagOf(layout.version));
      return c.json(layout);
    },
  );

  api.route(
    'put',
    '/api/v1/monitor/layout',
    {
      tag: 'monitor',
      summary: 'Save your order of the widgets (top first); widgets left out follow by name',
      description: docs.putMonitorLayout,
      auth: 'user',
      body: monitorSchemas.layoutPut,
      ifMatch: true,
      responses: { 200: { description: 'Saved', schema: 'MonitorLayout' }, 412: { description: 'Stale version', schema: 'Problem' } },
    },
    async (c, { principal, body }) => {
      const layout = await parley.monitor.setLayout(principal, body, ifMatchVersion(c));
      c.header('etag', etagOf(layout.version));
      return c.json(layout);
    },
  );

  api.route(
    'post',
    '/api/v1/monitor/share-links',
    {
      tag: 'monitor',
      summary: 'Create a link that shows the monitor, anonymized, to anyone who has it (owner, admin); audited',
      description: docs.postMonitorShareLinks,
      auth: 'user',
      body: monitorSchemas.shareLinkCreate,
      responses: {
        201: { description: 'Created', schema: 'CreatedMonitorShareLink' },
        403: { description: 'Owners and admins only', schema: 'Problem' },
      },
    },
    async (c, { principal, body }) => {
      const { link, token: secret } = await parley.monitor.createShareLink(principal, body);
      c.header('cache-control', 'no-store');
      c.header('location', `/api/v1/monitor/share-links/${link.id}`);
      return c.json({ link, token: secret, url: `/monitor/s/${secret}` }, 201);
    },
  );

  api.route(
    'get',
    '/api/v1/monitor/share-links',
    {
      tag: 'monitor',
      summary: 'The monitor’s share links, newest first, with their state (owner, admin)',
      auth: 'user',
      responses: {
        200: {
          description: 'The links (never their tokens)',
          schema: { type: 'object', properties: { items: { type: 'array', items: { $ref: '#/components/schemas/MonitorShareLink' } } } },
        },
      },
    },
    async (c, { principal }) => c.json({ items: await parley.monitor.listShareLinks(principal) }),
  );

  api.route(
    'delete',
    '/api/v1/monitor/share-links/:id',
    {
      tag: 'monitor',
      summary: 'Revoke a share link (owner, admin); its open monitors stop at once; audited',
      description: 'Revoking a revoked link changes nothing.',
      auth: 'user',
      params: idParams,
      responses: { 204: { description: 'Revoked' }, 404: { description: 'No such link', schema: 'Problem' } },
    },
    async (c, { principal, params }) => {
      await parley.monitor.revokeShareLink(principal, params.id);
      return c.body(null, 204);
    },
  );

  api.route(
    'get',
    '/api/v1/public/monitor/:token',
    {
      tag: 'monitor',
      summary: 'The anonymized monitor a share link shows (no sign-in; rate-limited per address)',
      description: docs.getPublicMonitorOne,
      ...publicRoute,
      responses: {
        200: { description: 'The monitor', schema: 'AnonymousMonitorView' },
        404: { description: 'Unknown, revoked or expired link', schema: 'Problem' },
        429: { description: 'Too many requests from this address', schema: 'Problem' },
      },
    },
    async (c, { params }) => {
      c.header('cache-control', 'no-store');
      c.header('referrer-policy', 'no-referrer');
      return c.json(await parley.monitor.sharedSnapshot(params.token));
    },
  );

  api.route(
    'get',
    '/api/v1/public/monitor/:token/stream',
    {
      tag: 'monitor',
      summary:
        'The anonymized monitor of a share link as a stream of snapshots, or of a snapshot and then patches (rate-limited per address)',
      description: docs.getPublicMonitorStream,
      ...publicRoute,
      query: monitorSchemas.streamQuery,
      responses: {
        ...stream,
        404: { description: 'Unknown, revoked or expired link', schema: 'Problem' },
        429: { description: 'Too many requests from this address', schema: 'Problem' },
      },
    },
    async (c, { params, query }) => {
      const secret = params.token;
      await parley.monitor.shareLinkByToken(secret); // 404 before the stream starts
      const resume = lastEventId(c);
      const patches = query.patches === 'true';
      return hub.respond(c, (w) => follow(w, patches, (sink) => parley.monitor.watchShared(secret, sink, resume)));
    },
  );
};
