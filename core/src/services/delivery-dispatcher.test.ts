import { Webhook } from 'standardwebhooks';
import { describe, expect, it, vi } from 'vitest';
import type { BackoffPolicy } from '../integrations/backoff.js';
import { DEFAULT_BACKOFF } from '../integrations/backoff.js';
import type { Delivery } from '../model/integration.js';
import { expectParleyError } from '../../test-support/fakes.js';
import { ManualClock } from '../testing/manual-clock.js';
import { answer, FakeCrm, FakeTransport, makeIntegrationWorld } from '../../test-support/integration-fixtures.js';
import { DeliveryDispatcher, LEASE_MARGIN_MS, type DispatcherOptions, type LostLease } from './delivery-dispatcher.js';
import { enqueueIntegrationEvent } from '../outbox/integration-outbox.js';

const URL_OK = 'https://hooks.example.com/parley';
const PAYLOAD = { schema_version: 1, event: 'offline_request.created', id: 'chat-1', description: 'Call me ✓' };

/** A world at the real time (so the standardwebhooks library accepts our timestamps), with one configured widget. */
const setup = async (opts: { authToken?: string; backoff?: BackoffPolicy; dispatcher?: Partial<DispatcherOptions> } = {}) => {
  const w = await makeIntegrationWorld({ clock: new ManualClock(new Date()) });
  const widget = await w.parley.widgets.create(w.owner, { name: 'Support' });
  const created = await w.integrations.putOpenApi(w.owner, widget.id, {
    url: URL_OK,
    events: ['offline_request.created', 'chat.finished'],
    ...(opts.authToken ? { authToken: opts.authToken, authHeader: 'X-Api-Key' } : {}),
  });
  const transport = new FakeTransport();
  const crm = new FakeCrm();
  const dispatcher = (workerId = 'w-1', extra: Partial<DispatcherOptions> = {}) =>
    new DeliveryDispatcher(
      { storage: w.storage, clock: w.clock, ids: w.ids, crypto: w.deps.crypto, secretBox: w.box, transport, crm },
      { workerId, leaseMs: 60_000, random: () => 0.5, ...(opts.backoff ? { backoff: opts.backoff } : {}), ...opts.dispatcher, ...extra },
    );
  const enqueue = (
    type: 'offline_request.created' | 'chat.finished' = 'offline_request.created',
    payload: Record<string, unknown> = PAYLOAD,
  ) => w.storage.transaction((tx) => enqueueIntegrationEvent(tx, w.deps, { type, accountId: w.account.id, widgetId: widget.id, payload }));
  const stored = (id: string) => w.read((r) => r.deliveries.get(w.account.id, id)) as Promise<Delivery>;
  const attempts = (id: string) => w.read((r) => r.deliveries.listAttempts(w.account.id, id));
  return { ...w, widget, secret: created.secret!, transport, crm, dispatcher, enqueue, stored, attempts };
};

