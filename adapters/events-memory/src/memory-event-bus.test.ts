import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DomainEvent } from '@parley/core';
import { MemoryEventBus, WILDCARD_TOPIC } from './memory-event-bus.js';

let seq = 0;
function event(topics: string[], type = 'chat.assigned', data: Record<string, unknown> = {}): DomainEvent {
  seq += 1;
  return { type, accountId: 'acc-1', topics, at: '2026-01-31T12:00:00.000Z', data: { seq, ...data } };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('MemoryEventBus', () => {
  it('delivers an event to the subscribers of its topic before publish resolves', () => {
    const bus = new MemoryEventBus();
    const got: DomainEvent[] = [];
    bus.subscribe('chat:1', (e) => got.push(e));
    const e = event(['chat:1']);
    void bus.publish(e);
    expect(got).toEqual([e]); // synchronously, without awaiting
  });

  it('does not deliver to subscribers of other topics', async () => {
    const bus = new MemoryEventBus();
    const got: DomainEvent[] = [];
    bus.subscribe('chat:2', (e) => got.push(e));
    await bus.publish(event(['chat:1', 'account:acc-1']));
    expect(got).toEqual([]);
  });

  it('delivers to every subscriber of each of the event topics', async () => {
    const bus = new MemoryEventBus();
    const calls: string[] = [];
    bus.subscribe('account:acc-1', () => calls.push('account-a'));
    bus.subscribe('chat:1', () => calls.push('chat'));
    bus.subscribe('account:acc-1', () => calls.push('account-b'));
    await bus.publish(event(['account:acc-1', 'chat:1']));
    expect(calls).toEqual(['account-a', 'account-b', 'chat']);
  });

  it('delivers events in publish order to each subscriber', async () => {
    const bus = new MemoryEventBus();
    const a: unknown[] = [];
    const b: unknown[] = [];
    bus.subscribe('chat:1', (e) => a.push(e.data.seq));
    bus.subscribe('chat:1', (e) => b.push(e.data.seq));
    const events = Array.from({ length: 5 }, () => event(['chat:1']));
    for (const e of events) await bus.publish(e);
    const expected = events.map((e) => e.data.seq);
    expect(a).toEqual(expected);
    expect(b).toEqual(expected);
  });

  it('calls a handler once per subscription when it is subscribed to several of the event topics', async () => {
    const bus = new MemoryEventBus();
    const handler = vi.fn();
    bus.subscribe('account:acc-1', handler);
    bus.subscribe('chat:1', handler);
    await bus.publish(event(['account:acc-1', 'chat:1']));
    expect(handler).toHaveBeenCalledTimes(2);
  });

  it('calls a handler once per subscription when it is subscribed twice to one topic', async () => {
    const bus = new MemoryEventBus();
    const handler = vi.fn();
    const first = bus.subscribe('chat:1', handler);
    bus.subscribe('chat:1', handler);
    await bus.publish(event(['chat:1']));
    expect(handler).toHaveBeenCalledTimes(2);
    first();
    await bus.publish(event(['chat:1']));
    expect(handler).toHaveBeenCalledTimes(3);
  });

  it('delivers once per distinct topic when an event lists a topic twice', async () => {
    const bus = new MemoryEventBus();
    const handler = vi.fn();
    bus.subscribe('chat:1', handler);
    await bus.publish(event(['chat:1', 'chat:1']));
    expect(handler).toHaveBeenCalledTimes(1);
  });

  it('stops delivering after unsubscribe', async () => {
    const bus = new MemoryEventBus();
    const handler = vi.fn();
    const unsubscribe = bus.subscribe('chat:1', handler);
    await bus.publish(event(['chat:1']));
    unsubscribe();
    await bus.publish(event(['chat:1']));
    expect(handler).toHaveBeenCalledTimes(1);
  });

  it('treats a second unsubscribe as a no-op that leaves other subscriptions alone', async () => {
    const bus = new MemoryEventBus();
    const handler = vi.fn();
    const unsubscribe = bus.subscribe('chat:1', handler);
    bus.subscribe('chat:1', handler);
    unsubscribe();
    unsubscribe();
    await bus.publish(event(['chat:1']));
    expect(handler).toHaveBeenCalledTimes(1);
  });

  it('does not call a handler unsubscribed by an earlier handler for the same event', async () => {
    const bus = new MemoryEventBus();
    const later = vi.fn();
    let unsubscribeLater = (): void => {};
    bus.subscribe('chat:1', () => unsubscribeLater());
    unsubscribeLater = bus.subscribe('chat:1', later);
    await bus.publish(event(['chat:1']));
    expect(later).not.toHaveBeenCalled();
  });

  it('keeps delivering to other handlers when one throws, and reports the error', async () => {
    const onError = vi.fn();
    const bus = new MemoryEventBus({ onError });
    const calls: string[] = [];
    const boom = new Error('boom');
    bus.subscribe('chat:1', () => calls.push('first'));
    bus.subscribe('chat:1', () => {
      throw boom;
    });
    bus.subscribe('chat:1', () => calls.push('third'));
    bus.subscribe('account:acc-1', () => calls.push('other topic'));
    const e = event(['chat:1', 'account:acc-1']);
    await expect(bus.publish(e)).resolves.toBeUndefined();
    expect(calls).toEqual(['first', 'third', 'other topic']);
    expect(onError).toHaveBeenCalledTimes(1);
    expect(onError).toHaveBeenCalledWith(boom, e, 'chat:1');
  });

  it('reports a rejected async handler instead of leaving an unhandled rejection', async () => {
    const onError = vi.fn();
    const bus = new MemoryEventBus({ onError });
    const boom = new Error('async boom');
    bus.subscribe('chat:1', async () => {
      throw boom;
    });
    const e = event(['chat:1']);
    await bus.publish(e);
    await new Promise((resolve) => setImmediate(resolve));
    expect(onError).toHaveBeenCalledWith(boom, e, 'chat:1');
  });

  it('survives an onError reporter that throws', async () => {
    const bus = new MemoryEventBus({
      onError: () => {
        throw new Error('reporter broke');
      },
    });
    const after = vi.fn();
    bus.subscribe('chat:1', () => {
      throw new Error('boom');
    });
    bus.subscribe('chat:1', after);
    await expect(bus.publish(event(['chat:1']))).resolves.toBeUndefined();
    expect(after).toHaveBeenCalledTimes(1);
  });

  it('reports handler errors to console.error by default with the event type but not its data', async () => {
    const consoleError = vi.spyOn(console, 'error').mockImplementation(() => {});
    const bus = new MemoryEventBus();
    const boom = new Error('boom');
    bus.subscribe('chat:1', () => {
      throw boom;
    });
    await bus.publish(event(['chat:1'], 'chat.transferred', { secret: 'visitor-email@example.com' }));
    expect(consoleError).toHaveBeenCalledTimes(1);
    const args = consoleError.mock.calls[0]!;
    expect(String(args[0])).toContain('chat.transferred');
    expect(args).toContain(boom);
    expect(JSON.stringify(args.map(String))).not.toContain('visitor-email@example.com');
  });

  it('delivers every event once to wildcard subscribers, after the topic subscribers', async () => {
    const bus = new MemoryEventBus();
    const calls: string[] = [];
    bus.subscribe(WILDCARD_TOPIC, (e) => calls.push(`*:${e.type}`));
    bus.subscribe('chat:1', (e) => calls.push(`chat:${e.type}`));
    await bus.publish(event(['account:acc-1', 'chat:1'], 'chat.assigned'));
    await bus.publish(event(['widget:9'], 'widget.updated'));
    await bus.publish(event([], 'user.created'));
    expect(WILDCARD_TOPIC).toBe('*');
    expect(calls).toEqual(['chat:chat.assigned', '*:chat.assigned', '*:widget.updated', '*:user.created']);
  });

  it('does not deliver twice to wildcard subscribers when an event lists the * topic', async () => {
    const bus = new MemoryEventBus();
    const handler = vi.fn();
    bus.subscribe('*', handler);
    await bus.publish(event(['*', 'chat:1']));
    expect(handler).toHaveBeenCalledTimes(1);
  });

  it('delivers events published from inside a handler after the current event, keeping publish order', async () => {
    const bus = new MemoryEventBus();
    const seen: Record<string, string[]> = { a: [], b: [] };
    const first = event(['chat:1'], 'first');
    const second = event(['chat:1'], 'second');
    bus.subscribe('chat:1', (e) => {
      seen.a!.push(e.type);
      if (e === first) void bus.publish(second);
    });
    bus.subscribe('chat:1', (e) => seen.b!.push(e.type));
    await bus.publish(first);
    expect(seen).toEqual({ a: ['first', 'second'], b: ['first', 'second'] });
  });

  it('removes all subscribers on close and ignores later publishes', async () => {
    const bus = new MemoryEventBus();
    const topic = vi.fn();
    const wildcard = vi.fn();
    bus.subscribe('chat:1', topic);
    bus.subscribe('*', wildcard);
    await bus.close();
    await expect(bus.publish(event(['chat:1']))).resolves.toBeUndefined();
    expect(topic).not.toHaveBeenCalled();
    expect(wildcard).not.toHaveBeenCalled();
  });

  it('ignores subscriptions made after close, and close is idempotent', async () => {
    const bus = new MemoryEventBus();
    await bus.close();
    const handler = vi.fn();
    const unsubscribe = bus.subscribe('chat:1', handler);
    await bus.publish(event(['chat:1']));
    expect(handler).not.toHaveBeenCalled();
    expect(() => unsubscribe()).not.toThrow();
    await expect(bus.close()).resolves.toBeUndefined();
  });

  it('stops delivering queued events when a handler closes the bus', async () => {
    const bus = new MemoryEventBus();
    const seen: string[] = [];
    bus.subscribe('chat:1', (e) => {
      seen.push(e.type);
      if (e.type === 'first') {
        void bus.publish(event(['chat:1'], 'second'));
        void bus.close();
      }
    });
    await bus.publish(event(['chat:1'], 'first'));
    expect(seen).toEqual(['first']);
  });
});
