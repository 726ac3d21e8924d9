import { describe, expect, it } from 'vitest';
import { expectParleyError, makeWorld, META } from '../../test-support/fakes.js';

/** An account with a widget (max 1 chat per agent) served by one online agent. */
const setup = async () => {
  const w = await makeWorld();
  const a1 = await w.addUser('agent', 'Ann Agent');
  const widget = await w.parley.widgets.create(w.owner, { name: 'Support' });
  await w.parley.widgets.update(w.owner, widget.id, { settings: { maxConcurrentChats: 1 } });
  await w.parley.widgets.setAgents(w.owner, widget.id, { agentIds: [a1.user.id] });
  await w.parley.presence.setStatus(a1.p, { status: 'online' });
  const start = (extra: Record<string, unknown> = {}) => {
    w.clock.advance(10);
    return w.parley.chats.start(widget.id, { message: 'Hello', email: 'vera@example.com', ...extra }, META);
  };
  return { ...w, a1, widget, start };
};

describe('maximum queue size', () => {
  it('turns requests into offline requests once maxQueueSize chats wait, and says so in the availability', async () => {
    const w = await setup();
    await w.parley.widgets.update(w.owner, w.widget.id, { settings: { maxQueueSize: 2 } });
    expect((await w.start()).chat.status).toBe('active');
    expect((await w.start()).chat.status).toBe('queued');
    expect(await w.parley.chats.availability(w.widget.id)).toMatchObject({ mode: 'busy', queued: 1, queueFull: false });
    expect((await w.start()).chat.status).toBe('queued');
    expect(await w.parley.chats.availability(w.widget.id)).toEqual({
      widgetId: w.widget.id,
      available: false,
      mode: 'offline',
      queued: 2,
      queueFull: true,
      outsideBusinessHours: false,
    });
    const third = await w.start();
    expect(third.chat).toMatchObject({ kind: 'offline', status: 'offline' });
    expect((await w.read((r) => r.chats.countQueued(w.account.id, [w.widget.id])))[w.widget.id]).toBe(2);
  });

  it('refuses a request to a full queue when the offline form is off, as when nobody is online', async () => {
    const w = await setup();
    await w.parley.widgets.update(w.owner, w.widget.id, { settings: { maxQueueSize: 0, offlineForm: { enabled: false } } });
    expect((await w.start()).chat.status).toBe('active'); // someone free: no queue needed
    await expectParleyError(w.start(), 'unavailable');
  });

  it('is unbounded with null, and audited with the widget', async () => {
    const w = await setup();
    await w.parley.widgets.update(w.owner, w.widget.id, { settings: { maxQueueSize: 5 } });
    await w.parley.widgets.update(w.owner, w.widget.id, { settings: { maxQueueSize: null } });
    const page = await w.parley.audit.list(w.owner, { type: 'widget' });
    expect(page.items.slice(0, 2).map((e) => e.changes)).toEqual([
      [{ path: '/settings/maxQueueSize', from: 5, to: null }],
      [{ path: '/settings/maxQueueSize', from: null, to: 5 }],
    ]);
    for (let i = 0; i < 4; i++) expect((await w.start()).chat.kind).toBe('chat');
  });

  it('refuses a negative or fractional size and changes nothing', async () => {
    const w = await setup();
    const e = await expectParleyError(
      w.parley.widgets.update(w.owner, w.widget.id, { settings: { maxQueueSize: -1 } }),
      'validation_failed',
    );
    expect(e.details.map((d) => d.path)).toEqual(['/settings/maxQueueSize']);
    await expectParleyError(w.parley.widgets.update(w.owner, w.widget.id, { settings: { maxQueueSize: 1.5 } }), 'validation_failed');
    expect((await w.parley.widgets.get(w.owner, w.widget.id)).settings.maxQueueSize).toBeNull();
  });
});

