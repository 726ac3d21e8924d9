import { describe, expect, it } from 'vitest';
import { ManualClock } from '@parley/core/testing';
import { testApp } from './testing/index.js';

/** An owner, a widget, and a way to create tokens and call the API with one as `Authorization: Bearer`. */
const setup = async () => {
  const clock = new ManualClock('2026-03-02T10:00:00.000Z');
  const t = testApp({}, {}, { clock });
  const o = await t.owner();
  const widget = (await t.call('POST', '/api/v1/widgets', { name: 'Support' }, o.token)).json;
  const create = (body: Record<string, unknown>) => t.call('POST', '/api/v1/account/api-tokens', body, o.token);
  const withToken = (secret: string, method: string, path: string, body?: unknown) =>
    t.call(method, path, body, undefined, { authorization: `Bearer ${secret}` });
  return { ...t, clock, o, widget, create, withToken };
};

describe('API tokens on /api/v1', () => {
  it('lets a read token read the audit log and refuses it a write with 403 token_scope, changing nothing', async () => {
    const t = await setup();
    const created = await t.create({ label: 'BI export', scope: 'read' });
    expect(created.status).toBe(201);
    expect(created.json.token).toMatchObject({ label: 'BI export', scope: 'read', expiresAt: null });
    const audit = await t.withToken(created.json.secret, 'GET', '/api/v1/audit');
    expect(audit.status).toBe(200);
    expect(audit.json.items.map((e: { action: string }) => e.action)).toContain('api_token.created');
    const post = await t.withToken(created.json.secret, 'POST', '/api/v1/widgets', { name: 'Sneaky' });
    expect(post.status).toBe(403);
    expect(post.headers.get('content-type')).toContain('application/problem+json');
    expect(post.json.code).toBe('token_scope');
    const widgets = await t.call('GET', '/api/v1/widgets', undefined, t.o.token);
    expect(widgets.json.items.map((w: { name: string }) => w.name)).toEqual(['Support']);
  });

  it('refuses writes on /api/v1 to a full token too, which the audit could not pin on a person', async () => {
    const t = await setup();
    const { secret } = (await t.create({ label: 'Sync', scope: 'full' })).json;
    expect((await t.withToken(secret, 'GET', `/api/v1/widgets/${t.widget.id}`)).status).toBe(200);
    expect((await t.withToken(secret, 'DELETE', `/api/v1/widgets/${t.widget.id}`)).json.code).toBe('token_scope');
  });

  it('stops a token at once when it is revoked', async () => {
    const t = await setup();
    const created = (await t.create({ label: 'Old script' })).json;
    expect((await t.withToken(created.secret, 'GET', '/api/v1/audit')).status).toBe(200);
    expect((await t.call('DELETE', `/api/v1/account/api-tokens/${created.token.id}`, undefined, t.o.token)).status).toBe(204);
    const after = await t.withToken(created.secret, 'GET', '/api/v1/audit');
    expect(after.status).toBe(401);
    expect(after.json.code).toBe('unauthenticated');
  });

  it('refuses a token from its expiry on with 401 token_expired', async () => {
    const t = await setup();
    const created = (await t.create({ label: 'Week pass', expiresAt: '2026-03-09T10:00:00.000Z' })).json;
    expect(created.token.expiresAt).toBe('2026-03-09T10:00:00.000Z');
    t.clock.advance(7 * 86_400_000 - 1);
    expect((await t.withToken(created.secret, 'GET', '/api/v1/audit')).status).toBe(200);
    t.clock.advance(1);
    const expired = await t.withToken(created.secret, 'GET', '/api/v1/audit');
    expect(expired.status).toBe(401);
    expect(expired.json.code).toBe('token_expired');
  });

  it('refuses an expiry in the past or an unknown scope with a pointer to the field, creating nothing', async () => {
    const t = await setup();
    const past = await t.create({ label: 'Late', expiresAt: '2026-03-01T10:00:00.000Z' });
    expect(past.status).toBe(400);
    expect(past.json.errors).toEqual([expect.objectContaining({ path: '/expiresAt' })]);
    const scope = await t.create({ label: 'Root', scope: 'admin' });
    expect(scope.status).toBe(400);
    expect(scope.json.errors).toEqual([expect.objectContaining({ path: '/scope' })]);
    expect((await t.call('GET', '/api/v1/account/api-tokens', undefined, t.o.token)).json.items).toEqual([]);
  });

  it('refuses a read token the compatible APIs’ writes, which a full token may do', async () => {
    const t = await setup();
    const agent = await t.member(t.o.token, 'agent');
    const read = (await t.create({ label: 'Reader', scope: 'read' })).json.secret;
    const full = (await t.create({ label: 'Writer', scope: 'full' })).json.secret;
    const path = `/api/v2/${t.o.account.id}/agent/status?email=${encodeURIComponent(agent.user.email)}`;
    const body = { status: 'online' };
    expect((await t.call('PUT', path, body, undefined, { authorization: read })).json.code).toBe('token_scope');
    expect((await t.call('PUT', path, body, undefined, { authorization: full })).status).toBe(200);
  });
});
