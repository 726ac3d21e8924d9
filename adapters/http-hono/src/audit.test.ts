import { describe, expect, it } from 'vitest';
import { testApp } from './testing/index.js';

describe('audit log over HTTP', () => {
  it('records a widget change with who, when and each field before and after', async () => {
    const t = testApp();
    const o = await t.owner();
    const w = (await t.call('POST', '/api/v1/widgets', { name: 'Support' }, o.token)).json;
    await t.call('PATCH', `/api/v1/widgets/${w.id}`, { settings: { maxConcurrentChats: 7 } }, o.token, { 'user-agent': 'test-agent/1' });
    const page = await t.call('GET', `/api/v1/audit?type=widget&widgetId=${w.id}`, undefined, o.token);
    expect(page.status).toBe(200);
    const [latest] = page.json.items;
    expect(latest).toMatchObject({
      type: 'widget',
      action: 'widget.updated',
      widgetId: w.id,
      actor: { kind: 'user', userId: o.user.id, email: o.email, userAgent: 'test-agent/1' },
      changes: [{ path: '/settings/maxConcurrentChats', from: 3, to: 7 }],
      revertible: true,
    });
  });

  it('filters by the kind of actor, so the operator’s and timed jobs’ changes (actor system) can be listed and downloaded alone', async () => {
    const t = testApp();
    const o = await t.owner();
    // The host CLI's plan change is Parley's own doing, not a person's.
    await t.parley.accounts.setPlan(o.account.id, 'basic');
    const system = await t.call('GET', '/api/v1/audit?actorKind=system', undefined, o.token);
    expect(system.status).toBe(200);
    expect(system.json.items.map((e: { action: string; actor: { kind: string } }) => [e.action, e.actor.kind])).toEqual([
      ['account.updated', 'system'],
    ]);
    const people = (await t.call('GET', '/api/v1/audit?actorKind=user', undefined, o.token)).json.items;
    expect(people.length).toBeGreaterThan(0);
    expect(people.every((e: { actor: { kind: string } }) => e.actor.kind === 'user')).toBe(true);
    const csv = await t.call('GET', '/api/v1/audit/export?actorKind=system&format=csv', undefined, o.token);
    expect(csv.status).toBe(200);
    expect(
      csv.text
        .trim()
        .split('\n')
        .slice(1)
        .every((row) => row.includes('account.updated')),
    ).toBe(true);
    const bad = await t.call('GET', '/api/v1/audit?actorKind=robot', undefined, o.token);
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toContain('application/problem+json');
    expect(bad.json).toMatchObject({ code: 'validation_failed', errors: [{ path: '/actorKind' }] });
  });

  it('keeps agents out of the audit log', async () => {
    const t = testApp();
    const o = await t.owner();
    const agent = await t.member(o.token, 'agent');
    for (const path of ['/api/v1/audit', '/api/v1/audit/export', '/api/v1/audit/verify'])
      expect((await t.call('GET', path, undefined, agent.token)).status, path).toBe(403);
  });

  it('reverts a change, audits the revert, and refuses a revert over a later edit', async () => {
    const t = testApp();
    const o = await t.owner();
    const w = (await t.call('POST', '/api/v1/widgets', { name: 'Support' }, o.token)).json;
    await t.call('PATCH', `/api/v1/widgets/${w.id}`, { name: 'Sales' }, o.token);
    const entry = (await t.call('GET', '/api/v1/audit?type=widget', undefined, o.token)).json.items[0];
    const revert = await t.call('POST', `/api/v1/audit/${entry.id}/revert`, undefined, o.token);
    expect(revert.status).toBe(200);
    expect(revert.json).toMatchObject({ revertOf: entry.id, changes: [{ path: '/name', from: 'Sales', to: 'Support' }] });
    expect((await t.call('GET', `/api/v1/widgets/${w.id}`, undefined, o.token)).json.name).toBe('Support');

    await t.call('PATCH', `/api/v1/widgets/${w.id}`, { name: 'Later' }, o.token);
    const conflict = await t.call('POST', `/api/v1/audit/${entry.id}/revert`, undefined, o.token);
    expect(conflict.status).toBe(409);
    expect(conflict.json).toMatchObject({ code: 'revert_conflict', fields: ['/name'] });
    expect((await t.call('GET', `/api/v1/widgets/${w.id}`, undefined, o.token)).json.name).toBe('Later');
  });

  it('says which entries cannot be reverted', async () => {
    const t = testApp();
    const o = await t.owner();
    await t.call('POST', '/api/v1/widgets', { name: 'Support' }, o.token);
    const created = (await t.call('GET', '/api/v1/audit?type=widget', undefined, o.token)).json.items[0];
    expect(created).toMatchObject({ action: 'widget.created', revertible: false });
    const r = await t.call('POST', `/api/v1/audit/${created.id}/revert`, undefined, o.token);
    expect(r.status).toBe(409);
    expect(r.json.code).toBe('not_revertible');
  });

  it('answers supervisors and agents 403 before looking the entry up, so they learn nothing of it', async () => {
    const t = testApp();
    const o = await t.owner();
    await t.call('POST', '/api/v1/widgets', { name: 'Support' }, o.token);
    const created = (await t.call('GET', '/api/v1/audit?type=widget', undefined, o.token)).json.items[0];
    for (const role of ['supervisor', 'agent'] as const) {
      const m = await t.member(o.token, role);
      const existing = await t.call('POST', `/api/v1/audit/${created.id}/revert`, undefined, m.token);
      const missing = await t.call('POST', '/api/v1/audit/no-such-entry/revert', undefined, m.token);
      for (const r of [existing, missing]) expect(r.json).toMatchObject({ status: 403, code: 'forbidden' });
      expect(existing.json.detail).toBe(missing.json.detail);
    }
  });

  it('never shows a password, only that it changed', async () => {
    const t = testApp();
    const o = await t.owner();
    const agent = await t.member(o.token, 'agent');
    await t.call('PATCH', `/api/v1/users/${agent.user.id}`, { password: 'a brand new passphrase' }, o.token);
    const all = await t.call('GET', '/api/v1/audit/export?format=jsonl', undefined, o.token);
    expect(all.text).not.toContain('a brand new passphrase');
    expect(all.text).not.toContain('$argon2');
    const entry = (await t.call('GET', '/api/v1/audit?type=permissions', undefined, o.token)).json.items[0];
    expect(entry).toMatchObject({ action: 'user.password_changed', changes: [{ path: '/password', redacted: true }], revertible: false });
  });

  it('exports the filtered log as CSV with formula cells neutralised', async () => {
    const t = testApp();
    const o = await t.owner();
    await t.call('POST', '/api/v1/widgets', { name: '=HYPERLINK("http://evil")' }, o.token);
    const res = await t.app.request('/api/v1/audit/export?format=csv&type=widget', { headers: { authorization: `Bearer ${o.token}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('content-disposition')).toMatch(/attachment; filename="parley-audit-.*\.csv"/);
    const lines = (await res.text()).trim().split('\r\n');
    expect(lines[0]).toMatch(/^entry_id,seq,created_at,type,action/);
    expect(lines.slice(1).every((l) => l.includes(',widget,widget.created,'))).toBe(true);
    expect(lines.join('\n')).toContain(`"'=HYPERLINK(""http://evil"")"`);
  });

  it('exports JSON Lines, one entry per line, newest first', async () => {
    const t = testApp();
    const o = await t.owner();
    for (const name of ['a', 'b', 'c']) await t.call('POST', '/api/v1/widgets', { name }, o.token);
    const r = await t.call('GET', '/api/v1/audit/export?format=jsonl&type=widget', undefined, o.token);
    const rows = r.text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(rows.map((e) => e.changes.find((c: { path: string }) => c.path === '/name').to)).toEqual(['c', 'b', 'a']);
  });

  it('rejects a bad filter with 400 before streaming', async () => {
    const t = testApp();
    const o = await t.owner();
    expect((await t.call('GET', '/api/v1/audit/export?format=xls', undefined, o.token)).status).toBe(400);
    expect((await t.call('GET', '/api/v1/audit?type=bogus', undefined, o.token)).json.errors[0].path).toBe('/type');
    expect((await t.call('GET', '/api/v1/audit?from=yesterday', undefined, o.token)).status).toBe(400);
  });

  it('verifies the hash chain', async () => {
    const t = testApp();
    const o = await t.owner();
    await t.call('POST', '/api/v1/widgets', { name: 'a' }, o.token);
    const v = await t.call('GET', '/api/v1/audit/verify', undefined, o.token);
    expect(v.json).toMatchObject({ intact: true, firstBroken: null });
    expect(v.json.checked).toBeGreaterThanOrEqual(3);
  });

  it('pages newest first without skipping or repeating while entries arrive', async () => {
    const t = testApp();
    const o = await t.owner();
    for (let i = 0; i < 5; i++) await t.call('POST', '/api/v1/widgets', { name: `w${i}` }, o.token);
    const seen: number[] = [];
    let cursor: string | null = null;
    let round = 0;
    do {
      const q: string = `/api/v1/audit?limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const page = await t.call('GET', q, undefined, o.token);
      seen.push(...page.json.items.map((e: { seq: number }) => e.seq));
      cursor = page.json.nextCursor;
      if (round++ === 0) await t.call('POST', '/api/v1/widgets', { name: 'late' }, o.token);
    } while (cursor);
    expect(seen).toEqual([7, 6, 5, 4, 3, 2, 1]);
  });
});