describe('business hours', () => {
  const weekdays = {
    timezone: 'Europe/Berlin',
    days: { mon: [{ from: '09:00', to: '17:30' }], sun: [{ from: '09:00', to: '17:30' }] },
    holidays: ['2026-12-28'],
  };

  it('is offline outside the hours, on both sides of the spring-forward change, by the manual clock', async () => {
    const w = await setup();
    await w.parley.widgets.update(w.owner, w.widget.id, { settings: { businessHours: weekdays } });
    w.clock.set('2026-03-29T06:59:00Z'); // Sunday 08:59 CEST (the change was at 02:00 local)
    expect(await w.parley.chats.availability(w.widget.id)).toMatchObject({ mode: 'offline', outsideBusinessHours: true });
    expect((await w.start()).chat.kind).toBe('offline');
    w.clock.set('2026-03-29T07:00:00Z'); // 09:00 CEST
    expect(await w.parley.chats.availability(w.widget.id)).toMatchObject({ mode: 'available', outsideBusinessHours: false });
    expect((await w.start()).chat.status).toBe('active');
  });

  it('follows the autumn change and holidays', async () => {
    const w = await setup();
    await w.parley.widgets.update(w.owner, w.widget.id, { settings: { businessHours: weekdays } });
    w.clock.set('2026-10-25T15:29:00Z'); // Sunday 16:29 CET (the change was at 03:00 local); in CEST it would be 17:29
    expect((await w.parley.chats.availability(w.widget.id)).mode).toBe('available');
    w.clock.set('2026-10-25T16:30:00Z'); // 17:30 CET: closed
    expect((await w.parley.chats.availability(w.widget.id)).mode).toBe('offline');
    w.clock.set('2026-12-28T10:00:00Z'); // a Monday, but a holiday
    expect(await w.parley.chats.availability(w.widget.id)).toMatchObject({ mode: 'offline', outsideBusinessHours: true });
  });

  it('stores the zone under its canonical name, intervals sorted, and audits the change', async () => {
    const w = await setup();
    const saved = await w.parley.widgets.update(w.owner, w.widget.id, {
      settings: {
        businessHours: {
          timezone: 'europe/berlin',
          days: {
            tue: [
              { from: '13:00', to: '17:00' },
              { from: '08:00', to: '12:00' },
            ],
            wed: [],
          },
          holidays: ['2026-12-26', '2026-12-25', '2026-12-25'],
        },
      },
    });
    expect(saved.settings.businessHours).toEqual({
      timezone: 'Europe/Berlin',
      days: {
        tue: [
          { from: '08:00', to: '12:00' },
          { from: '13:00', to: '17:00' },
        ],
      },
      holidays: ['2026-12-25', '2026-12-26'],
    });
    const [entry] = (await w.parley.audit.list(w.owner, { type: 'widget' })).items;
    expect(entry!.changes).toEqual([{ path: '/settings/businessHours', from: null, to: saved.settings.businessHours }]);
  });

  it('reverts a change of the schedule from the audit log, back to the schedule before', async () => {
    const w = await setup();
    const first = { timezone: 'Europe/Berlin', days: { mon: [{ from: '09:00', to: '17:00' }] }, holidays: ['2026-12-25'] };
    const second = {
      timezone: 'America/New_York',
      days: {
        tue: [
          { from: '08:00', to: '12:00' },
          { from: '13:00', to: '18:00' },
        ],
      },
      holidays: [],
    };
    await w.parley.widgets.update(w.owner, w.widget.id, { settings: { businessHours: first } });
    await w.parley.widgets.update(w.owner, w.widget.id, { settings: { businessHours: second } });
    const [entry] = (await w.parley.audit.list(w.owner, { type: 'widget' })).items;
    expect(entry!.revertible).toBe(true);
    await w.parley.audit.revert(w.owner, entry!.id);
    expect((await w.parley.widgets.get(w.owner, w.widget.id)).settings.businessHours).toEqual(first);
  });

  it('refuses unknown zones, bad times, intervals that end before they start or overlap, and impossible dates', async () => {
    const w = await setup();
    const e = await expectParleyError(
      w.parley.widgets.update(w.owner, w.widget.id, {
        settings: {
          businessHours: {
            timezone: 'Mars/Olympus_Mons',
            days: {
              mon: [{ from: '9:00', to: '17:00' }],
              tue: [{ from: '12:00', to: '11:00' }],
              wed: [
                { from: '08:00', to: '12:00' },
                { from: '11:00', to: '13:00' },
              ],
              fri: [{ from: '08:00', to: '24:01' }],
            },
            holidays: ['2026-02-30'],
          },
        },
      }),
      'validation_failed',
    );
    expect(e.details.map((d) => d.path).sort()).toEqual([
      '/settings/businessHours/days/fri/0/to',
      '/settings/businessHours/days/mon/0/from',
      '/settings/businessHours/days/tue/0/to',
      '/settings/businessHours/days/wed',
      '/settings/businessHours/holidays/0',
      '/settings/businessHours/timezone',
    ]);
    expect((await w.parley.widgets.get(w.owner, w.widget.id)).settings.businessHours).toBeNull();
  });
});

