import { DEFAULT_BACKOFF, decideAfterAttempt, type BackoffPolicy, type RetryDecision } from '../integrations/backoff.js';
import { mapLeadFields } from '../integrations/lead-mapping.js';
import { crmConnectionOf } from '../integrations/salesforce-connection.js';
import type { SupportRequestPayload } from '../integrations/payload.js';
import { webhookHeaders } from '../integrations/signing.js';
import type {
  Delivery,
  DeliveryAttempt,
  DeliveryLease,
  DeliveryOutcome,
  Integration,
  IntegrationKind,
  OpenApiIntegration,
  SalesforceIntegration,
} from '../model/integration.js';
import type { CrmClient, SecretBox, TransportResult, WebhookTransport } from '../ports/integrations.js';
import type { Mailer } from '../ports/mail.js';
import { mailOfDelivery } from '../outbox/mail-outbox.js';
import type { Storage } from '../ports/storage.js';
import type { Clock, IdGenerator, TokenCrypto } from '../ports/system.js';

/** The ports a dispatcher works with. */
export interface DispatcherDeps {
  readonly storage: Storage;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly crypto: TokenCrypto;
  readonly secretBox: SecretBox;
  readonly transport: WebhookTransport;
  /** Without it, Salesforce deliveries fail with a clear error (and are retried). */
  readonly crm?: CrmClient | null;
  /** Without it, e-mail deliveries end `skipped` (recorded, never sent), so nothing pretends to be sent. */
  readonly mailer?: Mailer | null;
}

export interface DispatcherOptions {
  /** Names this dispatcher in leases and attempt records (host name + pid in the reference host). */
  readonly workerId: string;
  /**
   * How long a claim lasts. It must outlast one try (the transport's time limit and its quick retries)
   * plus {@link LEASE_MARGIN_MS} to record it: a dispatcher that dies mid-try leaves its rows to be
   * claimed again once the lease ends. A try still running when only the margin is left is aborted.
   */
  readonly leaseMs?: number;
  /** Rows one round works through (claimed a few at a time, as tries can start), before it ends. */
  readonly batchSize?: number;
  /** Tries in flight at once; never more rows than this are claimed and not yet started. */
  readonly concurrency?: number;
  readonly backoff?: BackoffPolicy;
  /** Random source for jitter (`Math.random` by default; tests inject their own). */
  readonly random?: () => number;
  /** Sent as `user-agent`. */
  readonly userAgent?: string;
  /**
   * Told when a try's result could not be recorded because the row's lease had ended (another
   * dispatcher may have claimed and sent it meanwhile): the result is dropped, so hosts should log it.
   */
  readonly onLeaseLost?: (lost: LostLease) => void;
}

/** A try whose result came too late to be recorded (see {@link DispatcherOptions.onLeaseLost}). */
export interface LostLease {
  readonly deliveryId: string;
  readonly accountId: string;
  readonly workerId: string;
  /** When the lease ended. */
  readonly claimUntil: string;
  /** When the result was ready. */
  readonly finishedAt: string;
  /** What would have been recorded. */
  readonly outcome: DeliveryOutcome['status'];
  readonly httpStatus: number | null;
}

/**
 * What a lease keeps back from the try to record it: a try still running this close to its lease's end
 * is aborted (and recorded as a failed try), so that its result is recorded while the lease still holds.
 */
export const LEASE_MARGIN_MS = 1_000;

export interface DispatchReport {
  readonly claimed: number;
  readonly succeeded: number;
  readonly retrying: number;
  /** Ended `failed` or `dead`. */
  readonly finished: number;
  /** Given back unsent because the dispatcher was stopping (or the lease was nearly over before the try). */
  readonly released: number;
  /** Tried, but the lease had ended before the result could be recorded (see {@link DispatcherOptions.onLeaseLost}). */
  readonly lost: number;
}

const NOTHING: DispatchReport = { claimed: 0, succeeded: 0, retrying: 0, finished: 0, released: 0, lost: 0 };

/** What the dispatcher does with one claimed row when it cannot even try. */
const notSent = (error: string): TransportResult => ({
  ok: false,
  status: null,
  latencyMs: 0,
  error,
  responseSnippet: null,
  retryAfter: null,
});

