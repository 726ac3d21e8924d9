import type { SalesforceAuthFlow } from '../model/integration.js';

/**
 * What one try of an outbound HTTP call came to. Transports never throw for what happens on the wire
 * (refused address, timeout, reset, non-2xx): they answer with `ok: false` and the reason.
 */
export interface TransportResult {
  /** True only for a 2xx answer. */
  readonly ok: boolean;
  /** HTTP status, or null when no answer came. */
  readonly status: number | null;
  /** From sending the request to the end of reading the answer (or the failure). */
  readonly latencyMs: number;
  /** Why it failed (`refused: 10.0.0.1 is a private address`, `timed out after 15000 ms`...), else null. */
  readonly error: string | null;
  /** The first bytes (up to 1 KiB) of the answer's body, as text. */
  readonly responseSnippet: string | null;
  /** The answer's raw `Retry-After` header, if any. */
  readonly retryAfter: string | null;
}

export interface WebhookRequest {
  readonly url: string;
  /** Header names in lower case. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/**
 * Sends one signed POST. Guarantees of the reference adapter (`@parley/webhooks`): a time limit
 * (15 s by default), redirects never followed, only https (plain http to loopback only when the
 * operator allows it), and every resolved address checked at connect time against private, loopback,
 * link-local and metadata ranges, so DNS rebinding cannot reach them.
 */
export interface WebhookTransport {
  send(request: WebhookRequest, signal?: AbortSignal): Promise<TransportResult>;
}

/** A CRM connection with its secrets opened (they exist in memory only for the call). */
export interface CrmConnection {
  /** Identifies the connection for token caching (e.g. `<widgetId>:<version>`). */
  readonly key: string;
  readonly instanceUrl: string;
  readonly apiVersion: string;
  readonly authFlow: SalesforceAuthFlow;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly refreshToken: string | null;
}

export interface CrmResult extends TransportResult {
  /** The id of the record created, on success. */
  readonly recordId: string | null;
}

/** What checking a CRM connection came to: a token was granted and Leads can be read. */
export interface CrmCheck extends TransportResult {
  /** The Lead fields a record may be created with (API names, sorted), when the check got that far; else null. */
  readonly leadFields: readonly string[] | null;
}

/**
 * Creates CRM records (a Salesforce Lead) through the CRM's REST API: gets an OAuth access token, then
 * posts the record. Like {@link WebhookTransport}, it answers failures instead of throwing.
 */
export interface CrmClient {
  createLead(connection: CrmConnection, fields: Readonly<Record<string, unknown>>, signal?: AbortSignal): Promise<CrmResult>;
  /** Asks for a new token and describes the Lead object, creating nothing: the "test connection" of the admin screen. */
  checkConnection(connection: CrmConnection, signal?: AbortSignal): Promise<CrmCheck>;
}

/**
 * Seals secrets for storage and opens them again (AES-256-GCM with a host-held key in the reference
 * adapter). `open` throws when the text was not sealed with this box's key or was tampered with.
 */
export interface SecretBox {
  seal(plaintext: string): string;
  open(sealed: string): string;
}
