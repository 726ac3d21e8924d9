import { Hono } from 'hono';
import { cors } from 'hono/cors';
import { describe, expect, it } from 'vitest';
import { anyOriginCors } from './any-origin-cors.js';

const options = { allowMethods: ['GET', 'POST'], allowHeaders: ['content-type', 'authorization'], maxAge: 600 };

const appWith = (middleware: ReturnType<typeof anyOriginCors>) => {
  const answered: Response[] = [];
  const app = new Hono();
  app.use('/x', middleware);
  app.post('/x', (c) => {
    const res = c.json({ ok: true }, 201);
    answered.push(res);
    return res;
  });
  app.get('/x', () => {
    throw new Error('boom');
  });
  app.onError((_err, c) => c.json({ code: 'failed' }, 500));
  return { app, answered };
};

describe('anyOriginCors', () => {
  it('answers preflights exactly as Hono’s cors with origin *', async () => {
    const init = {
      method: 'OPTIONS',
      headers: {
        origin: 'https://shop.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    };
    const ours = await appWith(anyOriginCors(options)).app.request('/x', init);
    const hono = await appWith(cors({ origin: '*', ...options })).app.request('/x', init);
    expect(ours.status).toBe(204);
    expect([...ours.headers]).toEqual([...hono.headers]);
  });

  it('lets any origin read responses, error responses included', async () => {
    const { app } = appWith(anyOriginCors(options));
    const ok = await app.request('/x', { method: 'POST', headers: { origin: 'https://shop.example' } });
    expect(ok.status).toBe(201);
    expect(ok.headers.get('access-control-allow-origin')).toBe('*');
    expect(await ok.json()).toEqual({ ok: true });
    const failed = await app.request('/x', { headers: { origin: 'https://shop.example' } });
    expect(failed.status).toBe(500);
    expect(failed.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('sends the route’s own response rather than a rebuilt copy of it', async () => {
    const { app, answered } = appWith(anyOriginCors(options));
    const res = await app.request('/x', { method: 'POST' });
    expect(res).toBe(answered[0]);
  });
});
