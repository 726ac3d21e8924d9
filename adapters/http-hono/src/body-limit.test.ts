import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { limitBody } from './body-limit.js';

const app = () => {
  const a = new Hono();
  a.use(limitBody(10, (c) => c.text('too large', 413)));
  a.post('/', async (c) => c.text(`got ${(await c.req.text()).length}`));
  a.get('/', (c) => c.text('ok'));
  return a;
};

const chunked = (text: string) =>
  new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(new TextEncoder().encode(text));
      controller.close();
    },
  });

describe('limitBody', () => {
  it('refuses a declared Content-Length over the limit without reading the body', async () => {
    const res = await app().request('/', {
      method: 'POST',
      headers: { 'content-length': '11' },
      body: chunked('x'.repeat(11)),
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(413);
  });

  it('passes a declared Content-Length within the limit, body intact', async () => {
    const res = await app().request('/', { method: 'POST', headers: { 'content-length': '10' }, body: 'x'.repeat(10) });
    expect(await res.text()).toBe('got 10');
  });

  it('counts the bytes of a body that declares no length', async () => {
    expect((await app().request('/', { method: 'POST', body: chunked('x'.repeat(11)), duplex: 'half' } as RequestInit)).status).toBe(413);
    expect(await (await app().request('/', { method: 'POST', body: chunked('x'.repeat(9)), duplex: 'half' } as RequestInit)).text()).toBe(
      'got 9',
    );
  });

  it('counts the bytes of a chunked body even when it also declares a length', async () => {
    const res = await app().request('/', {
      method: 'POST',
      headers: { 'transfer-encoding': 'chunked', 'content-length': '1' },
      body: chunked('x'.repeat(11)),
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(413);
  });

  it('lets a GET without a body through', async () => {
    expect(await (await app().request('/')).text()).toBe('ok');
  });
});
