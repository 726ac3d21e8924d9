import { describe, expect, it } from 'vitest';
import { testApp } from './testing/index.js';
import { ManualClock } from '@parley/core/testing';

/** An account with a widget (one chat per agent) served by one online agent, with a supervisor, on a manual clock. */
const setup = async (at = '2026-03-28T12:00:00.000Z') => {
  const clock = new ManualClock(at);
  const t = testApp({}, {}, { clock });
  const o = await t.owner();
  const agent = await t.member(o.token, 'agent');
  const sup = await t.member(o.token, 'supervisor');
  const widget = (await t.call('POST', '/api/v1/widgets', { name: 'Support' }, o.token)).json;
  await t.call('PATCH', `/api/v1/widgets/${widget.id}`, { settings: { maxConcurrentChats: 1 } }, o.token);
  await t.call('PUT', `/api/v1/widgets/${widget.id}/agents`, { agentIds: [agent.user.id] }, o.token);
  await t.call('PUT', '/api/v1/agents/me/status', { status: 'online' }, agent.token);
  const start = () => t.call('POST', `/api/v1/widgets/${widget.id}/chats`, { message: 'Hello', email: 'vera@example.com' });
  const availability = async () => (await t.call('GET', `/api/v1/widgets/${widget.id}/availability`)).json;
  const audit = async (type: string) => (await t.call('GET', `/api/v1/audit?type=${type}`, undefined, o.token)).json.items;
  return { ...t, clock, o, agent, sup, widget, start, availability, audit };
};

