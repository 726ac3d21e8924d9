/** Sample chats, fakes and a harness for the integration tests. Not exported from the package. */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Chat, ChatEvent } from '../src/model/chat.js';
import type {
  CrmCheck,
  CrmClient,
  CrmConnection,
  CrmResult,
  SecretBox,
  TransportResult,
  WebhookRequest,
  WebhookTransport,
} from '../src/ports/integrations.js';
import type { IntegrationService } from '../src/services/integration-service.js';
import type { CoreDeps } from '../src/runtime/context.js';
import { makeWorld, type HarnessOptions, type World } from './fakes.js';

export const sampleChat = (overrides: Partial<Chat> = {}): Chat => ({
  id: 'chat-1',
  accountId: 'acc-1',
  widgetId: 'wid-1',
  kind: 'chat',
  status: 'closed',
  agentId: 'agent-1',
  visitor: {
    name: 'Vera Van Visitor',
    email: 'vera@example.test',
    ip: '203.0.113.9',
    userAgent: 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0',
    browser: 'Firefox 128',
    os: 'Linux',
    pageUrl: 'https://shop.example/cart?x=1',
    referrerUrl: 'https://search.example/?q=shoes',
    language: 'de-DE',
    customVariables: { plan: 'gold', 'order.id': '42' },
    geo: {
      countryCode: 'DE',
      country: 'Germany',
      region: 'BE',
      city: 'Berlin',
      latitude: 52.52,
      longitude: 13.405,
      timezone: 'Europe/Berlin',
    },
    key: null,
  },
  question: 'Where is my order?',
  visitorTokenHash: 'f'.repeat(64),
  createdAt: '2026-03-01T10:00:00.000Z',
  queuedAt: '2026-03-01T10:00:00.000Z',
  assignedAt: '2026-03-01T10:00:42.400Z',
  firstAgentReplyAt: '2026-03-01T10:01:00.000Z',
  closedAt: '2026-03-01T10:10:42.400Z',
  closedBy: 'agent',
  closedByUserId: 'agent-1',
  transfers: [],
  proactive: false,
  labels: [],
  survey: null,
  handledAt: null,
  handledBy: null,
  lastSeq: 5,
  updatedAt: '2026-03-01T10:10:42.400Z',
  version: 6,
  ...overrides,
});

export const event = (seq: number, o: Partial<ChatEvent>): ChatEvent => ({
  id: `ev-${seq}`,
  accountId: 'acc-1',
  chatId: 'chat-1',
  seq,
  type: 'chat.message',
  at: `2026-03-01T10:0${seq}:00.000Z`,
  author: null,
  text: null,
  data: {},
  ...o,
});

export const sampleEvents: ChatEvent[] = [
  event(4, { author: { kind: 'agent', userId: 'agent-1', alias: 'Alex Agent' }, text: 'It ships today ✓' }),
  event(1, { type: 'chat.queued' }),
  event(2, { author: { kind: 'visitor', userId: null, alias: 'Vera Van Visitor' }, text: 'Where is my order?' }),
  event(3, { type: 'chat.assigned', data: { agentId: 'agent-1' } }),
  event(5, { type: 'chat.closed', data: { by: 'agent' } }),
];

/** A real AES-256-GCM box with a random key (test-only code may use node:crypto). */
export class TestSecretBox implements SecretBox {
  private readonly key = randomBytes(32);
  seal(plaintext: string): string {
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', this.key, iv);
    const ct = Buffer.concat([c.update(plaintext, 'utf8'), c.final()]);
    return `box:${Buffer.concat([iv, c.getAuthTag(), ct]).toString('base64')}`;
  }
  open(sealed: string): string {
    const raw = Buffer.from(sealed.slice(4), 'base64');
    const d = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, 12));
    d.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([d.update(raw.subarray(28)), d.final()]).toString('utf8');
  }
}

export const answer = (status: number | null, o: Partial<TransportResult> = {}): TransportResult => ({
  ok: status !== null && status >= 200 && status < 300,
  status,
  latencyMs: 5,
  error: status === null ? 'connect ECONNREFUSED 127.0.0.1:9' : status >= 200 && status < 300 ? null : `the receiver answered ${status}`,
  responseSnippet: status === null ? null : `answer ${status}`,
  retryAfter: null,
  ...o,
});

/** A transport that records requests and answers from a script (then 200). */
export class FakeTransport implements WebhookTransport {
  readonly requests: WebhookRequest[] = [];
  readonly script: (TransportResult | ((r: WebhookRequest, signal?: AbortSignal) => Promise<TransportResult>))[] = [];
  async send(request: WebhookRequest, signal?: AbortSignal): Promise<TransportResult> {
    this.requests.push(request);
    const next = this.script.shift() ?? answer(200);
    return typeof next === 'function' ? next(request, signal) : next;
  }
}

export class FakeCrm implements CrmClient {
  readonly calls: { connection: CrmConnection; fields: Readonly<Record<string, unknown>> }[] = [];
  readonly script: CrmResult[] = [];
  async createLead(connection: CrmConnection, fields: Readonly<Record<string, unknown>>): Promise<CrmResult> {
    this.calls.push({ connection, fields });
    return this.script.shift() ?? { ...answer(201), recordId: '00Q000000000001' };
  }
  readonly checks: CrmConnection[] = [];
  /** What the next checks answer (a working org with a few Lead fields when empty). */
  readonly checkScript: CrmCheck[] = [];
  async checkConnection(connection: CrmConnection): Promise<CrmCheck> {
    this.checks.push(connection);
    return this.checkScript.shift() ?? { ...answer(200), leadFields: ['Company', 'Email', 'LastName'] };
  }
}

export interface IntegrationWorld extends World {
  readonly box: TestSecretBox;
  /** The CRM client the services check connections with. */
  readonly crm: FakeCrm;
  readonly deps: CoreDeps;
  readonly integrations: IntegrationService;
}

/** A world whose core has a secret box and allows loopback URLs (as the tests' receivers are local). */
export const makeIntegrationWorld = async (opts: HarnessOptions = {}): Promise<IntegrationWorld> => {
  const world = await makeWorld(opts);
  const box = new TestSecretBox();
  // The harness's deps object is shared by every service it made: give them the box too.
  const deps = world.parley.deps as { -readonly [K in keyof CoreDeps]: CoreDeps[K] };
  deps.secretBox = box;
  const crm = new FakeCrm();
  deps.crm = crm;
  deps.config = { ...deps.config, integrations: { allowHttpLoopback: true, ...(deps.config.integrations ?? {}) } };
  return { ...world, box, crm, deps, integrations: world.parley.integrations };
};
