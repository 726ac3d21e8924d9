import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DomainEvent, EventBus } from '@parley/core';

/** The topic whose subscribers get every event once (`WILDCARD_TOPIC` of the bus adapters). */
const WILDCARD = '*';

/** How a bus reports a handler's failure (the `onError` option of the bus adapters). */
export type EventBusErrorReporter = (error: unknown, event: DomainEvent, topic: string) => void;

/** How the suite gets buses of one adapter. */
export interface EventBusFactory<B extends EventBus = EventBus> {
  /** A fresh, ready bus; its `onError` is the given one, or the adapter's default when absent. */
  create(options: { onError?: EventBusErrorReporter }): Promise<B>;
  /**
   * Resolves once the bus's subscriptions so far are in force and everything published before the call
   * has been delivered to its handlers. Buses that deliver asynchronously (through a server) need it;
   * omit it for a bus that delivers before `publish` resolves.
   */
  settle?(bus: B): Promise<void>;
  /**
   * Cuts the bus off its server, runs `during` while it is cut (once the bus has noticed), and restores the
   * connection. Buses that can lose events (through a server) provide it, and the suite then checks their
   * gap announcements (`EventBus.onGap`); a bus that cannot lose any omits it, and those tests are skipped
   * with that reason.
   */
  outage?(bus: B, during: () => Promise<void>): Promise<void>;
  /** A reason to skip the suite (no server to test against); it is then printed loudly. */
  skip?: string | false;
}

let seq = 0;

/** An event on `topics` whose `data.seq` tells events apart. */
export function busEvent(topics: string[], type = 'chat.assigned', data: Record<string, unknown> = {}): DomainEvent {
  seq += 1;
  return { type, accountId: 'acc-1', topics, at: '2026-01-31T12:00:00.000Z', data: { seq, ...data } };
}

/**
 * Registers the behaviours every `EventBus` adapter must have: delivery by topic, once per subscription,
 * in publish order, unsubscribe, error isolation, the `*` topic, and close. Call it at the top level of
 * the adapter's test file:
 *
 * ```ts
 * describeEventBusConformance('memory', { create: async (o) => new MemoryEventBus(o) });
 * ```
 *
 * Each test makes its own buses (closed afterwards) and waits with `settle` before it publishes and
 * before it looks, so it holds for buses that deliver later than `publish` resolves.
 */
export function describeEventBusConformance<B extends EventBus>(name: string, factory: EventBusFactory<B>): void {
  const title = `event bus conformance: ${name}`;
  if (typeof factory.skip === 'string') {
    console.warn(
      `\n${'!'.repeat(80)}\n!!! SKIPPED: ${title}\n!!! Reason: ${factory.skip}\n!!! This bus's guarantees are NOT being checked.\n${'!'.repeat(80)}\n`,
    );
    describe.skip(title, () =>
      defineTests(
        async () => Promise.reject(new Error('skipped')),
        async () => {},
        undefined,
      ),
    );
    return;
  }
  const open: B[] = [];
  const make = async (options: { onError?: EventBusErrorReporter } = {}): Promise<B> => {
    const bus = await factory.create(options);
    open.push(bus);
    return bus;
  };
  const settle = async (bus: B): Promise<void> => {
    if (factory.settle) await factory.settle(bus);
  };
  describe(title, () => {
    afterEach(async () => {
      vi.restoreAllMocks();
      await Promise.all(open.splice(0).map((bus) => bus.close()));
    });
    defineTests(make, settle, factory.outage);
  });
}

