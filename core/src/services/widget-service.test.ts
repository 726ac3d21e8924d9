import { describe, expect, it } from 'vitest';
import { defaultWidgetSettings } from '../model/widget.js';
import { auditLog, expectParleyError, lastAudit, makeWorld, snapshot } from '../../test-support/fakes.js';

/** A new widget's settings: the defaults, its offline requests mailed to whoever made it (here the owner). */
const newWidgetSettings = (maker = 'owner@acme.example') => ({ ...defaultWidgetSettings(), notifyEmails: [maker] });

describe('creating widgets', () => {
  it('creates a widget with default settings, its offline requests mailed to its maker, audited as widget.created (type widget)', async () => {
    const w = await makeWorld();
    await w.addUser('agent'); // a team of more than one: the maker does not serve it by that alone
    const widget = await w.parley.widgets.create(w.owner, { name: '  Sales  ' });
    expect(widget).toMatchObject({ accountId: w.account.id, name: 'Sales', settings: newWidgetSettings(), agentIds: [], version: 1 });
    expect(await w.parley.widgets.get(w.owner, widget.id)).toEqual(widget);
    expect(await lastAudit(w, w.account.id)).toMatchObject({
      type: 'widget',
      action: 'widget.created',
      targetType: 'widget',
      targetId: widget.id,
      widgetId: widget.id,
      changes: [
        { path: '/name', to: 'Sales' },
        { path: '/settings', to: newWidgetSettings() },
      ],
      revertible: false,
    });
  });

  it('is served by its maker in an account of one user, so a team of one answers its chats at once', async () => {
    const w = await makeWorld();
    const widget = await w.parley.widgets.create(w.owner, { name: 'Support' });
    expect(widget.agentIds).toEqual([w.owner.userId]);
    expect((await lastAudit(w, w.account.id)).changes).toContainEqual(expect.objectContaining({ path: '/agentIds', to: [w.owner.userId] }));
    // Another user, even deactivated, makes a team: the team chooses (an active third one may come after it).
    const gone = await w.addUser('agent');
    await w.parley.users.update(w.owner, gone.user.id, { status: 'deactivated' });
    await w.addUser('agent');
    expect((await w.parley.widgets.create(w.owner, { name: 'Sales' })).agentIds).toEqual([]);
  });

  it('is for owners and admins only', async () => {
    const w = await makeWorld();
    const { p: admin } = await w.addUser('admin');
    const byAdmin = await w.parley.widgets.create(admin, { name: 'By admin' });
    expect(byAdmin).toMatchObject({
      name: 'By admin',
      settings: { notifyEmails: [(await w.read((r) => r.users.get(admin.accountId, admin.userId)))!.email] },
    });
    for (const role of ['supervisor', 'agent'] as const) {
      const { p } = await w.addUser(role);
      const before = await snapshot(w, w.account.id);
      await expectParleyError(w.parley.widgets.create(p, { name: 'Nope' }), 'forbidden');
      expect(await snapshot(w, w.account.id)).toEqual(before);
    }
  });

  it('refuses an empty name with a pointer to it', async () => {
    const w = await makeWorld();
    const e = await expectParleyError(w.parley.widgets.create(w.owner, { name: '   ' }), 'validation_failed');
    expect(e.details.map((d) => d.path)).toEqual(['/name']);
  });
});

