import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  StorageConflictError,
  type Delivery,
  type DeliveryAttempt,
  type DeliveryLease,
  type DeliveryOutcome,
  type Id,
  type Instant,
  type OpenApiIntegration,
  type Repositories,
  type SalesforceIntegration,
  type Storage,
} from '@parley/core';
import { instant, newId, seedAccount, seedWidget } from './fixtures.js';

/** An Open API integration of a widget; its "sealed" secrets are just opaque text to storage. */
export const buildOpenApiIntegration = (accountId: Id, widgetId: Id, overrides: Partial<OpenApiIntegration> = {}): OpenApiIntegration => {
  const now = instant();
  return {
    kind: 'open_api',
    accountId,
    widgetId,
    settings: {
      url: 'https://receiver.example/hooks/parley?x=1',
      enabled: true,
      events: ['chat.finished', 'offline_request.created'],
      authHeader: 'Authorization',
      authToken: `sealed:${randomUUID()}`,
      secret: `sealed:${randomUUID()}`,
      previousSecret: null,
      previousSecretExpiresAt: null,
    },
    createdAt: now,
    updatedAt: now,
    version: 1,
    ...overrides,
  };
};

export const buildSalesforceIntegration = (
  accountId: Id,
  widgetId: Id,
  overrides: Partial<SalesforceIntegration> = {},
): SalesforceIntegration => {
  const now = instant();
  return {
    kind: 'salesforce',
    accountId,
    widgetId,
    settings: {
      enabled: true,
      instanceUrl: 'https://acme.my.salesforce.com',
      apiVersion: 'v62.0',
      authFlow: 'client_credentials',
      clientId: 'client-id',
      clientSecret: `sealed:${randomUUID()}`,
      refreshToken: null,
      events: ['chat.finished'],
      fieldMapping: [
        { leadField: 'Chat_Transcript__c', source: { field: 'transcript_text' } },
        { leadField: 'LeadSource', source: { value: 'Web Chat ✓' } },
      ],
    },
    createdAt: now,
    updatedAt: now,
    version: 1,
    ...overrides,
  };
};

/** A pending delivery of `widgetId`, due at `dueAt`. */
export const buildDelivery = (accountId: Id, widgetId: Id, dueAt: Instant, overrides: Partial<Delivery> = {}): Delivery => ({
  id: newId(),
  accountId,
  widgetId,
  target: 'open_api',
  eventType: 'chat.finished',
  payload: { schema_version: 1, id: newId(), description: 'Ünïcödé ✓ "quotes"', transcripts: [{ alias: 'Vera', message: 'hi' }], n: null },
  status: 'pending',
  attempts: 0,
  nextAttemptAt: dueAt,
  lastError: null,
  lastStatus: null,
  claimedBy: null,
  claimUntil: null,
  createdAt: dueAt,
  updatedAt: dueAt,
  ...overrides,
});

const attemptOf = (
  d: Pick<Delivery, 'id' | 'accountId'>,
  startedAt: Instant,
  overrides: Partial<DeliveryAttempt> = {},
): DeliveryAttempt => ({
  id: newId(),
  deliveryId: d.id,
  accountId: d.accountId,
  startedAt,
  latencyMs: 12,
  status: 503,
  ok: false,
  error: 'the receiver answered 503',
  responseSnippet: 'Service Unavailable ✓',
  workerId: 'w-test',
  ...overrides,
});

const leaseOf = (d: Delivery): DeliveryLease => ({ claimedBy: d.claimedBy!, claimUntil: d.claimUntil! });

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

const MINUTE = 60_000;

/**
 * Each test works in its own stretch of the distant past, earlier than every test before it, so that
 * `claimDue(now)` in one test never reaches rows another test left behind (they are all "in its future").
 */
let epochCounter = 0;
const newEpoch = (): number => Date.UTC(2000, 0, 1) - ++epochCounter * 30 * 86_400_000 - Math.floor(Math.random() * 1000) * MINUTE;
const at = (epoch: number, offsetMs = 0): Instant => new Date(epoch + offsetMs).toISOString();

