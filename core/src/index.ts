/**
 * The Parley domain core: entities, policies, services and the ports adapters implement. It does no I/O and
 * depends on no adapter, framework or driver. Every name it offers is listed here, by topic; what is not
 * listed is internal. Test helpers (a manual clock, a manual scheduler) are on `@parley/core/testing`.
 *
 * @module
 */

// Errors: one class, stable codes
export {
  type ErrorCode,
  type ErrorDetail,
  forbidden,
  isParleyError,
  notFound,
  ParleyError,
  validationFailed,
  versionMismatch,
} from './errors.js';

// Model: the entities, their lists of values and pure constructors
export type { Id, Instant, Page, PageRequest, Versioned } from './model/types.js';
export { type Account, type AccountSettings, defaultAccountSettings, type Plan, PLANS, SECURITY_PLANS } from './model/account.js';
export {
  canManage,
  canSupervise,
  newUser,
  type PublicUser,
  type Role,
  ROLES,
  toPublicUser,
  type User,
  type UserStatus,
} from './model/user.js';
export { INPUT_LIMITS } from './model/limits.js';
export { type Session, SESSION_ENDED, type SessionRef, sessionRefOf, sessionRefOfHash, SESSIONS_TOPIC } from './model/session.js';
export {
  type BusinessHours,
  defaultWidgetSettings,
  MAX_PROACTIVE_RULES,
  type OpeningInterval,
  type ProactiveRule,
  type PublicWidgetConfig,
  toPublicWidgetConfig,
  type Weekday,
  WEEKDAYS,
  type Widget,
  type WidgetAppearance,
  type WidgetSettings,
} from './model/widget.js';
export {
  AUDIT_TYPES,
  type AuditActor,
  type AuditDraft,
  type AuditEntry,
  type AuditFilter,
  type AuditHead,
  type AuditType,
  type FieldChange,
  GENESIS_HASH,
  SYSTEM_ACTOR,
} from './model/audit.js';
export {
  AGENT_STATUSES,
  type AgentLoad,
  type AgentPresence,
  type AgentStatus,
  type Chat,
  CHAT_EVENT_TYPES,
  CHAT_KINDS,
  CHAT_STATUSES,
  type ChatAuthor,
  type ChatAuthorKind,
  type ChatCloser,
  type ChatEvent,
  type ChatEventType,
  type ChatKind,
  type ChatStatus,
  type ChatSurvey,
  type ChatTranscript,
  type ChatTransfer,
  EMPTY_GEO,
  FINAL_CHAT_STATUSES,
  type GeoLocation,
  idleSince,
  newChat,
  newOfflineRequest,
  type PublicChat,
  type QueueStatus,
  SURVEY_COMMENT_MAX_LENGTH,
  toPublicChat,
  TRANSCRIPT_LIMIT,
  type Visitor,
  type WidgetAvailability,
} from './model/chat.js';
export {
  type AnonymousActiveChat,
  type AnonymousMonitorAgent,
  type AnonymousMonitorView,
  type AnonymousMonitorWidget,
  type AnonymousQueuedChat,
  type AnonymousVisitor,
  MONITOR_LIST_LIMIT,
  type MonitorActiveChat,
  type MonitorAgent,
  type MonitorLayout,
  type MonitorQueuedChat,
  type MonitorShareLink,
  type MonitorView,
  type MonitorVisitor,
  type MonitorWidget,
  type MonitorWidgetStats,
  type PublicMonitorShareLink,
  shareLinkState,
  toPublicShareLink,
} from './model/monitor.js';
export {
  ACCOUNT_WIDE,
  CONVERSATION_EVENTS,
  type ConversationEvent,
  type Delivery,
  DELIVERY_EVENTS,
  DELIVERY_STATUSES,
  DELIVERY_TARGETS,
  DELIVERY_TOPIC,
  type DeliveryAttempt,
  type DeliveryEventType,
  type DeliveryLease,
  type DeliveryListFilter,
  type DeliveryOutcome,
  type DeliveryStatus,
  type DeliveryTarget,
  type Integration,
  INTEGRATION_EVENTS,
  INTEGRATION_KINDS,
  type IntegrationEventType,
  type IntegrationKind,
  isFinalDelivery,
  type LeadFieldMapping,
  type LeadFieldSource,
  MAIL_EVENTS,
  type MailEventType,
  newDelivery,
  type OpenApiIntegration,
  type OpenApiSettings,
  SALESFORCE_AUTH_FLOWS,
  SALESFORCE_EVENTS,
  type SalesforceAuthFlow,
  type SalesforceIntegration,
  type SalesforceSettings,
  type SealedSecret,
  SUPPORT_REQUEST_EVENTS,
  type SupportRequestEvent,
} from './model/integration.js';
export { CANNED_TEXT_MAX_LENGTH, type CannedResponse } from './model/canned-response.js';
export { type Label, labelNameKey, MAX_LABELS_PER_CHAT } from './model/label.js';
export { API_TOKEN_SCOPES, type ApiToken, type ApiTokenScope, type PublicApiToken, toPublicApiToken } from './model/api-token.js';
export {
  defaultSecuritySettings,
  LOCKED_UNTIL_UNLOCKED,
  PASSWORD_TICKET_PURPOSES,
  type PasswordHistoryEntry,
  type PasswordReuse,
  type PasswordTicket,
  type PasswordTicketPurpose,
  SECURITY_LIMITS,
  type SecurityRecord,
  type SecuritySettings,
} from './model/security.js';