/**
 * Sends what the outbox holds. Each {@link runOnce} works through up to `batchSize` due rows, claiming
 * only as many as can start at once (`concurrency` minus the tries in flight), so that every try starts
 * as soon as its lease does; claims are atomic: two dispatchers, in one process or many, never get the
 * same row while its lease holds. It tries each one through the
 * {@link WebhookTransport} or {@link CrmClient}, and records the try and its outcome together: success
 * on 2xx, stop for good on 410, otherwise a retry persisted in `nextAttemptAt` after an exponential,
 * jittered wait (or the receiver's `Retry-After`), for about three days.
 *
 * Open API deliveries are signed per try (Standard Webhooks: the same `webhook-id`, a fresh
 * `webhook-timestamp`), with the current secret and, during a rotation's grace period, the previous one.
 * The integration's current settings are used at each try, so fixing a URL fixes the pending retries.
 */
export class DeliveryDispatcher {
  readonly workerId: string;
  private readonly leaseMs: number;
  private readonly batchSize: number;
  private readonly concurrency: number;
  private readonly backoff: BackoffPolicy;
  private readonly random: () => number;
  private readonly userAgent: string;
  private readonly onLeaseLost: ((lost: LostLease) => void) | undefined;
  private readonly stopping = new AbortController();
  private readonly running = new Set<Promise<unknown>>();

  constructor(
    private readonly deps: DispatcherDeps,
    options: DispatcherOptions,
  ) {
    this.workerId = options.workerId;
    this.leaseMs = options.leaseMs ?? 60_000;
    this.batchSize = options.batchSize ?? 50;
    this.concurrency = options.concurrency ?? 16;
    this.backoff = options.backoff ?? DEFAULT_BACKOFF;
    this.random = options.random ?? Math.random;
    this.userAgent = options.userAgent ?? 'Parley-Webhooks/1';
    this.onLeaseLost = options.onLeaseLost;
  }

  /** Whether {@link stop} was called. */
  get stopped(): boolean {
    return this.stopping.signal.aborted;
  }

  /** Claims one batch of due rows and tries each; resolves when every try is recorded. */
  runOnce(): Promise<DispatchReport> {
    if (this.stopped) return Promise.resolve(NOTHING);
    const run = this.batch();
    this.running.add(run);
    return run.finally(() => this.running.delete(run));
  }

  /** Runs batches back to back while they come back full (a backlog), up to `maxBatches`. */
  async drain(maxBatches = Number.POSITIVE_INFINITY): Promise<DispatchReport> {
    const total = { ...NOTHING };
    for (let i = 0; i < maxBatches && !this.stopped; i++) {
      const r = await this.runOnce();
      for (const k of Object.keys(total) as (keyof DispatchReport)[]) total[k] += r[k];
      if (r.claimed < this.batchSize) break;
    }
    return total;
  }

  /**
   * Stops: no new claims; tries in flight are aborted and their rows released (due again at once, no
   * try counted), so another dispatcher or the next start sends them without waiting for the lease.
   */
  async stop(): Promise<void> {
    this.stopping.abort();
    await Promise.allSettled([...this.running]);
  }

  private async batch(): Promise<DispatchReport> {
    const report = { ...NOTHING };
    // One read of each integration per round: a backlog for one receiver costs one lookup, not one per row.
    const integrations = new Map<string, Promise<Integration | null>>();
    const integrationOf = (d: Delivery) => {
      if (d.target === 'email') return Promise.resolve(null);
      const key = `${d.accountId}\u0000${d.widgetId}\u0000${d.target}`;
      let found = integrations.get(key);
      if (!found)
        integrations.set(
          key,
          (found = this.deps.storage.read((r) => r.integrations.get(d.accountId, d.widgetId, d.target as IntegrationKind))),
        );
      return found;
    };
    // A receiver that answers again gets its waiting rows expedited once per round, not once per success.
    const expedited = new Set<string>();
    const expediteOnce = (d: Delivery) => {
      const key = `${d.accountId}\u0000${d.widgetId}\u0000${d.target}`;
      if (expedited.has(key)) return false;
      expedited.add(key);
      return true;
    };
    // Claim only what can start now: a row claimed to wait behind others would spend its lease waiting,
    // and another dispatcher would send it again when the lease ran out under the late try.
    const inFlight = new Set<Promise<void>>();
    const failures: unknown[] = [];
    let more = true;
    try {
      for (;;) {
        const want = Math.min(this.concurrency - inFlight.size, this.batchSize - report.claimed);
        if (more && failures.length === 0 && !this.stopped && want > 0) {
          const now = this.deps.clock.now().toISOString();
          const claimed = await this.deps.storage.transaction((tx) => tx.deliveries.claimDue(now, want, this.workerId, this.leaseMs));
          report.claimed += claimed.length;
          if (claimed.length < want) more = false;
          for (const d of claimed) {
            const run: Promise<void> = this.deliverClaimed(d, integrationOf, expediteOnce)
              .then(
                (result) => void report[result]++,
                (error: unknown) => void failures.push(error),
              )
              .finally(() => inFlight.delete(run));
            inFlight.add(run);
          }
        }
        if (inFlight.size === 0) break;
        await Promise.race(inFlight);
      }
    } finally {
      // A failed claim ends the round, but only once the tries already started are recorded.
      await Promise.allSettled([...inFlight]);
    }
    if (failures.length) throw failures[0];
    return report;
  }