export function defineIntegrationTests(storage: () => Storage): void {
  const tx = <T>(fn: (r: Repositories) => Promise<T>): Promise<T> => storage().transaction(fn);
  const read = <T>(fn: (r: Repositories) => Promise<T>): Promise<T> => storage().read(fn);
  const widgetOf = async () => {
    const account = await seedAccount(storage());
    const widget = await seedWidget(storage(), account.id);
    return { accountId: account.id, widgetId: widget.id };
  };
  const insert = (...ds: Delivery[]) =>
    tx(async (r) => {
      for (const d of ds) await r.deliveries.insert(d);
    });
  const claim = (now: Instant, limit: number, worker = 'w-1', leaseMs = MINUTE) =>
    tx((r) => r.deliveries.claimDue(now, limit, worker, leaseMs));
  const outcome = (o: Partial<DeliveryOutcome> & Pick<DeliveryOutcome, 'updatedAt'>): DeliveryOutcome => ({
    status: 'succeeded',
    attempts: 1,
    nextAttemptAt: null,
    lastError: null,
    lastStatus: 200,
    ...o,
  });

  describe('integrations', () => {
    it('round-trips both kinds of a widget, open_api first, and hides them from other accounts', async () => {
      const { accountId, widgetId } = await widgetOf();
      const sf = buildSalesforceIntegration(accountId, widgetId);
      const oa = buildOpenApiIntegration(accountId, widgetId, {
        settings: {
          ...buildOpenApiIntegration(accountId, widgetId).settings,
          authToken: null,
          previousSecret: 'sealed:old',
          previousSecretExpiresAt: instant(MINUTE),
        },
      });
      await tx(async (r) => {
        expect(await r.integrations.put(sf, null)).toBe(true);
        expect(await r.integrations.put(oa, null)).toBe(true);
      });
      expect(await read((r) => r.integrations.get(accountId, widgetId, 'open_api'))).toEqual(oa);
      expect(await read((r) => r.integrations.get(accountId, widgetId, 'salesforce'))).toEqual(sf);
      expect(await read((r) => r.integrations.listByWidget(accountId, widgetId))).toEqual([oa, sf]);
      const other = await seedAccount(storage());
      expect(await read((r) => r.integrations.get(other.id, widgetId, 'open_api'))).toBeNull();
      expect(await read((r) => r.integrations.listByWidget(other.id, widgetId))).toEqual([]);
      expect(await read((r) => r.integrations.get(accountId, newId(), 'open_api'))).toBeNull();
    });

    it('refuses a second integration of one kind for a widget, keeping nothing of that transaction', async () => {
      const { accountId, widgetId } = await widgetOf();
      const first = buildOpenApiIntegration(accountId, widgetId);
      await tx((r) => r.integrations.put(first, null));
      const d = buildDelivery(accountId, widgetId, instant());
      const err = await tx(async (r) => {
        await r.deliveries.insert(d);
        await r.integrations.put(
          buildOpenApiIntegration(accountId, widgetId, { settings: { ...first.settings, url: 'https://other.example' } }),
          null,
        );
      }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(StorageConflictError);
      expect((err as StorageConflictError).constraint).toBe('integrations.widget_kind');
      expect(await read((r) => r.integrations.get(accountId, widgetId, 'open_api'))).toEqual(first);
      expect(await read((r) => r.deliveries.get(accountId, d.id))).toBeNull();
    });

    it('updates with compare-and-set, storing version = expectedVersion + 1', async () => {
      const { accountId, widgetId } = await widgetOf();
      const oa = buildOpenApiIntegration(accountId, widgetId, { version: 3 });
      await tx((r) => r.integrations.put(oa, null));
      const changed: OpenApiIntegration = {
        ...oa,
        settings: { ...oa.settings, enabled: false, events: ['chat.started'] },
        updatedAt: instant(1000),
        version: 99,
      };
      expect(await tx((r) => r.integrations.put(changed, 2))).toBe(false);
      expect(await read((r) => r.integrations.get(accountId, widgetId, 'open_api'))).toEqual(oa);
      expect(await tx((r) => r.integrations.put(changed, 3))).toBe(true);
      expect(await read((r) => r.integrations.get(accountId, widgetId, 'open_api'))).toEqual({ ...changed, version: 4 });
      expect(await tx((r) => r.integrations.put({ ...changed, accountId: newId() }, 4))).toBe(false);
    });

    it('deletes one integration by compare-and-delete, keeping the other kind and the deliveries', async () => {
      const { accountId, widgetId } = await widgetOf();
      const oa = buildOpenApiIntegration(accountId, widgetId, { version: 2 });
      const sf = buildSalesforceIntegration(accountId, widgetId);
      const d = buildDelivery(accountId, widgetId, instant(), { status: 'succeeded', nextAttemptAt: null });
      await tx(async (r) => {
        await r.integrations.put(oa, null);
        await r.integrations.put(sf, null);
        await r.deliveries.insert(d);
      });
      const other = await seedAccount(storage());
      expect(await tx((r) => r.integrations.delete(other.id, widgetId, 'open_api', 2))).toBe(false);
      expect(await tx((r) => r.integrations.delete(accountId, widgetId, 'open_api', 1))).toBe(false);
      expect(await read((r) => r.integrations.get(accountId, widgetId, 'open_api'))).toEqual(oa);
      expect(await tx((r) => r.integrations.delete(accountId, widgetId, 'open_api', 2))).toBe(true);
      expect(await read((r) => r.integrations.listByWidget(accountId, widgetId))).toEqual([sf]);
      expect(await read((r) => r.deliveries.get(accountId, d.id))).toEqual(d);
      expect(await tx((r) => r.integrations.delete(accountId, widgetId, 'open_api', 2))).toBe(false);
      // Gone for good: the kind can be set up again from scratch.
      expect(await tx((r) => r.integrations.put(buildOpenApiIntegration(accountId, widgetId), null))).toBe(true);
    });

    it('rolls a deletion back with the rest of its transaction', async () => {
      const { accountId, widgetId } = await widgetOf();
      const oa = buildOpenApiIntegration(accountId, widgetId);
      await tx((r) => r.integrations.put(oa, null));
      const err = await tx(async (r) => {
        expect(await r.integrations.delete(accountId, widgetId, 'open_api', oa.version)).toBe(true);
        throw new Error('abort');
      }).catch((e: unknown) => e);
      expect((err as Error).message).toBe('abort');
      expect(await read((r) => r.integrations.get(accountId, widgetId, 'open_api'))).toEqual(oa);
    });

    it('deletes a widget’s integrations with the widget, and keeps its deliveries', async () => {
      const { accountId, widgetId } = await widgetOf();
      const d = buildDelivery(accountId, widgetId, instant(), { status: 'succeeded', nextAttemptAt: null });
      await tx(async (r) => {
        await r.integrations.put(buildOpenApiIntegration(accountId, widgetId), null);
        await r.integrations.put(buildSalesforceIntegration(accountId, widgetId), null);
        await r.deliveries.insert(d);
      });
      expect(await tx((r) => r.widgets.delete(accountId, widgetId))).toBe(true);
      expect(await read((r) => r.integrations.listByWidget(accountId, widgetId))).toEqual([]);
      expect(await read((r) => r.deliveries.get(accountId, d.id))).toEqual(d);
    });
  });

  describe('deliveries (the outbox)', () => {
    it('round-trips a delivery with its JSON payload, hides it from other accounts, and refuses a duplicate id', async () => {
      const { accountId, widgetId } = await widgetOf();
      const d = buildDelivery(accountId, widgetId, instant(), { target: 'salesforce', eventType: 'offline_request.created' });
      await insert(d);
      expect(await read((r) => r.deliveries.get(accountId, d.id))).toEqual(d);
      expect(await read((r) => r.deliveries.get(newId(), d.id))).toBeNull();
      expect(await read((r) => r.deliveries.get(accountId, newId()))).toBeNull();
      const err = await insert(buildDelivery(accountId, widgetId, instant(), { id: d.id })).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(StorageConflictError);
      expect((err as StorageConflictError).constraint).toBe('deliveries.id');
    });

    it('keeps e-mails: the account’s own under the empty widget id, a sealed payload, and a skipped end', async () => {
      const { accountId, widgetId } = await widgetOf();
      const epoch = newEpoch();
      const own = buildDelivery(accountId, '', at(epoch), {
        target: 'email',
        eventType: 'mail.password_reset',
        payload: { sealed: 'v1.Zm9v.YmFy' },
      });
      const team = buildDelivery(accountId, widgetId, at(epoch), {
        target: 'email',
        eventType: 'mail.offline_request',
        payload: {
          mail: {
            to: ['team@example.com'],
            replyTo: 'vera@example.org',
            subject: 'Offline-Nachricht von Vera',
            text: 'Grüße\n',
            html: '<p>&lt;b&gt;</p>',
            language: 'de',
          },
        },
      });
      await insert(own);
      await insert(team);
      expect(await read((r) => r.deliveries.get(accountId, own.id))).toEqual(own);
      expect(await read((r) => r.deliveries.get(accountId, team.id))).toEqual(team);
      expect((await read((r) => r.deliveries.listByWidget(accountId, '', {}, { limit: 10 }))).items).toEqual([own]);
      const [c] = await claim(at(epoch), 2);
      expect(c).toBeDefined();
      const skipped = outcome({ status: 'skipped', attempts: 1, lastError: 'not sent: no mail transport', updatedAt: at(epoch) });
      const claimed = (await read((r) => r.deliveries.get(accountId, own.id)))!;
      expect(
        await tx((r) =>
          r.deliveries.complete(
            own.id,
            leaseOf(claimed),
            skipped,
            attemptOf(own, at(epoch), { status: null, error: 'not sent: no mail transport' }),
          ),
        ),
      ).toBe(true);
      expect(await read((r) => r.deliveries.get(accountId, own.id))).toMatchObject({ status: 'skipped', attempts: 1, nextAttemptAt: null });
      expect(
        (await read((r) => r.deliveries.listByWidget(accountId, '', { status: 'skipped' }, { limit: 10 }))).items.map((d) => d.id),
      ).toEqual([own.id]);
    });

    it('lists a widget’s deliveries by id descending, one page after another, filtered by status', async () => {
      const { accountId, widgetId } = await widgetOf();
      const other = await seedWidget(storage(), accountId);
      const epoch = newEpoch();
      // Final rows (no nextAttemptAt), so no claim anywhere ever picks them up.
      const mine = range(5).map((i) =>
        buildDelivery(accountId, widgetId, at(epoch), { status: i % 2 ? 'succeeded' : 'dead', nextAttemptAt: null }),
      );
      await insert(...mine, buildDelivery(accountId, other.id, at(epoch), { status: 'succeeded', nextAttemptAt: null }));
      const expected = [...mine].sort((a, b) => (a.id < b.id ? 1 : -1));
      const seen: Delivery[] = [];
      let cursor: string | null = null;
      do {
        const page = await read((r) => r.deliveries.listByWidget(accountId, widgetId, {}, { cursor, limit: 2 }));
        expect(page.items.length).toBeLessThanOrEqual(2);
        seen.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen).toEqual(expected);
      const dead = await read((r) => r.deliveries.listByWidget(accountId, widgetId, { status: 'dead' }, { limit: 10 }));
      expect(dead.items).toEqual(expected.filter((d) => d.status === 'dead'));
      expect(dead.nextCursor).toBeNull();
      expect((await read((r) => r.deliveries.listByWidget(newId(), widgetId, {}, { limit: 10 }))).items).toEqual([]);
    });

    it('claims only due rows, earliest first, up to the limit, as in-flight leases', async () => {
      const { accountId, widgetId } = await widgetOf();
      const epoch = newEpoch();
      const now = at(epoch, 10 * MINUTE);
      const due = [3, 1, 2].map((m) => buildDelivery(accountId, widgetId, at(epoch, m * MINUTE)));
      const exactlyNow = buildDelivery(accountId, widgetId, now);
      const later = buildDelivery(accountId, widgetId, at(epoch, 11 * MINUTE));
      const final = buildDelivery(accountId, widgetId, at(epoch), { status: 'succeeded', nextAttemptAt: null });
      await insert(...due, exactlyNow, later, final);

      const first = await claim(now, 2, 'w-a', 5 * MINUTE);
      const until = at(epoch, 15 * MINUTE);
      // The earliest due are taken; the order of the answer is unspecified.
      expect(first.map((d) => d.id).sort()).toEqual([due[1]!.id, due[2]!.id].sort());
      for (const d of first) {
        expect(d).toMatchObject({ status: 'in_flight', claimedBy: 'w-a', claimUntil: until, nextAttemptAt: until });
        expect(await read((r) => r.deliveries.get(accountId, d.id))).toEqual(d);
      }
      const second = await claim(now, 10, 'w-b', 5 * MINUTE);
      expect(second.map((d) => d.id).sort()).toEqual([due[0]!.id, exactlyNow.id].sort());
      expect(await claim(now, 10, 'w-c')).toEqual([]);
      // Leave nothing claimable behind.
      for (const d of [...first, ...second])
        expect(await tx((r) => r.deliveries.complete(d.id, leaseOf(d), outcome({ updatedAt: now }), attemptOf(d, now)))).toBe(true);
      expect((await claim(at(epoch, 11 * MINUTE), 10)).map((d) => d.id)).toEqual([later.id]);
    });

    it('hands a row whose lease ran out to the next claimer, and only the new lease holder may finish it', async () => {
      const { accountId, widgetId } = await widgetOf();
      const epoch = newEpoch();
      const d = buildDelivery(accountId, widgetId, at(epoch), { attempts: 2 });
      await insert(d);
      const [byA] = await claim(at(epoch), 1, 'w-a', MINUTE);
      expect(byA?.id).toBe(d.id);
      expect(await claim(at(epoch, MINUTE - 1), 1, 'w-b')).toEqual([]);
      const [byB] = await claim(at(epoch, MINUTE), 1, 'w-b', MINUTE);
      expect(byB).toMatchObject({ id: d.id, claimedBy: 'w-b', claimUntil: at(epoch, 2 * MINUTE), attempts: 2 });

      const late = outcome({ updatedAt: at(epoch, MINUTE + 1) });
      expect(await tx((r) => r.deliveries.complete(d.id, leaseOf(byA!), late, attemptOf(d, at(epoch, 1))))).toBe(false);
      expect(await tx((r) => r.deliveries.release([d.id], leaseOf(byA!), at(epoch, MINUTE + 1)))).toBe(0);
      expect(await read((r) => r.deliveries.listAttempts(accountId, d.id))).toEqual([]);
      expect(await read((r) => r.deliveries.get(accountId, d.id))).toEqual(byB);

      const retry = outcome({
        status: 'pending',
        attempts: 3,
        nextAttemptAt: at(epoch, 9 * MINUTE),
        lastError: 'the receiver answered 503',
        lastStatus: 503,
        updatedAt: at(epoch, MINUTE + 2),
      });
      const attempt = attemptOf(d, at(epoch, MINUTE + 1), { workerId: 'w-b' });
      expect(await tx((r) => r.deliveries.complete(d.id, leaseOf(byB!), retry, attempt))).toBe(true);
      expect(await read((r) => r.deliveries.get(accountId, d.id))).toEqual({
        ...d,
        status: 'pending',
        attempts: 3,
        nextAttemptAt: at(epoch, 9 * MINUTE),
        lastError: 'the receiver answered 503',
        lastStatus: 503,
        claimedBy: null,
        claimUntil: null,
        updatedAt: at(epoch, MINUTE + 2),
      });
      expect(await read((r) => r.deliveries.listAttempts(accountId, d.id))).toEqual([attempt]);
      // Finished once: the same lease cannot finish it again.
      expect(await tx((r) => r.deliveries.complete(d.id, leaseOf(byB!), retry, attemptOf(d, at(epoch, MINUTE + 3))))).toBe(false);
      const [again] = await claim(at(epoch, 9 * MINUTE), 1, 'w-c');
      expect(again?.id).toBe(d.id);
      await tx((r) =>
        r.deliveries.complete(
          d.id,
          leaseOf(again!),
          outcome({ attempts: 4, updatedAt: at(epoch, 9 * MINUTE) }),
          attemptOf(d, at(epoch, 9 * MINUTE)),
        ),
      );
    });

    it('records a delivery’s tries oldest first, and shows them to its account only', async () => {
      const { accountId, widgetId } = await widgetOf();
      const epoch = newEpoch();
      const d = buildDelivery(accountId, widgetId, at(epoch));
      await insert(d);
      const tries: DeliveryAttempt[] = [];
      for (const i of range(3)) {
        const [c] = await claim(at(epoch, i * MINUTE), 1);
        const attempt = attemptOf(
          d,
          at(epoch, i * MINUTE),
          i === 2 ? { ok: true, status: 204, error: null, responseSnippet: null } : { status: null, error: `refused ${i}` },
        );
        const o =
          i === 2
            ? outcome({ attempts: 3, updatedAt: at(epoch, i * MINUTE) })
            : outcome({ status: 'pending', attempts: i + 1, nextAttemptAt: at(epoch, (i + 1) * MINUTE), updatedAt: at(epoch, i * MINUTE) });
        expect(await tx((r) => r.deliveries.complete(d.id, leaseOf(c!), o, attempt))).toBe(true);
        tries.push(attempt);
      }
      expect(await read((r) => r.deliveries.listAttempts(accountId, d.id))).toEqual(tries);
      expect(await read((r) => r.deliveries.listAttempts(newId(), d.id))).toEqual([]);
      expect(await read((r) => r.deliveries.get(accountId, d.id))).toMatchObject({ status: 'succeeded', attempts: 3, nextAttemptAt: null });
    });

    it('purges an account’s finished deliveries created before a cutoff, with their tries, and keeps the rest', async () => {
      const { accountId, widgetId } = await widgetOf();
      const other = await widgetOf();
      const epoch = newEpoch();
      const tried = buildDelivery(accountId, widgetId, at(epoch));
      await insert(tried);
      const [c] = await claim(at(epoch), 1);
      expect(
        await tx((r) => r.deliveries.complete(tried.id, leaseOf(c!), outcome({ updatedAt: at(epoch) }), attemptOf(tried, at(epoch)))),
      ).toBe(true);
      const final = (widget: string, account: string, minutes: number, status: Delivery['status']) =>
        buildDelivery(account, widget, at(epoch, minutes * MINUTE), { status, nextAttemptAt: null });
      const dead = final(widgetId, accountId, 1, 'dead');
      const email = final('', accountId, 2, 'skipped');
      const waiting = buildDelivery(accountId, widgetId, at(epoch, 3 * MINUTE));
      const leased = buildDelivery(accountId, widgetId, at(epoch, 4 * MINUTE), {
        status: 'in_flight',
        claimedBy: 'w-x',
        claimUntil: at(epoch, 5 * MINUTE),
      });
      const recent = final(widgetId, accountId, 10, 'failed');
      const theirs = final(other.widgetId, other.accountId, 1, 'succeeded');
      await insert(dead, email, waiting, leased, recent, theirs);
      expect(await tx((r) => r.deliveries.purgeBefore(accountId, at(epoch, 10 * MINUTE)))).toBe(3);
      for (const d of [tried, dead, email]) expect(await read((r) => r.deliveries.get(accountId, d.id))).toBeNull();
      expect(await read((r) => r.deliveries.listAttempts(accountId, tried.id))).toEqual([]);
      for (const d of [waiting, leased, recent]) expect(await read((r) => r.deliveries.get(accountId, d.id))).not.toBeNull();
      expect(await read((r) => r.deliveries.get(other.accountId, theirs.id))).not.toBeNull();
      const listed = await read((r) => r.deliveries.listByWidget(accountId, widgetId, {}, { limit: 50, cursor: null }));
      expect(listed.items.map((d) => d.id).sort()).toEqual([waiting.id, leased.id, recent.id].sort());
      expect(await tx((r) => r.deliveries.purgeBefore(accountId, at(epoch, 10 * MINUTE)))).toBe(0);
    });

    it('releases leased rows back to pending, due at once, without counting a try', async () => {
      const { accountId, widgetId } = await widgetOf();
      const epoch = newEpoch();
      const ds = range(3).map(() => buildDelivery(accountId, widgetId, at(epoch), { attempts: 1 }));
      await insert(...ds);
      const claimed = await claim(at(epoch), 3, 'w-a');
      expect(claimed).toHaveLength(3);
      const lease = leaseOf(claimed[0]!);
      expect(await tx((r) => r.deliveries.release([claimed[0]!.id, claimed[1]!.id], lease, at(epoch, 5)))).toBe(2);
      expect(await tx((r) => r.deliveries.release([claimed[2]!.id], { ...lease, claimedBy: 'w-other' }, at(epoch, 5)))).toBe(0);
      expect(await read((r) => r.deliveries.get(accountId, claimed[0]!.id))).toMatchObject({
        status: 'pending',
        attempts: 1,
        nextAttemptAt: at(epoch, 5),
        claimedBy: null,
        claimUntil: null,
      });
      expect(await read((r) => r.deliveries.get(accountId, claimed[2]!.id))).toMatchObject({ status: 'in_flight', claimedBy: 'w-a' });
      const reclaimed = await claim(at(epoch, MINUTE), 3);
      expect(reclaimed.map((d) => d.id).sort()).toEqual(claimed.map((d) => d.id).sort());
      for (const d of reclaimed)
        await tx((r) =>
          r.deliveries.complete(d.id, leaseOf(d), outcome({ updatedAt: at(epoch, MINUTE) }), attemptOf(d, at(epoch, MINUTE))),
        );
    });

    it('requeues a delivery with a fresh schedule, but not while a live lease holds it', async () => {
      const { accountId, widgetId } = await widgetOf();
      const epoch = newEpoch();
      const failed = buildDelivery(accountId, widgetId, at(epoch), {
        status: 'failed',
        attempts: 14,
        nextAttemptAt: null,
        lastError: 'gave up',
        lastStatus: 500,
      });
      const flying = buildDelivery(accountId, widgetId, at(epoch));
      await insert(failed, flying);
      expect(await tx((r) => r.deliveries.requeue(accountId, failed.id, at(epoch, 1)))).toBe(true);
      expect(await read((r) => r.deliveries.get(accountId, failed.id))).toEqual({
        ...failed,
        status: 'pending',
        attempts: 0,
        nextAttemptAt: at(epoch, 1),
        updatedAt: at(epoch, 1),
      });
      const claimed = await claim(at(epoch, 1), 10);
      expect(claimed.map((d) => d.id).sort()).toEqual([failed.id, flying.id].sort());
      expect(await tx((r) => r.deliveries.requeue(accountId, flying.id, at(epoch, 2)))).toBe(false);
      expect(await tx((r) => r.deliveries.requeue(newId(), failed.id, at(epoch, 2)))).toBe(false);
      // Once the lease has ended (the dispatcher died), an admin may queue it again.
      expect(await tx((r) => r.deliveries.requeue(accountId, flying.id, at(epoch, MINUTE + 1)))).toBe(true);
      const again = await claim(at(epoch, 2 * MINUTE), 10);
      expect(again.map((d) => d.id).sort()).toEqual([failed.id, flying.id].sort());
      for (const d of again)
        await tx((r) =>
          r.deliveries.complete(d.id, leaseOf(d), outcome({ updatedAt: at(epoch, 2 * MINUTE) }), attemptOf(d, at(epoch, 2 * MINUTE))),
        );
    });

    it('expedites the waiting retries of one widget and target only', async () => {
      const { accountId, widgetId } = await widgetOf();
      const otherWidget = await seedWidget(storage(), accountId);
      const epoch = newEpoch();
      const now = at(epoch, MINUTE);
      const waiting = buildDelivery(accountId, widgetId, at(epoch, 60 * MINUTE), { attempts: 3 });
      const alreadyDue = buildDelivery(accountId, widgetId, at(epoch), { attempts: 1 });
      const crm = buildDelivery(accountId, widgetId, at(epoch, 60 * MINUTE), { target: 'salesforce', attempts: 3 });
      const elsewhere = buildDelivery(accountId, otherWidget.id, at(epoch, 60 * MINUTE), { attempts: 3 });
      const done = buildDelivery(accountId, widgetId, at(epoch), { status: 'failed', nextAttemptAt: null });
      await insert(waiting, alreadyDue, crm, elsewhere, done);
      expect(await tx((r) => r.deliveries.expedite(accountId, widgetId, 'open_api', now))).toBe(1);
      expect(await read((r) => r.deliveries.get(accountId, waiting.id))).toMatchObject({ nextAttemptAt: now, status: 'pending' });
      expect(await read((r) => r.deliveries.get(accountId, alreadyDue.id))).toEqual(alreadyDue);
      expect(await read((r) => r.deliveries.get(accountId, crm.id))).toEqual(crm);
      expect(await read((r) => r.deliveries.get(accountId, elsewhere.id))).toEqual(elsewhere);
      expect(await read((r) => r.deliveries.get(accountId, done.id))).toEqual(done);
      const all = await claim(at(epoch, 60 * MINUTE), 10);
      expect(all.map((d) => d.id).sort()).toEqual([waiting.id, alreadyDue.id, crm.id, elsewhere.id].sort());
      for (const d of all)
        await tx((r) =>
          r.deliveries.complete(d.id, leaseOf(d), outcome({ updatedAt: at(epoch, 60 * MINUTE) }), attemptOf(d, at(epoch, 60 * MINUTE))),
        );
    });

    it('rolls back an insert, a claim and a completion together with the rest of their transaction', async () => {
      const { accountId, widgetId } = await widgetOf();
      const epoch = newEpoch();
      const d = buildDelivery(accountId, widgetId, at(epoch));
      const boom = new Error('deliberate rollback');
      await expect(
        tx(async (r) => {
          await r.deliveries.insert(d);
          throw boom;
        }),
      ).rejects.toBe(boom);
      expect(await read((r) => r.deliveries.get(accountId, d.id))).toBeNull();
      await insert(d);
      await expect(
        tx(async (r) => {
          const [c] = await r.deliveries.claimDue(at(epoch), 1, 'w-a', MINUTE);
          expect(c?.id).toBe(d.id);
          expect(await r.deliveries.complete(d.id, leaseOf(c!), outcome({ updatedAt: at(epoch) }), attemptOf(d, at(epoch)))).toBe(true);
          throw boom;
        }),
      ).rejects.toBe(boom);
      expect(await read((r) => r.deliveries.get(accountId, d.id))).toEqual(d);
      expect(await read((r) => r.deliveries.listAttempts(accountId, d.id))).toEqual([]);
      const [c] = await claim(at(epoch), 1);
      await tx((r) => r.deliveries.complete(d.id, leaseOf(c!), outcome({ updatedAt: at(epoch) }), attemptOf(d, at(epoch))));
    });

    it('hands each due row to exactly one of 8 dispatchers claiming at once', async () => {
      const { accountId, widgetId } = await widgetOf();
      const epoch = newEpoch();
      const rows = range(60).map((i) => buildDelivery(accountId, widgetId, at(epoch, i)));
      await insert(...rows);
      const now = at(epoch, MINUTE);
      const claimedBy = new Map<Id, string[]>();
      const claimer = async (worker: string) => {
        for (;;) {
          const got = await storage().transaction((r) => r.deliveries.claimDue(now, 3, worker, 10 * MINUTE));
          if (got.length === 0) return;
          for (const d of got) claimedBy.set(d.id, [...(claimedBy.get(d.id) ?? []), worker]);
          // Let the other claimers in between.
          await new Promise((resolve) => setTimeout(resolve, 1));
        }
      };
      await Promise.all(range(8).map((i) => claimer(`w-${i}`)));
      expect(claimedBy.size).toBe(rows.length);
      for (const d of rows) {
        const by = claimedBy.get(d.id) ?? [];
        expect(by, d.id).toHaveLength(1);
        expect(await read((r) => r.deliveries.get(accountId, d.id))).toMatchObject({ status: 'in_flight', claimedBy: by[0] });
      }
      for (const d of rows) {
        const stored = (await read((r) => r.deliveries.get(accountId, d.id)))!;
        await tx((r) => r.deliveries.complete(d.id, leaseOf(stored), outcome({ updatedAt: now }), attemptOf(d, now)));
      }
    });
  });
}
