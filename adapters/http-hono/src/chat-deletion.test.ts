import { describe, expect, it } from 'vitest';
import { testApp } from './testing/index.js';

const expectProblem = (r: { status: number; headers: Headers; json: any }, status: number, code: string) => {
  expect(r.status).toBe(status);
  expect(r.headers.get('content-type')).toContain('application/problem+json');
  expect(r.json.code).toBe(code);
};

/** The test app, with an owner and an online agent who serves their new widget (`servedWidget`). */
const servedWidget = async () => {
  const t = testApp();
  return { t, ...(await t.servedWidget()) };
};

describe('DELETE /api/v1/chats/:id', () => {
  it('deletes an ended chat for an owner or admin, 409 while it is open, 403 for agents and API tokens', async () => {
    const { t, o, agent, widget } = await servedWidget();
    const admin = await t.member(o.token, 'admin');
    const started = await t.call('POST', `/api/v1/widgets/${widget.id}/chats`, { message: 'Please forget me', email: 'vera@example.com' });
    expect(started.status).toBe(201);
    const { chatId, visitorToken } = started.json;
    expectProblem(await t.call('DELETE', `/api/v1/chats/${chatId}`, undefined, o.token), 409, 'chat_open');
    expect((await t.call('POST', `/api/v1/chats/${chatId}/close`, undefined, agent.token)).status).toBe(200);
    expectProblem(await t.call('DELETE', `/api/v1/chats/${chatId}`, undefined, agent.token), 403, 'forbidden');
    const token = await t.call('POST', '/api/v1/account/api-tokens', { label: 'Script', scope: 'full' }, o.token);
    expectProblem(await t.call('DELETE', `/api/v1/chats/${chatId}`, undefined, token.json.secret), 403, 'token_scope');
    const deleted = await t.call('DELETE', `/api/v1/chats/${chatId}`, undefined, admin.token);
    expect(deleted.status).toBe(204);
    expectProblem(await t.call('GET', `/api/v1/chats/${chatId}`, undefined, o.token), 404, 'not_found');
    expectProblem(await t.call('DELETE', `/api/v1/chats/${chatId}`, undefined, o.token), 404, 'not_found');
    expect((await t.call('GET', `/api/v1/chats/${chatId}/events`, undefined, visitorToken)).status).toBe(401);
    const audit = await t.call('GET', '/api/v1/audit?limit=1', undefined, o.token);
    expect(audit.json.items[0]).toMatchObject({ action: 'chat.deleted', targetId: chatId, actor: { userId: admin.user.id } });
  });

  it('forgets a visitor: their ended chats by e-mail and browser key go, open ones are counted', async () => {
    const { t, o, agent, widget } = await servedWidget();
    const key = 'b'.repeat(24);
    const start = async (body: Record<string, unknown>) => (await t.call('POST', `/api/v1/widgets/${widget.id}/chats`, body)).json;
    const first = await start({ message: 'Hello', email: 'ida@example.com' });
    await t.call('POST', `/api/v1/chats/${first.chatId}/close`, undefined, agent.token);
    const second = await start({ message: 'Again', visitorKey: key });
    await t.call('POST', `/api/v1/chats/${second.chatId}/close`, undefined, agent.token);
    await start({ message: 'Still talking', email: 'ida@example.com' });
    const forget = (body: unknown, token = o.token) => t.call('POST', '/api/v1/chats/forget-visitor', body, token);
    expectProblem(await forget({}), 400, 'validation_failed');
    expectProblem(await forget({ email: 'not an address' }), 400, 'validation_failed');
    expectProblem(await forget({ email: 'ida@example.com' }, agent.token), 403, 'forbidden');
    const done = await forget({ email: 'IDA@example.com', visitorKey: key });
    expect([done.status, done.json]).toEqual([200, { deleted: 2, open: 1 }]);
    expectProblem(await t.call('GET', `/api/v1/chats/${first.chatId}`, undefined, o.token), 404, 'not_found');
    expectProblem(await t.call('GET', `/api/v1/chats/${second.chatId}`, undefined, o.token), 404, 'not_found');
  });

  it('exports a visitor’s chats as a JSON file for owners and admins, audited, and refuses others', async () => {
    const { t, o, agent, widget } = await servedWidget();
    const key = 'c'.repeat(24);
    const started = (
      await t.call('POST', `/api/v1/widgets/${widget.id}/chats`, {
        message: 'What do you keep?',
        email: 'ida@example.com',
        visitorKey: key,
      })
    ).json;
    await t.call('POST', `/api/v1/chats/${started.chatId}/messages`, { text: 'Your chats.' }, agent.token);
    await t.call('POST', `/api/v1/chats/${started.chatId}/notes`, { text: 'Internal: GDPR request' }, agent.token);
    const exported = (body: unknown, token = o.token) => t.call('POST', '/api/v1/chats/export-visitor', body, token);
    expectProblem(await exported({}), 400, 'validation_failed');
    expectProblem(await exported({ email: 'ida@example.com', extra: true }), 400, 'validation_failed');
    expectProblem(await exported({ email: 'ida@example.com' }, agent.token), 403, 'forbidden');
    const token = await t.call('POST', '/api/v1/account/api-tokens', { label: 'Script', scope: 'full' }, o.token);
    expectProblem(await exported({ email: 'ida@example.com' }, token.json.secret), 403, 'token_scope');
    const r = await exported({ visitorKey: key });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-disposition')).toMatch(/^attachment; filename="parley-visitor-\d{4}-\d{2}-\d{2}\.json"$/);
    expect(r.headers.get('cache-control')).toBe('no-store');
    expect(r.json).toMatchObject({
      email: null,
      visitorKey: key,
      chats: [{ id: started.chatId, status: 'active', requested_by: 'ida@example.com' }],
    });
    expect(r.json.chats[0].transcripts.map((m: { message: string }) => m.message)).toEqual(['What do you keep?', 'Your chats.']);
    expect(r.json.chats[0].pages_viewed).toEqual([]);
    expect(r.text).not.toContain('Internal: GDPR request');
    const audit = await t.call('GET', '/api/v1/audit?limit=1', undefined, o.token);
    expect(audit.json.items[0]).toMatchObject({ action: 'visitor.exported', changes: [{ path: '/exportedChats', to: 1 }] });
  });

  it('keeps chat retention as an account setting: 30 to 3650 days or null, audited', async () => {
    const t = testApp();
    const o = await t.owner();
    expect((await t.call('GET', '/api/v1/account', undefined, o.token)).json.settings.chatRetentionDays).toBeNull();
    const tooShort = await t.call('PATCH', '/api/v1/account', { settings: { chatRetentionDays: 7 } }, o.token);
    expectProblem(tooShort, 400, 'validation_failed');
    expect(tooShort.json.errors).toEqual([expect.objectContaining({ path: '/settings/chatRetentionDays' })]);
    const set = await t.call('PATCH', '/api/v1/account', { settings: { chatRetentionDays: 365 } }, o.token);
    expect(set.status).toBe(200);
    expect(set.json.settings).toMatchObject({ chatRetentionDays: 365, auditRetentionDays: null });
    const cleared = await t.call('PATCH', '/api/v1/account', { settings: { chatRetentionDays: null } }, o.token);
    expect(cleared.json.settings.chatRetentionDays).toBeNull();
  });
});
