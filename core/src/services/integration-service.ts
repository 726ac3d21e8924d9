import { diff } from '../audit/diff.js';
import { forbidden, notFound, ParleyError, validationFailed, versionMismatch, type ErrorDetail } from '../errors.js';
import { LEAD_SOURCE_FIELDS } from '../integrations/lead-mapping.js';
import { buildSupportRequestPayload } from '../integrations/payload.js';
import { generateWebhookSecret } from '../integrations/signing.js';
import { crmConnectionOf } from '../integrations/salesforce-connection.js';
import { isTestDelivery, offlineRequestSample, testEventId } from '../integrations/test-event.js';
import { integrationSchemas, type DeliveryQuery, type OpenApiPutInput, type SalesforcePutInput } from '../integrations/schemas.js';
import type { ChatEvent, PublicChat, Chat } from '../model/chat.js';
import {
  ACCOUNT_WIDE,
  INTEGRATION_EVENTS,
  SALESFORCE_EVENTS,
  type Delivery,
  type DeliveryAttempt,
  type Integration,
  type IntegrationEventType,
  type IntegrationKind,
  type OpenApiIntegration,
  type SalesforceAuthFlow,
  type SalesforceIntegration,
  type LeadFieldMapping,
  type SupportRequestEvent,
  type DeliveryStatus,
  DELIVERY_TOPIC,
  newDelivery,
} from '../model/integration.js';
import type { Id, Instant, Page } from '../model/types.js';
import { canManage } from '../model/user.js';
import { checkOutboundUrl } from '../policies/outbound-address.js';
import type { SecretBox } from '../ports/integrations.js';
import type { Repositories } from '../ports/storage.js';
import { isoNow } from '../ports/system.js';
import { parseCollecting, parseInput } from '../validation.js';
import { appendAudit } from './audit-service.js';
import { actorOf, commit, type CoreDeps, type Emit, type Principal, lostRace } from '../runtime/context.js';
import {
  enqueueIntegrationEvent,
  enqueueSupportRequest,
  type IntegrationEventInput,
  type SupportRequestEnqueue,
} from '../outbox/integration-outbox.js';
import { type IntegrationConfig, integrationConfigOf } from '../runtime/config.js';

/** Events a new Open API integration pushes unless told otherwise. */
export const DEFAULT_OPEN_API_EVENTS: readonly IntegrationEventType[] = ['chat.finished', 'offline_request.created'];
export const DEFAULT_AUTH_HEADER = 'Authorization';
export const DEFAULT_SALESFORCE_API_VERSION = 'v62.0';

/** What the API shows of a widget's Open API integration: never a secret, except once. */
export interface OpenApiIntegrationView {
  readonly widgetId: Id;
  /** False until the first PUT; the other fields then show the defaults. */
  readonly configured: boolean;
  readonly url: string | null;
  readonly enabled: boolean;
  readonly events: readonly IntegrationEventType[];
  readonly authHeader: string;
  /** Whether an authentication token is set (the token itself is never shown). */
  readonly authTokenSet: boolean;
  /** While a rotated-out secret still signs: until when. */
  readonly previousSecretExpiresAt: Instant | null;
  readonly createdAt: Instant | null;
  readonly updatedAt: Instant | null;
  readonly version: number;
  /** Only in the answer that created or rotated it: the one time the signing secret is shown. */
  readonly secret?: string;
}

export interface SalesforceIntegrationView {
  readonly widgetId: Id;
  readonly configured: boolean;
  readonly enabled: boolean;
  readonly instanceUrl: string | null;
  readonly apiVersion: string;
  readonly authFlow: SalesforceAuthFlow;
  readonly clientId: string | null;
  readonly clientSecretSet: boolean;
  readonly refreshTokenSet: boolean;
  readonly events: readonly SupportRequestEvent[];
  readonly fieldMapping: readonly LeadFieldMapping[];
  /** The support-request fields a mapping may read (besides `javascript_variables.<name>`), for editors to offer. */
  readonly sourceFields: readonly string[];
  readonly createdAt: Instant | null;
  readonly updatedAt: Instant | null;
  readonly version: number;
}