describe('the delivery dispatcher', () => {
  it('POSTs the payload signed like Standard Webhooks, with the static token, and records the try', async () => {
    const t = await setup({ authToken: 'static-token-1' });
    const [d] = await t.enqueue();
    const report = await t.dispatcher().runOnce();
    expect(report).toMatchObject({ claimed: 1, succeeded: 1 });
    const [req] = t.transport.requests;
    expect(req?.url).toBe(URL_OK);
    expect(JSON.parse(req!.body)).toEqual(PAYLOAD);
    expect(req?.headers).toMatchObject({ 'content-type': 'application/json', 'x-api-key': 'static-token-1', 'webhook-id': d!.id });
    expect(new Webhook(t.secret).verify(req!.body, req!.headers)).toEqual(PAYLOAD);
    expect(await t.stored(d!.id)).toMatchObject({
      status: 'succeeded',
      attempts: 1,
      nextAttemptAt: null,
      lastError: null,
      lastStatus: 200,
      claimedBy: null,
    });
    expect(await t.attempts(d!.id)).toEqual([
      expect.objectContaining({
        deliveryId: d!.id,
        status: 200,
        ok: true,
        error: null,
        responseSnippet: 'answer 200',
        workerId: 'w-1',
        latencyMs: 5,
      }),
    ]);
  });

  it('retries on the persisted schedule with the same webhook-id, re-signing each try, until a 2xx', async () => {
    const t = await setup();
    const [d] = await t.enqueue();
    t.transport.script.push(answer(500), answer(null), answer(204));
    await t.dispatcher().runOnce();
    expect(await t.stored(d!.id)).toMatchObject({
      status: 'pending',
      attempts: 1,
      lastStatus: 500,
      lastError: 'the receiver answered 500',
    });
    expect((await t.stored(d!.id)).nextAttemptAt).toBe(new Date(t.clock.now().getTime() + 10_000).toISOString());
    // Not due yet: nothing is sent.
    t.clock.advance(9_999);
    expect((await t.dispatcher().runOnce()).claimed).toBe(0);
    t.clock.advance(1);
    await t.dispatcher().runOnce();
    expect(await t.stored(d!.id)).toMatchObject({
      status: 'pending',
      attempts: 2,
      lastStatus: null,
      lastError: 'connect ECONNREFUSED 127.0.0.1:9',
    });
    t.clock.advance(30_000);
    await t.dispatcher('w-2').runOnce();
    expect(await t.stored(d!.id)).toMatchObject({ status: 'succeeded', attempts: 3, lastError: null });
    const ids = t.transport.requests.map((r) => r.headers['webhook-id']);
    expect(ids).toEqual([d!.id, d!.id, d!.id]);
    expect(new Set(t.transport.requests.map((r) => r.headers['webhook-timestamp'])).size).toBe(3);
    expect((await t.attempts(d!.id)).map((a) => [a.status, a.ok, a.workerId])).toEqual([
      [500, false, 'w-1'],
      [null, false, 'w-1'],
      [204, true, 'w-2'],
    ]);
  });

  it('stops for good on 410 Gone', async () => {
    const t = await setup();
    const [d] = await t.enqueue();
    t.transport.script.push(answer(410));
    await t.dispatcher().runOnce();
    expect(await t.stored(d!.id)).toMatchObject({ status: 'dead', nextAttemptAt: null, lastStatus: 410 });
    expect((await t.stored(d!.id)).lastError).toContain('410 Gone');
    t.clock.advance(7 * 86_400_000);
    expect((await t.dispatcher().runOnce()).claimed).toBe(0);
  });

  it('honours Retry-After when it is longer than the backoff', async () => {
    const t = await setup();
    const [d] = await t.enqueue();
    t.transport.script.push(answer(429, { retryAfter: '3600' }));
    await t.dispatcher().runOnce();
    expect((await t.stored(d!.id)).nextAttemptAt).toBe(new Date(t.clock.now().getTime() + 3_600_000).toISOString());
  });

  it('gives up when the schedule runs out, and an admin can redeliver it with the same id', async () => {
    const t = await setup({ backoff: { ...DEFAULT_BACKOFF, maxAttempts: 3, baseMs: 1000, jitter: 0 } });
    const [d] = await t.enqueue();
    t.transport.script.push(answer(503), answer(503), answer(503));
    for (const wait of [0, 1000, 3000]) {
      t.clock.advance(wait);
      await t.dispatcher().runOnce();
    }
    expect(await t.stored(d!.id)).toMatchObject({
      status: 'failed',
      attempts: 3,
      nextAttemptAt: null,
      lastError: 'the receiver answered 503 (gave up after 3 tries)',
    });

    const again = await t.integrations.redeliver(t.owner, d!.id);
    expect(again).toMatchObject({ id: d!.id, status: 'pending', attempts: 0 });
    await t.dispatcher().runOnce();
    expect(await t.stored(d!.id)).toMatchObject({ status: 'succeeded', attempts: 1 });
    expect(t.transport.requests.map((r) => r.headers['webhook-id'])).toEqual([d!.id, d!.id, d!.id, d!.id]);
    expect(await t.attempts(d!.id)).toHaveLength(4);
  });

  it('signs with both secrets during a rotation’s grace period, and with the new one only after it', async () => {
    const t = await setup();
    const rotated = (await t.integrations.rotateOpenApiSecret(t.owner, t.widget.id)).secret!;
    await t.enqueue();
    await t.dispatcher().runOnce();
    const first = t.transport.requests[0]!;
    expect(first.headers['webhook-signature']!.split(' ')).toHaveLength(2);
    expect(new Webhook(t.secret).verify(first.body, first.headers)).toEqual(PAYLOAD);
    expect(new Webhook(rotated).verify(first.body, first.headers)).toEqual(PAYLOAD);

    // After the grace period only the new secret signs (verified by recomputing, since the library checks the real time).
    t.clock.advance(24 * 3_600_000 + 1);
    await t.enqueue();
    await t.dispatcher().runOnce();
    const later = t.transport.requests[1]!;
    expect(later.headers['webhook-signature']!.split(' ')).toHaveLength(1);
    const ts = new Date(Number(later.headers['webhook-timestamp']) * 1000);
    expect(later.headers['webhook-signature']).toBe(new Webhook(rotated).sign(later.headers['webhook-id']!, ts, later.body));
  });

  it('uses the integration’s current settings, and kills deliveries of a disabled integration', async () => {
    const t = await setup();
    const [first] = await t.enqueue();
    await t.integrations.putOpenApi(t.owner, t.widget.id, { url: 'https://new.example.com/in' });
    await t.dispatcher().runOnce();
    expect(t.transport.requests[0]?.url).toBe('https://new.example.com/in');
    expect((await t.stored(first!.id)).status).toBe('succeeded');
    const [second] = await t.enqueue();
    await t.integrations.putOpenApi(t.owner, t.widget.id, { enabled: false });
    await t.dispatcher().runOnce();
    expect(await t.stored(second!.id)).toMatchObject({ status: 'dead', lastError: 'not sent: the integration is disabled' });
    expect(t.transport.requests).toHaveLength(1);
  });

  it('takes over the rows of a dispatcher that died mid-try once their lease ends, never before', async () => {
    const t = await setup();
    const [d] = await t.enqueue();
    // The first dispatcher claims and then "dies" (never records anything).
    const claimed = await t.storage.transaction((tx) => tx.deliveries.claimDue(t.clock.now().toISOString(), 10, 'w-dead', 60_000));
    expect(claimed.map((c) => c.id)).toEqual([d!.id]);
    t.clock.advance(59_999);
    expect((await t.dispatcher('w-2').runOnce()).claimed).toBe(0);
    t.clock.advance(1);
    expect(await t.dispatcher('w-2').runOnce()).toMatchObject({ claimed: 1, succeeded: 1 });
    expect(t.transport.requests.map((r) => r.headers['webhook-id'])).toEqual([d!.id]);
    expect((await t.attempts(d!.id)).map((a) => a.workerId)).toEqual(['w-2']);
  });

  it('on stop, aborts the try in flight and releases its row, due at once and not counted', async () => {
    const t = await setup();
    const [d] = await t.enqueue();
    let started!: () => void;
    const inFlight = new Promise<void>((r) => (started = r));
    t.transport.script.push(
      (_req, signal) =>
        new Promise((resolve) => {
          started();
          signal?.addEventListener('abort', () => resolve(answer(null, { error: 'aborted: the dispatcher is stopping' })));
        }),
    );
    const dispatcher = t.dispatcher();
    const run = dispatcher.runOnce();
    await inFlight;
    await dispatcher.stop();
    expect(await run).toMatchObject({ claimed: 1, released: 1 });
    expect(await t.stored(d!.id)).toMatchObject({
      status: 'pending',
      attempts: 0,
      claimedBy: null,
      nextAttemptAt: t.clock.now().toISOString(),
    });
    expect(await t.attempts(d!.id)).toEqual([]);
    expect((await dispatcher.runOnce()).claimed).toBe(0);
    expect(await t.dispatcher('w-2').runOnce()).toMatchObject({ succeeded: 1 });
  });

  it('sends the waiting retries of a receiver at once when it answers again', async () => {
    const t = await setup();
    const [a] = await t.enqueue();
    t.transport.script.push(answer(null));
    await t.dispatcher().runOnce();
    t.clock.advance(5_000);
    const [b] = await t.enqueue();
    t.transport.script.push(answer(null));
    await t.dispatcher().runOnce();
    // a is due at +10 s, b at +15 s. When a succeeds at +10 s, b need not wait.
    t.clock.advance(5_000);
    const report = await t.dispatcher().drain();
    expect(report.succeeded).toBe(1);
    expect((await t.stored(b!.id)).nextAttemptAt).toBe(t.clock.now().toISOString());
    await t.dispatcher().runOnce();
    expect((await t.stored(a!.id)).status).toBe('succeeded');
    expect((await t.stored(b!.id)).status).toBe('succeeded');
  });

  it('never sends one row twice when two dispatchers run at once', async () => {
    const t = await setup();
    for (let i = 0; i < 40; i++) await t.enqueue();
    const [r1, r2] = await Promise.all([t.dispatcher('w-a', { batchSize: 7 }).drain(), t.dispatcher('w-b', { batchSize: 5 }).drain()]);
    expect(r1.succeeded + r2.succeeded).toBe(40);
    const ids = t.transport.requests.map((r) => r.headers['webhook-id']);
    expect(new Set(ids).size).toBe(40);
    expect(ids).toHaveLength(40);
  });

  it('claims only as many rows as it can start, so no claimed row waits behind others while its lease runs', async () => {
    const t = await setup();
    for (let i = 0; i < 5; i++) await t.enqueue();
    const held: (() => void)[] = [];
    const inFlight = () =>
      t.read(
        async (r) => (await r.deliveries.listByWidget(t.account.id, t.widget.id, { status: 'in_flight' }, { limit: 100 })).items.length,
      );
    const slow = () => new Promise<ReturnType<typeof answer>>((resolve) => held.push(() => resolve(answer(200))));
    t.transport.script.push(slow, slow, slow, slow, slow);
    const run = t.dispatcher('w-1', { concurrency: 2, batchSize: 10 }).runOnce();
    for (const claimedSoFar of [2, 3, 4, 5]) {
      await vi.waitFor(() => expect(held).toHaveLength(claimedSoFar));
      expect(await inFlight()).toBe(2);
      held[claimedSoFar - 2]!();
    }
    held[4]!();
    expect(await run).toMatchObject({ claimed: 5, succeeded: 5 });
  });

  it('drops a result that comes after its lease was taken over, and says so through onLeaseLost', async () => {
    const t = await setup();
    const [d] = await t.enqueue();
    const lost: LostLease[] = [];
    // The try outlives its lease; meanwhile another dispatcher claims the row.
    t.transport.script.push(async () => {
      t.clock.advance(60_000);
      await t.storage.transaction((tx) => tx.deliveries.claimDue(t.clock.now().toISOString(), 10, 'w-2', 60_000));
      return answer(200);
    });
    const report = await t.dispatcher('w-1', { onLeaseLost: (l) => lost.push(l) }).runOnce();
    expect(report).toMatchObject({ claimed: 1, succeeded: 0, lost: 1 });
    expect(lost).toEqual([
      expect.objectContaining({ deliveryId: d!.id, accountId: t.account.id, workerId: 'w-1', outcome: 'succeeded', httpStatus: 200 }),
    ]);
    expect(await t.stored(d!.id)).toMatchObject({ status: 'in_flight', claimedBy: 'w-2', attempts: 0 });
    expect(await t.attempts(d!.id)).toEqual([]);
  });

  it('aborts a try still running when its lease is nearly over, and records it as failed while the lease holds', async () => {
    const t = await setup();
    const [d] = await t.enqueue();
    t.transport.script.push(
      (_req, signal) =>
        new Promise((resolve) =>
          signal?.addEventListener('abort', () => resolve(answer(null, { error: 'aborted: the dispatcher is stopping' }))),
        ),
    );
    const report = await t.dispatcher('w-1', { leaseMs: LEASE_MARGIN_MS + 200 }).runOnce();
    expect(report).toMatchObject({ claimed: 1, retrying: 1 });
    const stored = await t.stored(d!.id);
    expect(stored).toMatchObject({ status: 'pending', attempts: 1, claimedBy: null });
    expect(stored.lastError).toMatch(/^abandoned: the try was still running/);
  }, 5_000);

  it('creates a Salesforce Lead from the mapped support request through the CRM client', async () => {
    const t = await setup();
    await t.integrations.putSalesforce(t.owner, t.widget.id, {
      instanceUrl: 'https://acme.my.salesforce.com',
      clientId: 'ck',
      clientSecret: 'cs-secret',
      fieldMapping: [{ leadField: 'Question__c', source: { field: 'description' } }],
    });
    const payload = {
      ...PAYLOAD,
      requested_by: 'vera@example.test',
      requester_details: { name: 'Vera Visitor', email: 'vera@example.test' },
      transcripts: [],
      javascript_variables: [],
    };
    const deliveries = await t.enqueue('offline_request.created', payload);
    expect(deliveries.map((d) => d.target)).toEqual(['open_api', 'salesforce']);
    await t.dispatcher().runOnce();
    expect(t.crm.calls).toHaveLength(1);
    expect(t.crm.calls[0]?.connection).toMatchObject({
      instanceUrl: 'https://acme.my.salesforce.com',
      clientId: 'ck',
      clientSecret: 'cs-secret',
      authFlow: 'client_credentials',
    });
    expect(t.crm.calls[0]?.fields).toEqual({
      FirstName: 'Vera',
      LastName: 'Visitor',
      Email: 'vera@example.test',
      Company: '[not provided]',
      Description: 'Call me ✓',
      LeadSource: 'Chat',
      Question__c: 'Call me ✓',
    });
    expect(await t.stored(deliveries[1]!.id)).toMatchObject({ status: 'succeeded', lastStatus: 201 });
  });
});

