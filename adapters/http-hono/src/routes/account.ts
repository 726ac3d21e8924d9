import { schemas } from '@parley/core';
import type { Api } from '../api.js';
import type { HttpAppContext } from '../context.js';
import { etagOf, ifMatchVersion } from '../request.js';

export const accountRoutes = (api: Api, ctx: HttpAppContext): void => {
  const { parley } = api;
  api.route(
    'get',
    '/api/v1/server',
    {
      tag: 'account',
      summary: 'What this server does besides the API',
      description:
        '`mail`: whether it sends e-mail (an SMTP server, or its log, is configured); without, invitations, password resets, offline requests and transcripts are kept as not sent, and the console offers an initial password instead of an invitation. Null when the embedding application did not say.',
      auth: 'user',
      responses: { 200: { description: 'The server', schema: 'Server' } },
    },
    (c) => c.json({ mail: ctx.options.mailTransport ?? null }),
  );
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
