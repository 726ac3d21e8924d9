import { describe, expect, it } from 'vitest';
import { ifMatch, pointerField, saveProblem, STALE_MESSAGE } from './form.js';

describe('reading a refused admin save', () => {
  it('puts each error beside the field its JSON Pointer names, with no message left over', () => {
    const problem = {
      code: 'validation_failed',
      title: 'Invalid input',
      errors: [
        { code: 'too_long', message: 'At most 100 characters.', path: '/name' },
        { code: 'too_small', message: 'At least 1 day.', path: '/settings/auditRetentionDays' },
      ],
    };
    expect(saveProblem(problem, 400)).toEqual({
      fields: { name: 'At most 100 characters.', auditRetentionDays: 'At least 1 day.' },
      message: null,
      stale: false,
    });
  });

  it('keeps a problem about no field as one message', () => {
    expect(saveProblem({ code: 'shortcut_taken', title: 'Shortcut taken', detail: 'Another response uses #hi.' }, 409)).toEqual({
      fields: {},
      message: 'Another response uses #hi.',
      stale: false,
    });
  });

  it('reads a 412 as a change by someone else that needs a reload', () => {
    expect(saveProblem({ code: 'version_conflict', title: 'Stale' }, 412)).toEqual({ fields: {}, message: STALE_MESSAGE, stale: true });
  });

  it('unescapes pointer segments and sends the version as an entity tag', () => {
    expect(pointerField('/a~1b/c~0d')).toBe('c~d');
    expect(pointerField('/fieldMapping/a~1b')).toBe('a/b');
    expect(ifMatch(7)).toEqual({ 'If-Match': '"7"' });
  });
});
