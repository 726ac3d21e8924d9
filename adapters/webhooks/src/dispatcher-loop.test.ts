import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createParley,
  defaultCoreConfig,
  DeliveryDispatcher,
  DELIVERY_TOPIC,
  enqueueIntegrationEvent,
  type Delivery,
  type LostLease,
  type Storage,
} from '@parley/core';
import { MemoryEventBus } from '@parley/events-memory';
import { AesGcmSecretBox, NodeTokenCrypto, SystemClock, Uuid7Ids } from '@parley/node-crypto';
import { createMemoryStorage } from '@parley/storage-memory';
import { createSqlStorage } from '@parley/storage-sql';
import { mysqlTestUrl } from '@parley/storage-sql/testing';
import { DispatcherLoop } from './dispatcher-loop.js';
import { HttpWebhookTransport } from './http-transport.js';
import { SalesforceCrmClient } from './salesforce-client.js';
import { startFakeSalesforce } from '../test/salesforce.js';
import { startReceiver, type Receiver } from '../test/receiver.js';

const open: { close(): unknown }[] = [];
afterEach(async () => {
  for (const o of open.splice(0).reverse()) await o.close();
});

const eventually = async <T>(check: () => Promise<T | false> | T | false, ms = 10_000): Promise<T> => {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
};

/** The core over a storage (memory by default), a widget pushing to a local receiver, and a running loop with the real transport. */
const world = async (receiver: Receiver, storage: Storage = createMemoryStorage()) => {
  const clock = new SystemClock();
  const events = new MemoryEventBus();
  const box = new AesGcmSecretBox(randomBytes(32));
  const deps = {
    storage,
    events,
    clock,
    ids: new Uuid7Ids({ clock }),
    hasher: { hash: async (p: string) => p, verify: async () => true },
    crypto: new NodeTokenCrypto(),
    secretBox: box,
    config: { ...defaultCoreConfig, signup: 'open' as const, integrations: { allowHttpLoopback: true } },
  };
  const parley = createParley(deps);
  const { user } = await parley.accounts.signUp(
    { accountName: 'Acme', email: 'o@acme.test', name: 'Olive', password: 'correct horse battery' },
    { ip: null, userAgent: null },
  );
  const owner = { userId: user.id, accountId: user.accountId, role: user.role, email: user.email, ip: null, userAgent: null };
  const widget = await parley.widgets.create(owner, { name: 'Support' });
  const { secret } = await parley.integrations.putOpenApi(owner, widget.id, { url: `${receiver.url}/in`, events: ['chat.finished'] });
  const transport = new HttpWebhookTransport({ allowHttpLoopback: true });
  const crm = new SalesforceCrmClient({ allowHttpLoopback: true });
  const loop = new DispatcherLoop(new DeliveryDispatcher({ ...deps, transport, crm }, { workerId: 'loop-test', random: () => 0.5 }), {
    intervalMs: 60_000,
  });
  const unwake = events.subscribe(DELIVERY_TOPIC, () => loop.wake());
  loop.start();
  open.push(transport, crm, { close: () => loop.stop() }, { close: unwake });
  const enqueue = (payload: Record<string, unknown>) =>
    storage.transaction((tx) =>
      enqueueIntegrationEvent(
        tx,
        deps,
        { type: 'chat.finished', accountId: user.accountId, widgetId: widget.id, payload },
        (e) => void events.publish(e),
      ),
    );
  const stored = (id: string) => storage.read((r) => r.deliveries.get(user.accountId, id)) as Promise<Delivery>;
  return { parley, deps, owner, widget, secret: secret!, enqueue, stored, loop };
};

