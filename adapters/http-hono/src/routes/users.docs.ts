/**
 * The OpenAPI descriptions of the user routes, kept beside them so the route declarations stay short;
 * each is named after its route’s method and path.
 */

export const postUsers = [
  'With a `password`, the user can sign in at once. Without one, the user is invited: a mail with a single-use link to',
  '`/app/invite?token=…` on the server’s public URL (valid 72 hours, audited as `user.invited`); its token sets the first password through',
  '`POST /api/v1/auth/invitations/accept`.',
].join(' ');

export const postUsersInvitation = [
  'For an invitation that expired (72 hours) or went astray: mails the user a new single-use link to `/app/invite?token=…`, as when they',
  'were added, and the links mailed before stop working. Only for an active user other than the owner who has never signed in (409',
  '`conflict` otherwise: one who has signed in resets a forgotten password from the sign-in page). Audited as `user.invited`, with the replaced invitation’s expiry',
  'as the before value. Limited per client address like password resets.',
].join(' ');

export const patchUsersOne = [
  'Owners and admins change other users; everyone may change their own name and password. Setting `role: owner` (owner only, with no other',
  'field) transfers ownership: the current owner becomes an admin. `maxConcurrentChats` (owners and admins; 1–100, null for each widget’s)',
  'is how many chats the user takes at once in every widget, overriding the widgets’ maximum for routing and transfers; revertible from',
  'the audit log like the other fields. Changing one’s own password needs `currentPassword` too (400 without it), judged as a login',
  'attempt: a wrong one is 401 `invalid_credentials` and counts towards the account’s lockout (423 `account_locked`).',
].join(' ');