/** A delivery as listed: without its payload. */
/** The answer of {@link IntegrationService.checkSalesforce}. */
export interface SalesforceCheck {
  readonly ok: boolean;
  /** The HTTP status of the last request made, or null when no answer came. */
  readonly status: number | null;
  readonly latencyMs: number;
  /** Why it failed, in words an admin can act on; null when it worked. */
  readonly error: string | null;
  /** The Lead fields records may be created with, when the org described them. */
  readonly leadFields: readonly string[] | null;
}

/** A delivery without its payload; `test`: it carries a test event ("Send test event"), not a real one. */
export type DeliverySummary = Omit<Delivery, 'payload'> & { readonly test: boolean };
export interface DeliveryDetail extends Delivery {
  readonly test: boolean;
  readonly attemptLog: readonly DeliveryAttempt[];
}

const summaryOf = (d: Delivery): DeliverySummary => {
  const { payload: _payload, ...rest } = d;
  return { ...rest, test: isTestDelivery(d) };
};

const sortEvents = <T extends string>(all: readonly T[], chosen: readonly T[]): T[] => all.filter((e) => chosen.includes(e));

/** What a first Salesforce setup must be given, with what is said when it is not. */
const FIRST_SALESFORCE_NEEDS = [
  ['/instanceUrl', 'The org’s instance URL is needed.'],
  ['/clientId', 'The Connected App’s consumer key is needed.'],
  ['/clientSecret', 'The Connected App’s consumer secret is needed.'],
] as const;

/** Settings of the integrations admins edit, with secrets sealed, audited as fingerprints. */
export class IntegrationService {
  constructor(private readonly deps: CoreDeps) {}

  private get cfg(): IntegrationConfig {
    return integrationConfigOf(this.deps.config);
  }

  private box(): SecretBox {
    if (!this.deps.secretBox)
      throw new ParleyError('unavailable', 'Integrations are not available: the server has no key to protect their secrets.');
    return this.deps.secretBox;
  }

  private assertManager(p: Principal): void {
    if (!canManage(p.role)) throw forbidden('Only owners and admins can manage integrations.');
  }

  private checkUrl(path: string, url: string): ErrorDetail | null {
    const problem = checkOutboundUrl(url, { allowLoopback: this.cfg.allowHttpLoopback });
    return problem ? { path, code: problem.code, message: problem.message } : null;
  }

  /** Fingerprint of a sealed secret for the audit diff (which redacts it before anything is written). */
  private fingerprint(sealed: string | null): string | null {
    return sealed === null ? null : this.deps.crypto.sha256(`parley-secret-fingerprint:${this.box().open(sealed)}`).slice(0, 16);
  }

  private async widgetOrThrow(tx: Repositories, p: Principal, widgetId: Id): Promise<void> {
    if (!(await tx.widgets.get(p.accountId, widgetId))) throw notFound('Widget');
  }

  private expected(cur: Integration | null, expectedVersion: number | undefined): void {
    if (expectedVersion === undefined) return;
    const current = cur?.version ?? 0;
    if (expectedVersion !== current) throw versionMismatch(current);
  }

  // ---- Open API ----

  private openApiAudit(i: OpenApiIntegration | null) {
    if (!i) return {};
    const s = i.settings;
    return {
      url: s.url,
      enabled: s.enabled,
      events: [...s.events],
      authHeader: s.authHeader,
      authToken: this.fingerprint(s.authToken),
      secret: this.fingerprint(s.secret),
      previousSecretExpiresAt: s.previousSecretExpiresAt,
    };
  }

