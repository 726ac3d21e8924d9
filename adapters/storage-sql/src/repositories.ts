import type { Repositories } from '@parley/core';
import { accountRepository } from './account-repository.js';
import { apiTokenRepository } from './api-token-repository.js';
import { auditRepository } from './audit-repository.js';
import { cannedResponseRepository, labelRepository } from './console-repository.js';
import { agentPresenceRepository, chatEventRepository, chatRepository } from './chat-repository.js';
import { deliveryRepository, integrationRepository } from './integration-repository.js';
import { monitorLayoutRepository, monitorShareLinkRepository } from './monitor-repository.js';
import type { RepositoryContext } from './repository-context.js';
import { passwordHistoryRepository, passwordTicketRepository, securityRepository } from './security-repository.js';
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
  chats: chatRepository(ctx),
  chatEvents: chatEventRepository(ctx),
  presence: agentPresenceRepository(ctx),
  integrations: integrationRepository(ctx),
  deliveries: deliveryRepository(ctx),
  monitorShareLinks: monitorShareLinkRepository(ctx),
  monitorLayouts: monitorLayoutRepository(ctx),
  cannedResponses: cannedResponseRepository(ctx),
  labels: labelRepository(ctx),
  security: securityRepository(ctx),
  passwordHistory: passwordHistoryRepository(ctx),
  passwordTickets: passwordTicketRepository(ctx),
  apiTokens: apiTokenRepository(ctx),
});
