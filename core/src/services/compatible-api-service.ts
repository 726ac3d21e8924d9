import { diff } from '../audit/diff.js';
import type { LogsCase } from '../compat/logs-case.js';
import { readLogsCase } from '../compat/read-logs-case.js';
import type { PayloadAgent } from '../integrations/payload.js';
import { LOGS_PAGE_SIZE, logsQuerySchema, logsRange, type LogsQuery } from '../compat/logs-query.js';
import { toVisitorChatView, type AgentStatusByEmail, type VisitorChatView } from '../compat/visitor-chat.js';
import { forbidden, notFound, ParleyError } from '../errors.js';
import { API_TOKEN_SCOPES, toPublicApiToken, type ApiToken, type PublicApiToken } from '../model/api-token.js';
import type { AgentStatus } from '../model/chat.js';
import type { Id } from '../model/types.js';
import { canManage } from '../model/user.js';
import { isoNow } from '../ports/system.js';
import { parseInput, schemas } from '../validation.js';
import { z } from 'zod';
import { appendAudit } from './audit-service.js';
import { ipAccessDecision } from '../policies/ip-access.js';
import { ipNotAllowed } from './security-service.js';
import { loadSecurity } from './security-support.js';
import type { ChatService } from './chat-service.js';
import { actorOf, commit, type CoreDeps, type Principal, type RequestMeta } from '../runtime/context.js';
import type { AgentStatusView, PresenceService } from './presence-service.js';

/** A new API token: its secret is in it once, and never again. */
export interface CreatedApiToken {
  readonly token: PublicApiToken;
  readonly secret: string;
}

/** One page of the Logs API. */
export interface LogsPage {
  readonly cases: readonly LogsCase[];
  /** Pass back as `next` for the following page; null on the last page. */
  readonly next: string | null;
}

export const apiTokenSchemas = {
  create: z.strictObject({
    label: schemas.name().default('API token').describe('A name for the admins’ list.'),
    scope: z
      .enum(API_TOKEN_SCOPES)
      .default('read')
      .describe('`read`: GET/HEAD with a supervisor’s rights; `full`: also the compatible APIs’ writes.'),
    expiresAt: z.iso
      .datetime({ offset: true })
      .nullable()
      .default(null)
      .describe('When it stops working (ISO 8601, in the future); null: until revoked.'),
  }),
};

export type ApiTokenCreateInput = z.input<typeof apiTokenSchemas.create>;

/** Bytes of randomness in an API token's secret (256 bits). */
const SECRET_BYTES = 32;
/** What a secret looks like (URL-safe base64 of 32 bytes); anything else is unknown without a storage read. */
const SECRET_PATTERN = /^[A-Za-z0-9_-]{43}$/;
const TOKENS_LISTED = 200;
/** `lastUsedAt` is written at most this often per token, so a busy script does not write on every request. */
const LAST_USED_GRANULARITY_MS = 60_000;

const scopeRefused = () =>
  new ParleyError('token_scope', 'API tokens may only read (GET, HEAD) here; a read token cannot change anything.');

const unknownToken = () => new ParleyError('unauthenticated', 'Send a valid API token of this account in the Authorization header.');

/**
 * The counterparts of the commercial service's public APIs, for scripts migrating to Parley: account API
 * tokens (created, listed and revoked by owners and admins, audited as `security`, stored as SHA-256 only),
 * the Logs API (cases with their transcripts, 100 a page), the Agent Status API (by the agent's e-mail) and
 * the Visitor Chat API's shape of a widget's availability. A token authorizes only these APIs, of its own
 * account: {@link authenticate} makes the principal they run as, with the role of a supervisor, so a status
 * it sets is audited like a supervisor's with the token as the actor.
 */
export class CompatibleApiService {
  constructor(
    private readonly deps: CoreDeps,
    private readonly chats: ChatService,
    private readonly presence: PresenceService,
  ) {}

  // ---------------------------------------------------------------- tokens