  private openApiView(widgetId: Id, i: OpenApiIntegration | null, now: Instant): OpenApiIntegrationView {
    if (!i)
      return {
        widgetId,
        configured: false,
        url: null,
        enabled: false,
        events: [...DEFAULT_OPEN_API_EVENTS],
        authHeader: DEFAULT_AUTH_HEADER,
        authTokenSet: false,
        previousSecretExpiresAt: null,
        createdAt: null,
        updatedAt: null,
        version: 0,
      };
    const s = i.settings;
    const graceLive = s.previousSecret !== null && s.previousSecretExpiresAt !== null && s.previousSecretExpiresAt > now;
    return {
      widgetId,
      configured: true,
      url: s.url,
      enabled: s.enabled,
      events: [...s.events],
      authHeader: s.authHeader,
      authTokenSet: s.authToken !== null,
      previousSecretExpiresAt: graceLive ? s.previousSecretExpiresAt : null,
      createdAt: i.createdAt,
      updatedAt: i.updatedAt,
      version: i.version,
    };
  }

  async getOpenApi(p: Principal, widgetId: Id): Promise<OpenApiIntegrationView> {
    this.assertManager(p);
    const i = await this.deps.storage.read(async (r) => {
      await this.widgetOrThrow(r, p, widgetId);
      return (await r.integrations.get(p.accountId, widgetId, 'open_api')) as OpenApiIntegration | null;
    });
    return this.openApiView(widgetId, i, isoNow(this.deps.clock));
  }

  /**
   * Creates or changes the widget's Open API integration. The first PUT makes a signing secret and
   * returns it (the only time it is shown); `rotateSecret: true` makes a new one, and the old one keeps
   * signing (a second signature) for the grace period. Audited with secrets redacted.
   */
  async putOpenApi(p: Principal, widgetId: Id, input: OpenApiPutInput, expectedVersion?: number): Promise<OpenApiIntegrationView> {
    const data = parseInput(integrationSchemas.openApiPut, input);
    this.assertManager(p);
    const box = this.box();
    const urlProblem = data.url === undefined ? null : this.checkUrl('/url', data.url);
    if (urlProblem) throw validationFailed([urlProblem], `The URL cannot be used. ${urlProblem.message}`);
    return commit(this.deps, async (tx, emit) => {
      await this.widgetOrThrow(tx, p, widgetId);
      const cur = (await tx.integrations.get(p.accountId, widgetId, 'open_api')) as OpenApiIntegration | null;
      this.expected(cur, expectedVersion ?? data.version);
      if (!cur && data.url === undefined)
        throw validationFailed([{ path: '/url', code: 'required', message: 'A URL is needed to set up the integration.' }]);
      const now = isoNow(this.deps.clock);
      let revealed: string | null = null;
      let secret = cur?.settings.secret ?? null;
      let previousSecret = cur?.settings.previousSecret ?? null;
      let previousSecretExpiresAt = cur?.settings.previousSecretExpiresAt ?? null;
      if (!secret || data.rotateSecret) {
        revealed = generateWebhookSecret(this.deps.crypto);
        if (secret) {
          previousSecret = secret;
          previousSecretExpiresAt = new Date(this.deps.clock.now().getTime() + this.cfg.secretGraceMs).toISOString();
        }
        secret = box.seal(revealed);
      }
      const next: OpenApiIntegration = {
        kind: 'open_api',
        accountId: p.accountId,
        widgetId,
        settings: {
          url: data.url !== undefined ? new URL(data.url).href : cur!.settings.url,
          enabled: data.enabled ?? cur?.settings.enabled ?? true,
          events: sortEvents(INTEGRATION_EVENTS, data.events ?? cur?.settings.events ?? DEFAULT_OPEN_API_EVENTS),
          authHeader: data.authHeader ?? cur?.settings.authHeader ?? DEFAULT_AUTH_HEADER,
          authToken:
            data.authToken === undefined
              ? (cur?.settings.authToken ?? null)
              : data.authToken === null
                ? null
                : cur?.settings.authToken && box.open(cur.settings.authToken) === data.authToken
                  ? cur.settings.authToken
                  : box.seal(data.authToken),
          secret,
          previousSecret,
          previousSecretExpiresAt,
        },
        createdAt: cur?.createdAt ?? now,
        updatedAt: now,
        version: (cur?.version ?? 0) + 1,
      };
      const changes = diff(this.openApiAudit(cur), this.openApiAudit(next));
      if (cur && changes.length === 0) return this.openApiView(widgetId, cur, now);
      if (!(await tx.integrations.put(next, cur ? cur.version : null))) throw lostRace();
      await appendAudit(tx, this.deps, p.accountId, actorOf(p), {
        type: 'integration',
        action: !cur
          ? 'integration.open_api_created'
          : data.rotateSecret
            ? 'integration.open_api_secret_rotated'
            : 'integration.open_api_updated',
        targetType: 'integration_open_api',
        targetId: widgetId,
        widgetId,
        changes,
      });
      this.emitChanged(emit, p.accountId, widgetId, 'open_api', now);
      const view = this.openApiView(widgetId, next, now);
      return revealed ? { ...view, secret: revealed } : view;
    });
  }

