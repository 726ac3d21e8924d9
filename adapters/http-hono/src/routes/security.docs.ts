/**
 * The OpenAPI descriptions of the security routes, kept beside them so the route declarations stay short;
 * each is named after its route’s method and path.
 */

export const putAccountSecurity = [
  'Send the whole document. Raising a password requirement expires every user’s password and ends every session of the account, yours',
  'included (their streams end too): each user must set a new one at next login. IP rules that match none of your own current address are',
  'refused with `ip_rules_exclude_you`.',
].join(' ');

export const postAuthPassword = [
  'Either `{currentPassword, newPassword}` with a session, or `{ticket, newPassword}` with the ticket a `password_expired` login answered',
  '(valid 10 minutes, once). The new password must meet the account’s rules, must not be common or reused; a refusal lists every problem.',
  'On success every other session ends and a fresh one opens (token and cookie, as for login).',
].join(' ');

export const postAuthPasswordForgot = [
  'Always answers 202 with the same body, whether the address belongs to a user or not; the lookup and the mail happen after the answer.',
  'Each user the address belongs to gets a mail with a single-use link to `/app/reset?token=…` on the server’s public URL',
  '(`PARLEY_PUBLIC_URL`), valid 30 minutes; send its token to `POST /api/v1/auth/password/reset`. Limited per client address',
  '(`PARLEY_LIMIT_PASSWORD_RESETS`, 10 an hour) and per e-mail address (`PARLEY_LIMIT_PASSWORD_RESETS_PER_EMAIL`, 3 an hour).',
].join(' ');

export const postAccountSecurityIpCheck = [
  'Ask before saving IP rules: `allowed` is false when the rules would shut out the address this request came from (`address`, as',
  'the server sees it behind trusted proxies). Invalid rules get 400 `validation_failed` with a JSON Pointer per rule (`/ipRules/2`).',
].join(' ');