/** Stores the two-host test runs over; MySQL only where a server is configured (see `@parley/storage-sql/testing`). */
const STORES: [string, () => Promise<{ storage: Storage; close(): Promise<void> } | null>][] = [
  ['memory', async () => ({ storage: createMemoryStorage(), close: async () => {} })],
  [
    'SQLite',
    async () => {
      const storage = await createSqlStorage({ url: 'sqlite::memory:' });
      await storage.migrate();
      return { storage, close: () => storage.close() };
    },
  ],
  [
    'MySQL',
    async () => {
      const db = await mysqlTestUrl();
      if ('skip' in db) return null;
      const storage = await createSqlStorage({ url: db.url });
      await storage.migrate();
      return { storage, close: async () => (await storage.close(), await db.stop()) };
    },
  ],
];

describe.each(STORES)('two hosts dispatching over one %s store', (_name, makeStore) => {
  it('send each delivery exactly once when the receiver is slow and a batch takes longer than the lease', async (ctx) => {
    const store = await makeStore();
    if (!store) return ctx.skip();
    open.push(store);
    // A receiver answering in 1 s and a 4 s lease: 50 rows worked 10 at a time take five waves, the last
    // starting at 4 s. Claimed all at once, the late ones would start (or still be in flight) when their
    // lease ends and the other host claims them.
    const r = await startReceiver((_req, res) => void setTimeout(() => res.end('ok'), 1_000));
    open.push(r);
    const w = await world(r, store.storage);
    await w.loop.stop();
    for (let i = 0; i < 50; i++) await w.enqueue({ n: i });
    const lost: LostLease[] = [];
    const host = (workerId: string) => {
      const transport = new HttpWebhookTransport({ allowHttpLoopback: true, timeoutMs: 3_000 });
      const options = {
        workerId,
        leaseMs: 4_000,
        concurrency: 10,
        batchSize: 50,
        random: () => 0.5,
        onLeaseLost: (l: LostLease) => lost.push(l),
      };
      const loop = new DispatcherLoop(new DeliveryDispatcher({ ...w.deps, transport }, options), { intervalMs: 100 });
      open.push(transport, { close: () => loop.stop() });
      return loop;
    };
    host('host-a').start();
    await new Promise((resolve) => setTimeout(resolve, 50));
    host('host-b').start();
    await eventually(async () => {
      const page = await w.parley.integrations.listDeliveries(w.owner, w.widget.id, { status: 'succeeded', limit: 100 });
      return page.items.length === 50;
    }, 20_000);
    const sends = new Map<string, number>();
    for (const hit of r.received) sends.set(String(hit.headers['webhook-id']), (sends.get(String(hit.headers['webhook-id'])) ?? 0) + 1);
    expect(sends.size).toBe(50);
    expect([...sends.values()].filter((n) => n > 1)).toEqual([]);
    const tries = await Promise.all(
      [...sends.keys()].map(async (id) => (await w.parley.integrations.getDelivery(w.owner, id)).attemptLog.length),
    );
    expect(tries.filter((n) => n !== 1)).toEqual([]);
    expect(lost).toEqual([]);
  }, 30_000);
});