  /** A new signing secret, shown once; the previous one keeps signing for the grace period. */
  async rotateOpenApiSecret(p: Principal, widgetId: Id, expectedVersion?: number): Promise<OpenApiIntegrationView> {
    const current = await this.getOpenApi(p, widgetId);
    if (!current.configured) throw notFound('Open API integration');
    return this.putOpenApi(p, widgetId, { rotateSecret: true }, expectedVersion);
  }

  // ---- Salesforce ----

  private salesforceAudit(i: SalesforceIntegration | null) {
    if (!i) return {};
    const s = i.settings;
    return {
      enabled: s.enabled,
      instanceUrl: s.instanceUrl,
      apiVersion: s.apiVersion,
      authFlow: s.authFlow,
      clientId: s.clientId,
      clientSecret: this.fingerprint(s.clientSecret),
      refreshToken: this.fingerprint(s.refreshToken),
      events: [...s.events],
      fieldMapping: s.fieldMapping.map((m) => ({ ...m })),
    };
  }

  private salesforceView(widgetId: Id, i: SalesforceIntegration | null): SalesforceIntegrationView {
    if (!i)
      return {
        widgetId,
        configured: false,
        enabled: false,
        instanceUrl: null,
        apiVersion: DEFAULT_SALESFORCE_API_VERSION,
        authFlow: 'client_credentials',
        clientId: null,
        clientSecretSet: false,
        refreshTokenSet: false,
        events: [...SALESFORCE_EVENTS],
        fieldMapping: [],
        sourceFields: LEAD_SOURCE_FIELDS,
        createdAt: null,
        updatedAt: null,
        version: 0,
      };
    const s = i.settings;
    return {
      widgetId,
      configured: true,
      enabled: s.enabled,
      instanceUrl: s.instanceUrl,
      apiVersion: s.apiVersion,
      authFlow: s.authFlow,
      clientId: s.clientId,
      clientSecretSet: true,
      refreshTokenSet: s.refreshToken !== null,
      events: [...s.events],
      fieldMapping: s.fieldMapping.map((m) => ({ ...m })),
      sourceFields: LEAD_SOURCE_FIELDS,
      createdAt: i.createdAt,
      updatedAt: i.updatedAt,
      version: i.version,
    };
  }

  async getSalesforce(p: Principal, widgetId: Id): Promise<SalesforceIntegrationView> {
    this.assertManager(p);
    const i = await this.deps.storage.read(async (r) => {
      await this.widgetOrThrow(r, p, widgetId);
      return (await r.integrations.get(p.accountId, widgetId, 'salesforce')) as SalesforceIntegration | null;
    });
    return this.salesforceView(widgetId, i);
  }

