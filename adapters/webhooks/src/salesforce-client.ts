import type { CrmCheck, CrmClient, CrmConnection, CrmResult } from '@parley/core';
import { GuardedHttpClient, type OutboundOptions, type OutboundResponse } from './outbound.js';

export interface SalesforceClientOptions extends OutboundOptions {
  /** How long an access token is reused before a new one is asked for (Salesforce sessions last 2 h by default). */
  readonly tokenTtlMs?: number;
  readonly now?: () => number;
}

interface CachedToken {
  readonly accessToken: string;
  readonly expiresAt: number;
}

const parseJson = (text: string | null): Record<string, unknown> | null => {
  if (!text) return null;
  try {
    const v: unknown = JSON.parse(text);
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
};

/**
 * {@link CrmClient} for Salesforce, on the REST API:
 * 1. an OAuth 2.0 token from `<instanceUrl>/services/oauth2/token`, with the Client Credentials flow
 *    (`grant_type=client_credentials`, a Connected App or External Client App with a run-as user) or
 *    the Refresh Token flow (`grant_type=refresh_token`); tokens are cached per connection and asked
 *    for again after a 401;
 * 2. `POST <instanceUrl>/services/data/<apiVersion>/sobjects/Lead/` with the mapped fields; 201 gives
 *    the Lead's id.
 *
 * Every call goes through the same guards as webhooks (https, addresses checked at connect time, time
 * limit, no redirects). Secrets are sent only in the token request's form body, never logged or
 * recorded.
 */
export class SalesforceCrmClient implements CrmClient {
  private readonly client: GuardedHttpClient;
  private readonly tokens = new Map<string, CachedToken>();
  private readonly tokenTtlMs: number;
  private readonly now: () => number;

  constructor(options: SalesforceClientOptions = {}) {
    this.client = new GuardedHttpClient(options);
    this.tokenTtlMs = options.tokenTtlMs ?? 30 * 60_000;
    this.now = options.now ?? Date.now;
  }

  close(): void {
    this.client.close();
  }

  async createLead(connection: CrmConnection, fields: Readonly<Record<string, unknown>>, signal?: AbortSignal): Promise<CrmResult> {
    const started = performance.now();
    let token = await this.token(connection, false, signal);
    if ('error' in token) return { ...token.error, latencyMs: performance.now() - started };
    const post = (accessToken: string) =>
      this.client.send(
        {
          url: `${connection.instanceUrl}/services/data/${connection.apiVersion}/sobjects/Lead/`,
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json', authorization: `Bearer ${accessToken}` },
          body: JSON.stringify(fields),
        },
        signal,
      );
    let res = await post(token.accessToken);
    if (res.status === 401) {
      // The cached session expired or was revoked: one new token, one more try.
      token = await this.token(connection, true, signal);
      if ('error' in token) return { ...token.error, latencyMs: performance.now() - started };
      res = await post(token.accessToken);
    }
    const body = parseJson(res.responseSnippet);
    const recordId = res.ok && typeof body?.id === 'string' ? body.id : null;
    const { location: _location, ...rest } = res;
    return {
      ...rest,
      latencyMs: performance.now() - started,
      error: res.ok ? null : `Salesforce refused the Lead: ${res.error ?? 'no answer'}`,
      recordId,
    };
  }

  /**
   * A new token (never the cached one: the check is of the credentials as saved now), then
   * `GET <instanceUrl>/services/data/<apiVersion>/sobjects/Lead/describe`: the Lead fields the run-as
   * user may create records with. Nothing is created.
   */
  async checkConnection(connection: CrmConnection, signal?: AbortSignal): Promise<CrmCheck> {
    const started = performance.now();
    const token = await this.token(connection, true, signal);
    if ('error' in token) {
      const { recordId: _none, ...failed } = token.error;
      return { ...failed, latencyMs: performance.now() - started, leadFields: null };
    }
    const res = await this.client.send(
      {
        url: `${connection.instanceUrl}/services/data/${connection.apiVersion}/sobjects/Lead/describe`,
        method: 'GET',
        headers: { accept: 'application/json', authorization: `Bearer ${token.accessToken}` },
        // A Lead with many custom fields describes itself in a few hundred KB.
        maxResponseBytes: 4 * 1024 * 1024,
      },
      signal,
    );
    const { location: _location, ...rest } = res;
    const body = res.ok ? parseJson(res.responseSnippet) : null;
    const fields = Array.isArray(body?.fields) ? (body.fields as { name?: unknown; createable?: unknown }[]) : null;
    const leadFields = fields
      ? fields
          .filter((f) => f.createable === true && typeof f.name === 'string')
          .map((f) => f.name as string)
          .sort()
      : null;
    return {
      ...rest,
      ok: res.ok && leadFields !== null,
      latencyMs: performance.now() - started,
      error: res.ok
        ? leadFields
          ? null
          : 'Salesforce described no Lead fields'
        : `Salesforce refused to describe Leads: ${res.error ?? 'no answer'}`,
      // The description is large and says nothing secret; the admin sees the field names instead.
      responseSnippet: res.ok ? null : res.responseSnippet,
      leadFields,
    };
  }

  private async token(c: CrmConnection, fresh: boolean, signal?: AbortSignal): Promise<{ accessToken: string } | { error: CrmResult }> {
    const cached = this.tokens.get(c.key);
    if (!fresh && cached && cached.expiresAt > this.now()) return { accessToken: cached.accessToken };
    this.tokens.delete(c.key);
    const form = new URLSearchParams(
      c.authFlow === 'refresh_token'
        ? { grant_type: 'refresh_token', client_id: c.clientId, client_secret: c.clientSecret, refresh_token: c.refreshToken ?? '' }
        : { grant_type: 'client_credentials', client_id: c.clientId, client_secret: c.clientSecret },
    );
    const res: OutboundResponse = await this.client.send(
      {
        url: `${c.instanceUrl}/services/oauth2/token`,
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: form.toString(),
        maxResponseBytes: 16 * 1024,
      },
      signal,
    );
    const body = parseJson(res.responseSnippet);
    const accessToken = typeof body?.access_token === 'string' ? body.access_token : null;
    if (!res.ok || !accessToken) {
      const why = res.ok ? 'the answer had no access_token' : (res.error ?? 'no answer');
      // The answer of a failed token request names the OAuth error (`invalid_client`...), never a secret;
      // a successful one holds the token, so it is not kept.
      const { location: _location, ...rest } = res;
      return {
        error: {
          ...rest,
          ok: false,
          error: `Salesforce token request failed: ${why}`,
          responseSnippet: res.ok ? null : res.responseSnippet,
          recordId: null,
        },
      };
    }
    this.tokens.set(c.key, { accessToken, expiresAt: this.now() + this.tokenTtlMs });
    return { accessToken };
  }
}
