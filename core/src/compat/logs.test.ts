import { describe, expect, it } from 'vitest';
import { ParleyError } from '../errors.js';
import { buildSupportRequestPayload } from '../integrations/payload.js';
import { parseInput } from '../validation.js';
import { sampleChat, sampleEvents } from '../../test-support/integration-fixtures.js';
import { buildLogsCase, logsCaseSchema } from './logs-case.js';
import { logsQuerySchema, logsRange } from './logs-query.js';

const agent = { id: 'agent-1', name: 'Alex Agent', email: 'alex@acme.test' };

describe('the Logs API case', () => {
  it('is the support-request payload without schema_version and event, with the Logs API’s own fields', () => {
    const input = { chat: sampleChat(), events: sampleEvents, agent, publicUrl: null, labels: ['VIP'] };
    const payload = buildSupportRequestPayload({ ...input, event: 'chat.finished' });
    const c = buildLogsCase(input);
    const { schema_version: _v, event: _e, source_id: _s, transcripts, ...shared } = payload;
    expect(c).toEqual({
      ...shared,
      created_at_date: payload.created_at_milliseconds,
      source_id: 2,
      transcripts: transcripts.map((t) => ({ ...t, date_submitted: t.date_milliseconds })),
    });
    expect(logsCaseSchema.parse(c)).toEqual(c);
  });

  it('numbers an offline request 1 and a chat 2', () => {
    expect(buildLogsCase({ chat: { ...sampleChat(), kind: 'offline', status: 'offline' }, events: [], agent: null }).source_id).toBe(1);
    expect(buildLogsCase({ chat: sampleChat(), events: [], agent: null }).source_id).toBe(2);
  });
});

describe('the Logs API date range', () => {
  it('reads dates in UTC by default, the end day included whole', () => {
    expect(logsRange({ start: '2026-03-01', end: '2026-03-31' })).toEqual({
      from: '2026-03-01T00:00:00.000Z',
      to: '2026-03-31T23:59:59.999Z',
    });
  });

  it('reads dates in the given zone, across a daylight-saving change', () => {
    // Berlin moves to summer time on 29 March 2026: that day starts at 23:00 UTC and ends at 22:00 UTC.
    expect(logsRange({ start: '2026-03-29', end: '2026-03-29', timezone: 'Europe/Berlin' })).toEqual({
      from: '2026-03-28T23:00:00.000Z',
      to: '2026-03-29T21:59:59.999Z',
    });
    expect(logsRange({ start: '2026-01-10', end: '2026-01-10', timezone: 'America/New_York' })).toEqual({
      from: '2026-01-10T05:00:00.000Z',
      to: '2026-01-11T04:59:59.999Z',
    });
  });

  it('takes date-times with an offset as they are, whatever the zone', () => {
    expect(logsRange({ start: '2026-03-01T10:00:00+02:00', end: '2026-03-01T12:00:00Z', timezone: 'Asia/Tokyo' })).toEqual({
      from: '2026-03-01T08:00:00.000Z',
      to: '2026-03-01T12:00:00.000Z',
    });
  });

  it('refuses an end before the start', () => {
    expect(() => logsRange({ start: '2026-03-02', end: '2026-03-01' })).toThrow(ParleyError);
  });

  it('refuses dates that do not exist, date-times without an offset and unknown zones', () => {
    const bad = (q: Record<string, string>) => () =>
      parseInput(logsQuerySchema, { widgetId: 'w', start: '2026-03-01', end: '2026-03-02', ...q });
    expect(bad({ start: '2026-02-29' })).toThrow(ParleyError);
    expect(bad({ end: '2026-03-02T10:00:00' })).toThrow(ParleyError);
    expect(bad({ timezone: 'Europe/Atlantis' })).toThrow(ParleyError);
    expect(bad({})).not.toThrow();
  });
});