  /**
   * Connects a Salesforce org to the widget or changes the connection: instance URL, OAuth client
   * (secret and refresh token are write-only, sealed at rest) and the Lead field mapping. Audited with
   * secrets redacted.
   */
  async putSalesforce(p: Principal, widgetId: Id, input: SalesforcePutInput, expectedVersion?: number): Promise<SalesforceIntegrationView> {
    // Every problem in one refusal: the schema's, the instance URL's, and what a first setup lacks (the form
    // would otherwise meet them a batch at a time).
    const { data, problems } = parseCollecting(integrationSchemas.salesforcePut, input);
    this.assertManager(p);
    const box = this.box();
    // As sent (the HTTP edge leaves the body to this check): any JSON at all.
    const sent = (typeof input === 'object' && input !== null ? input : {}) as Record<string, unknown>;
    const url = data ? data.instanceUrl : problems.some((d) => d.path === '/instanceUrl') ? undefined : sent.instanceUrl;
    const urlProblem = typeof url === 'string' ? this.checkUrl('/instanceUrl', url) : null;
    if (urlProblem) problems.push(urlProblem);
    if (!data || problems.length) {
      const cur = await this.deps.storage.read((r) => r.integrations.get(p.accountId, widgetId, 'salesforce'));
      if (!cur)
        for (const [path, message] of FIRST_SALESFORCE_NEEDS)
          if (sent[path.slice(1)] === undefined) problems.push({ path, code: 'required', message });
      throw validationFailed(problems, urlProblem && problems.length === 1 ? 'The instance URL cannot be used.' : undefined);
    }
    return commit(this.deps, async (tx, emit) => {
      await this.widgetOrThrow(tx, p, widgetId);
      const cur = (await tx.integrations.get(p.accountId, widgetId, 'salesforce')) as SalesforceIntegration | null;
      this.expected(cur, expectedVersion ?? data.version);
      const authFlow = data.authFlow ?? cur?.settings.authFlow ?? 'client_credentials';
      const missing: ErrorDetail[] = [];
      if (!cur)
        for (const [path, message] of FIRST_SALESFORCE_NEEDS)
          if (data[path.slice(1) as keyof typeof data] === undefined) missing.push({ path, code: 'required', message });
      const keepOrSeal = (sealed: string | null | undefined, plain: string): string =>
        sealed && box.open(sealed) === plain ? sealed : box.seal(plain);
      const refreshToken =
        data.refreshToken === undefined
          ? (cur?.settings.refreshToken ?? null)
          : data.refreshToken === null
            ? null
            : keepOrSeal(cur?.settings.refreshToken, data.refreshToken);
      if (authFlow === 'refresh_token' && refreshToken === null)
        missing.push({ path: '/refreshToken', code: 'required', message: 'The refresh_token flow needs a refresh token.' });
      if (missing.length) throw validationFailed(missing);
      const now = isoNow(this.deps.clock);
      const next: SalesforceIntegration = {
        kind: 'salesforce',
        accountId: p.accountId,
        widgetId,
        settings: {
          enabled: data.enabled ?? cur?.settings.enabled ?? true,
          instanceUrl: data.instanceUrl !== undefined ? new URL(data.instanceUrl).origin : cur!.settings.instanceUrl,
          apiVersion: data.apiVersion ?? cur?.settings.apiVersion ?? DEFAULT_SALESFORCE_API_VERSION,
          authFlow,
          clientId: data.clientId ?? cur!.settings.clientId,
          clientSecret:
            data.clientSecret === undefined ? cur!.settings.clientSecret : keepOrSeal(cur?.settings.clientSecret, data.clientSecret),
          refreshToken,
          events: sortEvents(SALESFORCE_EVENTS, data.events ?? cur?.settings.events ?? SALESFORCE_EVENTS) as SupportRequestEvent[],
          fieldMapping: data.fieldMapping ?? cur?.settings.fieldMapping ?? [],
        },
        createdAt: cur?.createdAt ?? now,
        updatedAt: now,
        version: (cur?.version ?? 0) + 1,
      };
      const changes = diff(this.salesforceAudit(cur), this.salesforceAudit(next));
      if (cur && changes.length === 0) return this.salesforceView(widgetId, cur);
      if (!(await tx.integrations.put(next, cur ? cur.version : null))) throw lostRace();
      await appendAudit(tx, this.deps, p.accountId, actorOf(p), {
        type: 'integration',
        action: cur ? 'integration.salesforce_updated' : 'integration.salesforce_created',
        targetType: 'integration_salesforce',
        targetId: widgetId,
        widgetId,
        changes,
      });
      this.emitChanged(emit, p.accountId, widgetId, 'salesforce', now);
      return this.salesforceView(widgetId, next);
    });
  }

