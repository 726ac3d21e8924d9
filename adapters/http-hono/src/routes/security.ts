import type { Context } from 'hono';
import { schemas, type LoginResult, type Principal, type RequestMeta } from '@parley/core';
import type { z } from 'zod';

type PasswordWithToken = z.output<typeof schemas.passwordWithToken>;
import { idParams, type Api } from '../api.js';
import type { AppEnv, HttpAppContext } from '../context.js';
import { limitKeyOf } from '../limits.js';
import { assertSameOriginCookieWrite, bearerToken, etagOf, ifMatchVersion, setSessionCookie } from '../request.js';
import * as docs from './security.docs.js';

/** The signed-in caller, if any (cookie writes must be same-origin, as for every route). */
const optionalPrincipal = async (c: Context<AppEnv>, api: Api, ctx: HttpAppContext): Promise<Principal | null> => {
  const found = bearerToken(c, ctx.cookieName);
  if (!found) return null;
  if (found.via === 'cookie') assertSameOriginCookieWrite(c); // used by POST routes only
  return api.parley.auth.authenticate(found.token, c.get('meta'));
};

const loginResult = {
  type: 'object',
  properties: {
    token: { type: 'string' },
    user: { $ref: '#/components/schemas/User' },
    expiresAt: { type: 'string', format: 'date-time' },
  },
};

