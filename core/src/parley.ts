import { AccountService } from './services/account-service.js';
import { AuditService } from './services/audit-service.js';
import { AuthService } from './services/auth-service.js';
import { ChatService } from './services/chat-service.js';
import { chatCallerResolver, type ChatCallerResolver } from './services/chat-caller.js';
import type { CoreDeps } from './runtime/context.js';
import { UserService } from './services/user-service.js';
import { IntegrationService } from './services/integration-service.js';
import { MonitorService } from './services/monitor-service.js';
import { PresenceService } from './services/presence-service.js';
import { SecurityService } from './services/security-service.js';
import { WidgetService } from './services/widget-service.js';
import { CannedResponseService } from './services/canned-response-service.js';
import { LabelService } from './services/label-service.js';
import { CompatibleApiService } from './services/compatible-api-service.js';
import { ReportService } from './services/report-service.js';

/** Every service of the core, wired to one set of ports. */
export interface Parley {
  readonly deps: CoreDeps;
  readonly audit: AuditService;
  readonly accounts: AccountService;
  readonly auth: AuthService;
  readonly users: UserService;
  readonly widgets: WidgetService;
  /** Live chats, offline requests, transcripts. */
  readonly chats: ChatService;
  /**
   * Who calls a chat route: the chat's visitor (by their token) or a signed-in user (by their session), in
   * one call, e.g. `await parley.chatCaller({ chatId, bearer, session, meta })`.
   */
  readonly chatCaller: ChatCallerResolver;
  /** Agents' online/paused/offline status. */
  readonly presence: PresenceService;
  /** Open API and Salesforce integrations per widget, and their deliveries. */
  readonly integrations: IntegrationService;
  /** The account's security policy (owner only), unlocking users, the inactivity sweep. */
  readonly security: SecurityService;
  /** The chat monitor: live views, layouts, share links. */
  readonly monitor: MonitorService;
  /** Canned responses of the agent console. */
  readonly cannedResponses: CannedResponseService;
  /** The account's chat labels (putting them on a chat is `chats.setLabels`). */
  readonly labels: LabelService;
  /** API tokens and the counterparts of the commercial service's public APIs (Logs, Agent Status, Visitor Chat). */
  readonly compatible: CompatibleApiService;
  /** Reports for supervisors and up: chats per day, missed and abandoned, wait and response times, per agent and widget. */
  readonly reports: ReportService;
  /**
   * Stops every timer the services hold (typing relays, stream grace periods, the monitor's sampling), so
   * the process can exit; end the open streams first. Calling it again does nothing.
   */
  close(): void;
}

/**
 * Builds the services over the given ports: the one entry point an embedder needs.
 *
 * @example
 * const parley = createParley({ storage, events, clock, ids, hasher, crypto, config: defaultCoreConfig });
 * const { account } = await parley.accounts.signUp({ accountName, email, name, password }, meta);
 */
export const createParley = (deps: CoreDeps): Parley => {
  const audit = new AuditService(deps);
  const chats = new ChatService(deps);
  const auth = new AuthService(deps);
  const presence = new PresenceService(deps, chats);
  const monitor = new MonitorService(deps);
  let closed = false;
  return {
    deps,
    audit,
    accounts: new AccountService(deps, audit),
    auth,
    users: new UserService(deps, audit, auth, {
      drainWidgets: (accountId, widgetIds) => chats.drainWidgets(accountId, widgetIds),
      deactivated: (accountId, userId) => presence.deactivated(accountId, userId),
    }),
    widgets: new WidgetService(deps, audit, chats),
    chats,
    chatCaller: chatCallerResolver(chats, auth),
    presence,
    integrations: new IntegrationService(deps),
    security: new SecurityService(deps, audit),
    monitor,
    cannedResponses: new CannedResponseService(deps, audit),
    labels: new LabelService(deps, audit),
    compatible: new CompatibleApiService(deps, chats, presence),
    reports: new ReportService(deps),
    close: () => {
      if (closed) return;
      closed = true;
      chats.shutdown();
      presence.shutdown();
      monitor.close();
    },
  };
};