describe('PATCH /api/v1/widgets/:id — queue size and business hours', () => {
  it('bounds the queue: a full queue says so and turns a start into an offline request', async () => {
    const t = await setup();
    const patched = await t.call('PATCH', `/api/v1/widgets/${t.widget.id}`, { settings: { maxQueueSize: 1 } }, t.o.token);
    expect(patched.status).toBe(200);
    expect(patched.json.settings).toMatchObject({ maxQueueSize: 1, businessHours: null });
    expect((await t.start()).json).toMatchObject({ status: 'active' });
    expect((await t.start()).json).toMatchObject({ status: 'queued' });
    expect(await t.availability()).toMatchObject({ available: false, mode: 'offline', queued: 1, queueFull: true });
    expect((await t.start()).json).toMatchObject({ status: 'offline', kind: 'offline' });
    const [entry] = await t.audit('widget');
    expect(entry.changes).toEqual([{ path: '/settings/maxQueueSize', from: null, to: 1 }]);
  });

  it('answers 503 to a start on a full queue when the offline form is off', async () => {
    const t = await setup();
    await t.call('PATCH', `/api/v1/widgets/${t.widget.id}`, { settings: { maxQueueSize: 0, offlineForm: { enabled: false } } }, t.o.token);
    expect((await t.start()).status).toBe(201);
    const refused = await t.start();
    expect(refused.status).toBe(503);
    expect(refused.json.code).toBe('unavailable');
  });

  it('follows business hours across the spring-forward change, by the server clock', async () => {
    const t = await setup('2026-03-28T12:00:00.000Z'); // Saturday 13:00 CET
    const hours = { timezone: 'Europe/Berlin', days: { sat: [{ from: '09:00', to: '17:00' }], sun: [{ from: '09:00', to: '17:00' }] } };
    const patched = await t.call('PATCH', `/api/v1/widgets/${t.widget.id}`, { settings: { businessHours: hours } }, t.o.token);
    expect(patched.json.settings.businessHours).toEqual({ ...hours, holidays: [] });
    expect(await t.availability()).toMatchObject({ mode: 'available', outsideBusinessHours: false });
    t.clock.set('2026-03-28T16:00:00.000Z'); // 17:00 CET: closed
    expect(await t.availability()).toMatchObject({ mode: 'offline', outsideBusinessHours: true });
    expect((await t.start()).json).toMatchObject({ kind: 'offline' });
    t.clock.set('2026-03-29T07:00:00.000Z'); // Sunday 09:00 CEST: open
    expect(await t.availability()).toMatchObject({ mode: 'available', outsideBusinessHours: false });
    expect((await t.start()).json).toMatchObject({ kind: 'chat', status: 'active' });
  });

  it('refuses bad schedules and sizes with problem+json naming each field, and changes nothing', async () => {
    const t = await setup();
    const before = (await t.call('GET', `/api/v1/widgets/${t.widget.id}`, undefined, t.o.token)).json;
    const r = await t.call(
      'PATCH',
      `/api/v1/widgets/${t.widget.id}`,
      {
        settings: {
          maxQueueSize: -1,
          closeInactiveAfterMinutes: 2,
          businessHours: { timezone: 'Nowhere/Land', days: { mon: [{ from: '10:00', to: '09:00' }], funday: [] } },
        },
      },
      t.o.token,
    );
    expect(r.status).toBe(400);
    expect(r.headers.get('content-type')).toContain('application/problem+json');
    expect(r.json.code).toBe('validation_failed');
    expect(r.json.errors.map((e: { path: string }) => e.path).sort()).toEqual([
      '/settings/businessHours/days',
      '/settings/businessHours/days/mon/0/to',
      '/settings/businessHours/timezone',
      '/settings/closeInactiveAfterMinutes',
      '/settings/maxQueueSize',
    ]);
    expect((await t.call('GET', `/api/v1/widgets/${t.widget.id}`, undefined, t.o.token)).json).toEqual(before);
  });

  it('closes open chats that have gone quiet for the widget’s minutes, once asked to, and says so in the transcript', async () => {
    const t = await setup();
    expect(
      (await t.call('GET', `/api/v1/widgets/${t.widget.id}`, undefined, t.o.token)).json.settings.closeInactiveAfterMinutes,
    ).toBeNull();
    const set = await t.call('PATCH', `/api/v1/widgets/${t.widget.id}`, { settings: { closeInactiveAfterMinutes: 15 } }, t.o.token);
    expect([set.status, set.json.settings.closeInactiveAfterMinutes]).toEqual([200, 15]);
    const chat = (await t.start()).json;
    expect(chat.status).toBe('active');
    t.clock.advance(15 * 60_000 + 1);
    expect(await t.parley.chats.closeInactive()).toBe(1);
    const { chat: closed, events } = (await t.call('GET', `/api/v1/chats/${chat.chatId}`, undefined, t.o.token)).json;
    expect(closed).toMatchObject({ status: 'closed', closedBy: 'system' });
    expect(events.at(-1)).toMatchObject({ type: 'chat.closed', data: { by: 'system', inactiveMinutes: 15 } });
    const off = await t.call('PATCH', `/api/v1/widgets/${t.widget.id}`, { settings: { closeInactiveAfterMinutes: null } }, t.o.token);
    expect(off.json.settings.closeInactiveAfterMinutes).toBeNull();
  });
});

describe('PATCH /api/v1/users/:id — an agent’s own maximum', () => {
  it('lets owners and admins set it, audited and revertible, and routing follows it', async () => {
    const t = await setup();
    const admin = await t.member(t.o.token, 'admin');
    for (const who of [t.agent, t.sup]) {
      const r = await t.call('PATCH', `/api/v1/users/${t.agent.user.id}`, { maxConcurrentChats: 3 }, who.token);
      expect(r.status).toBe(403);
    }
    const bad = await t.call('PATCH', `/api/v1/users/${t.agent.user.id}`, { maxConcurrentChats: 101 }, admin.token);
    expect(bad.status).toBe(400);
    expect(bad.json.errors[0].path).toBe('/maxConcurrentChats');
    const r = await t.call('PATCH', `/api/v1/users/${t.agent.user.id}`, { maxConcurrentChats: 2 }, admin.token);
    expect(r.status).toBe(200);
    expect(r.json.maxConcurrentChats).toBe(2);
    expect((await t.start()).json.status).toBe('active');
    expect((await t.start()).json.status).toBe('active'); // above the widget's 1
    expect((await t.start()).json.status).toBe('queued');
    const [entry] = await t.audit('permissions');
    expect(entry).toMatchObject({
      action: 'user.updated',
      revertible: true,
      changes: [{ path: '/maxConcurrentChats', from: null, to: 2 }],
    });
    expect((await t.call('POST', `/api/v1/audit/${entry.id}/revert`, undefined, t.o.token)).status).toBe(200);
    expect((await t.call('GET', `/api/v1/users/${t.agent.user.id}`, undefined, t.o.token)).json.maxConcurrentChats).toBeNull();
  });
});