/** The security policy: settings (owner only), unlocking users, changing one's password. */
export const securityRoutes = (api: Api, ctx: HttpAppContext): void => {
  const { parley } = api;

  api.route(
    'get',
    '/api/v1/account/security',
    {
      tag: 'security',
      summary: 'The account’s security settings (owner only)',
      description: 'Shown on every plan; enforced only on the premier, unlimited and enterprise plans.',
      auth: 'user',
      responses: {
        200: { description: 'The settings and their version (also the ETag)', schema: 'SecuritySettings' },
        403: { description: 'Not the owner', schema: 'Problem' },
      },
    },
    async (c, { principal }) => {
      const s = await parley.security.get(principal);
      c.header('etag', etagOf(s.version));
      return c.json(s);
    },
  );

  api.route(
    'put',
    '/api/v1/account/security',
    {
      tag: 'security',
      summary: 'Replace the security settings (owner only, premier plans and up); audited',
      description: docs.putAccountSecurity,
      auth: 'user',
      body: schemas.securityPut,
      ifMatch: true,
      responses: {
        200: { description: 'Saved', schema: 'SecuritySettings' },
        403: { description: 'Not the owner (`forbidden`), or the plan lacks security settings (`plan_required`)', schema: 'Problem' },
        412: { description: 'Stale version', schema: 'Problem' },
        422: { description: 'The IP rules would shut you out (`ip_rules_exclude_you`)', schema: 'Problem' },
      },
    },
    async (c, { principal, body }) => {
      const s = await parley.security.update(principal, body, ifMatchVersion(c));
      c.header('etag', etagOf(s.version));
      return c.json(s);
    },
  );

  api.route(
    'post',
    '/api/v1/account/security/ip-check',
    {
      tag: 'security',
      summary: 'Whether your own address passes these IP rules (owner only); changes nothing',
      description: docs.postAccountSecurityIpCheck,
      auth: 'user',
      body: schemas.ipCheck,
      responses: {
        200: { description: 'The verdict', schema: 'IpRulesCheck' },
        400: { description: 'Invalid rules', schema: 'Problem' },
        403: { description: 'Not the owner', schema: 'Problem' },
      },
    },
    async (c, { principal, body }) => c.json(await parley.security.checkIpRules(principal, body)),
  );

  api.route(
    'post',
    '/api/v1/users/:id/unlock',
    {
      tag: 'users',
      summary: 'Unlock a user locked by failed logins (owner, admin); audited',
      auth: 'user',
      params: idParams,
      responses: { 200: { description: 'The user, unlocked', schema: 'User' }, 404: { description: 'No such user', schema: 'Problem' } },
    },
    async (c, { principal, params }) => c.json(await parley.security.unlockUser(principal, params.id)),
  );

  api.route(
    'post',
    '/api/v1/auth/password',
    {
      tag: 'auth',
      summary: 'Set a new password: signed in with the current one, or with a password-expired ticket',
      description: docs.postAuthPassword,
      auth: 'none',
      body: schemas.passwordChange,
      responses: {
        200: { description: 'Changed; signed in', schema: loginResult },
        401: { description: 'Not signed in, wrong current password, or an unknown, used or expired ticket', schema: 'Problem' },
        403: { description: 'Your address is not allowed (`ip_not_allowed`)', schema: 'Problem' },
        422: { description: 'Password rejected (every broken rule listed)', schema: 'Problem' },
        429: { description: 'Too many failed attempts from your address', schema: 'Problem' },
      },
    },
    async (c, { body }) => {
      const principal = body.ticket === undefined ? await optionalPrincipal(c, api, ctx) : null;
      const result = await parley.auth.changePassword(body, c.get('meta'), principal);
      setSessionCookie(c, ctx.cookieName, result);
      return c.json(result);
    },
  );

  api.route(
    'post',
    '/api/v1/auth/password/forgot',
    {
      tag: 'auth',
      summary: 'Ask for a password reset link by e-mail',
      description: docs.postAuthPasswordForgot,
      auth: 'none',
      body: schemas.passwordForgot,
      responses: {
        202: {
          description: 'Accepted: if the address belongs to a user, a mail is on its way',
          schema: { type: 'object', properties: { status: { type: 'string', const: 'accepted' } } },
        },
        429: { description: 'Too many requests from your address or for this e-mail address', schema: 'Problem' },
      },
    },
    async (c, { body }) => {
      await ctx.limits.take('passwordResets', limitKeyOf(c));
      // Counted whether the address is known or not, and on its normalised form, so the limit tells nothing.
      await ctx.limits.take('passwordResetsPerEmail', `email:${body.email.trim().toLowerCase().slice(0, 254)}`);
      const { work } = await parley.auth.forgotPassword(body, c.get('meta'));
      // Answered before the work ends, so the answer cannot tell whether the address is known.
      work.catch((err: unknown) => (ctx.options.onError ?? ((e: unknown) => console.error('password reset mail failed', e)))(err, c));
      return c.json({ status: 'accepted' }, 202);
    },
  );

  api.route(
    'post',
    '/api/v1/auth/links/describe',
    {
      tag: 'auth',
      summary: 'What a mailed link (an invitation, a password reset) is for, before it is used',
      description:
        'Its page says whose password it sets in which account, or at once that it no longer works. Reads only: the link still works once. Limited per client address like password resets.',
      auth: 'none',
      body: schemas.linkToken,
      limit: 'passwordResets',
      responses: {
        200: {
          description: 'The link works',
          schema: {
            type: 'object',
            required: ['purpose', 'accountName', 'email', 'name', 'expiresAt'],
            properties: {
              purpose: { type: 'string', enum: ['invitation', 'password_reset'] },
              accountName: { type: 'string' },
              email: { type: 'string', format: 'email' },
              name: { type: 'string' },
              expiresAt: { type: 'string', format: 'date-time' },
            },
          },
        },
        400: { description: 'Unknown, used or expired token (`invalid_token`), or a malformed body', schema: 'Problem' },
        429: { description: 'Too many requests from your address', schema: 'Problem' },
      },
    },
    async (c, { body }) => c.json(await parley.auth.describeLink(body)),
  );

  type SetWithToken = (body: PasswordWithToken, meta: RequestMeta) => Promise<LoginResult>;
  const setWithToken = (path: string, summary: string, description: string, run: SetWithToken) =>
    api.route(
      'post',
      path,
      {
        tag: 'auth',
        summary,
        description: `${description} The password must meet the account’s rules (a refusal lists every problem under \`/password\`). The token works once; on success every session of the user ends and a fresh one opens (token and cookie, as for login).`,
        auth: 'none',
        body: schemas.passwordWithToken,
        responses: {
          200: { description: 'Password set; signed in', schema: loginResult },
          400: { description: 'Unknown, used or expired token (`invalid_token`), or a malformed body', schema: 'Problem' },
          403: { description: 'Your address is not allowed (`ip_not_allowed`)', schema: 'Problem' },
          422: { description: 'Password rejected (every broken rule listed)', schema: 'Problem' },
        },
      },
      async (c, { body }) => {
        const result = await run(body, c.get('meta'));
        setSessionCookie(c, ctx.cookieName, result);
        return c.json(result);
      },
    );

  setWithToken(
    '/api/v1/auth/password/reset',
    'Set a new password with a mailed reset link',
    'The `token` of the link `POST /api/v1/auth/password/forgot` mailed (valid 30 minutes).',
    (body, meta) => parley.auth.resetPassword(body, meta),
  );
  setWithToken(
    '/api/v1/auth/invitations/accept',
    'Accept an invitation: set the first password',
    'The `token` of the invitation mailed when an admin added the user without a password (valid 72 hours).',
    (body, meta) => parley.auth.acceptInvitation(body, meta),
  );
};
