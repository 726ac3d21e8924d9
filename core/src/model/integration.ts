import type { Id, Instant, Versioned } from './types.js';

/**
 * Events an integration can subscribe to. The first three carry the support-request payload
 * (`support-request.v1`); the others carry a conversation event (`conversation-event.v1`).
 */
export const SUPPORT_REQUEST_EVENTS = ['chat.finished', 'offline_request.created', 'chat.started'] as const;
export type SupportRequestEvent = (typeof SUPPORT_REQUEST_EVENTS)[number];

export const CONVERSATION_EVENTS = [
  'conversation.queued',
  'conversation.assigned',
  'conversation.responded',
  'conversation.transferred',
  'conversation.closed',
  'conversation.labeled',
  'conversation.surveyed',
  'agent.status_changed',
] as const;
export type ConversationEvent = (typeof CONVERSATION_EVENTS)[number];

export const INTEGRATION_EVENTS = [...SUPPORT_REQUEST_EVENTS, ...CONVERSATION_EVENTS] as const;
export type IntegrationEventType = (typeof INTEGRATION_EVENTS)[number];

/** Salesforce pushes only support requests: a Lead per finished chat or offline request. */
export const SALESFORCE_EVENTS = ['chat.finished', 'offline_request.created'] as const satisfies readonly SupportRequestEvent[];

export const INTEGRATION_KINDS = ['open_api', 'salesforce'] as const;
export type IntegrationKind = (typeof INTEGRATION_KINDS)[number];

/**
 * A secret as stored: sealed by the {@link SecretBox} port (AES-256-GCM in the reference adapter).
 * Storage only ever sees this opaque text.
 */
export type SealedSecret = string;

/** The "Open API" integration of one widget: an HTTPS URL that receives signed POSTs. */
export interface OpenApiSettings {
  readonly url: string;
  readonly enabled: boolean;
  /** The events that are pushed, in {@link INTEGRATION_EVENTS} order. */
  readonly events: readonly IntegrationEventType[];
  /** Name of the header carrying the static authentication token (`Authorization` by default). */
  readonly authHeader: string;
  /** The static authentication token some receivers expect, sealed; null when none is sent. */
  readonly authToken: SealedSecret | null;
  /** The Standard Webhooks signing secret (`whsec_<base64>`), sealed. */
  readonly secret: SealedSecret;
  /** The secret before the last rotation, still used to sign until `previousSecretExpiresAt`. */
  readonly previousSecret: SealedSecret | null;
  readonly previousSecretExpiresAt: Instant | null;
}

/**
 * How the Salesforce connection gets its access token:
 * - `client_credentials`: the OAuth 2.0 Client Credentials flow of a Connected App (or External Client
 *   App) with a run-as user, the server-to-server flow Salesforce recommends;
 * - `refresh_token`: the Refresh Token flow, with a refresh token obtained once by an admin.
 */
export const SALESFORCE_AUTH_FLOWS = ['client_credentials', 'refresh_token'] as const;
export type SalesforceAuthFlow = (typeof SALESFORCE_AUTH_FLOWS)[number];

/** Where a Lead field's value comes from: a field of the support-request payload, or a fixed value. */
export type LeadFieldSource = { readonly field: string } | { readonly value: string | number | boolean | null };

export interface LeadFieldMapping {
  /** The Lead field's API name: `LastName`, `Company`, `Chat_Transcript__c`... */
  readonly leadField: string;
  readonly source: LeadFieldSource;
}

export interface SalesforceSettings {
  readonly enabled: boolean;
  /** The org's My Domain URL, e.g. `https://acme.my.salesforce.com`. */
  readonly instanceUrl: string;
  /** REST API version, e.g. `v62.0`. */
  readonly apiVersion: string;
  readonly authFlow: SalesforceAuthFlow;
  readonly clientId: string;
  readonly clientSecret: SealedSecret;
  /** Only for the `refresh_token` flow. */
  readonly refreshToken: SealedSecret | null;
  readonly events: readonly SupportRequestEvent[];
  readonly fieldMapping: readonly LeadFieldMapping[];
}

interface IntegrationBase extends Versioned {
  readonly accountId: Id;
  readonly widgetId: Id;
  readonly createdAt: Instant;
  readonly updatedAt: Instant;
}

export interface OpenApiIntegration extends IntegrationBase {
  readonly kind: 'open_api';
  readonly settings: OpenApiSettings;
}

export interface SalesforceIntegration extends IntegrationBase {
  readonly kind: 'salesforce';
  readonly settings: SalesforceSettings;
}

/** One integration of one widget; a widget has at most one of each kind. */
export type Integration = OpenApiIntegration | SalesforceIntegration;

/**
 * E-mails Parley sends, each an outbox row with target `email`: an offline request to the widget's
 * notification recipients, a chat transcript (to the visitor or the team), an invitation to set a
 * password, a password reset link, and the owners' and admins' notice that a user is locked until unlocked.
 */
export const MAIL_EVENTS = [
  'mail.offline_request',
  'mail.transcript',
  'mail.invitation',
  'mail.password_reset',
  'mail.user_locked',
] as const;
export type MailEventType = (typeof MAIL_EVENTS)[number];

