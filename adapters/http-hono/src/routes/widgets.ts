import { schemas } from '@parley/core';
import { idParam, type Api } from '../api.js';
import { pageOf } from '../openapi.js';
import { etagOf, ifMatchVersion, readJson } from '../request.js';

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
    async (c) => c.json(await parley.widgets.list(c.get('principal'), c.req.query())),
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
    async (c) => {
      const w = await parley.widgets.create(c.get('principal'), (await readJson(c)) as never);
      c.header('etag', etagOf(w.version));
      c.header('location', `/api/v1/widgets/${w.id}`);
      return c.json(w, 201);
    },
  );
  api.route(
    'get',
    '/api/v1/widgets/:id',
    { tag: 'widgets', summary: 'One widget', auth: 'user', responses: { 200: { description: 'The widget', schema: 'Widget' }, 404: { description: 'No such widget', schema: 'Problem' } } },
    async (c) => {
      const w = await parley.widgets.get(c.get('principal'), idParam(c));
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
      body: schemas.widgetPatch,
      ifMatch: true,
      responses: { 200: { description: 'Updated', schema: 'Widget' }, 412: { description: 'Stale version', schema: 'Problem' } },
    },
    async (c) => {
      const w = await parley.widgets.update(c.get('principal'), idParam(c), (await readJson(c)) as never, ifMatchVersion(c));
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
      body: schemas.widgetAgents,
      ifMatch: true,
      responses: { 200: { description: 'Updated', schema: 'Widget' }, 412: { description: 'Stale version', schema: 'Problem' } },
    },
    async (c) => {
      const w = await parley.widgets.setAgents(c.get('principal'), idParam(c), (await readJson(c)) as never, ifMatchVersion(c));
      c.header('etag', etagOf(w.version));
      return c.json(w);
    },
  );
  api.route(
    'delete',
    '/api/v1/widgets/:id',
    { tag: 'widgets', summary: 'Delete a widget (owner, admin); audited', auth: 'user', responses: { 204: { description: 'Deleted' } } },
    async (c) => {
      await parley.widgets.delete(c.get('principal'), idParam(c));
      return c.body(null, 204);
    },
  );
};
