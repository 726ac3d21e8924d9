/**
 * The OpenAPI descriptions of the audit routes, kept beside them so the route declarations stay short;
 * each is named after its route’s method and path.
 */

export const getAudit = [
  'Filters: `from`/`to` (ISO date-times, inclusive), `type` (comma-separated: account, widget, permissions, security, integration,',
  'monitor), `widgetId`, `actorId` (a user), `actorKind` (`user`, `system` for Parley itself: the host CLI, timed jobs, automatic',
  'deactivation of inactive users; or `api_token`). Paging with `cursor` is stable while new entries arrive.',
].join(' ');

export const postAuditRevert = [
  'Owners and admins only: anyone else gets 403 whether or not the entry exists. Applies when the target still holds the entry’s `to`',
  'values; otherwise 409 `revert_conflict` listing the fields changed since, and nothing is written. The revert is audited with',
  '`revertOf`.',
].join(' ');
