import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../model/audit.js';
import { GENESIS_HASH } from '../model/audit.js';
import { AUDIT_CSV_COLUMNS, auditEntryCsv, auditEntryJsonl, csvCell, csvLine } from './export-format.js';

/** A minimal RFC 4180 parser for the tests: rows of cells. */
const parseCsv = (text: string): string[][] => {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') row.push(cell), (cell = '');
    else if (ch === '\r' && text[i + 1] === '\n') row.push(cell), rows.push(row), (row = []), (cell = ''), i++;
    else cell += ch;
  }
  return rows;
};

const entry: AuditEntry = {
  id: 'e1',
  accountId: 'a1',
  seq: 7,
  createdAt: '2026-01-01T00:00:00.000Z',
  actor: { kind: 'user', userId: 'u1', email: 'o@acme.example', ip: '203.0.113.7', userAgent: 'Mozilla, "quoted"' },
  type: 'widget',
  action: 'widget.updated',
  targetType: 'widget',
  targetId: 'w1',
  widgetId: 'w1',
  changes: [
    { path: '/name', from: 'Old', to: '=HYPERLINK("http://evil")' },
    { path: '/settings/offlineForm', from: { enabled: true }, to: { enabled: false } },
    { path: '/secret', redacted: true },
  ],
  revertOf: null,
  revertible: true,
  prevHash: GENESIS_HASH,
  hash: 'f'.repeat(64),
};

describe('csvCell', () => {
  it('leaves plain text alone and writes null/undefined as empty', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
  });

  it('quotes cells with commas, quotes or line breaks, doubling the quotes', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
  });

  it('writes non-strings as JSON', () => {
    expect(csvCell(3)).toBe('3');
    expect(csvCell(true)).toBe('true');
    expect(csvCell(['u1', 'u2'])).toBe('"[""u1"",""u2""]"');
  });

  it.each(['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx'])('neutralises a formula-like cell %j with a leading quote', (s) => {
    expect(parseCsv(csvLine([s]))[0]![0]).toBe(`'${s}`);
  });

  it('round-trips any text through a CSV parser (apart from the formula guard)', () => {
    fc.assert(
      fc.property(fc.array(fc.string(), { minLength: 1, maxLength: 4 }), (cells) => {
        const parsed = parseCsv(csvLine(cells))[0]!;
        expect(parsed).toEqual(cells.map((c) => (/^[=+\-@\t\r]/.test(c) ? `'${c}` : c)));
      }),
      { numRuns: 500 },
    );
  });
});

describe('auditEntryCsv', () => {
  it('writes one row per changed field, with every column', () => {
    const rows = parseCsv(auditEntryCsv(entry));
    expect(rows).toHaveLength(3);
    for (const r of rows) expect(r).toHaveLength(AUDIT_CSV_COLUMNS.length);
    const col = (r: string[], name: (typeof AUDIT_CSV_COLUMNS)[number]) => r[AUDIT_CSV_COLUMNS.indexOf(name)];
    expect(col(rows[0]!, 'entry_id')).toBe('e1');
    expect(col(rows[0]!, 'seq')).toBe('7');
    expect(col(rows[0]!, 'actor_user_agent')).toBe('Mozilla, "quoted"');
    expect(col(rows[0]!, 'path')).toBe('/name');
    expect(col(rows[0]!, 'from')).toBe('Old');
    expect(col(rows[0]!, 'to')).toBe(`'=HYPERLINK("http://evil")`);
    expect(col(rows[1]!, 'from')).toBe('{"enabled":true}');
    expect([col(rows[2]!, 'path'), col(rows[2]!, 'from'), col(rows[2]!, 'to'), col(rows[2]!, 'redacted')]).toEqual([
      '/secret',
      '',
      '',
      'true',
    ]);
    expect(col(rows[2]!, 'hash')).toBe('f'.repeat(64));
  });

  it('writes one row for an entry that changed no field', () => {
    const rows = parseCsv(auditEntryCsv({ ...entry, changes: [] }));
    expect(rows).toHaveLength(1);
    expect(rows[0]![AUDIT_CSV_COLUMNS.indexOf('path')]).toBe('');
  });
});

describe('auditEntryJsonl', () => {
  it('writes the whole entry as one JSON line', () => {
    const line = auditEntryJsonl(entry);
    expect(line.endsWith('\n')).toBe(true);
    expect(line.slice(0, -1)).not.toContain('\n');
    expect(JSON.parse(line)).toEqual(entry);
  });
});