describe('updating widgets', () => {
  it('merges a partial settings patch and audits each changed leaf (type widget)', async () => {
    const w = await makeWorld();
    const widget = await w.parley.widgets.create(w.owner, { name: 'Support' });
    const updated = await w.parley.widgets.update(w.owner, widget.id, {
      settings: { maxConcurrentChats: 5, offlineForm: { alwaysOffline: true }, preChat: { askEmail: 'required' } },
    });
    expect(updated.settings).toEqual({
      ...newWidgetSettings(),
      maxConcurrentChats: 5,
      offlineForm: { enabled: true, alwaysOffline: true },
      preChat: { askName: 'optional', askEmail: 'required' },
    });
    expect(updated.version).toBe(2);
    expect(await lastAudit(w, w.account.id)).toMatchObject({
      type: 'widget',
      action: 'widget.updated',
      targetType: 'widget',
      targetId: widget.id,
      widgetId: widget.id,
      changes: [
        { path: '/settings/maxConcurrentChats', from: 3, to: 5 },
        { path: '/settings/offlineForm/alwaysOffline', from: false, to: true },
        { path: '/settings/preChat/askEmail', from: 'optional', to: 'required' },
      ],
      revertible: true,
    });
  });

  it('saves the appearance and the allowed origins (normalised, without repeats), audited and revertible', async () => {
    const w = await makeWorld();
    const widget = await w.parley.widgets.create(w.owner, { name: 'Support' });
    const updated = await w.parley.widgets.update(w.owner, widget.id, {
      settings: {
        appearance: { color: '#0F766E', launcherText: ' Questions? ' },
        allowedOrigins: ['https://Shop.Example.com/', 'https://shop.example.com:443', 'http://localhost:8080'],
      },
    });
    expect(updated.settings.appearance).toEqual({ color: '#0f766e', position: 'right', launcherText: 'Questions?' });
    expect(updated.settings.allowedOrigins).toEqual(['https://shop.example.com', 'http://localhost:8080']);
    const entry = await lastAudit(w, w.account.id);
    expect(entry).toMatchObject({
      action: 'widget.updated',
      changes: [
        { path: '/settings/allowedOrigins', from: [], to: ['https://shop.example.com', 'http://localhost:8080'] },
        { path: '/settings/appearance/color', from: '#2563eb', to: '#0f766e' },
        { path: '/settings/appearance/launcherText', from: 'Chat with us', to: 'Questions?' },
      ],
      revertible: true,
    });
    await w.parley.audit.revert(w.owner, entry!.id);
    expect((await w.parley.widgets.get(w.owner, widget.id)).settings).toEqual(newWidgetSettings());
  });

  it('refuses a bad colour, a long button text, an unknown side and anything but origins, writing nothing', async () => {
    const w = await makeWorld();
    const widget = await w.parley.widgets.create(w.owner, { name: 'Support' });
    const before = await snapshot(w, w.account.id);
    const e = await expectParleyError(
      w.parley.widgets.update(w.owner, widget.id, {
        settings: {
          appearance: { color: 'blue', position: 'top' as 'left', launcherText: 'x'.repeat(41) },
          allowedOrigins: ['https://ok.example', 'https://shop.example.com/checkout', 'ftp://files.example'],
        },
      }),
      'validation_failed',
    );
    expect(e.details.map((d) => d.path).sort()).toEqual([
      '/settings/allowedOrigins/1',
      '/settings/allowedOrigins/2',
      '/settings/appearance/color',
      '/settings/appearance/launcherText',
      '/settings/appearance/position',
    ]);
    const many = Array.from({ length: 51 }, (_, i) => `https://s${i}.example`);
    await expectParleyError(w.parley.widgets.update(w.owner, widget.id, { settings: { allowedOrigins: many } }), 'validation_failed');
    expect(await snapshot(w, w.account.id)).toEqual(before);
  });

  it('saves proactive rules with their defaults (blank patterns: none), audited whole and revertible', async () => {
    const w = await makeWorld();
    const widget = await w.parley.widgets.create(w.owner, { name: 'Support' });
    const updated = await w.parley.widgets.update(w.owner, widget.id, {
      settings: {
        proactiveRules: [
          {
            id: 'pricing',
            message: '  Questions about our plans?\r\nAsk us.  ',
            delaySeconds: 20,
            urlPattern: 'https://shop.example/pricing*',
            referrerPattern: ' ',
          },
          { id: 'any-page', message: 'Need a hand?', minPagesViewed: 3, onlyWhenAgentsOnline: false },
        ],
      },
    });
    const rules = [
      {
        id: 'pricing',
        message: 'Questions about our plans?\nAsk us.',
        delaySeconds: 20,
        minPagesViewed: 0,
        urlPattern: 'https://shop.example/pricing*',
        referrerPattern: null,
        onlyWhenAgentsOnline: true,
      },
      {
        id: 'any-page',
        message: 'Need a hand?',
        delaySeconds: 0,
        minPagesViewed: 3,
        urlPattern: null,
        referrerPattern: null,
        onlyWhenAgentsOnline: false,
      },
    ];
    expect(updated.settings.proactiveRules).toEqual(rules);
    const entry = await lastAudit(w, w.account.id);
    expect(entry).toMatchObject({
      action: 'widget.updated',
      changes: [{ path: '/settings/proactiveRules', from: [], to: rules }],
      revertible: true,
    });
    await w.parley.audit.revert(w.owner, entry!.id);
    expect((await w.parley.widgets.get(w.owner, widget.id)).settings).toEqual(newWidgetSettings());
  });

  it('refuses bad proactive rules with a pointer to each bad field, and more than 20 rules, writing nothing', async () => {
    const w = await makeWorld();
    const widget = await w.parley.widgets.create(w.owner, { name: 'Support' });
    const before = await snapshot(w, w.account.id);
    const e = await expectParleyError(
      w.parley.widgets.update(w.owner, widget.id, {
        settings: {
          proactiveRules: [
            { id: 'a', message: 'x'.repeat(501), delaySeconds: 3601, minPagesViewed: -1 },
            { id: 'a', message: ' ', urlPattern: `*${'u'.repeat(2048)}`, onlyWhenAgentsOnline: 'yes' as unknown as boolean },
            { id: 'no spaces', message: 'Hi', extra: 1 } as never,
          ],
        },
      }),
      'validation_failed',
    );
    expect(e.details.map((d) => d.path).sort()).toEqual([
      '/settings/proactiveRules/0/delaySeconds',
      '/settings/proactiveRules/0/message',
      '/settings/proactiveRules/0/minPagesViewed',
      '/settings/proactiveRules/1/message',
      '/settings/proactiveRules/1/onlyWhenAgentsOnline',
      '/settings/proactiveRules/1/urlPattern',
      '/settings/proactiveRules/2',
      '/settings/proactiveRules/2/id',
    ]);
    const many = Array.from({ length: 21 }, (_, i) => ({ id: `r${i}`, message: 'Hi' }));
    const tooMany = await expectParleyError(
      w.parley.widgets.update(w.owner, widget.id, { settings: { proactiveRules: many } }),
      'validation_failed',
    );
    expect(tooMany.details.map((d) => d.path)).toEqual(['/settings/proactiveRules']);
    // Matched against the whole address, a pattern without a scheme or a leading * would never match a page.
    const neverMatches = await expectParleyError(
      w.parley.widgets.update(w.owner, widget.id, {
        settings: {
          proactiveRules: [
            { id: 'a', message: 'Hi', urlPattern: '/pricing' },
            { id: 'b', message: 'Hi', urlPattern: 'shop.example/*', referrerPattern: 'google' },
            { id: 'c', message: 'Hi', urlPattern: '*/pricing*', referrerPattern: 'HTTPS://www.google.com/*' },
          ],
        },
      }),
      'validation_failed',
    );
    expect(neverMatches.details.map((d) => d.path)).toEqual([
      '/settings/proactiveRules/0/urlPattern',
      '/settings/proactiveRules/1/urlPattern',
      '/settings/proactiveRules/1/referrerPattern',
    ]);
    expect(neverMatches.details[0]!.message).toContain('begin with https://');
    const repeated = await expectParleyError(
      w.parley.widgets.update(w.owner, widget.id, {
        settings: {
          proactiveRules: [
            { id: 'a', message: 'Hi' },
            { id: 'a', message: 'Hello' },
          ],
        },
      }),
      'validation_failed',
    );
    expect(repeated.details.map((d) => d.path)).toEqual(['/settings/proactiveRules/1/id']);
    expect(await snapshot(w, w.account.id)).toEqual(before);
  });

  it('writes nothing for a patch that changes nothing', async () => {
    const w = await makeWorld();
    const widget = await w.parley.widgets.create(w.owner, { name: 'Support' });
    const before = await snapshot(w, w.account.id);
    const same = await w.parley.widgets.update(w.owner, widget.id, { name: 'Support', settings: { maxConcurrentChats: 3 } });
    expect(same).toEqual(widget);
    expect(await snapshot(w, w.account.id)).toEqual(before);
  });

  it('refuses a stale version with version_mismatch and changes nothing', async () => {
    const w = await makeWorld();
    const widget = await w.parley.widgets.create(w.owner, { name: 'Support' });
    await w.parley.widgets.update(w.owner, widget.id, { name: 'Support 2' });
    const before = await snapshot(w, w.account.id);
    const e = await expectParleyError(w.parley.widgets.update(w.owner, widget.id, { name: 'Support 3' }, 1), 'version_mismatch');
    expect(e.meta).toEqual({ currentVersion: 2 });
    await expectParleyError(w.parley.widgets.update(w.owner, widget.id, { name: 'Support 3', version: 1 }), 'version_mismatch');
    expect(await snapshot(w, w.account.id)).toEqual(before);
  });

  it('refuses invalid settings with a pointer to each bad field', async () => {
    const w = await makeWorld();
    const widget = await w.parley.widgets.create(w.owner, { name: 'Support' });
    const e = await expectParleyError(
      w.parley.widgets.update(w.owner, widget.id, {
        settings: { maxConcurrentChats: 0, language: 'not a tag', preChat: { askName: 'maybe' as 'off' } },
      }),
      'validation_failed',
    );
    expect(e.details.map((d) => d.path).sort()).toEqual([
      '/settings/language',
      '/settings/maxConcurrentChats',
      '/settings/preChat/askName',
    ]);
  });

  it('is forbidden to supervisors and agents', async () => {
    const w = await makeWorld();
    const widget = await w.parley.widgets.create(w.owner, { name: 'Support' });
    for (const role of ['supervisor', 'agent'] as const) {
      const { p } = await w.addUser(role);
      await expectParleyError(w.parley.widgets.update(p, widget.id, { name: 'Mine' }), 'forbidden');
    }
    expect((await w.parley.widgets.get(w.owner, widget.id)).name).toBe('Support');
  });

  it('answers not_found for an unknown widget', async () => {
    const w = await makeWorld();
    await expectParleyError(w.parley.widgets.update(w.owner, 'nope', { name: 'X' }), 'not_found');
  });
});