// Ports: what adapters implement (storage, events, system, integrations, mail, geo, security)
export type { DomainEvent, EventBus, EventHandler } from './ports/event-bus.js';
export { type EventHandlerErrorReporter, invokeIsolated } from './ports/event-handler-isolation.js';
export { type Clock, type IdGenerator, isoNow, type Logger, type PasswordHasher, type TokenCrypto } from './ports/system.js';
export {
  type AccountRepository,
  type AuditRepository,
  type Repositories,
  type SessionRepository,
  type Storage,
  type StorageCapabilities,
  StorageConflictError,
  StorageUnavailableError,
  type UserListFilter,
  type UserRepository,
  type WidgetRepository,
} from './ports/storage.js';
export { listsByStart, startedCursor } from './ports/chat-storage.js';
export type {
  AgentPresenceRepository,
  ChatAdvance,
  ChatVersion,
  ChatEventRepository,
  ChatListFilter,
  ChatReportDay,
  ChatReportFact,
  ChatReportRange,
  ChatRepository,
  ChatSearchHit,
} from './ports/chat-storage.js';
export type { MonitorLayoutRepository, MonitorShareLinkRepository } from './ports/monitor-storage.js';
export type { ApiTokenRepository } from './ports/api-token-storage.js';
export type { CannedResponseFilter, CannedResponseRepository, LabelRepository } from './ports/console-storage.js';
export type { GeoLocator } from './ports/geo.js';
export type {
  CrmCheck,
  CrmClient,
  CrmConnection,
  CrmResult,
  SecretBox,
  TransportResult,
  WebhookRequest,
  WebhookTransport,
} from './ports/integrations.js';
export type { DeliveryRepository, IntegrationRepository } from './ports/integration-storage.js';
export type { PasswordHistoryRepository, PasswordTicketRepository, SecurityRepository } from './ports/security-storage.js';
export type { CommonPasswords } from './ports/security.js';
export type { Mailer, MailMessage, MailResult } from './ports/mail.js';

