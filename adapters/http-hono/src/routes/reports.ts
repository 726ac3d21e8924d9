import { reportSchemas } from '@parley/core';
import type { Api } from '../api.js';

const DESCRIPTION = [
  'Computed from the timestamps chats store, for the local days `from`..`to` (both included) in `timeZone`.',
  'Wait: queue to an agent taking the chat; first response: the visitor’s first message to the agent’s first reply;',
  'duration: taken to ended. Averages and 90th percentiles in seconds. Supervisors, admins and owners.',
].join(' ');

/** Reports (supervisors and up): chats per day, per agent and per widget, as JSON or CSV. */
export const reportRoutes = (api: Api): void => {
  const { parley } = api;
  const tag = 'reports';
  api.route(
    'get',
    '/api/v1/reports/chats',
    {
      tag,
      summary: 'Chats per day, answered/missed/abandoned, wait, first response and duration, per agent and widget',
      description: DESCRIPTION,
      auth: 'user',
      query: reportSchemas.chatReportQuery,
      responses: { 200: { description: 'The report', schema: 'ChatReport' } },
    },
    async (c) => c.json(await parley.reports.chats(c.get('principal'), c.req.query() as never)),
  );
  api.route(
    'get',
    '/api/v1/reports/chats.csv',
    {
      tag,
      summary: 'The chat report as CSV: a row per day, agent and widget, then the totals',
      description: DESCRIPTION,
      auth: 'user',
      query: reportSchemas.chatReportQuery,
      responses: { 200: { description: 'The file', schema: { type: 'string' }, contentType: 'text/csv' } },
    },
    async (c) => {
      const q = c.req.query();
      const csv = await parley.reports.chatsCsv(c.get('principal'), q as never);
      return c.body(csv, 200, {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="parley-chats-${q.from}-${q.to}.csv"`,
        'cache-control': 'no-store',
      });
    },
  );
};