describe('assigning agents', () => {
  it('stores the agents sorted and without duplicates, audited as widget.agents_changed (type permissions)', async () => {
    const w = await makeWorld();
    const a = await w.addUser('agent');
    const b = await w.addUser('agent');
    const widget = await w.parley.widgets.create(w.owner, { name: 'Support' });
    const updated = await w.parley.widgets.setAgents(w.owner, widget.id, { agentIds: [b.user.id, a.user.id, b.user.id] });
    expect(updated.agentIds).toEqual([a.user.id, b.user.id]);
    expect(updated.version).toBe(2);
    expect(await lastAudit(w, w.account.id)).toMatchObject({
      type: 'permissions',
      action: 'widget.agents_changed',
      targetType: 'widget_agents',
      targetId: widget.id,
      widgetId: widget.id,
      changes: [{ path: '/agentIds', from: [], to: [a.user.id, b.user.id] }],
      revertible: true,
    });
  });

  it('refuses an unknown agent id with validation_failed pointing at its index, and writes nothing', async () => {
    const w = await makeWorld();
    const a = await w.addUser('agent');
    const widget = await w.parley.widgets.create(w.owner, { name: 'Support' });
    const before = await snapshot(w, w.account.id);
    const e = await expectParleyError(
      w.parley.widgets.setAgents(w.owner, widget.id, { agentIds: ['ghost', a.user.id] }),
      'validation_failed',
    );
    expect(e.details).toEqual([{ path: '/agentIds/0', code: 'unknown_user', message: expect.stringContaining('ghost') }]);
    expect(await snapshot(w, w.account.id)).toEqual(before);
  });

  it('refuses deactivated users and users of other accounts', async () => {
    const w = await makeWorld({ config: { signup: 'open' } });
    const a = await w.addUser('agent');
    const gone = await w.addUser('agent');
    await w.parley.users.update(w.owner, gone.user.id, { status: 'deactivated' });
    const other = await w.parley.accounts.signUp(
      { accountName: 'Other', email: 'o@other.example', name: 'O', password: 'other-password-1' },
      { ip: null, userAgent: null },
    );
    const widget = await w.parley.widgets.create(w.owner, { name: 'Support' });
    const e = await expectParleyError(
      w.parley.widgets.setAgents(w.owner, widget.id, { agentIds: [a.user.id, gone.user.id, other.user.id] }),
      'validation_failed',
    );
    expect(e.details.map((d) => [d.path, d.code])).toEqual([
      ['/agentIds/1', 'inactive_user'],
      ['/agentIds/2', 'unknown_user'],
    ]);
  });

  it('refuses a stale version with version_mismatch', async () => {
    const w = await makeWorld();
    const a = await w.addUser('agent');
    const widget = await w.parley.widgets.create(w.owner, { name: 'Support' });
    await w.parley.widgets.update(w.owner, widget.id, { name: 'Renamed' });
    const before = await snapshot(w, w.account.id);
    await expectParleyError(w.parley.widgets.setAgents(w.owner, widget.id, { agentIds: [a.user.id] }, 1), 'version_mismatch');
    await expectParleyError(w.parley.widgets.setAgents(w.owner, widget.id, { agentIds: [a.user.id], version: 1 }), 'version_mismatch');
    expect(await snapshot(w, w.account.id)).toEqual(before);
  });

  it('is forbidden to supervisors and agents', async () => {
    const w = await makeWorld();
    const widget = await w.parley.widgets.create(w.owner, { name: 'Support' });
    for (const role of ['supervisor', 'agent'] as const) {
      const { user, p } = await w.addUser(role);
      await expectParleyError(w.parley.widgets.setAgents(p, widget.id, { agentIds: [user.id] }), 'forbidden');
    }
    expect((await w.parley.widgets.get(w.owner, widget.id)).agentIds).toEqual([w.owner.userId]); // made by the owner alone
  });
});

