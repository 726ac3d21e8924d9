import { afterEach, describe, expect, it, vi } from 'vitest';
import { busEvent as event, describeEventBusConformance } from '@parley/conformance';
import type { DomainEvent } from '@parley/core';
import { MemoryEventBus, WILDCARD_TOPIC } from './memory-event-bus.js';

// What every bus must do (topics, per-subscription delivery, order, unsubscribe, errors, `*`, close).
describeEventBusConformance('memory', { create: async (options) => new MemoryEventBus(options) });

afterEach(() => {
  vi.restoreAllMocks();
});

/** What only an in-process bus can promise: synchronous delivery of the very object published. */
describe('MemoryEventBus', () => {
  it('delivers an event to the subscribers of its topic before publish resolves', () => {
    const bus = new MemoryEventBus();
    const got: DomainEvent[] = [];
    bus.subscribe('chat:1', (e) => got.push(e));
    const e = event(['chat:1']);
    void bus.publish(e);
    expect(got).toEqual([e]); // synchronously, without awaiting
    expect(got[0]).toBe(e); // the same object, not a copy
  });

  it('names the wildcard topic *', () => {
    expect(WILDCARD_TOPIC).toBe('*');
  });

  it('reports the very event object to onError', async () => {
    const onError = vi.fn();
    const bus = new MemoryEventBus({ onError });
    const boom = new Error('boom');
    bus.subscribe('chat:1', () => {
      throw boom;
    });
    const e = event(['chat:1']);
    await bus.publish(e);
    expect(onError).toHaveBeenCalledWith(boom, e, 'chat:1');
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