describe('PUT /api/v1/agents/:userId/status', () => {
  it('lets supervisors set another agent’s status with a reason, audited as who changed whose status', async () => {
    const t = await setup();
    const r = await t.call('PUT', `/api/v1/agents/${t.agent.user.id}/status`, { status: 'paused', reason: 'training' }, t.sup.token);
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ userId: t.agent.user.id, status: 'paused', reason: 'training' });
    expect((await t.call('GET', '/api/v1/agents/me/status', undefined, t.agent.token)).json).toMatchObject({
      status: 'paused',
      reason: 'training',
    });
    const [entry] = await t.audit('agent');
    expect(entry).toMatchObject({
      action: 'agent.status_set',
      actor: { userId: t.sup.user.id },
      targetId: t.agent.user.id,
      changes: [
        { path: '/reason', from: null, to: 'training' },
        { path: '/status', from: 'online', to: 'paused' },
      ],
    });
    const monitor = (await t.call('GET', '/api/v1/monitor', undefined, t.sup.token)).json;
    expect(monitor.widgets[0].agents[0]).toMatchObject({ userId: t.agent.user.id, status: 'paused', reason: 'training' });
    expect(monitor.widgets[0].stats).toMatchObject({ availableSlots: 0 });
  });

  it('refuses agents (403), unknown users (404) and long reasons (400), changing nothing', async () => {
    const t = await setup();
    const other = await t.member(t.o.token, 'agent');
    const forbidden = await t.call('PUT', `/api/v1/agents/${t.agent.user.id}/status`, { status: 'offline' }, other.token);
    expect(forbidden.status).toBe(403);
    expect(forbidden.headers.get('content-type')).toContain('application/problem+json');
    expect((await t.call('PUT', '/api/v1/agents/nobody/status', { status: 'offline' }, t.sup.token)).status).toBe(404);
    const long = await t.call('PUT', `/api/v1/agents/${t.agent.user.id}/status`, { status: 'paused', reason: 'r'.repeat(41) }, t.sup.token);
    expect(long.status).toBe(400);
    expect(long.json.errors[0].path).toBe('/reason');
    expect((await t.call('GET', `/api/v1/agents/me/status`, undefined, t.agent.token)).json).toMatchObject({
      status: 'online',
      reason: null,
    });
    expect(await t.audit('agent')).toEqual([]);
  });

  it('takes a reason on PUT /agents/me/status too, and the OpenAPI document describes the new fields and route', async () => {
    const t = await setup();
    expect((await t.call('PUT', '/api/v1/agents/me/status', { status: 'paused', reason: 'lunch' }, t.agent.token)).json).toMatchObject({
      reason: 'lunch',
    });
    const doc = (await t.call('GET', '/api/v1/openapi.json')).json;
    expect(doc.paths['/api/v1/agents/{userId}/status'].put).toBeDefined();
    expect(doc.components.schemas.Widget.properties.settings.properties).toHaveProperty('maxQueueSize');
    expect(doc.components.schemas.Widget.properties.settings.properties).toHaveProperty('businessHours');
    expect(doc.components.schemas.User.properties).toHaveProperty('maxConcurrentChats');
    expect(doc.components.schemas.WidgetAvailability.properties).toHaveProperty('queueFull');
  });
});