// Input: validation and text rules shared by the services and the HTTP edge
export {
  type AccountPatch,
  type AuditQuery,
  type LoginInput,
  parseInput,
  type PasswordChangeInput,
  schemas,
  type SecuritySettingsInput,
  type SignUpInput,
  type UserCreateInput,
  type UserPatch,
  type WidgetPatch,
} from './validation.js';
export { findIllFormedText, type IllFormedText, isWellFormed, normaliseMessage, normaliseName, trimInvisible } from './text-input.js';
export {
  chatSchemas,
  type ChatsQuery,
  type ChatStartInput,
  CLIENT_MESSAGE_ID,
  type HandledInput,
  MESSAGE_MAX_LENGTH,
  type SurveyInput,
  type TransferInput,
} from './chat/chat-validation.js';
export { type ChatReportQuery, MAX_REPORT_DAYS, reportSchemas } from './reports/report-schemas.js';
export {
  type DeliveryQuery,
  integrationSchemas,
  type OpenApiPutInput,
  RESERVED_HEADERS,
  type SalesforcePutInput,
} from './integrations/schemas.js';
export { type MonitorLayoutInput, monitorSchemas, SHARE_TOKEN_PATTERN, type ShareLinkCreateInput } from './monitor/monitor-validation.js';
export {
  type CannedCreateInput,
  type CannedPatchInput,
  type CannedQuery,
  type ChatLabelsInput,
  consoleSchemas,
  type LabelCreateInput,
  type LabelPatchInput,
} from './console/console-validation.js';

// Audit: the hash chain, field diffs, JSON Pointers and the export formats
export { fromPointer, isRecord, readPointer, toPointer, writePointer } from './audit/json-pointer.js';
export { applyChanges, deepEqual, diff, driftedSince, redactChanges, revertChanges, SECRET_KEYS } from './audit/diff.js';
export { canonicalJson, chainedText } from './audit/chain.js';
export { AUDIT_CSV_COLUMNS, auditEntryCsv, auditEntryJsonl, csvCell, csvLine } from './audit/export-format.js';

// Policies: pure decisions of the security policy, addresses and embedding
export {
  baselinePasswordRules,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_FLOOR,
  type PasswordRules,
  type PasswordViolation,
  type PasswordViolationCode,
  passwordViolations,
  userInfoTokens,
} from './policies/password.js';
export {
  checkOutboundUrl,
  forbiddenAddressReason,
  hostOf,
  type OutboundPolicy,
  STRICT_OUTBOUND,
  type UrlProblem,
} from './policies/outbound-address.js';
export { ipMatchesAny, ipMatchesRule, type IpRule, parseIp, parseIpRule } from './policies/ip-rules.js';
export {
  isLocked,
  lockEndsAt,
  lockoutAfterFailure,
  lockoutBeforeAttempt,
  type LockoutDecision,
  type LockoutReason,
  type LockoutSettings,
  shownLockedUntil,
} from './policies/lockout.js';
export { addCalendarMonths, passwordExpiry, type PasswordExpiryDecision, type PasswordExpiryReason } from './policies/password-expiry.js';
export {
  PASSWORD_HISTORY_KEEP,
  reuseCandidates,
  reuseDecision,
  type ReuseDecision,
  type UsedPassword,
  withCurrentPassword,
} from './policies/password-reuse.js';
export { inactivityDecision, type InactivityDecision, type InactivityReason, lastActivity } from './policies/inactivity.js';
export { passwordRulesOf, type RaisedRequirement, raisedRequirements } from './policies/security-raise.js';
export { ipAccessDecision, type IpAccessDecision, type IpAccessReason, parseIpRules } from './policies/ip-access.js';
export { MAX_ALLOWED_ORIGINS, normaliseOrigin, originAllowed } from './policies/embed-origin.js';

// Runtime: dependencies, configuration and the transaction helper services run on
export {
  actorOf,
  commit,
  type CoreConfig,
  type CoreDeps,
  defaultCoreConfig,
  type Emit,
  endSessions,
  lostRace,
  type Principal,
  type RequestMeta,
  type SignupPolicy,
  type VisitorIdentity,
  type VisitorPrincipal,
} from './runtime/context.js';
export {
  type ChatConfig,
  defaultChatConfig,
  defaultIntegrationConfig,
  type IntegrationConfig,
  integrationConfigOf,
} from './runtime/config.js';
export type { Scheduler } from './runtime/scheduler.js';
export { RecentMap } from './runtime/recent-map.js';

