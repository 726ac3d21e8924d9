import { consoleSchemas } from '@parley/core';
import { idParams, type Api } from '../api.js';
import { pageOf } from '../openapi.js';
import { etagOf, ifMatchVersion } from '../request.js';
import * as docs from './console.docs.js';

const stale = { description: 'Stale version (`If-Match` or `version`)', schema: 'Problem' } as const;

/** What the agent console needs besides chats: canned responses, labels, and labels on chats. */
export const consoleRoutes = (api: Api): void => {
  const { parley } = api;

  api.route(
    'get',
    '/api/v1/canned-responses',
    {
      tag: 'canned responses',
      summary: 'Canned responses by id (agents: the account-wide ones and those of the widgets they serve)',
      description: docs.getCannedResponses,
      auth: 'user',
      query: consoleSchemas.cannedQuery,
      responses: { 200: { description: 'A page of canned responses', schema: pageOf('CannedResponse') } },
    },
    async (c, { principal, query }) => c.json(await parley.cannedResponses.list(principal, query)),
  );
  api.route(
    'post',
    '/api/v1/canned-responses',
    {
      tag: 'canned responses',
      summary: 'Write a canned response (owner, admin); audited',
      auth: 'user',
      body: consoleSchemas.cannedCreate,
      responses: {
        201: { description: 'Created', schema: 'CannedResponse' },
        403: { description: 'Not an owner or admin', schema: 'Problem' },
        409: { description: 'The shortcut is taken in this scope (`shortcut_taken`)', schema: 'Problem' },
      },
    },
    async (c, { principal, body }) => {
      const r = await parley.cannedResponses.create(principal, body);
      c.header('etag', etagOf(r.version));
      c.header('location', `/api/v1/canned-responses/${r.id}`);
      return c.json(r, 201);
    },
  );
  api.route(
    'get',
    '/api/v1/canned-responses/:id',
    {
      tag: 'canned responses',
      summary: 'One canned response',
      auth: 'user',
      params: idParams,
      responses: {
        200: { description: 'The response', schema: 'CannedResponse' },
        404: { description: 'No such response (or not for your widgets)', schema: 'Problem' },
      },
    },
    async (c, { principal, params }) => {
      const r = await parley.cannedResponses.get(principal, params.id);
      c.header('etag', etagOf(r.version));
      return c.json(r);
    },
  );
  api.route(
    'patch',
    '/api/v1/canned-responses/:id',
    {
      tag: 'canned responses',
      summary: 'Change a canned response (owner, admin); audited, revertible',
      auth: 'user',
      params: idParams,
      body: consoleSchemas.cannedPatch,
      ifMatch: true,
      responses: {
        200: { description: 'Updated', schema: 'CannedResponse' },
        409: { description: 'The shortcut is taken in this scope (`shortcut_taken`)', schema: 'Problem' },
        412: stale,
      },
    },
    async (c, { principal, params, body }) => {
      const r = await parley.cannedResponses.update(principal, params.id, body, ifMatchVersion(c));
      c.header('etag', etagOf(r.version));
      return c.json(r);
    },
  );
  api.route(
    'delete',
    '/api/v1/canned-responses/:id',
    {
      tag: 'canned responses',
      summary: 'Delete a canned response (owner, admin); audited',
      auth: 'user',
      params: idParams,
      responses: { 204: { description: 'Deleted' } },
    },
    async (c, { principal, params }) => {
      await parley.cannedResponses.delete(principal, params.id);
      return c.body(null, 204);
    },
  );

  api.route(
    'get',
    '/api/v1/labels',
    {
      tag: 'labels',
      summary: 'The account’s labels, by name (every user)',
      auth: 'user',
      responses: {
        200: {
          description: 'Every label',
          schema: {
            type: 'object',
            required: ['items'],
            properties: { items: { type: 'array', items: { $ref: '#/components/schemas/Label' } } },
          },
        },
      },
    },
    async (c, { principal }) => c.json({ items: await parley.labels.list(principal) }),
  );
  api.route(
    'post',
    '/api/v1/labels',
    {
      tag: 'labels',
      summary: 'Define a label (owner, admin); audited',
      auth: 'user',
      body: consoleSchemas.labelCreate,
      responses: {
        201: { description: 'Created', schema: 'Label' },
        403: { description: 'Not an owner or admin', schema: 'Problem' },
        409: { description: 'The account has a label of this name in some case (`label_name_taken`)', schema: 'Problem' },
      },
    },
    async (c, { principal, body }) => {
      const l = await parley.labels.create(principal, body);
      c.header('etag', etagOf(l.version));
      c.header('location', `/api/v1/labels/${l.id}`);
      return c.json(l, 201);
    },
  );
  api.route(
    'get',
    '/api/v1/labels/:id',
    {
      tag: 'labels',
      summary: 'One label',
      auth: 'user',
      params: idParams,
      responses: { 200: { description: 'The label', schema: 'Label' }, 404: { description: 'No such label', schema: 'Problem' } },
    },
    async (c, { principal, params }) => {
      const l = await parley.labels.get(principal, params.id);
      c.header('etag', etagOf(l.version));
      return c.json(l);
    },
  );
  api.route(
    'patch',
    '/api/v1/labels/:id',
    {
      tag: 'labels',
      summary: 'Rename or recolour a label (owner, admin); audited, revertible',
      auth: 'user',
      params: idParams,
      body: consoleSchemas.labelPatch,
      ifMatch: true,
      responses: {
        200: { description: 'Updated', schema: 'Label' },
        409: { description: 'The name is taken (`label_name_taken`)', schema: 'Problem' },
        412: stale,
      },
    },
    async (c, { principal, params, body }) => {
      const l = await parley.labels.update(principal, params.id, body, ifMatchVersion(c));
      c.header('etag', etagOf(l.version));
      return c.json(l);
    },
  );
  api.route(
    'delete',
    '/api/v1/labels/:id',
    {
      tag: 'labels',
      summary: 'Delete a label (owner, admin); audited',
      description: 'Chats that carry it keep its id, which no longer resolves to a name (payloads leave it out).',
      auth: 'user',
      params: idParams,
      responses: { 204: { description: 'Deleted' } },
    },
    async (c, { principal, params }) => {
      await parley.labels.delete(principal, params.id);
      return c.body(null, 204);
    },
  );

  api.route(
    'put',
    '/api/v1/chats/:id/labels',
    {
      tag: 'chats',
      summary: 'Set the chat’s labels (its agent, a supervisor, admin or owner)',
      description: docs.putChatsLabels,
      auth: 'user',
      params: idParams,
      body: consoleSchemas.chatLabels,
      ifMatch: true,
      responses: {
        200: { description: 'The chat', schema: 'Chat' },
        403: { description: 'Not the chat’s agent nor a supervisor', schema: 'Problem' },
        404: { description: 'No such chat (or not yours to read)', schema: 'Problem' },
        412: stale,
      },
    },
    async (c, { principal, params, body }) => {
      const chat = await parley.chats.setLabels(principal, params.id, body, ifMatchVersion(c));
      c.header('etag', etagOf(chat.version));
      return c.json(chat);
    },
  );
};
