import { afterEach, describe, expect, it } from 'vitest';
import { HttpWebhookTransport } from './http-transport.js';
import type { Resolver } from './guard.js';
import { startReceiver, type Receiver } from '../test/receiver.js';

const open: { close(): unknown }[] = [];
afterEach(async () => {
  for (const o of open.splice(0)) await o.close();
});

const receiver = async (...args: Parameters<typeof startReceiver>): Promise<Receiver> => {
  const r = await startReceiver(...args);
  open.push(r);
  return r;
};
const transport = (options: ConstructorParameters<typeof HttpWebhookTransport>[0] = {}) => {
  const t = new HttpWebhookTransport({ allowHttpLoopback: true, ...options });
  open.push(t);
  return t;
};
const post = (url: string, body = '{"hello":"wörld"}') => ({
  url,
  headers: { 'content-type': 'application/json', 'webhook-id': 'msg_1' },
  body,
});

describe('HttpWebhookTransport', () => {
  it('POSTs the body and headers, counts a 2xx as success and keeps the first KiB of the answer', async () => {
    const r = await receiver((_req, res) => {
      res.writeHead(202, { 'content-type': 'text/plain' });
      res.end('é'.repeat(2000));
    });
    const result = await transport().send(post(`${r.url}/hook?x=1`));
    expect(result).toMatchObject({ ok: true, status: 202, error: null, retryAfter: null });
    expect(Buffer.byteLength(result.responseSnippet!)).toBeLessThanOrEqual(1024);
    expect(result.responseSnippet!.startsWith('éé')).toBe(true);
    expect(result.latencyMs).toBeGreaterThan(0);
    expect(r.received[0]).toMatchObject({ method: 'POST', url: '/hook?x=1', body: '{"hello":"wörld"}' });
    expect(r.received[0]?.headers).toMatchObject({
      'content-type': 'application/json',
      'webhook-id': 'msg_1',
      'content-length': String(Buffer.byteLength('{"hello":"wörld"}')),
    });
  });

  it('counts anything but 2xx as a failure, with the status, the answer and Retry-After', async () => {
    const r = await receiver((_req, res) => {
      res.writeHead(503, { 'retry-after': '120' });
      res.end('busy, come back later');
    });
    expect(await transport().send(post(r.url))).toMatchObject({
      ok: false,
      status: 503,
      error: 'the receiver answered 503',
      responseSnippet: 'busy, come back later',
      retryAfter: '120',
    });
  });

  it('never follows a redirect', async () => {
    const elsewhere = await receiver();
    const r = await receiver((_req, res) => {
      res.writeHead(307, { location: `${elsewhere.url}/stolen` });
      res.end();
    });
    const result = await transport().send(post(r.url));
    expect(result).toMatchObject({ ok: false, status: 307 });
    expect(result.error).toBe(`the receiver answered 307 (redirect to ${elsewhere.url}/stolen not followed)`);
    expect(elsewhere.received).toEqual([]);
  });

  it('gives up on a receiver that does not answer in time', async () => {
    const r = await receiver(() => {
      /* never answers */
    });
    const result = await transport({ timeoutMs: 200 }).send(post(r.url));
    expect(result).toMatchObject({ ok: false, status: null, error: 'timed out after 200 ms', responseSnippet: null });
    expect(r.received).toHaveLength(1);
  });

  it('gives up on an answer whose body never ends, keeping what came', async () => {
    const r = await receiver((_req, res) => {
      res.writeHead(200);
      res.write('partial');
    });
    const result = await transport({ timeoutMs: 200 }).send(post(r.url));
    expect(result).toMatchObject({ ok: false, status: null, error: 'timed out after 200 ms' });
  });

  it('retries at once when the connection breaks under the request, but leaves a refused one to the schedule', async () => {
    let n = 0;
    const r = await receiver((_req, res) => {
      // The first request dies with its connection (what a receiver closing a kept-alive socket looks like).
      if (++n === 1) res.socket?.destroy();
      else res.end('ok');
    });
    expect(await transport().send(post(r.url))).toMatchObject({ ok: true, status: 200 });
    expect(r.received).toHaveLength(2);

    const down = await receiver();
    const url = down.url;
    await down.close();
    const refused = await transport().send(post(url));
    expect(refused).toMatchObject({ ok: false, status: null });
    expect(refused.error).toMatch(/^the server refused the connection \(connect ECONNREFUSED 127\.0\.0\.1:\d+\)$/);
  });

  it('says how many tries a broken connection got', async () => {
    const r = await receiver((_req, res) => {
      res.socket?.destroy();
    });
    const result = await transport().send(post(r.url));
    expect(result.error).toMatch(/\(after 3 tries\)$/);
    expect(r.received).toHaveLength(3);
  });

  it('aborts when the dispatcher stops', async () => {
    const r = await receiver(() => {});
    const stop = new AbortController();
    const pending = transport().send(post(r.url), stop.signal);
    while (r.received.length === 0) await new Promise((res) => setTimeout(res, 5));
    stop.abort();
    expect((await pending).error).toMatch(/abort/i);
  });
});