// Chat engine: routing, streams, typing relay, search and the visitor-facing helpers
export {
  type Assignment,
  availabilityOf,
  availableSlots,
  byQueueOrder,
  byRoutingPreference,
  canTake,
  estimateWaitSeconds,
  maxChatsOf,
  onlineCapacity,
  pickAgent,
  planDrain,
  type QueuedChatRef,
  queueFull,
  type RoutingWidget,
  type StartContext,
  type StartingWidget,
  startMode,
} from './chat/routing.js';
export { type ParsedUserAgent, parseUserAgent } from './chat/user-agent.js';
export {
  type AgentCursor,
  decodeAgentCursor,
  encodeAgentCursor,
  type Feed,
  type FeedChats,
  type FeedItem,
  type FeedOptions,
  type FeedPresence,
  NO_AGENT_CURSOR,
  openAgentFeed,
  openChatFeed,
} from './chat/chat-feed.js';
export {
  type ChatSearchMatch,
  foldForSearch,
  hitOf,
  type ListedChat,
  matchesTerms,
  matchOf,
  SEARCH_MAX_TERMS,
  searchTerms,
  searchWords,
  visitorSearchText,
  snippetOf,
} from './chat/chat-search.js';
export {
  type AgentTyping,
  agentTypingEvent,
  type TypingEventOf,
  TypingRelay,
  type TypingTarget,
  visitorDraftEvent,
} from './chat/typing-relay.js';
export {
  AGENT_CONNECTED,
  agentStreams,
  PRESENCE_PROBE,
  type PresenceKind,
  presenceTopic,
  StreamPresence,
  VISITOR_CONNECTED,
  visitorStreams,
} from './chat/stream-presence.js';

// Integrations: payloads, signing, retries, Salesforce mapping and the outbox
export { enqueueIntegrationEvent, type IntegrationEventInput } from './outbox/integration-outbox.js';
export {
  generateWebhookSecret,
  isWebhookSecret,
  signedContent,
  signWebhook,
  WEBHOOK_SECRET_BYTES,
  WEBHOOK_SECRET_PREFIX,
  webhookHeaders,
} from './integrations/signing.js';
export {
  type BackoffPolicy,
  decideAfterAttempt,
  DEFAULT_BACKOFF,
  nominalDelayMs,
  parseRetryAfter,
  type RetryDecision,
  retryDelayMs,
  scheduleSpanMs,
} from './integrations/backoff.js';
export {
  buildConversationEventPayload,
  buildSupportRequestPayload,
  CONVERSATION_EVENT_SCHEMA_VERSION,
  type ConversationEventInput,
  type ConversationEventPayload,
  conversationEventV1Schema,
  type PayloadAgent,
  payloadJsonSchema,
  SUPPORT_REQUEST_SCHEMA_VERSION,
  type SupportRequestInput,
  type SupportRequestPayload,
  supportRequestV1Schema,
  transcriptItemSchema,
} from './integrations/payload.js';
export {
  isLeadSourceField,
  LEAD_FIELD_NAME,
  LEAD_SOURCE_FIELDS,
  mapLeadFields,
  NOT_PROVIDED,
  readLeadSource,
  transcriptText,
} from './integrations/lead-mapping.js';
export { enqueueMail, type MailEnqueue, mailOfDelivery, type MailPayload, type QueuedMail, ticketLink } from './outbox/mail-outbox.js';
export { enqueueChatMails, visitorReplyTo } from './outbox/chat-mail.js';

// Monitor: live views, anonymised views and their hub
export {
  defaultTranscriptUrl,
  type MonitorSource,
  monitorView,
  type MonitorViewOptions,
  monitorVisitor,
  orderWidgets,
  secondsBetween,
} from './monitor/monitor-view.js';
export { type AllowList, anonymize, keepOnly, type Kept, MONITOR_ALLOW_LIST } from './monitor/anonymize.js';
export {
  defaultMonitorHubOptions,
  MONITOR_EVENTS,
  type MonitorAudience,
  type MonitorEndReason,
  MonitorHub,
  type MonitorHubOptions,
  type MonitorHubSource,
  type MonitorSink,
  type MonitorSubscription,
  viewFor,
} from './monitor/monitor-hub.js';
export { type JsonPatchOperation, monitorPatch } from './monitor/monitor-patch.js';