describe('DispatcherLoop with the HTTP transport', () => {
  it('sends a new delivery at once (woken by the enqueue), signed so that standardwebhooks verifies it', async () => {
    const r = await startReceiver();
    open.push(r);
    const w = await world(r);
    const [d] = await w.enqueue({ schema_version: 1, description: 'Ünïcödé ✓' });
    // The poll interval is a minute: only the wake-up can have sent it this fast.
    await eventually(() => r.received.length === 1);
    const hit = r.received[0]!;
    expect(new Webhook(w.secret).verify(hit.body, hit.headers as Record<string, string>)).toEqual({
      schema_version: 1,
      description: 'Ünïcödé ✓',
    });
    expect(hit.headers['webhook-id']).toBe(d!.id);
    expect(hit.headers['user-agent']).toBe('Parley-Webhooks/1');
    await eventually(async () => (await w.stored(d!.id)).status === 'succeeded');
  });

  it('marks a delivery dead when the receiver answers 410 Gone, keeping the start of the answer', async () => {
    const r = await startReceiver((_req, res) => {
      res.writeHead(410, { 'content-type': 'text/plain' });
      res.end('endpoint removed');
    });
    open.push(r);
    const w = await world(r);
    const [d] = await w.enqueue({ n: 1 });
    const dead = await eventually(async () => ((await w.stored(d!.id)).status === 'dead' ? w.stored(d!.id) : false));
    expect(dead).toMatchObject({ status: 'dead', lastStatus: 410, nextAttemptAt: null, attempts: 1 });
    const detail = await w.parley.integrations.getDelivery(w.owner, d!.id);
    expect(detail.attemptLog).toEqual([expect.objectContaining({ status: 410, ok: false, responseSnippet: 'endpoint removed' })]);
  });

  it('records a refused address in the delivery, and retries later', async () => {
    const r = await startReceiver();
    open.push(r);
    const w = await world(r);
    // The URL was accepted while loopback was allowed; the transport is stricter.
    const strict = new HttpWebhookTransport({ allowHttpLoopback: false });
    open.push(strict);
    await w.loop.stop();
    const d = (await w.enqueue({ n: 2 }))[0]!;
    const dispatcher = new DeliveryDispatcher(
      {
        ...(w.parley.deps as never as ConstructorParameters<typeof DeliveryDispatcher>[0]),
        secretBox: w.parley.deps.secretBox!,
        transport: strict,
      },
      { workerId: 'strict' },
    );
    await dispatcher.runOnce();
    const after = await w.stored(d.id);
    expect(after).toMatchObject({ status: 'pending', attempts: 1, lastStatus: null });
    expect(after.lastError).toMatch(/^refused: /);
    expect(r.received).toEqual([]);
  });

  it('creates a Salesforce Lead for an offline request, through the outbox, against a fake Salesforce', async () => {
    const r = await startReceiver();
    const sf = await startFakeSalesforce();
    open.push(r, sf.server);
    const w = await world(r);
    await w.parley.integrations.putSalesforce(w.owner, w.widget.id, {
      instanceUrl: sf.connection.instanceUrl,
      clientId: sf.connection.clientId,
      clientSecret: sf.connection.clientSecret,
      fieldMapping: [
        { leadField: 'Chat_Transcript__c', source: { field: 'transcript_text' } },
        { leadField: 'Plan__c', source: { field: 'javascript_variables.plan' } },
        { leadField: 'LeadSource', source: { value: 'Web Chat' } },
      ],
    });
    // Nobody is online: the visitor's chat becomes an offline request, and its Lead row is written with it.
    const { chat } = await w.parley.chats.start(
      w.widget.id,
      { name: 'Vera Visitor', email: 'vera@example.test', message: 'Call me back', customVariables: { plan: 'gold' } },
      { ip: '198.51.100.7', userAgent: 'test' },
    );
    expect(chat.status).toBe('offline');
    await eventually(() => sf.leads.length === 1);
    expect(Object.fromEntries(sf.tokenRequests[0]!)).toEqual({
      grant_type: 'client_credentials',
      client_id: 'ck-123',
      client_secret: 'cs-456',
    });
    expect(sf.leads[0]).toEqual({
      FirstName: 'Vera',
      LastName: 'Visitor',
      Email: 'vera@example.test',
      Company: '[not provided]',
      Description: 'Call me back',
      LeadSource: 'Web Chat',
      Chat_Transcript__c: expect.stringMatching(/^\[.+\] Vera Visitor: Call me back$/),
      Plan__c: 'gold',
    });
    const list = await eventually(async () => {
      const page = await w.parley.integrations.listDeliveries(w.owner, w.widget.id, {});
      return page.items.find((d) => d.target === 'salesforce' && d.status === 'succeeded');
    });
    expect(list).toMatchObject({ eventType: 'offline_request.created', lastStatus: 201, attempts: 1 });
  });
});
