import { CHAT_EVENT_TYPES } from '@parley/core';
import { expect, it, vi } from 'vitest';

// The store behind the stream is the browser's: it reads the address and listens for `popstate` when it loads.
vi.stubGlobal('location', { pathname: '/app', search: '' });
vi.stubGlobal('history', { pushState() {}, replaceState() {} });
vi.stubGlobal('addEventListener', () => {});
vi.stubGlobal('document', { visibilityState: 'visible' });
vi.stubGlobal('requestAnimationFrame', () => 0);
vi.mock('./api.js', () => ({ api: {} }));
vi.mock('./notify.js', () => ({ notifyNew: () => {} }));

/** The event names each EventSource the console opens listens to. */
const listened: string[][] = [];
vi.stubGlobal(
  'EventSource',
  class {
    readonly types: string[] = [];
    constructor() {
      listened.push(this.types);
    }
    addEventListener(type: string) {
      this.types.push(type);
    }
    close() {}
  },
);

it('listens to every stored chat event type the server replays, so none is dropped after a reconnection', async () => {
  const { followAgentStream } = await import('./agent-stream.js');
  const close = followAgentStream();
  close();
  expect(listened).toHaveLength(1);
  for (const type of CHAT_EVENT_TYPES) expect(listened[0]).toContain(type);
  expect(listened[0]).toEqual(expect.arrayContaining(['chat.typing', 'agent.status', 'end']));
});
