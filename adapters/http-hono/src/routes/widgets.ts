import { schemas } from '@parley/core';
import { idParams, type Api } from '../api.js';
import { pageOf } from '../openapi.js';
import { etagOf, ifMatchVersion } from '../request.js';

export const widgetRoutes = (api: Api): void => {
  const { parley } = api;
  api.route(
    'get',
    '/api/v1/widgets',
    {
      tag: 'widgets',
      summary: 'Widgets (agents see the ones they serve)',
      auth: 'user',
      query: schemas.pageQuery,
      responses: { 200: { description: 'A page of widgets', schema: pageOf('Widget') } },
    },
    async (c, { principal, query }) => c.json(await parley.widgets.list(principal, query)),
  );
  // Before `/api/v1/widgets/:id`, which would otherwise take `availability` for an id.
  api.route(
    'get',
    '/api/v1/widgets/availability',
    {
      tag: 'widgets',
      summary: 'Whether each widget can start a chat now, a page of widgets at a time, in the order of the widget list',
      description:
        'For the widget list of a console: the same page (`cursor`, `limit`) of the same widgets as `GET /api/v1/widgets` answers, each with what its visitors would be shown now (as `GET /api/v1/widgets/{id}/availability` says it to a page), read together, in one request.',
      auth: 'user',
      query: schemas.pageQuery,
      responses: { 200: { description: 'A page of availabilities', schema: pageOf('WidgetAvailability') } },
    },
    async (c, { principal, query }) => {
      const page = await parley.widgets.list(principal, query);
      return c.json({ items: await parley.chats.availabilities(page.items), nextCursor: page.nextCursor });
    },
  );
  api.route(
    'post',
    '/api/v1/widgets',
    {
      tag: 'widgets',
      summary: 'Create a widget (owner, admin); audited',
      auth: 'user',
      body: schemas.widgetCreate,
      responses: { 201: { description: 'Created', schema: 'Widget' } },
    },
    async (c, { principal, body }) => {
      const w = await parley.widgets.create(principal, body);
      c.header('etag', etagOf(w.version));
      c.header('location', `/api/v1/widgets/${w.id}`);
      return c.json(w, 201);
    },
  );
  api.route(
    'get',
    '/api/v1/widgets/:id',
    {
      tag: 'widgets',
      summary: 'One widget',
      auth: 'user',
      params: idParams,
      responses: { 200: { description: 'The widget', schema: 'Widget' }, 404: { description: 'No such widget', schema: 'Problem' } },
    },
    async (c, { principal, params }) => {
      const w = await parley.widgets.get(principal, params.id);
      c.header('etag', etagOf(w.version));
      return c.json(w);
    },
  );
  api.route(
    'patch',
    '/api/v1/widgets/:id',
    {
      tag: 'widgets',
      summary: 'Change a widget’s name or settings (owner, admin); audited',
      auth: 'user',
      params: idParams,
      body: schemas.widgetPatch,
      ifMatch: true,
      responses: { 200: { description: 'Updated', schema: 'Widget' }, 412: { description: 'Stale version', schema: 'Problem' } },
    },
    async (c, { principal, params, body }) => {
      const w = await parley.widgets.update(principal, params.id, body, ifMatchVersion(c));
      c.header('etag', etagOf(w.version));
      return c.json(w);
    },
  );
  api.route(
    'put',
    '/api/v1/widgets/:id/agents',
    {
      tag: 'widgets',
      summary: 'Set which agents serve the widget (widget-level permissions); audited',
      auth: 'user',
      params: idParams,
      body: schemas.widgetAgents,
      ifMatch: true,
      responses: { 200: { description: 'Updated', schema: 'Widget' }, 412: { description: 'Stale version', schema: 'Problem' } },
    },
    async (c, { principal, params, body }) => {
      const w = await parley.widgets.setAgents(principal, params.id, body, ifMatchVersion(c));
      c.header('etag', etagOf(w.version));
      return c.json(w);
    },
  );
  api.route(
    'delete',
    '/api/v1/widgets/:id',
    {
      tag: 'widgets',
      summary: 'Delete a widget (owner, admin); audited',
      auth: 'user',
      params: idParams,
      responses: { 204: { description: 'Deleted' } },
    },
    async (c, { principal, params }) => {
      await parley.widgets.delete(principal, params.id);
      return c.body(null, 204);
    },
  );
};