  /**
   * Removes one of the widget's integrations for good, with its sealed secrets or credentials: nothing
   * more is pushed, and deliveries still waiting end as not sent. The deliveries already made stay, as
   * history. Audited with every value it had (secrets as redacted fingerprints), so it is not revertible.
   */
  async removeIntegration(p: Principal, widgetId: Id, kind: IntegrationKind, expectedVersion?: number): Promise<void> {
    this.assertManager(p);
    await commit(this.deps, async (tx, emit) => {
      await this.widgetOrThrow(tx, p, widgetId);
      const cur = await tx.integrations.get(p.accountId, widgetId, kind);
      if (!cur) throw notFound(kind === 'open_api' ? 'Open API integration' : 'Salesforce integration');
      this.expected(cur, expectedVersion);
      if (!(await tx.integrations.delete(p.accountId, widgetId, kind, cur.version))) throw lostRace();
      const before = cur.kind === 'open_api' ? this.openApiAudit(cur) : this.salesforceAudit(cur as SalesforceIntegration);
      await appendAudit(tx, this.deps, p.accountId, actorOf(p), {
        type: 'integration',
        action: kind === 'open_api' ? 'integration.open_api_removed' : 'integration.salesforce_removed',
        targetType: kind === 'open_api' ? 'integration_open_api' : 'integration_salesforce',
        targetId: widgetId,
        widgetId,
        changes: diff(before, {}),
      });
      this.emitChanged(emit, p.accountId, widgetId, kind, isoNow(this.deps.clock));
    });
  }

  private emitChanged(emit: Emit, accountId: Id, widgetId: Id, kind: IntegrationKind, at: Instant): void {
    emit({ type: 'integration.updated', accountId, topics: [`account:${accountId}`, `widget:${widgetId}`], at, data: { widgetId, kind } });
  }

  /**
   * Checks the widget's Salesforce connection as it is saved: asks for a new token and describes the
   * Lead object, creating nothing. Answers what happened (a refused secret, an unreachable org) rather
   * than failing, and the Lead fields the org accepts, for the mapping editor. Not audited: nothing
   * changes.
   */
  async checkSalesforce(p: Principal, widgetId: Id): Promise<SalesforceCheck> {
    this.assertManager(p);
    const i = await this.deps.storage.read(async (r) => {
      await this.widgetOrThrow(r, p, widgetId);
      return (await r.integrations.get(p.accountId, widgetId, 'salesforce')) as SalesforceIntegration | null;
    });
    if (!i) throw notFound('Salesforce integration');
    if (!this.deps.crm) throw new ParleyError('unavailable', 'This server has no Salesforce client configured.');
    const r = await this.deps.crm.checkConnection(crmConnectionOf(i, this.box()));
    return { ok: r.ok, status: r.status, latencyMs: Math.round(r.latencyMs), error: r.error, leadFields: r.leadFields };
  }

  // ---- Deliveries ----

  /** A widget's deliveries, newest first, without payloads (owners and admins). */
  /** A widget's deliveries, or with {@link ACCOUNT_WIDE} the account's own mails (invitations, resets, lockout notices). */
  async listDeliveries(p: Principal, widgetId: Id, query: DeliveryQuery): Promise<Page<DeliverySummary>> {
    const q = parseInput(integrationSchemas.deliveryQuery, query);
    this.assertManager(p);
    const page = await this.deps.storage.read(async (r) => {
      if (widgetId !== ACCOUNT_WIDE) await this.widgetOrThrow(r, p, widgetId);
      return r.deliveries.listByWidget(p.accountId, widgetId, q.status ? { status: q.status as DeliveryStatus } : {}, {
        cursor: q.cursor ?? null,
        limit: q.limit,
      });
    });
    return { items: page.items.map(summaryOf), nextCursor: page.nextCursor };
  }

  /** One delivery with its payload and every try. */
  async getDelivery(p: Principal, id: Id): Promise<DeliveryDetail> {
    this.assertManager(p);
    const found = await this.deps.storage.read(async (r) => {
      const d = await r.deliveries.get(p.accountId, id);
      return d ? { ...d, test: isTestDelivery(d), attemptLog: await r.deliveries.listAttempts(p.accountId, id) } : null;
    });
    if (!found) throw notFound('Delivery');
    return found;
  }

