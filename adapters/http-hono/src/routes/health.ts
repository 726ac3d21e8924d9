import type { Api } from '../api.js';
import type { HttpAppContext } from '../context.js';
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
      summary: 'Storage and the other dependencies (the event bus when shared through Redis) are reachable',
      auth: 'none',
      responses: {
        200: { description: 'Ready', schema: { type: 'object' } },
        503: { description: 'Not ready: `unready` names each dependency that is not reachable (`storage`, `events`)', schema: 'Problem' },
      },
    },
    async (c) => {
      const checks = Object.entries({ storage: ctx.options.ready, ...ctx.options.dependencies });
      const outcomes = await Promise.allSettled(checks.map(([, check]) => check()));
      const unready = checks.filter((_, i) => outcomes[i]!.status === 'rejected').map(([name]) => name);
      if (unready.length === 0) return c.json({ status: 'ready' });
      return problemResponse(c, 503, 'unavailable', `Not reachable: ${unready.join(', ')}.`, { meta: { unready } });
    },
  );
};