describe('the SSRF guard, at connect time', () => {
  /** A resolver the test controls: what "DNS" answers right now. */
  const dns = (answers: Record<string, string[]>): Resolver & { set(host: string, ips: string[]): void } => {
    const table = { ...answers };
    const resolve: Resolver = async (host) =>
      (table[host] ?? []).map((address) => ({ address, family: address.includes(':') ? (6 as const) : (4 as const) }));
    return Object.assign(resolve, {
      set: (host: string, ips: string[]) => {
        table[host] = ips;
      },
    });
  };

  it('refuses loopback unless the operator allows it, and plain http to anything else', async () => {
    const r = await receiver();
    const strict = transport({ allowHttpLoopback: false });
    expect((await strict.send(post(r.url))).error).toMatch(/^refused: /);
    expect((await strict.send(post(`http://[::ffff:127.0.0.1]:${r.port}/`))).error).toMatch(/^refused: /);
    expect((await strict.send(post(`http://localhost:${r.port}/`))).error).toMatch(/^refused: /);
    expect((await transport().send(post('http://example.com/'))).error).toMatch(/^refused: Use https/);
    expect(r.received).toEqual([]);
  });

  it('refuses a loopback name written with its trailing dot before resolving it, as a saved URL may be', async () => {
    const asked: string[] = [];
    const resolve: Resolver = async (host) => {
      asked.push(host);
      return [{ address: '127.0.0.1', family: 4 }];
    };
    const strict = transport({ allowHttpLoopback: false, resolve, quickRetries: 0 });
    for (const url of ['https://localhost./in', 'https://foo.localhost./in'])
      expect((await strict.send(post(url))).error, url).toMatch(/^refused: .*is a loopback name/);
    expect(asked).toEqual([]);
  });

  it('checks every address a name resolves to, and refuses private, metadata and loopback ones', async () => {
    const resolve = dns({
      'private.hooks.test': ['10.0.0.5'],
      'metadata.hooks.test': ['169.254.169.254'],
      'ula.hooks.test': ['fd00:ec2::254'],
      'mapped.hooks.test': ['::ffff:192.168.1.1'],
      'mixed.hooks.test': ['93.184.215.14', '172.16.0.9'],
      'loopback.hooks.test': ['127.0.0.1'],
    });
    const strict = transport({ allowHttpLoopback: false, resolve, quickRetries: 0 });
    const reasons: Record<string, string | null> = {};
    for (const host of ['private', 'metadata', 'ula', 'mapped', 'mixed', 'loopback'])
      reasons[host] = (await strict.send(post(`https://${host}.hooks.test/in`))).error;
    expect(reasons).toEqual({
      private: 'refused: private.hooks.test resolves to 10.0.0.5 is a private address',
      metadata: expect.stringMatching(/^refused: metadata.hooks.test resolves to 169.254.169.254 is a link-local address/),
      ula: expect.stringMatching(/^refused: ula.hooks.test resolves to fd00:ec2::254 is a unique-local address/),
      mapped: 'refused: mapped.hooks.test resolves to ::ffff:192.168.1.1 is a private address',
      mixed: 'refused: mixed.hooks.test resolves to 172.16.0.9 is a private address',
      loopback: 'refused: loopback.hooks.test resolves to 127.0.0.1 is a loopback address',
    });
  });

  it('refuses a name that rebinds from an allowed address to a private one between two deliveries', async () => {
    const r = await receiver();
    const resolve = dns({ localhost: ['127.0.0.1'] });
    const t = transport({ resolve, keepAlive: false, quickRetries: 0 });
    const url = `http://localhost:${r.port}/in`;
    expect(await t.send(post(url))).toMatchObject({ ok: true, status: 200 });
    resolve.set('localhost', ['169.254.169.254']);
    const second = await t.send(post(url));
    expect(second).toMatchObject({ ok: false, status: null });
    expect(second.error).toMatch(/^refused: localhost resolves to 169.254.169.254 is a link-local address/);
    // Plain http goes to loopback only, even to public addresses.
    resolve.set('localhost', ['93.184.215.14']);
    expect((await t.send(post(url))).error).toBe(
      'refused: localhost resolves to 93.184.215.14 is not a loopback address (plain http goes to loopback only)',
    );
    expect(r.received).toHaveLength(1);
  });
});
