import type { Api } from '../api.js';
import type { HttpAppContext } from '../app.js';
import { problemResponse } from '../problem.js';

export const healthRoutes = (api: Api, ctx: HttpAppContext): void => {
  api.route(
    'get',
    '/health',
    { tag: 'health', summary: 'The process is up', auth: 'none', responses: { 200: { description: 'Up', schema: { type: 'object' } } } },
    (c) => c.json({ status: 'ok' }),
  );
  api.route(
    'get',
    '/ready',
    {
      tag: 'health',
      summary: 'Storage is reachable',
      auth: 'none',
      responses: { 200: { description: 'Ready', schema: { type: 'object' } }, 503: { description: 'Not ready', schema: 'Problem' } },
    },
    async (c) => {
      try {
        await ctx.options.ready();
        return c.json({ status: 'ready' });
      } catch {
        return problemResponse(c, 503, 'unavailable', 'Storage is not reachable.');
      }
    },
  );
};
