import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openChatStream, type StreamHandlers } from './chat-stream.js';

/** Stands in for the browser's EventSource: records what was opened and lets the test play the server. */
class FakeEventSource {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSED = 2;
  static opened: FakeEventSource[] = [];
  readyState = FakeEventSource.CONNECTING;
  onopen: (() => void) | null = null;
  onerror: (() => void) | null = null;
  private readonly listeners = new Map<string, ((e: { data: string }) => void)[]>();
  constructor(readonly url: string) {
    FakeEventSource.opened.push(this);
  }
  addEventListener(type: string, fn: (e: { data: string }) => void) {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), fn]);
  }
  close() {
    this.readyState = FakeEventSource.CLOSED;
  }
  emit(type: string, data: unknown) {
    for (const fn of this.listeners.get(type) ?? []) fn({ data: JSON.stringify(data) });
  }
  /** The server refused or the connection failed for good: EventSource gives up. */
  refuse() {
    this.readyState = FakeEventSource.CLOSED;
    this.onerror?.();
  }
}

const handlers = () => {
  const got: string[] = [];
  const on: StreamHandlers = {
    stored: (e) => got.push(`stored ${e.type} ${e.seq}`),
    queue: (q) => got.push(`queue ${q.position}`),
    agentTyping: (t) => got.push(`typing ${t.typing} ${t.alias}`),
    connection: (live) => got.push(`live ${live}`),
    gone: () => got.push('gone'),
  };
  return { got, on };
};

describe('the chat stream', () => {
  beforeEach(() => {
    FakeEventSource.opened = [];
    vi.stubGlobal('EventSource', FakeEventSource);
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('passes on stored events, queue places and the agent typing, and ignores what it cannot read', () => {
    const { got, on } = handlers();
    openChatStream('c1', 'tok', () => 0, on);
    const s = FakeEventSource.opened[0]!;
    expect(s.url).toBe('/api/v1/chats/c1/events?token=tok');
    s.onopen?.();
    s.emit('chat.message', { seq: 3, type: 'chat.message' });
    s.emit('chat.queue', { position: 2, estimatedWaitSeconds: 60 });
    s.emit('chat.agent_typing', { typing: true, alias: 'Ann' });
    s.emit('chat.message', { nothing: 'here' });
    expect(got).toEqual(['live true', 'stored chat.message 3', 'queue 2', 'typing true Ann']);
  });

  it('opens a new stream after the last seq when the server refuses, waiting longer each time', async () => {
    const { got, on } = handlers();
    let seen = 0;
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => ({ status: 503 })),
    );
    openChatStream('c1', 'tok', () => seen, on);
    seen = 7;
    FakeEventSource.opened[0]!.refuse();
    await vi.advanceTimersByTimeAsync(1999);
    expect(FakeEventSource.opened).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(FakeEventSource.opened.map((s) => s.url)).toEqual([
      '/api/v1/chats/c1/events?token=tok',
      '/api/v1/chats/c1/events?token=tok&lastEventId=7',
    ]);
    FakeEventSource.opened[1]!.refuse();
    await vi.advanceTimersByTimeAsync(3999);
    expect(FakeEventSource.opened).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(FakeEventSource.opened).toHaveLength(3);
    expect(got).toEqual(['live false', 'live false']);
  });

  it('lets EventSource retry a dropped connection by itself', async () => {
    const { on } = handlers();
    openChatStream('c1', 'tok', () => 0, on);
    FakeEventSource.opened[0]!.onerror?.(); // still CONNECTING: the browser reconnects with Last-Event-ID
    await vi.advanceTimersByTimeAsync(60_000);
    expect(FakeEventSource.opened).toHaveLength(1);
  });

  it('gives up on a chat the server no longer knows after repeated refusals', async () => {
    const { got, on } = handlers();
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => ({ status: 401 })),
    );
    openChatStream('c1', 'tok', () => 0, on);
    FakeEventSource.opened[0]!.refuse();
    await vi.advanceTimersByTimeAsync(2000);
    FakeEventSource.opened[1]!.refuse();
    await vi.advanceTimersByTimeAsync(4000);
    FakeEventSource.opened[2]!.refuse();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(FakeEventSource.opened).toHaveLength(3);
    expect(got.at(-1)).toBe('gone');
  });

  it('stops for good when closed', async () => {
    const { on } = handlers();
    const stream = openChatStream('c1', 'tok', () => 0, on);
    FakeEventSource.opened[0]!.refuse();
    stream.close();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(FakeEventSource.opened).toHaveLength(1);
  });
});
