import { reportSchemas } from '@parley/core';
import type { Api } from '../api.js';
import * as docs from './reports.docs.js';

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
      description: docs.getReportsChats,
      auth: 'user',
      query: reportSchemas.chatReportQuery,
      responses: { 200: { description: 'The report', schema: 'ChatReport' } },
    },
    async (c, { principal, query }) => c.json(await parley.reports.chats(principal, query)),
  );
  api.route(
    'get',
    '/api/v1/reports/chats.csv',
    {
      tag,
      summary: 'The chat report as CSV: a row per day, agent and widget, then the totals',
      description: docs.getReportsChats,
      auth: 'user',
      query: reportSchemas.chatReportQuery,
      responses: { 200: { description: 'The file', schema: { type: 'string' }, contentType: 'text/csv' } },
    },
    async (c, { principal, query }) =>
      c.body(await parley.reports.chatsCsv(principal, query), 200, {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="parley-chats-${query.from}-${query.to}.csv"`,
        'cache-control': 'no-store',
      }),
  );
};