describe('an agent’s own maximum of open chats', () => {
  it('routes up to the agent’s own maximum instead of the widget’s, and back to the widget’s when cleared', async () => {
    const w = await setup(); // widget maximum 1
    await w.parley.users.update(w.owner, w.a1.user.id, { maxConcurrentChats: 2 });
    expect((await w.start()).chat.status).toBe('active');
    expect((await w.start()).chat.status).toBe('active');
    expect((await w.start()).chat.status).toBe('queued');
    await w.parley.users.update(w.owner, w.a1.user.id, { maxConcurrentChats: null });
    expect((await w.parley.presence.get(w.a1.p)).activeChats).toBe(2);
    expect(await w.parley.chats.availability(w.widget.id)).toMatchObject({ mode: 'busy' });
  });

  it('holds transfers to it', async () => {
    const w = await setup();
    const a2 = await w.addUser('agent', 'Bob Agent');
    await w.parley.widgets.setAgents(w.owner, w.widget.id, { agentIds: [w.a1.user.id, a2.user.id] });
    const first = await w.start(); // to a1
    await w.parley.presence.setStatus(a2.p, { status: 'online' });
    const second = await w.start(); // to a2, now full at the widget's 1
    expect([first.chat.agentId, second.chat.agentId]).toEqual([w.a1.user.id, a2.user.id]);
    await expectParleyError(w.parley.chats.transfer(w.owner, first.chat.id, { agentId: a2.user.id }), 'agent_unavailable');
    await w.parley.users.update(w.owner, a2.user.id, { maxConcurrentChats: 2 });
    expect((await w.parley.chats.transfer(w.owner, first.chat.id, { agentId: a2.user.id })).agentId).toBe(a2.user.id);
  });

  it('is set by owners and admins only, audited and revertible', async () => {
    const w = await setup();
    const sup = await w.addUser('supervisor');
    await expectParleyError(w.parley.users.update(w.a1.p, w.a1.user.id, { maxConcurrentChats: 9 }), 'forbidden');
    await expectParleyError(w.parley.users.update(sup.p, w.a1.user.id, { maxConcurrentChats: 9 }), 'forbidden');
    const e = await expectParleyError(w.parley.users.update(w.owner, w.a1.user.id, { maxConcurrentChats: 0 }), 'validation_failed');
    expect(e.details.map((d) => d.path)).toEqual(['/maxConcurrentChats']);
    const saved = await w.parley.users.update(w.owner, w.a1.user.id, { maxConcurrentChats: 4 });
    expect(saved.maxConcurrentChats).toBe(4);
    const [entry] = (await w.parley.audit.list(w.owner, { type: 'permissions' })).items;
    expect(entry).toMatchObject({
      action: 'user.updated',
      targetId: w.a1.user.id,
      revertible: true,
      changes: [{ path: '/maxConcurrentChats', from: null, to: 4 }],
    });
    await w.parley.audit.revert(w.owner, entry!.id);
    expect((await w.parley.users.get(w.owner, w.a1.user.id)).maxConcurrentChats).toBeNull();
  });
});

