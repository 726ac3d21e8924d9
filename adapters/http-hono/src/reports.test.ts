import { describe, expect, it } from 'vitest';
import { testApp } from './testing/index.js';

describe('report routes', () => {
  it('answers the chat report of today’s chats as JSON and as a CSV download', async () => {
    const t = testApp();
    const o = await t.owner();
    const widget = (await t.call('POST', '/api/v1/widgets', { name: 'Support' }, o.token)).json;
    expect(
      (await t.call('POST', `/api/v1/widgets/${widget.id}/chats`, { name: 'Vera', email: 'vera@example.org', message: 'Hello?' })).status,
    ).toBe(201);
    const today = new Date().toISOString().slice(0, 10);

    const report = await t.call('GET', `/api/v1/reports/chats?from=${today}&to=${today}`, undefined, o.token);
    expect(report.status).toBe(200);
    expect(report.json).toMatchObject({ from: today, to: today, timeZone: 'UTC', widgetId: null });
    expect(report.json.totals.chats + report.json.totals.offlineRequests).toBe(1);
    expect(report.json.days).toHaveLength(1);
    expect(report.json.widgets).toMatchObject([{ widgetId: widget.id, name: 'Support' }]);

    const csv = await t.call('GET', `/api/v1/reports/chats.csv?from=${today}&to=${today}&widgetId=${widget.id}`, undefined, o.token);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.headers.get('content-disposition')).toContain(`parley-chats-${today}-${today}.csv`);
    expect(csv.text.split('\r\n')[0]).toMatch(/^group,key,name,chats,/);
    expect(csv.text).toContain(`widget,${widget.id},Support,`);
  });

  it('refuses agents (403) and bad ranges with field pointers (400), changing nothing', async () => {
    const t = testApp();
    const o = await t.owner();
    const agent = await t.member(o.token, 'agent');
    expect((await t.call('GET', '/api/v1/reports/chats?from=2026-03-01&to=2026-03-02', undefined, agent.token)).status).toBe(403);
    const bad = await t.call('GET', '/api/v1/reports/chats?from=2026-03-05&to=2026-03-01&timeZone=Nowhere/City', undefined, o.token);
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toContain('application/problem+json');
    expect(bad.json.errors.map((e: { path: string }) => e.path).sort()).toEqual(['/timeZone', '/to']);
    expect((await t.call('GET', '/api/v1/reports/chats?to=2026-03-01', undefined, o.token)).json.errors[0].path).toBe('/from');
    const doc = (await t.call('GET', '/api/v1/openapi.json')).json;
    expect(doc.paths['/api/v1/reports/chats'].get.parameters.map((p: { name: string }) => p.name)).toEqual([
      'from',
      'to',
      'timeZone',
      'widgetId',
    ]);
    expect(doc.components.schemas.ChatReport.properties.days.items.required).toContain('firstResponse');
  });
});
