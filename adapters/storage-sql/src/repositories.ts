import type { Repositories } from '@parley/core';
import { accountRepository } from './account-repository.js';
import { auditRepository } from './audit-repository.js';
import type { RepositoryContext } from './repository-context.js';
import { sessionRepository } from './session-repository.js';
import { userRepository } from './user-repository.js';
import { widgetRepository } from './widget-repository.js';

/** The repositories over one connection: a transaction, or the pool for `read`. */
export const createRepositories = (ctx: RepositoryContext): Repositories => ({
  accounts: accountRepository(ctx),
  users: userRepository(ctx),
  sessions: sessionRepository(ctx),
  widgets: widgetRepository(ctx),
  audit: auditRepository(ctx),
});
