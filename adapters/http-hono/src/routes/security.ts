import type { Context } from 'hono';
import { schemas, type LoginResult, type Principal, type RequestMeta } from '@parley/core';
import { idParam, type Api, type AppEnv } from '../api.js';
import type { HttpAppContext } from '../app.js';
import { limitKeyOf } from '../limits.js';
import { assertSameOriginCookieWrite, bearerToken, etagOf, ifMatchVersion, readJson, setSessionCookie } from '../request.js';

/** The signed-in caller, if any (cookie writes must be same-origin, as for every route). */
const optionalPrincipal = async (c: Context<AppEnv>, api: Api, ctx: HttpAppContext): Promise<Principal | null> => {
  const found = bearerToken(c, ctx.cookieName);
  if (!found) return null;
  if (found.via === 'cookie') assertSameOriginCookieWrite(c); // used by POST routes only
  return api.parley.auth.authenticate(found.token, c.get('meta'));
};

const loginResult = {
  type: 'object',
  properties: { token: { type: 'string' }, user: { $ref: '#/components/schemas/User' }, expiresAt: { type: 'string', format: 'date-time' } },
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
    async (c) => {
      const s = await parley.security.get(c.get('principal'));
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
      description:
        'Send the whole document. Raising a password requirement expires every user’s password and ends every session of the account, yours included (their streams end too): each user must set a new one at next login. IP rules that match none of your own current address are refused with `ip_rules_exclude_you`.',
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
    async (c) => {
      const s = await parley.security.update(c.get('principal'), (await readJson(c)) as never, ifMatchVersion(c));
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
      description:
        'Ask before saving IP rules: `allowed` is false when the rules would shut out the address this request came from ' +
        '(`address`, as the server sees it behind trusted proxies). Invalid rules get 400 `validation_failed` with a JSON Pointer ' +
        'per rule (`/ipRules/2`).',
      auth: 'user',
      body: schemas.ipCheck,
      responses: {
        200: { description: 'The verdict', schema: 'IpRulesCheck' },
        400: { description: 'Invalid rules', schema: 'Problem' },
        403: { description: 'Not the owner', schema: 'Problem' },
      },
    },
    async (c) => c.json(await parley.security.checkIpRules(c.get('principal'), (await readJson(c)) as never)),
  );

  api.route(
    'post',
    '/api/v1/users/:id/unlock',
    {
      tag: 'users',
      summary: 'Unlock a user locked by failed logins (owner, admin); audited',
      auth: 'user',
      responses: { 200: { description: 'The user, unlocked', schema: 'User' }, 404: { description: 'No such user', schema: 'Problem' } },
    },
    async (c) => c.json(await parley.security.unlockUser(c.get('principal'), idParam(c))),
  );

  api.route(
    'post',
    '/api/v1/auth/password',
    {
      tag: 'auth',
      summary: 'Set a new password: signed in with the current one, or with a password-expired ticket',
      description:
        'Either `{currentPassword, newPassword}` with a session, or `{ticket, newPassword}` with the ticket a `password_expired` login answered (valid 10 minutes, once). The new password must meet the account’s rules, must not be common or reused; a refusal lists every problem. On success every other session ends and a fresh one opens (token and cookie, as for login).',
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
    async (c) => {
      const body = await readJson(c);
      const principal = body.ticket === undefined ? await optionalPrincipal(c, api, ctx) : null;
      const result = await parley.auth.changePassword(body as never, c.get('meta'), principal);
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
      description:
        'Always answers 202 with the same body, whether the address belongs to a user or not; the lookup and the mail happen after the answer. Each user the address belongs to gets a mail with a single-use link to `/app/reset?token=…` on the server’s public URL (`PARLEY_PUBLIC_URL`), valid 30 minutes; send its token to `POST /api/v1/auth/password/reset`. Limited per client address (`PARLEY_LIMIT_PASSWORD_RESETS`, 10 an hour) and per e-mail address (`PARLEY_LIMIT_PASSWORD_RESETS_PER_EMAIL`, 3 an hour).',
      auth: 'none',
      body: schemas.passwordForgot,
      responses: {
        202: { description: 'Accepted: if the address belongs to a user, a mail is on its way', schema: { type: 'object', properties: { status: { type: 'string', const: 'accepted' } } } },
        429: { description: 'Too many requests from your address or for this e-mail address', schema: 'Problem' },
      },
    },
    async (c) => {
      const body = await readJson(c);
      await ctx.limits.take('passwordResets', limitKeyOf(c));
      // Counted whether the address is known or not, and on its normalised form, so the limit tells nothing.
      if (typeof body.email === 'string') await ctx.limits.take('passwordResetsPerEmail', `email:${body.email.trim().toLowerCase().slice(0, 254)}`);
      const { work } = await parley.auth.forgotPassword(body as never, c.get('meta'));
      // Answered before the work ends, so the answer cannot tell whether the address is known.
      work.catch((err: unknown) => (ctx.options.onError ?? ((e: unknown) => console.error('password reset mail failed', e)))(err, c));
      return c.json({ status: 'accepted' }, 202);
    },
  );

  const setWithToken = (path: string, summary: string, description: string, run: (body: never, meta: RequestMeta) => Promise<LoginResult>) =>
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
      async (c) => {
        const result = await run((await readJson(c)) as never, c.get('meta'));
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