  /** Creates a token (owners, admins). The secret is returned once; only its SHA-256 is stored. Audited as `api_token.created`. */
  async createToken(p: Principal, input: ApiTokenCreateInput): Promise<CreatedApiToken> {
    const data = parseInput(apiTokenSchemas.create, input);
    this.assertCanManage(p);
    const now = isoNow(this.deps.clock);
    const expiresAt = data.expiresAt === null ? null : new Date(data.expiresAt).toISOString();
    if (expiresAt !== null && expiresAt <= now)
      throw new ParleyError('validation_failed', 'Pick an expiry in the future.', {
        details: [{ path: '/expiresAt', code: 'too_small', message: 'Pick an expiry in the future.' }],
      });
    const secret = this.deps.crypto.randomToken(SECRET_BYTES);
    const token: ApiToken = {
      id: this.deps.ids.next(),
      accountId: p.accountId,
      tokenHash: this.deps.crypto.sha256(secret),
      label: data.label,
      createdAt: now,
      createdBy: p.userId,
      lastUsedAt: null,
      scope: data.scope,
      expiresAt,
    };
    await commit(this.deps, async (tx) => {
      await tx.apiTokens.insert(token);
      await appendAudit(tx, this.deps, p.accountId, actorOf(p), {
        type: 'security',
        action: 'api_token.created',
        targetType: 'api_token',
        targetId: token.id,
        widgetId: null,
        // `token` is a secret key: the entry records that one was issued, never its value.
        changes: diff({}, { label: token.label, scope: token.scope, expiresAt: token.expiresAt, token: secret }),
      });
    });
    return { token: toPublicApiToken(token), secret };
  }

  /** The account's tokens, newest first (owners, admins); never their secrets. */
  async listTokens(p: Principal): Promise<PublicApiToken[]> {
    this.assertCanManage(p);
    return (await this.deps.storage.read((r) => r.apiTokens.list(p.accountId, TOKENS_LISTED))).map(toPublicApiToken);
  }

  /** Revokes a token (owners, admins): deleted, it never works again. Audited as `api_token.revoked`; `not_found` for an unknown one. */
  async revokeToken(p: Principal, id: Id): Promise<void> {
    this.assertCanManage(p);
    await commit(this.deps, async (tx) => {
      const cur = await tx.apiTokens.get(p.accountId, id);
      if (!cur || !(await tx.apiTokens.delete(p.accountId, id))) throw notFound('API token');
      await appendAudit(tx, this.deps, p.accountId, actorOf(p), {
        type: 'security',
        action: 'api_token.revoked',
        targetType: 'api_token',
        targetId: id,
        widgetId: null,
        changes: diff({ label: cur.label }, {}),
      });
    });
  }

  /**
   * The principal an API token acts as on `accountId`'s compatible APIs: `unauthenticated` for an unknown,
   * revoked or malformed token; `token_expired` past its expiry; `forbidden` for a token of another account;
   * `token_scope` for a `write` with a `read` token. Records when it was last used.
   */
  async authenticate(accountId: Id, secret: string, meta: RequestMeta, access: { write: boolean } = { write: false }): Promise<Principal> {
    const token = await this.tokenOf(secret);
    if (!token) throw unknownToken();
    if (!this.deps.crypto.safeEqual(token.accountId, accountId)) throw forbidden('This API token belongs to another account.');
    if (access.write && token.scope !== 'full') throw scopeRefused();
    return this.principalOf(token, meta);
  }

  /**
   * The principal a `Bearer` API token acts as on the rest of `/api/v1`: null when `secret` is no API token
   * (it may be a session's); `token_expired` past its expiry; `token_scope` for anything but GET and HEAD, whatever
   * the scope (see `ApiTokenScope`); `ip_not_allowed` from an address the account's IP rules exclude, as
   * for people. It acts with a supervisor's rights, named in the audit as the token.
   */
  async authenticateBearer(secret: string, method: string, meta: RequestMeta): Promise<Principal | null> {
    const token = await this.tokenOf(secret);
    if (!token) return null;
    if (method !== 'GET' && method !== 'HEAD') throw scopeRefused();
    const security = await this.deps.storage.read((r) => loadSecurity(r, token.accountId));
    if (!ipAccessDecision(security.enforced.ipRules, meta.ip).allowed) throw ipNotAllowed(meta.ip);
    return this.principalOf(token, meta);
  }

