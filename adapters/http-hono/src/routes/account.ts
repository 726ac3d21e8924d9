import { schemas } from '@parley/core';
import type { Api } from '../api.js';
import { etagOf, ifMatchVersion } from '../request.js';

export const accountRoutes = (api: Api): void => {
  const { parley } = api;
  api.route(
    'get',
    '/api/v1/account',
    { tag: 'account', summary: 'Your account', auth: 'user', responses: { 200: { description: 'The account', schema: 'Account' } } },
    async (c, { principal }) => {
      const a = await parley.accounts.get(principal);
      c.header('etag', etagOf(a.version));
      return c.json(a);
    },
  );
  api.route(
    'patch',
    '/api/v1/account',
    {
      tag: 'account',
      summary: 'Change the account’s name or settings (owner, admin); audited',
      auth: 'user',
      body: schemas.accountPatch,
      ifMatch: true,
      responses: { 200: { description: 'Updated', schema: 'Account' }, 412: { description: 'Stale version', schema: 'Problem' } },
    },
    async (c, { principal, body }) => {
      const a = await parley.accounts.update(principal, body, ifMatchVersion(c));
      c.header('etag', etagOf(a.version));
      return c.json(a);
    },
  );
};