describe('room made without an agent doing anything', () => {
  /** The chat's status and agent, as the owner reads it. */
  const statusOf = async (w: Awaited<ReturnType<typeof setup>>, chatId: string) => {
    const { chat } = await w.parley.chats.get(w.owner, chatId);
    return { status: chat.status, agentId: chat.agentId };
  };

  it('assigns waiting chats at once when the agent’s own limit is raised', async () => {
    const w = await setup(); // widget maximum 1
    await w.start();
    const waiting = await w.start();
    expect(waiting.chat.status).toBe('queued');
    await w.parley.users.update(w.owner, w.a1.user.id, { maxConcurrentChats: 3 });
    expect(await statusOf(w, waiting.chat.id)).toEqual({ status: 'active', agentId: w.a1.user.id });
    // A lowered limit takes nothing away.
    await w.parley.users.update(w.owner, w.a1.user.id, { maxConcurrentChats: 1 });
    expect((await w.parley.presence.get(w.a1.p)).activeChats).toBe(2);
  });

  it('assigns waiting chats at once when the widget’s limit is raised, or a free agent is added to it', async () => {
    const w = await setup();
    await w.start();
    const second = await w.start();
    const third = await w.start();
    await w.parley.widgets.update(w.owner, w.widget.id, { settings: { maxConcurrentChats: 2 } });
    expect(await statusOf(w, second.chat.id)).toEqual({ status: 'active', agentId: w.a1.user.id });
    expect((await statusOf(w, third.chat.id)).status).toBe('queued');
    // The one still waiting is told its new place.
    expect(await w.parley.chats.queueStatus(w.account.id, third.chat.id)).toMatchObject({ position: 1 });

    const a2 = await w.addUser('agent', 'Bob Agent');
    await w.parley.presence.setStatus(a2.p, { status: 'online' }); // serves no widget yet: nothing to take
    expect((await statusOf(w, third.chat.id)).status).toBe('queued');
    await w.parley.widgets.setAgents(w.owner, w.widget.id, { agentIds: [w.a1.user.id, a2.user.id] });
    expect(await statusOf(w, third.chat.id)).toEqual({ status: 'active', agentId: a2.user.id });
  });
});

describe('a supervisor setting an agent’s status', () => {
  it('sets it with a reason, audits who changed whose status from → to, and names them in the events', async () => {
    const w = await setup();
    const sup = await w.addUser('supervisor', 'Sam Supervisor');
    w.published.length = 0;
    const v = await w.parley.presence.setStatusOf(sup.p, w.a1.user.id, { status: 'offline', reason: '  Forgot to sign out ' });
    expect(v).toMatchObject({ userId: w.a1.user.id, status: 'offline', reason: 'Forgot to sign out' });
    const [entry] = (await w.parley.audit.list(w.owner, { type: 'agent' })).items;
    expect(entry).toMatchObject({
      action: 'agent.status_set',
      actor: { userId: sup.user.id },
      targetType: 'user',
      targetId: w.a1.user.id,
      revertible: false,
      changes: [
        { path: '/reason', from: null, to: 'Forgot to sign out' },
        { path: '/status', from: 'online', to: 'offline' },
      ],
    });
    const event = w.published.find((e) => e.type === 'agent.status')!;
    expect(event.data).toMatchObject({
      userId: w.a1.user.id,
      status: 'offline',
      reason: 'set',
      statusReason: 'Forgot to sign out',
      by: sup.user.id,
    });
    // the same status and reason again change nothing and audit nothing
    await w.parley.presence.setStatusOf(sup.p, w.a1.user.id, { status: 'offline', reason: 'Forgot to sign out' });
    expect((await w.parley.audit.list(w.owner, { type: 'agent' })).items).toHaveLength(1);
  });

  it('is refused to agents, for users of other accounts, and for bad reasons, changing nothing', async () => {
    const w = await setup();
    const other = await w.addUser('agent');
    const sup = await w.addUser('supervisor');
    await expectParleyError(w.parley.presence.setStatusOf(other.p, w.a1.user.id, { status: 'offline' }), 'forbidden');
    await expectParleyError(w.parley.presence.setStatusOf(sup.p, 'no-such-user', { status: 'offline' }), 'not_found');
    const e = await expectParleyError(
      w.parley.presence.setStatusOf(sup.p, w.a1.user.id, { status: 'paused', reason: 'x'.repeat(41) }),
      'validation_failed',
    );
    expect(e.details.map((d) => d.path)).toEqual(['/reason']);
    expect(await w.parley.presence.get(w.owner, w.a1.user.id)).toMatchObject({ status: 'online', reason: null });
    expect((await w.parley.audit.list(w.owner, { type: 'agent' })).items).toEqual([]);
  });

  it('lets agents give their own pause a reason, which a later status without one clears, unaudited', async () => {
    const w = await setup();
    expect(await w.parley.presence.setStatus(w.a1.p, { status: 'paused', reason: 'lunch' })).toMatchObject({
      status: 'paused',
      reason: 'lunch',
    });
    expect(await w.parley.presence.setStatus(w.a1.p, { status: 'paused', reason: 'training' })).toMatchObject({
      status: 'paused',
      reason: 'training',
    });
    expect(await w.parley.presence.setStatus(w.a1.p, { status: 'online' })).toMatchObject({ status: 'online', reason: null });
    expect((await w.parley.audit.list(w.owner, { type: 'agent' })).items).toEqual([]);
  });
});
