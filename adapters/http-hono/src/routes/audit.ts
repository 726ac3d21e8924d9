import { AUDIT_CSV_COLUMNS, auditEntryCsv, auditEntryJsonl, csvLine, schemas, type AuditEntry } from '@parley/core';
import { z } from 'zod';
import { idParams, type Api } from '../api.js';
import { pageOf } from '../openapi.js';
import * as docs from './audit.docs.js';

const exportQuery = schemas.auditQuery.omit({ cursor: true, limit: true }).extend({ format: z.enum(['csv', 'jsonl']).default('csv') });

/** Streams an async iterable as text, pulling only when the client reads: memory stays flat. */
const streamText = (first: IteratorResult<AuditEntry>, rest: AsyncGenerator<AuditEntry>, head: string, line: (e: AuditEntry) => string) => {
  const enc = new TextEncoder();
  let pendingFirst: IteratorResult<AuditEntry> | null = first;
  let sentHead = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      let chunk = sentHead ? '' : head;
      sentHead = true;
      while (chunk.length < 32 * 1024) {
        const r = pendingFirst ?? (await rest.next());
        pendingFirst = null;
        if (r.done) {
          if (chunk) controller.enqueue(enc.encode(chunk));
          controller.close();
          return;
        }
        chunk += line(r.value);
      }
      controller.enqueue(enc.encode(chunk));
    },
    async cancel() {
      await rest.return(undefined);
    },
  });
};

export const auditRoutes = (api: Api): void => {
  const { parley } = api;
  api.route(
    'get',
    '/api/v1/audit',
    {
      tag: 'audit',
      summary: 'The audit log, newest first (owner, admin, supervisor)',
      description: docs.getAudit,
      auth: 'user',
      query: schemas.auditQuery,
      responses: {
        200: { description: 'A page of entries', schema: pageOf('AuditEntry') },
        403: { description: 'Agents cannot read the audit log', schema: 'Problem' },
      },
    },
    async (c, { principal, query }) => c.json(await parley.audit.list(principal, query)),
  );

  api.route(
    'get',
    '/api/v1/audit/export',
    {
      tag: 'audit',
      summary: 'Download the filtered audit log as CSV (a row per changed field) or JSON Lines, streamed',
      auth: 'user',
      query: exportQuery,
      responses: {
        200: { description: 'The file', schema: { type: 'string' }, contentType: 'text/csv' },
      },
    },
    async (_c, { principal, query }) => {
      const { format, ...filter } = query;
      const entries = parley.audit.export(principal, filter);
      const first = await entries.next(); // surfaces permission and filter errors before streaming starts
      const csv = format === 'csv';
      const stamp = new Date().toISOString().replace(/[:.]/g, '-');
      const body = csv
        ? streamText(first, entries, csvLine(AUDIT_CSV_COLUMNS), auditEntryCsv)
        : streamText(first, entries, '', auditEntryJsonl);
      return new Response(body, {
        headers: {
          'content-type': csv ? 'text/csv; charset=utf-8' : 'application/jsonl; charset=utf-8',
          'content-disposition': `attachment; filename="parley-audit-${stamp}.${csv ? 'csv' : 'jsonl'}"`,
          'cache-control': 'no-store',
        },
      });
    },
  );

  api.route(
    'get',
    '/api/v1/audit/verify',
    {
      tag: 'audit',
      summary: 'Verify the account’s hash chain',
      auth: 'user',
      responses: {
        200: {
          description: 'Whether the chain is intact, or the first entry that is not',
          schema: {
            type: 'object',
            properties: {
              intact: { type: 'boolean' },
              checked: { type: 'integer' },
              headSeq: { type: 'integer' },
              firstBroken: {
                anyOf: [
                  { type: 'null' },
                  {
                    type: 'object',
                    properties: { id: { type: ['string', 'null'] }, seq: { type: 'integer' }, reason: { type: 'string' } },
                  },
                ],
              },
            },
          },
        },
      },
    },
    async (c, { principal }) => c.json(await parley.audit.verify(principal)),
  );

  api.route(
    'get',
    '/api/v1/audit/:id',
    {
      tag: 'audit',
      summary: 'One audit entry',
      auth: 'user',
      params: idParams,
      responses: { 200: { description: 'The entry', schema: 'AuditEntry' } },
    },
    async (c, { principal, params }) => c.json(await parley.audit.get(principal, params.id)),
  );

  api.route(
    'post',
    '/api/v1/audit/:id/revert',
    {
      tag: 'audit',
      summary: 'Restore the values an entry changed from',
      description: docs.postAuditRevert,
      auth: 'user',
      params: idParams,
      responses: {
        200: { description: 'The audit entry recording the revert', schema: 'AuditEntry' },
        403: { description: 'Not an owner or admin', schema: 'Problem' },
        409: { description: 'Changed since, or not revertible', schema: 'Problem' },
      },
    },
    async (c, { principal, params }) => c.json(await parley.audit.revert(principal, params.id)),
  );
};
