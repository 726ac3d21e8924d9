import { describe, expect, it } from 'vitest';
import { StorageUnavailableError } from '@parley/core';
import { titleOf } from './problem.js';
import { testApp } from './testing/index.js';

describe('bad input gets problem+json and changes nothing', () => {
  it('answers an unknown route with a 404 problem', async () => {
    const { call } = testApp();
    const r = await call('GET', '/api/v1/nope');
    expect(r.status).toBe(404);
    expect(r.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(r.json).toMatchObject({ code: 'route_not_found', status: 404, type: 'https://parley.dev/problems/route_not_found' });
  });

  it('titles a problem after its code, initialisms in capitals', async () => {
    const { call } = testApp();
    expect((await call('GET', '/api/v1/nope')).json.title).toBe('Route not found');
    expect(titleOf('ip_not_allowed')).toBe('IP not allowed');
    expect(titleOf('ip_rules_exclude_you')).toBe('IP rules exclude you');
    expect(titleOf('invalid_idempotency_key')).toBe('Invalid idempotency key');
    expect(titleOf('malformed_json')).toBe('Malformed JSON');
  });

  it('rejects malformed JSON with 400 malformed_json and creates nothing', async () => {
    const { call, storage } = testApp();
    const r = await call('POST', '/api/v1/accounts', '{"accountName": "x",');
    expect(r.status).toBe(400);
    expect(r.json.code).toBe('malformed_json');
    expect(await storage.read((x) => x.accounts.count())).toBe(0);
  });

  it('rejects a body that is not JSON with 415', async () => {
    const { app } = testApp();
    const res = await app.request('/api/v1/accounts', {
      method: 'POST',
      body: 'accountName=x',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(res.status).toBe(415);
    expect(((await res.json()) as { code: string }).code).toBe('unsupported_media_type');
  });

  it('rejects an oversize body with 413 before reading it', async () => {
    const { call, storage } = testApp();
    const r = await call('POST', '/api/v1/accounts', {
      accountName: 'x'.repeat(70 * 1024),
      email: 'a@b.co',
      name: 'n',
      password: 'long enough pw',
    });
    expect(r.status).toBe(413);
    expect(r.json.code).toBe('payload_too_large');
    expect(await storage.read((x) => x.accounts.count())).toBe(0);
  });

  it('lists every missing or wrong-typed field with a JSON pointer', async () => {
    const { call, storage } = testApp();
    const r = await call('POST', '/api/v1/accounts', { accountName: 42, email: 'not-an-email', extra: true });
    expect(r.status).toBe(400);
    expect(r.json.code).toBe('validation_failed');
    const paths = r.json.errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['/accountName', '/email', '/name', '/password']));
    expect(await storage.read((x) => x.accounts.count())).toBe(0);
  });

  it('rejects a JSON array body', async () => {
    const { call } = testApp();
    const r = await call('POST', '/api/v1/accounts', '[1,2]');
    expect(r.status).toBe(400);
    expect(r.json.code).toBe('validation_failed');
  });

  it('answers 401 problem without a token and with a forged one', async () => {
    const { call } = testApp();
    expect((await call('GET', '/api/v1/me')).json.code).toBe('unauthenticated');
    const forged = await call('GET', '/api/v1/me', undefined, 'forged-token');
    expect(forged.status).toBe(401);
  });

  it('hides internal errors behind a 500 that reveals nothing', async () => {
    const { app, errors, storage } = testApp();
    storage.read = async () => {
      throw new Error('secret internal detail');
    };
    const res = await app.request('/api/v1/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'a@b.co', password: 'whatever' }),
    });
    expect(res.status).toBe(500);
    const body = await res.text();
    expect(body).not.toContain('secret internal detail');
    expect(JSON.parse(body).code).toBe('internal_error');
    expect(errors).toHaveLength(1);
  });

  it('answers 503 storage_unavailable with Retry-After while the database cannot be reached, changing nothing and logging no failure', async () => {
    const refused: StorageUnavailableError[] = [];
    const { call, storage, owner, errors } = testApp({}, { onStorageUnavailable: (e) => refused.push(e) });
    const { token } = await owner();
    const { read, transaction, ping } = storage;
    const down = async (): Promise<never> => {
      throw new StorageUnavailableError('ECONNREFUSED');
    };
    storage.read = down;
    storage.transaction = down;
    storage.ping = down;
    for (const r of [
      await call('GET', '/api/v1/widgets', undefined, token),
      await call('POST', '/api/v1/widgets', { name: 'Support' }, token),
    ]) {
      expect(r.status).toBe(503);
      expect(r.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(r.headers.get('retry-after')).toBe('5');
      expect(r.json).toMatchObject({ code: 'storage_unavailable', status: 503, type: 'https://parley.dev/problems/storage_unavailable' });
      expect(r.text).not.toContain('ECONNREFUSED');
    }
    expect((await call('GET', '/ready')).status).toBe(503);
    expect(refused).toHaveLength(2);
    expect(errors).toEqual([]);
    Object.assign(storage, { read, transaction, ping });
    const after = await call('GET', '/api/v1/widgets', undefined, token);
    expect(after.status).toBe(200);
    expect(after.json.items).toEqual([]);
    const doc = (await call('GET', '/api/v1/openapi.json')).json;
    expect(doc.paths['/api/v1/widgets'].post.responses['503'].description).toContain('storage_unavailable');
  });

  it('serves health and readiness', async () => {
    const { call, storage } = testApp();
    expect((await call('GET', '/health')).status).toBe(200);
    expect((await call('GET', '/ready')).json).toEqual({ status: 'ready' });
    storage.ping = async () => {
      throw new Error('down');
    };
    const r = await call('GET', '/ready');
    expect(r.status).toBe(503);
    expect(r.json.code).toBe('unavailable');
    expect(r.json.unready).toEqual(['storage']);
  });

  it('names each dependency that is not reachable when not ready', async () => {
    let eventsUp = true;
    const events = async () => {
      if (!eventsUp) throw new Error('down');
    };
    const { call, storage } = testApp({}, { dependencies: { events } });
    expect((await call('GET', '/ready')).json).toEqual({ status: 'ready' });
    eventsUp = false;
    const r = await call('GET', '/ready');
    expect(r.status).toBe(503);
    expect(r.headers.get('content-type')).toContain('application/problem+json');
    expect(r.json).toMatchObject({ code: 'unavailable', unready: ['events'], detail: 'Not reachable: events.' });
    storage.ping = async () => {
      throw new Error('down');
    };
    expect((await call('GET', '/ready')).json.unready).toEqual(['storage', 'events']);
  });
});