  /** The live token with this secret; null for an unknown or malformed one, `token_expired` for an expired one. */
  private async tokenOf(secret: string): Promise<ApiToken | null> {
    if (typeof secret !== 'string' || !SECRET_PATTERN.test(secret)) return null;
    const hash = this.deps.crypto.sha256(secret);
    const token = await this.deps.storage.read((r) => r.apiTokens.findByTokenHash(hash));
    // The lookup is by hash; comparing again in constant time keeps a store's collation out of the decision.
    if (!token || !this.deps.crypto.safeEqual(token.tokenHash, hash)) return null;
    if (token.expiresAt !== null && token.expiresAt <= isoNow(this.deps.clock))
      throw new ParleyError('token_expired', 'This API token has expired: create a new one.', { meta: { expiredAt: token.expiresAt } });
    return token;
  }

  private async principalOf(token: ApiToken, meta: RequestMeta): Promise<Principal> {
    const now = isoNow(this.deps.clock);
    if (token.lastUsedAt === null || Date.parse(now) - Date.parse(token.lastUsedAt) >= LAST_USED_GRANULARITY_MS)
      await this.deps.storage.transaction((tx) => tx.apiTokens.touch(token.accountId, token.id, now));
    const apiToken = { id: token.id, label: token.label };
    const { ip, userAgent } = meta;
    return { userId: token.id, accountId: token.accountId, role: 'supervisor', email: '', ip, userAgent, apiToken };
  }

  // ---------------------------------------------------------------- Logs API

  /**
   * One page of the Logs API: the widget's chats and offline requests created in the query's range, newest
   * first (by start, then id, so cases created while a script pages never shift its pages), {@link LOGS_PAGE_SIZE} at a time, each with its transcript.
   */
  async logs(p: Principal, query: LogsQuery): Promise<LogsPage> {
    const q = parseInput(logsQuerySchema, query);
    const { from, to } = logsRange(q);
    return this.deps.storage.read(async (r) => {
      if (!(await r.widgets.get(p.accountId, q.widgetId))) throw notFound('Widget');
      const page = await r.chats.list(
        p.accountId,
        { widgetIds: [q.widgetId], from, to },
        { cursor: q.next ?? null, limit: LOGS_PAGE_SIZE },
      );
      // A page's chats are mostly handled by a few agents: read each once.
      const agents = new Map<Id | null, PayloadAgent | null>();
      const publicUrl = this.deps.config.integrations?.publicUrl ?? null;
      const cases: LogsCase[] = [];
      for (const chat of page.items) cases.push((await readLogsCase(r, chat, publicUrl, agents)).logsCase);
      return { cases, next: page.nextCursor };
    });
  }

  // ---------------------------------------------------------------- Agent Status API

  /** The status of the account's user with this e-mail; `not_found` when there is none. */
  async agentStatus(p: Principal, email: string): Promise<AgentStatusByEmail> {
    const user = await this.userByEmail(p, email);
    return statusOf(user, await this.presence.get(p, user.id));
  }

  /** Sets the status (and pause reason) of the account's user with this e-mail, as `PresenceService.setStatusOf` does (audited). */
  async setAgentStatus(p: Principal, email: string, input: { status: AgentStatus; reason?: string | null }): Promise<AgentStatusByEmail> {
    const user = await this.userByEmail(p, email);
    return statusOf(user, await this.presence.setStatusOf(p, user.id, input));
  }

  // ---------------------------------------------------------------- Visitor Chat API

  /**
   * The Visitor Chat API's view of a widget (public) for the visitor at `ip` (offline to an address the widget
   * blocks); `not_found` for an unknown widget.
   */
  async visitorChat(widgetId: Id, ip: string | null = null): Promise<VisitorChatView> {
    return toVisitorChatView(await this.chats.widgetConfig(widgetId, ip));
  }

  // ---------------------------------------------------------------- internals

  private assertCanManage(p: Principal): void {
    if (p.apiToken) throw forbidden('API tokens cannot manage API tokens: an owner or admin does, signed in.');
    if (!canManage(p.role)) throw forbidden('Only owners and admins manage API tokens.');
  }

  private async userByEmail(p: Principal, email: string): Promise<{ id: Id; email: string }> {
    const address = parseInput(z.object({ email: schemas.email }), { email }).email;
    const user = await this.deps.storage.read((r) => r.users.getByEmail(p.accountId, address));
    if (!user) throw notFound('Agent');
    return user;
  }
}

const statusOf = (user: { id: Id; email: string }, view: AgentStatusView): AgentStatusByEmail => ({
  email: user.email,
  userId: user.id,
  status: view.status,
  reason: view.reason,
  since: view.since,
  activeChats: view.activeChats,
});