/** Where a delivery goes: one of the widget's integrations, or a mail server. */
export const DELIVERY_TARGETS = [...INTEGRATION_KINDS, 'email'] as const;
export type DeliveryTarget = (typeof DELIVERY_TARGETS)[number];

/** Every event type a delivery can carry. */
export const DELIVERY_EVENTS = [...INTEGRATION_EVENTS, ...MAIL_EVENTS] as const;
export type DeliveryEventType = (typeof DELIVERY_EVENTS)[number];

/**
 * The `widgetId` of deliveries that concern the account rather than a widget (invitations, password
 * resets, lockout notices): the column is never null, and no widget has an empty id.
 */
export const ACCOUNT_WIDE = '';

export const DELIVERY_STATUSES = ['pending', 'in_flight', 'succeeded', 'failed', 'dead', 'skipped'] as const;
/**
 * - `pending`: waiting for its first try or a retry (`nextAttemptAt`);
 * - `in_flight`: claimed by a dispatcher until `claimUntil` (a lease: if the dispatcher dies, the row is
 *   due again when the lease ends);
 * - `succeeded`: the receiver answered 2xx;
 * - `failed`: the retry schedule (about three days) ran out;
 * - `dead`: stopped for good: the receiver answered 410 Gone, or the integration is gone or disabled;
 * - `skipped`: an e-mail the server had no mail transport for (no `PARLEY_SMTP_URL`): recorded, never sent.
 *
 * `failed`, `dead` and `skipped` deliveries can be redelivered by an admin.
 */
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/**
 * An outbox row: one payload for one integration of one widget, written in the same transaction as the
 * chat or offline request it describes. Its `id` is the `webhook-id` receivers deduplicate on: it never
 * changes across retries or redeliveries.
 */
export interface Delivery {
  readonly id: Id;
  readonly accountId: Id;
  readonly widgetId: Id;
  readonly target: DeliveryTarget;
  readonly eventType: DeliveryEventType;
  /**
   * The JSON payload (for Salesforce, the support request the Lead is mapped from; for an e-mail, the
   * rendered message, sealed by the {@link SecretBox} when it carries a link that signs someone in).
   */
  readonly payload: Readonly<Record<string, unknown>>;
  readonly status: DeliveryStatus;
  /** Tries since the delivery was queued or last redelivered. */
  readonly attempts: number;
  /** When it is due: the next try of a pending row, the lease end of an in-flight one; null when final. */
  readonly nextAttemptAt: Instant | null;
  readonly lastError: string | null;
  /** HTTP status (SMTP reply code for e-mail) of the last answer, if there was one. */
  readonly lastStatus: number | null;
  /** The dispatcher holding the lease, while in flight. */
  readonly claimedBy: string | null;
  readonly claimUntil: Instant | null;
  readonly createdAt: Instant;
  readonly updatedAt: Instant;
}

/** A new outbox row, due at once: how every delivery, webhook, CRM push or e-mail, starts. */
export const newDelivery = (
  id: Id,
  at: Instant,
  row: Pick<Delivery, 'accountId' | 'widgetId' | 'target' | 'eventType' | 'payload'>,
): Delivery => ({
  id,
  ...row,
  status: 'pending',
  attempts: 0,
  nextAttemptAt: at,
  lastError: null,
  lastStatus: null,
  claimedBy: null,
  claimUntil: null,
  createdAt: at,
  updatedAt: at,
});

/** One try to deliver, as recorded. */
export interface DeliveryAttempt {
  readonly id: Id;
  readonly deliveryId: Id;
  readonly accountId: Id;
  readonly startedAt: Instant;
  /** Time from sending to the end of the answer (or the failure). */
  readonly latencyMs: number;
  /** HTTP status, or null when no answer came (network error, timeout, refused address). */
  readonly status: number | null;
  readonly ok: boolean;
  readonly error: string | null;
  /** The first bytes (up to 1 KiB) of the answer's body. */
  readonly responseSnippet: string | null;
  readonly workerId: string;
}

/** The lease a claim handed out; completing or releasing a row requires it. */
export interface DeliveryLease {
  readonly claimedBy: string;
  readonly claimUntil: Instant;
}

/** What a finished try changes on its delivery. */
export interface DeliveryOutcome {
  readonly status: Exclude<DeliveryStatus, 'in_flight'>;
  readonly attempts: number;
  readonly nextAttemptAt: Instant | null;
  readonly lastError: string | null;
  readonly lastStatus: number | null;
  readonly updatedAt: Instant;
}

export interface DeliveryListFilter {
  readonly status?: DeliveryStatus;
}

/** Whether a delivery is in a final state (no dispatcher will pick it up again by itself). */
export const isFinalDelivery = (d: Pick<Delivery, 'status'>): boolean =>
  d.status === 'succeeded' || d.status === 'failed' || d.status === 'dead' || d.status === 'skipped';

/** The topic the host's dispatcher listens on to send new deliveries without waiting for its next poll. */
export const DELIVERY_TOPIC = 'deliveries';