// Reports
export {
  buildChatReport,
  buildChatReportFromDays,
  decodeDay,
  encodeDay,
  type ChatMetrics,
  type ChatReportData,
  type DurationStats,
  type SatisfactionStats,
  stats,
} from './reports/chat-report.js';

// Compatible APIs: the counterparts of the commercial service’s public APIs
export { buildLogsCase, type LogsCase, logsCaseSchema } from './compat/logs-case.js';
export { LOGS_PAGE_SIZE, type LogsQuery, logsQuerySchema, logsRange } from './compat/logs-query.js';
export { type AgentStatusByEmail, toVisitorChatView, type VisitorChatView } from './compat/visitor-chat.js';

// Mail: texts and templates
export { escapeHtml, headerText, isMailAddress } from './mail/mail-text.js';
export {
  formatMailTime,
  type LinkMailInput,
  MAIL_LANGUAGES,
  mailLanguage,
  type MailLanguage,
  type OfflineRequestMailInput,
  type RenderedMail,
  renderInvitationMail,
  renderOfflineRequestMail,
  renderPasswordResetMail,
  renderTranscriptMail,
  renderUserLockedMail,
  type TranscriptMailInput,
} from './mail/templates.js';

// Services: one per area, and createParley, which builds them all
export { appendAudit, AuditService, type RevertTarget, type VerifyResult } from './services/audit-service.js';
export { AccountService, accountView, stripUndefined } from './services/account-service.js';
export {
  AuthService,
  LOGIN_CANDIDATES_MAX,
  type LinkDescription,
  type LoginResult,
  OPERATOR_TICKET_TTL_SECONDS,
  PASSWORD_RESET_TTL_SECONDS,
  PASSWORD_TICKET_TTL_SECONDS,
  usersByEmail,
} from './services/auth-service.js';
export { type CurrentPasswordCheck, INVITATION_TTL_SECONDS, userEvent, UserService, userView } from './services/user-service.js';
export { saveWidgetAgents, widgetAgentsView, WidgetService, widgetView } from './services/widget-service.js';
export { ChatService, type MessageInput, type StartedChat, type VisitorExport, type VisitorExportChat } from './services/chat-service.js';
export { ChatTransfers, type TransferEngine, type TransferWidget } from './services/chat-transfers.js';
export { type ChatCaller, type ChatCallerRequest, chatCallerResolver, type ChatCallerResolver } from './services/chat-caller.js';
export { type AgentStatusView, type ColleagueView, PresenceService, type StatusReason } from './services/presence-service.js';
export {
  DEFAULT_AUTH_HEADER,
  DEFAULT_OPEN_API_EVENTS,
  DEFAULT_SALESFORCE_API_VERSION,
  type DeliveryDetail,
  type DeliverySummary,
  IntegrationService,
  type OpenApiIntegrationView,
  type SalesforceCheck,
  type SalesforceIntegrationView,
} from './services/integration-service.js';
export { type ChatReport, ReportService } from './services/report-service.js';
export {
  DeliveryDispatcher,
  type DispatcherDeps,
  type DispatcherOptions,
  type DispatchReport,
  LEASE_MARGIN_MS,
  type LostLease,
} from './services/delivery-dispatcher.js';
export { type CreatedShareLink, type MonitorLayoutView, MonitorService, type MonitorServiceOptions } from './services/monitor-service.js';
export { CannedResponseService, cannedResponseView } from './services/canned-response-service.js';
export { LabelService, labelView } from './services/label-service.js';
export {
  type ApiTokenCreateInput,
  apiTokenSchemas,
  CompatibleApiService,
  type CreatedApiToken,
  type LogsPage,
} from './services/compatible-api-service.js';
export { createParley, type Parley } from './parley.js';
export {
  deactivateInactiveUser,
  ipNotAllowed,
  type IpRulesCheck,
  planRequired,
  SecurityService,
  type SecurityView,
} from './services/security-service.js';

// Dependency-injection tokens for hosts that use a container
export { TOKENS } from './tokens.js';