  private async deliverClaimed(
    d: Delivery,
    integrationOf: (d: Delivery) => Promise<Integration | null>,
    expediteOnce: (d: Delivery) => boolean,
  ): Promise<'succeeded' | 'retrying' | 'finished' | 'released' | 'lost'> {
    const lease: DeliveryLease = { claimedBy: d.claimedBy ?? this.workerId, claimUntil: d.claimUntil ?? '' };
    if (this.stopped) return this.release(d, lease);
    const startedAt = this.deps.clock.now();
    let integration: Integration | null = null;
    let result: TransportResult;
    let permanent: string | null = null;
    // E-mail only: no mail transport (`skipped`), or a refusal that no retry changes (SMTP 5xx).
    let mailEnd: 'skipped' | 'refused' | null = null;
    // The try must end while the lease still holds, with time left to record it.
    const deadline = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const startTimer = (left: number) => {
      timer = setTimeout(() => deadline.abort(), left);
      timer.unref?.();
      return AbortSignal.any([this.stopping.signal, deadline.signal]);
    };
    try {
      if (d.target === 'email') {
        const left = Date.parse(lease.claimUntil) - this.deps.clock.now().getTime() - LEASE_MARGIN_MS;
        if (!this.deps.mailer) {
          mailEnd = 'skipped';
          result = notSent('not sent: this server has no mail transport configured (PARLEY_SMTP_URL)');
        } else if (!(left > 0)) return await this.release(d, lease);
        else {
          const sent = await this.deps.mailer.send(
            mailOfDelivery(d, this.deps.secretBox ? (s) => this.deps.secretBox.open(s) : null),
            startTimer(left),
          );
          if (!sent.ok && sent.permanent) mailEnd = 'refused';
          result = {
            ok: sent.ok,
            status: sent.code,
            latencyMs: sent.latencyMs,
            error: sent.error,
            responseSnippet: null,
            retryAfter: null,
          };
        }
      } else {
        integration = await integrationOf(d);
        if (!integration)
          permanent = `not sent: the widget has no ${d.target === 'open_api' ? 'Open API' : 'Salesforce'} integration any more`;
        else if (!integration.settings.enabled) permanent = 'not sent: the integration is disabled';
        if (permanent || !integration) result = notSent(permanent ?? 'not sent');
        else {
          const left = Date.parse(lease.claimUntil) - this.deps.clock.now().getTime() - LEASE_MARGIN_MS;
          // Too late to start: give the row back rather than send what another dispatcher may send too.
          if (!(left > 0)) return await this.release(d, lease);
          const signal = startTimer(left);
          result =
            integration.kind === 'open_api'
              ? await this.sendOpenApi(d, integration, startedAt, signal)
              : await this.sendSalesforce(d, integration, signal);
        }
      }
    } catch (e) {
      // A bug or an unreadable secret: record it as a failed try rather than losing the row.
      result = notSent(`not sent: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      clearTimeout(timer);
    }
    if (this.stopped && mailEnd !== 'skipped' && result.error !== null && result.status === null) return this.release(d, lease);
    if (deadline.signal.aborted && !result.ok && result.status === null)
      result = { ...result, error: `abandoned: the try was still running ${LEASE_MARGIN_MS} ms before its ${this.leaseMs} ms lease ended` };

    const now = this.deps.clock.now();
    const attempts = d.attempts + 1;
    const decision: RetryDecision | { readonly kind: 'skipped' } = permanent
      ? ({ kind: 'dead', reason: permanent } as const)
      : mailEnd === 'skipped'
        ? ({ kind: 'skipped' } as const)
        : mailEnd === 'refused'
          ? ({ kind: 'failed', reason: 'the mail server refused it for good: no more tries' } as const)
          : decideAfterAttempt(this.backoff, result, attempts, now, this.random);
    const lastError =
      decision.kind === 'succeeded'
        ? null
        : decision.kind === 'skipped'
          ? result.error
          : (result.error ?? (result.status !== null ? `the receiver answered ${result.status}` : 'failed')) +
            (decision.kind === 'dead' && !permanent ? ` (${decision.reason})` : decision.kind === 'failed' ? ` (${decision.reason})` : '');
    const outcome: DeliveryOutcome = {
      status: decision.kind === 'retry' ? 'pending' : decision.kind,
      attempts,
      nextAttemptAt: decision.kind === 'retry' ? new Date(now.getTime() + decision.delayMs).toISOString() : null,
      lastError,
      lastStatus: result.status,
      updatedAt: now.toISOString(),
    };
    const attempt: DeliveryAttempt = {
      id: this.deps.ids.next(),
      deliveryId: d.id,
      accountId: d.accountId,
      startedAt: startedAt.toISOString(),
      latencyMs: Math.max(0, Math.round(result.latencyMs)),
      status: result.status,
      ok: result.ok,
      error: result.ok ? null : lastError,
      responseSnippet: result.responseSnippet,
      workerId: this.workerId,
    };
    const recorded = await this.deps.storage.transaction(async (tx) => {
      const done = await tx.deliveries.complete(d.id, lease, outcome, attempt);
      // The receiver is back: its other rows need not wait out their backoff.
      if (done && result.ok && d.attempts > 0 && d.target !== 'email' && expediteOnce(d))
        await tx.deliveries.expedite(d.accountId, d.widgetId, d.target, outcome.updatedAt);
      return done;
    });
    if (!recorded) {
      this.onLeaseLost?.({
        deliveryId: d.id,
        accountId: d.accountId,
        workerId: this.workerId,
        claimUntil: lease.claimUntil,
        finishedAt: outcome.updatedAt,
        outcome: outcome.status,
        httpStatus: result.status,
      });
      return 'lost';
    }
    return decision.kind === 'succeeded' ? 'succeeded' : decision.kind === 'retry' ? 'retrying' : 'finished';
  }

  private async release(d: Delivery, lease: DeliveryLease): Promise<'released'> {
    const now = this.deps.clock.now().toISOString();
    await this.deps.storage.transaction((tx) => tx.deliveries.release([d.id], lease, now));
    return 'released';
  }

  /** The secrets that sign right now: the current one, and the previous one during its grace period. */
  private signingSecrets(i: OpenApiIntegration, now: Date): string[] {
    const s = i.settings;
    const secrets = [this.deps.secretBox.open(s.secret)];
    if (s.previousSecret && s.previousSecretExpiresAt && s.previousSecretExpiresAt > now.toISOString())
      secrets.push(this.deps.secretBox.open(s.previousSecret));
    return secrets;
  }

  private sendOpenApi(d: Delivery, i: OpenApiIntegration, now: Date, signal: AbortSignal): Promise<TransportResult> {
    const body = JSON.stringify(d.payload);
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'user-agent': this.userAgent,
      ...webhookHeaders(this.deps.crypto, this.signingSecrets(i, now), d.id, now, body),
    };
    if (i.settings.authToken) headers[i.settings.authHeader.toLowerCase()] = this.deps.secretBox.open(i.settings.authToken);
    return this.deps.transport.send({ url: i.settings.url, headers, body }, signal);
  }

  private async sendSalesforce(d: Delivery, i: SalesforceIntegration, signal: AbortSignal): Promise<TransportResult> {
    if (!this.deps.crm) return notSent('not sent: this server has no Salesforce client configured');
    const fields = mapLeadFields(d.payload as unknown as SupportRequestPayload, i.settings.fieldMapping);
    return this.deps.crm.createLead(crmConnectionOf(i, this.deps.secretBox), fields, signal);
  }
}