function defineTests<B extends EventBus>(
  make: (options?: { onError?: EventBusErrorReporter }) => Promise<B>,
  settle: (bus: B) => Promise<void>,
  outage: EventBusFactory<B>['outage'],
): void {
  /** Publishes each event in turn, then waits until the bus has delivered them. */
  const publishAll = async (bus: B, ...events: DomainEvent[]): Promise<void> => {
    await settle(bus); // subscriptions made so far are in force
    for (const e of events) await bus.publish(e);
    await settle(bus);
  };

  it('does not deliver to subscribers of other topics', async () => {
    const bus = await make();
    const got: DomainEvent[] = [];
    bus.subscribe('chat:2', (e) => got.push(e));
    await publishAll(bus, busEvent(['chat:1', 'account:acc-1']));
    expect(got).toEqual([]);
  });

  it('delivers an event equal to the published one', async () => {
    const bus = await make();
    const got: DomainEvent[] = [];
    bus.subscribe('chat:1', (e) => got.push(e));
    const e = busEvent(['chat:1'], 'chat.message', { text: 'Grüße 👋', nested: { list: [1, null, 'x'] } });
    await publishAll(bus, e);
    expect(got).toEqual([e]);
  });

  it('delivers to every subscriber of each of the event topics, topic by topic in the order listed', async () => {
    const bus = await make();
    const calls: string[] = [];
    bus.subscribe('account:acc-1', () => calls.push('account-a'));
    bus.subscribe('chat:1', () => calls.push('chat'));
    bus.subscribe('account:acc-1', () => calls.push('account-b'));
    await publishAll(bus, busEvent(['account:acc-1', 'chat:1']));
    expect(calls).toEqual(['account-a', 'account-b', 'chat']);
  });

  it('delivers events in publish order to each subscriber', async () => {
    const bus = await make();
    const a: unknown[] = [];
    const b: unknown[] = [];
    bus.subscribe('chat:1', (e) => a.push(e.data.seq));
    bus.subscribe('chat:1', (e) => b.push(e.data.seq));
    const events = Array.from({ length: 20 }, () => busEvent(['chat:1']));
    await publishAll(bus, ...events);
    const expected = events.map((e) => e.data.seq);
    expect(a).toEqual(expected);
    expect(b).toEqual(expected);
  });

  it('keeps publish order when publishes are not awaited one by one', async () => {
    const bus = await make();
    const got: unknown[] = [];
    bus.subscribe('chat:1', (e) => got.push(e.data.seq));
    await settle(bus);
    const events = Array.from({ length: 50 }, () => busEvent(['chat:1']));
    await Promise.all(events.map((e) => bus.publish(e)));
    await settle(bus);
    expect(got).toEqual(events.map((e) => e.data.seq));
  });

  it('calls a handler once per subscription when it is subscribed to several of the event topics', async () => {
    const bus = await make();
    const handler = vi.fn();
    bus.subscribe('account:acc-1', handler);
    bus.subscribe('chat:1', handler);
    await publishAll(bus, busEvent(['account:acc-1', 'chat:1']));
    expect(handler).toHaveBeenCalledTimes(2);
  });

  it('calls a handler once per subscription when it is subscribed twice to one topic', async () => {
    const bus = await make();
    const handler = vi.fn();
    const first = bus.subscribe('chat:1', handler);
    bus.subscribe('chat:1', handler);
    await publishAll(bus, busEvent(['chat:1']));
    expect(handler).toHaveBeenCalledTimes(2);
    first();
    await publishAll(bus, busEvent(['chat:1']));
    expect(handler).toHaveBeenCalledTimes(3);
  });

  it('delivers once per distinct topic when an event lists a topic twice', async () => {
    const bus = await make();
    const handler = vi.fn();
    bus.subscribe('chat:1', handler);
    await publishAll(bus, busEvent(['chat:1', 'chat:1']));
    expect(handler).toHaveBeenCalledTimes(1);
  });

  it('stops delivering after unsubscribe', async () => {
    const bus = await make();
    const handler = vi.fn();
    const unsubscribe = bus.subscribe('chat:1', handler);
    await publishAll(bus, busEvent(['chat:1']));
    unsubscribe();
    await publishAll(bus, busEvent(['chat:1']));
    expect(handler).toHaveBeenCalledTimes(1);
  });

  it('delivers again to a topic whose last handler left and a new one came', async () => {
    const bus = await make();
    const first = vi.fn();
    const second = vi.fn();
    bus.subscribe('chat:1', first)();
    bus.subscribe('chat:1', second);
    await publishAll(bus, busEvent(['chat:1']));
    expect(first).not.toHaveBeenCalled();
    expect(second).toHaveBeenCalledTimes(1);
  });

  it('treats a second unsubscribe as a no-op that leaves other subscriptions alone', async () => {
    const bus = await make();
    const handler = vi.fn();
    const unsubscribe = bus.subscribe('chat:1', handler);
    bus.subscribe('chat:1', handler);
    unsubscribe();
    unsubscribe();
    await publishAll(bus, busEvent(['chat:1']));
    expect(handler).toHaveBeenCalledTimes(1);
  });

  it('does not call a handler unsubscribed by an earlier handler for the same event', async () => {
    const bus = await make();
    const later = vi.fn();
    let unsubscribeLater = (): void => {};
    bus.subscribe('chat:1', () => unsubscribeLater());
    unsubscribeLater = bus.subscribe('chat:1', later);
    await publishAll(bus, busEvent(['chat:1']));
    expect(later).not.toHaveBeenCalled();
  });

  it('keeps delivering to other handlers when one throws, and reports the error', async () => {
    const onError = vi.fn();
    const bus = await make({ onError });
    const calls: string[] = [];
    const boom = new Error('boom');
    bus.subscribe('chat:1', () => calls.push('first'));
    bus.subscribe('chat:1', () => {
      throw boom;
    });
    bus.subscribe('chat:1', () => calls.push('third'));
    bus.subscribe('account:acc-1', () => calls.push('other topic'));
    const e = busEvent(['chat:1', 'account:acc-1']);
    await settle(bus);
    await expect(bus.publish(e)).resolves.toBeUndefined();
    await settle(bus);
    expect(calls).toEqual(['first', 'third', 'other topic']);
    expect(onError).toHaveBeenCalledTimes(1);
    expect(onError).toHaveBeenCalledWith(boom, expect.objectContaining({ type: e.type, data: e.data }), 'chat:1');
  });

  it('reports a rejected async handler instead of leaving an unhandled rejection', async () => {
    const onError = vi.fn();
    const bus = await make({ onError });
    const boom = new Error('async boom');
    bus.subscribe('chat:1', async () => {
      throw boom;
    });
    const e = busEvent(['chat:1']);
    await publishAll(bus, e);
    await vi.waitFor(() => expect(onError).toHaveBeenCalledWith(boom, expect.objectContaining({ data: e.data }), 'chat:1'));
  });

  it('survives an onError reporter that throws', async () => {
    const bus = await make({
      onError: () => {
        throw new Error('reporter broke');
      },
    });
    const after = vi.fn();
    bus.subscribe('chat:1', () => {
      throw new Error('boom');
    });
    bus.subscribe('chat:1', after);
    await settle(bus);
    await expect(bus.publish(busEvent(['chat:1']))).resolves.toBeUndefined();
    await settle(bus);
    expect(after).toHaveBeenCalledTimes(1);
  });

  it('reports handler errors to console.error by default with the event type but not its data', async () => {
    const consoleError = vi.spyOn(console, 'error').mockImplementation(() => {});
    const bus = await make();
    const boom = new Error('boom');
    bus.subscribe('chat:1', () => {
      throw boom;
    });
    await publishAll(bus, busEvent(['chat:1'], 'chat.transferred', { secret: 'visitor-email@example.com' }));
    expect(consoleError).toHaveBeenCalledTimes(1);
    const args = consoleError.mock.calls[0]!;
    expect(String(args[0])).toContain('chat.transferred');
    expect(args).toContain(boom);
    expect(JSON.stringify(args.map(String))).not.toContain('visitor-email@example.com');
  });

  it('delivers every event once to wildcard subscribers, after the topic subscribers', async () => {
    const bus = await make();
    const calls: string[] = [];
    bus.subscribe(WILDCARD, (e) => calls.push(`*:${e.type}`));
    bus.subscribe('chat:1', (e) => calls.push(`chat:${e.type}`));
    await publishAll(
      bus,
      busEvent(['account:acc-1', 'chat:1'], 'chat.assigned'),
      busEvent(['widget:9'], 'widget.updated'),
      busEvent([], 'user.created'),
    );
    expect(calls).toEqual(['chat:chat.assigned', '*:chat.assigned', '*:widget.updated', '*:user.created']);
  });

  it('does not deliver twice to wildcard subscribers when an event lists the * topic', async () => {
    const bus = await make();
    const handler = vi.fn();
    bus.subscribe(WILDCARD, handler);
    await publishAll(bus, busEvent([WILDCARD, 'chat:1']));
    expect(handler).toHaveBeenCalledTimes(1);
  });

  it('delivers events published from inside a handler after the current event, keeping publish order', async () => {
    const bus = await make();
    const seen: Record<string, string[]> = { a: [], b: [] };
    const first = busEvent(['chat:1'], 'first');
    const second = busEvent(['chat:1'], 'second');
    bus.subscribe('chat:1', (e) => {
      seen.a!.push(e.type);
      if (e.type === 'first') void bus.publish(second);
    });
    bus.subscribe('chat:1', (e) => seen.b!.push(e.type));
    await publishAll(bus, first);
    await settle(bus); // the second was published during the first's delivery
    expect(seen).toEqual({ a: ['first', 'second'], b: ['first', 'second'] });
  });

  it('ignores publishes and subscriptions after close, and close is idempotent', async () => {
    const bus = await make();
    const before = vi.fn();
    bus.subscribe('chat:1', before);
    await settle(bus);
    await bus.close();
    await expect(bus.publish(busEvent(['chat:1']))).resolves.toBeUndefined();
    const after = vi.fn();
    const unsubscribe = bus.subscribe('chat:1', after);
    await expect(bus.publish(busEvent(['chat:1']))).resolves.toBeUndefined();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(before).not.toHaveBeenCalled();
    expect(after).not.toHaveBeenCalled();
    expect(() => unsubscribe()).not.toThrow();
    await expect(bus.close()).resolves.toBeUndefined();
  });

  const gapTitle = outage ? 'gaps' : 'gaps: skipped, the bus has no outage to simulate (it cannot lose events)';
  (outage ? describe : describe.skip)(gapTitle, () => {
    /** Resolves at the next gap the bus announces. */
    const nextGap = (bus: B): Promise<void> =>
      new Promise<void>((resolve) => {
        const stop = bus.onGap!(() => {
          stop();
          resolve();
        });
      });

    it('announces a gap after an outage, once the subscriptions made before and during it are in force again', async () => {
      const bus = await make();
      expect(bus.onGap).toBeTypeOf('function');
      const before: unknown[] = [];
      const during: unknown[] = [];
      bus.subscribe('chat:1', (e) => before.push(e.data.seq));
      await settle(bus);
      const told = nextGap(bus);
      await outage!(bus, async () => {
        await bus.publish(busEvent(['chat:1'])).catch(() => {}); // lost, or delivered: at most once either way
        bus.subscribe('chat:2', (e) => during.push(e.data.seq));
      });
      await told;
      const after = [busEvent(['chat:1']), busEvent(['chat:2'])];
      for (const e of after) await bus.publish(e); // no settle: being told is the promise that they arrive
      await vi.waitFor(() => expect([...before, ...during]).toEqual(expect.arrayContaining(after.map((e) => e.data.seq))), {
        timeout: 5000,
      });
    });

    it('does not announce a gap while its connection holds', async () => {
      const bus = await make();
      const gaps = vi.fn();
      bus.onGap!(gaps);
      bus.subscribe('chat:1', () => {});
      await settle(bus);
      for (let i = 0; i < 5; i += 1) await bus.publish(busEvent(['chat:1']));
      await settle(bus);
      expect(gaps).not.toHaveBeenCalled();
    });

    it('stops telling a gap listener that was removed, and keeps telling the others', async () => {
      const bus = await make();
      const removed = vi.fn();
      bus.onGap!(removed)();
      const told = nextGap(bus);
      await outage!(bus, async () => {});
      await told;
      expect(removed).not.toHaveBeenCalled();
    });
  });
}
