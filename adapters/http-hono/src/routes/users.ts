import { schemas } from '@parley/core';
import { idParams, type Api } from '../api.js';
import { pageOf } from '../openapi.js';
import { etagOf, ifMatchVersion } from '../request.js';
import * as docs from './users.docs.js';

export const userRoutes = (api: Api): void => {
  const { parley } = api;
  api.route(
    'get',
    '/api/v1/users',
    {
      tag: 'users',
      summary: 'The account’s users',
      auth: 'user',
      query: schemas.pageQuery.extend({ role: schemas.userPatch.shape.role }),
      responses: { 200: { description: 'A page of users', schema: pageOf('User') } },
    },
    async (c, { principal, query }) => c.json(await parley.users.list(principal, query)),
  );
  api.route(
    'post',
    '/api/v1/users',
    {
      tag: 'users',
      summary: 'Add a user (owner, admin); audited',
      description: docs.postUsers,
      auth: 'user',
      body: schemas.userCreate,
      responses: {
        201: { description: 'Created', schema: 'User' },
        409: {
          description: 'This account already has a user with this email (`email_taken`; other accounts’ users never count)',
          schema: 'Problem',
        },
        422: { description: 'Password rejected', schema: 'Problem' },
      },
    },
    async (c, { principal, body }) => {
      const u = await parley.users.create(principal, body);
      c.header('etag', etagOf(u.version));
      c.header('location', `/api/v1/users/${u.id}`);
      return c.json(u, 201);
    },
  );
  api.route(
    'get',
    '/api/v1/users/:id',
    {
      tag: 'users',
      summary: 'One user',
      auth: 'user',
      params: idParams,
      responses: { 200: { description: 'The user', schema: 'User' }, 404: { description: 'No such user', schema: 'Problem' } },
    },
    async (c, { principal, params }) => {
      const u = await parley.users.get(principal, params.id);
      c.header('etag', etagOf(u.version));
      return c.json(u);
    },
  );
  api.route(
    'patch',
    '/api/v1/users/:id',
    {
      tag: 'users',
      summary: 'Change a user: name, email, role, status, password, maximum of open chats; audited',
      description: docs.patchUsersOne,
      auth: 'user',
      params: idParams,
      body: schemas.userPatch,
      ifMatch: true,
      responses: {
        200: { description: 'Updated', schema: 'User' },
        401: { description: 'Wrong current password', schema: 'Problem' },
        412: { description: 'Stale version', schema: 'Problem' },
        423: { description: 'Locked after too many wrong passwords', schema: 'Problem' },
      },
    },
    async (c, { principal, params, body }) => {
      const u = await parley.users.update(principal, params.id, body, ifMatchVersion(c));
      c.header('etag', etagOf(u.version));
      return c.json(u);
    },
  );
  api.route(
    'post',
    '/api/v1/users/:id/invitation',
    {
      tag: 'users',
      summary: 'Mail a user who has never signed in a new invitation to choose their password (owner, admin); audited',
      description: docs.postUsersInvitation,
      auth: 'user',
      params: idParams,
      limit: 'passwordResets',
      responses: {
        200: { description: 'The user, with the new invitation’s `invitationExpiresAt`', schema: 'User' },
        404: { description: 'No such user', schema: 'Problem' },
        409: { description: 'The user has signed in already, or is deactivated (`conflict`)', schema: 'Problem' },
        429: { description: 'Too many mails from your address (`rate_limited`)', schema: 'Problem' },
      },
    },
    async (c, { principal, params }) => {
      const u = await parley.users.reinvite(principal, params.id);
      c.header('etag', etagOf(u.version));
      return c.json(u);
    },
  );
  api.route(
    'delete',
    '/api/v1/users/:id',
    {
      tag: 'users',
      summary: 'Remove a user (owner, admin); also removes them from widgets; audited',
      auth: 'user',
      params: idParams,
      responses: { 204: { description: 'Removed' }, 404: { description: 'No such user', schema: 'Problem' } },
    },
    async (c, { principal, params }) => {
      await parley.users.delete(principal, params.id);
      return c.body(null, 204);
    },
  );
};