  /**
   * Sends a delivery again, with the same `webhook-id` (receivers that already have it may skip it):
   * it is queued at once with a fresh retry schedule. Refused with `conflict` while it is being sent.
   */
  async redeliver(p: Principal, id: Id): Promise<DeliverySummary> {
    this.assertManager(p);
    return commit(this.deps, async (tx, emit) => {
      const cur = await tx.deliveries.get(p.accountId, id);
      if (!cur) throw notFound('Delivery');
      const now = isoNow(this.deps.clock);
      if (!(await tx.deliveries.requeue(p.accountId, id, now)))
        throw new ParleyError('conflict', 'The delivery is being sent right now; try again once this try has finished.');
      await appendAudit(tx, this.deps, p.accountId, actorOf(p), {
        type: 'integration',
        action: 'delivery.redelivered',
        targetType: 'delivery',
        targetId: id,
        // Account-wide mails (invitations, resets) belong to no widget.
        widgetId: cur.widgetId === ACCOUNT_WIDE ? null : cur.widgetId,
        changes: diff({ status: cur.status }, { status: 'pending' }),
      });
      emit({ type: 'delivery.enqueued', accountId: p.accountId, topics: [DELIVERY_TOPIC], at: now, data: { count: 1 } });
      const after = await tx.deliveries.get(p.accountId, id);
      return summaryOf(after!);
    });
  }

  /**
   * Sends a sample `support-request` (an `offline_request.created` from a made-up visitor, marked as a
   * test in its text) to the widget's Open API endpoint through the outbox, so an admin sees in the
   * delivery log what their receiver answers, retries included. It goes out even while the integration
   * is disabled or not subscribed to that event: that is how a receiver is checked before it is
   * switched on. Audited as an action (nothing changes back).
   */
  async sendOpenApiTest(p: Principal, widgetId: Id): Promise<DeliverySummary> {
    this.assertManager(p);
    return commit(this.deps, async (tx, emit) => {
      await this.widgetOrThrow(tx, p, widgetId);
      const i = await tx.integrations.get(p.accountId, widgetId, 'open_api');
      if (!i) throw notFound('Open API integration');
      const now = isoNow(this.deps.clock);
      const id = this.deps.ids.next();
      const payload = buildSupportRequestPayload({
        event: 'offline_request.created',
        chat: offlineRequestSample(testEventId(id), widgetId, p.accountId, now),
        events: [],
        agent: null,
        publicUrl: null,
      });
      const d = newDelivery(id, now, {
        accountId: p.accountId,
        widgetId,
        target: 'open_api',
        eventType: 'offline_request.created',
        payload,
      });
      await tx.deliveries.insert(d);
      await appendAudit(tx, this.deps, p.accountId, actorOf(p), {
        type: 'integration',
        action: 'delivery.test_sent',
        targetType: 'delivery',
        targetId: id,
        widgetId,
        changes: diff({ status: null }, { status: 'pending' }),
      });
      emit({ type: 'delivery.enqueued', accountId: p.accountId, topics: [DELIVERY_TOPIC], at: now, data: { count: 1 } });
      return summaryOf(d);
    });
  }

  /** Writes outbox rows for an event inside the caller's transaction (see {@link enqueueIntegrationEvent}). */
  enqueueFor(tx: Repositories, event: IntegrationEventInput, emit?: Emit): Promise<Delivery[]> {
    return enqueueIntegrationEvent(tx, this.deps, event, emit);
  }

  /** Builds a support request from a chat and writes its outbox rows inside `tx` (see {@link enqueueSupportRequest}). */
  enqueueSupportRequest(
    tx: Repositories,
    input: SupportRequestEnqueue & { chat: Chat | PublicChat; events?: readonly ChatEvent[] },
    emit?: Emit,
  ): Promise<Delivery[]> {
    return enqueueSupportRequest(tx, this.deps, input, emit);
  }
}
