import { describe, expect, it } from 'vitest';
import { reportSchemas } from './report-schemas.js';

const issuesOf = (query: Record<string, string>) =>
  reportSchemas.chatReportQuery.safeParse(query).error?.issues.map((i) => ({ path: i.path.join('/'), message: i.message })) ?? [];

describe('the chat report query', () => {
  it('says once that a malformed date is malformed, and that a well-formed one is not in the calendar', () => {
    expect(issuesOf({ from: '2026-03-01', to: '2026-3-1' })).toEqual([{ path: 'to', message: 'A date like 2026-03-01.' }]);
    expect(issuesOf({ from: '2026-02-30', to: '2026-03-01' })).toEqual([{ path: 'from', message: 'Not a date of the calendar.' }]);
    expect(issuesOf({ from: '2026-03-01', to: '2026-03-31' })).toEqual([]);
  });
});