describe('what each role sees', () => {
  it('shows agents only the widgets they serve', async () => {
    const w = await makeWorld();
    const a = await w.addUser('agent');
    const mine = await w.parley.widgets.create(w.owner, { name: 'Mine' });
    const theirs = await w.parley.widgets.create(w.owner, { name: 'Theirs' });
    await w.parley.widgets.setAgents(w.owner, mine.id, { agentIds: [a.user.id] });

    const listed = await w.parley.widgets.list(a.p, {});
    expect(listed.items.map((x) => x.id)).toEqual([mine.id]);
    expect(listed.nextCursor).toBeNull();
    expect((await w.parley.widgets.get(a.p, mine.id)).name).toBe('Mine');
    await expectParleyError(w.parley.widgets.get(a.p, theirs.id), 'not_found');
  });

  it('shows supervisors, admins and owners every widget, paged by id', async () => {
    const w = await makeWorld();
    const sup = await w.addUser('supervisor');
    const ids: string[] = [];
    for (const name of ['A', 'B', 'C']) ids.push((await w.parley.widgets.create(w.owner, { name })).id);
    const first = await w.parley.widgets.list(sup.p, { limit: 2 });
    expect(first.items.map((x) => x.id)).toEqual(ids.slice(0, 2));
    const second = await w.parley.widgets.list(sup.p, { limit: '2', cursor: first.nextCursor! });
    expect(second.items.map((x) => x.id)).toEqual(ids.slice(2));
    expect(second.nextCursor).toBeNull();
    expect((await w.parley.widgets.list(w.owner, {})).items).toHaveLength(3);
  });
});

