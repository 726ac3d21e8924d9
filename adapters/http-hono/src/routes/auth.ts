import { deleteCookie } from 'hono/cookie';
import { isParleyError, schemas } from '@parley/core';
import type { Api } from '../api.js';
import type { HttpAppContext } from '../context.js';
import { limitKeyOf } from '../limits.js';
import { bearerToken, setSessionCookie } from '../request.js';
import * as docs from './auth.docs.js';

/** What counts as a failed guess for the per-address login limit: the credentials were not accepted. */
const FAILED_GUESS = new Set(['invalid_credentials', 'account_locked']);

export const authRoutes = (api: Api, ctx: HttpAppContext): void => {
  const { parley } = api;
  api.route(
    'post',
    '/api/v1/accounts',
    {
      tag: 'auth',
      summary: 'Sign up: a new account and its owner',
      description: docs.postAccounts,
      auth: 'none',
      body: schemas.signUp,
      responses: {
        201: {
          description: 'Created',
          schema: {
            type: 'object',
            properties: { account: { $ref: '#/components/schemas/Account' }, user: { $ref: '#/components/schemas/User' } },
          },
        },
        403: { description: 'Sign-up closed', schema: 'Problem' },
        422: { description: 'Password rejected (every broken rule listed)', schema: 'Problem' },
      },
    },
    async (c, { body }) => c.json(await parley.accounts.signUp(body, c.get('meta')), 201),
  );

  api.route(
    'get',
    '/api/v1/signup',
    {
      tag: 'auth',
      summary: 'Whether this server takes a new account now, and whether it has none yet (the console then offers to create one)',
      description: docs.getSignup,
      auth: 'none',
      limit: 'widgetReads',
      responses: {
        200: {
          description: 'The sign-up policy as it applies now',
          schema: {
            type: 'object',
            required: ['open', 'setup'],
            properties: {
              open: { type: 'boolean', description: 'POST /api/v1/accounts would create an account now' },
              setup: { type: 'boolean', description: 'The server has no account yet' },
            },
          },
        },
      },
    },
    async (c) => c.json(await parley.accounts.signUpState()),
  );

  api.route(
    'post',
    '/api/v1/auth/login',
    {
      tag: 'auth',
      summary: 'Log in; sets an HttpOnly session cookie and returns a bearer token',
      description: docs.postAuthLogin,
      auth: 'none',
      body: schemas.login,
      responses: {
        200: {
          description: 'Signed in',
          schema: {
            type: 'object',
            properties: {
              token: { type: 'string' },
              user: { $ref: '#/components/schemas/User' },
              expiresAt: { type: 'string', format: 'date-time' },
            },
          },
        },
        401: { description: 'Wrong email or password (indistinguishable)', schema: 'Problem' },
        409: {
          description:
            'The email and password sign in to several accounts (`account_choice_required`): `accounts` lists their `id` and `name`; send one as `accountId`',
          schema: 'Problem',
        },
        403: {
          description:
            'Right password, but: the address is not allowed (`ip_not_allowed`), the user is deactivated (`account_deactivated`), or the password expired (`password_expired`, with a `ticket` for POST /api/v1/auth/password)',
          schema: 'Problem',
        },
        423: {
          description:
            'Locked after too many failed logins (`account_locked`, with `lockedUntil`; null = until unlocked). An email without a user locks alike, under the lockout settings of the account named by `accountId`, else of the installation’s first account',
          schema: 'Problem',
        },
        429: { description: 'Too many failed sign-ins from this address (`rate_limited`, with Retry-After)', schema: 'Problem' },
      },
    },
    async (c, { body }) => {
      const notAFailure = await ctx.limits.loginAttempt(limitKeyOf(c));
      try {
        const result = await parley.auth.login(body, c.get('meta'));
        setSessionCookie(c, ctx.cookieName, result);
        await notAFailure();
        return c.json(result);
      } catch (e) {
        if (!isParleyError(e) || !FAILED_GUESS.has(e.code)) await notAFailure();
        throw e;
      }
    },
  );

  api.route(
    'post',
    '/api/v1/auth/logout',
    { tag: 'auth', summary: 'Log out: ends this session', auth: 'user', responses: { 204: { description: 'Signed out' } } },
    async (c) => {
      const found = bearerToken(c, ctx.cookieName);
      if (found) await parley.auth.logout(found.token);
      deleteCookie(c, ctx.cookieName, { path: '/' });
      return c.body(null, 204);
    },
  );

  api.route(
    'get',
    '/api/v1/me',
    { tag: 'auth', summary: 'The signed-in user', auth: 'user', responses: { 200: { description: 'You', schema: 'User' } } },
    async (c, { principal }) => c.json(await parley.auth.me(principal)),
  );
};
