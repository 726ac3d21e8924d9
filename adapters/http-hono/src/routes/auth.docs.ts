/**
 * The OpenAPI descriptions of the sign-in routes, kept beside them so the route declarations stay short;
 * each is named after its route’s method and path.
 */

export const postAccounts = [
  'Allowed per the server’s sign-up policy (`PARLEY_SIGNUP`: open, first, closed). An email is unique per account, so an address that has',
  'a user in another account signs up like any other (nothing tells whether it has).',
].join(' ');

export const getSignup = [
  '`open` is true under `PARLEY_SIGNUP=open`, false under `closed`, and under `first` (the default) true until the server has its first',
  'account; `setup` is true while the server has no account, whatever the policy: the console then shows the form that creates the first',
  'one. Counted as a public read (`PARLEY_LIMIT_WIDGET_READS`).',
].join(' ');

export const postAuthLogin = [
  'By email and password. An email may have a user in several accounts: the password is tried against each (up to 10), and the one it',
  'matches signs in. When it matches in several, `accountId` picks one (else 409 `account_choice_required`). Lockout, failure counts and',
  'sessions are per user. Failed logins (unknown email, wrong password, locked user) are counted per client address',
  '(`PARLEY_LOGIN_MAX_FAILURES` per `PARLEY_LOGIN_FAILURE_WINDOW_SECONDS`); past the limit every login from that address is a 429, even',
  'with the right password, before anything depends on the email.',
].join(' ');