describe('deleting widgets', () => {
  it('removes the widget, audited as widget.deleted (type widget) with its last settings and agents', async () => {
    const w = await makeWorld();
    const a = await w.addUser('agent');
    const widget = await w.parley.widgets.create(w.owner, { name: 'Support' });
    await w.parley.widgets.setAgents(w.owner, widget.id, { agentIds: [a.user.id] });
    await w.parley.widgets.delete(w.owner, widget.id);
    await expectParleyError(w.parley.widgets.get(w.owner, widget.id), 'not_found');
    expect(await lastAudit(w, w.account.id)).toMatchObject({
      type: 'widget',
      action: 'widget.deleted',
      targetType: 'widget',
      targetId: widget.id,
      widgetId: widget.id,
      changes: [
        { path: '/agentIds', from: [a.user.id] },
        { path: '/name', from: 'Support' },
        { path: '/settings', from: newWidgetSettings() },
      ],
      revertible: false,
    });
  });

  it('is forbidden to supervisors and agents, and not_found for an unknown widget', async () => {
    const w = await makeWorld();
    const widget = await w.parley.widgets.create(w.owner, { name: 'Support' });
    for (const role of ['supervisor', 'agent'] as const) {
      const { p } = await w.addUser(role);
      await expectParleyError(w.parley.widgets.delete(p, widget.id), 'forbidden');
    }
    await expectParleyError(w.parley.widgets.delete(w.owner, 'nope'), 'not_found');
    expect((await w.parley.widgets.get(w.owner, widget.id)).id).toBe(widget.id);
  });

  it('audits every widget operation in one intact chain', async () => {
    const w = await makeWorld();
    const a = await w.addUser('agent');
    const widget = await w.parley.widgets.create(w.owner, { name: 'Support' });
    await w.parley.widgets.update(w.owner, widget.id, { settings: { greeting: 'Hello' } });
    await w.parley.widgets.setAgents(w.owner, widget.id, { agentIds: [a.user.id] });
    await w.parley.widgets.delete(w.owner, widget.id);
    const log = await auditLog(w, w.account.id);
    expect(log.filter((e) => e.widgetId === widget.id).map((e) => [e.type, e.action])).toEqual([
      ['widget', 'widget.created'],
      ['widget', 'widget.updated'],
      ['permissions', 'widget.agents_changed'],
      ['widget', 'widget.deleted'],
    ]);
    expect((await w.parley.audit.verify(w.owner)).intact).toBe(true);
  });
});