describe('deliveries through the service', () => {
  it('lists a widget’s deliveries newest first without payloads, shows one with its tries, for owners and admins only', async () => {
    const t = await setup();
    const made = [];
    for (let i = 0; i < 3; i++) made.push(...(await t.enqueue()));
    t.transport.script.push(answer(500));
    await t.dispatcher().runOnce();
    const page1 = await t.integrations.listDeliveries(t.owner, t.widget.id, { limit: 2 });
    expect(page1.items.map((d) => d.id)).toEqual([made[2]!.id, made[1]!.id]);
    expect(page1.items[0]).not.toHaveProperty('payload');
    const page2 = await t.integrations.listDeliveries(t.owner, t.widget.id, { limit: 2, cursor: page1.nextCursor! });
    expect(page2).toEqual({ items: [expect.objectContaining({ id: made[0]!.id })], nextCursor: null });
    expect((await t.integrations.listDeliveries(t.owner, t.widget.id, { status: 'pending' })).items).toHaveLength(1);
    const detail = await t.integrations.getDelivery(t.owner, made[0]!.id);
    expect(detail.payload).toEqual(PAYLOAD);
    expect(detail.attemptLog).toHaveLength(1);
    const { p: supervisor } = await t.addUser('supervisor');
    await expectParleyError(t.integrations.listDeliveries(supervisor, t.widget.id, {}), 'forbidden');
    await expectParleyError(t.integrations.getDelivery(supervisor, made[0]!.id), 'forbidden');
    await expectParleyError(t.integrations.redeliver(supervisor, made[0]!.id), 'forbidden');
    await expectParleyError(t.integrations.listDeliveries(t.owner, t.widget.id, { status: 'lost' as never }), 'validation_failed');
    await expectParleyError(t.integrations.getDelivery(t.owner, 'nope'), 'not_found');
  });

  it('refuses to redeliver while a try is in flight, and audits a redelivery', async () => {
    const t = await setup();
    const [d] = await t.enqueue();
    await t.storage.transaction((tx) => tx.deliveries.claimDue(t.clock.now().toISOString(), 10, 'w-busy', 60_000));
    await expectParleyError(t.integrations.redeliver(t.owner, d!.id), 'conflict');
    t.clock.advance(60_000);
    await t.integrations.redeliver(t.owner, d!.id);
    const log = await t.read((r) => r.audit.scan(t.account.id, 0, 1000));
    expect(log[log.length - 1]).toMatchObject({
      type: 'integration',
      action: 'delivery.redelivered',
      targetType: 'delivery',
      targetId: d!.id,
      widgetId: t.widget.id,
    });
  });
});
