import { describe, expect, it } from 'vitest';
import { formProblem, ifMatch, messagesByPointer, pointerField, saveProblem, STALE_MESSAGE } from './form.js';

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

describe('formProblem', () => {
  it('keys each field’s first message by its JSON Pointer, and points there in its summary', () => {
    const p = formProblem(
      {
        code: 'validation_failed',
        title: 'Invalid input',
        detail: 'The instance URL cannot be used.',
        errors: [
          { path: '/url', code: 'insecure_url', message: 'Use https.' },
          { path: '/url', code: 'other', message: 'Second message for the same field' },
          { path: '/fieldMapping/1/leadField', code: 'invalid_string', message: 'Must be a Lead field API name.' },
        ],
      },
      400,
    );
    expect(p).toEqual({
      message: 'Fix the fields marked above.',
      fields: { '/url': 'Use https.', '/fieldMapping/1/leadField': 'Must be a Lead field API name.' },
      stale: false,
    });
  });

  it('tells a stale save (412 or version_mismatch) apart, so the form offers a reload', () => {
    expect(formProblem({ code: 'version_mismatch', title: 'Changed' }, 412)).toMatchObject({ stale: true, message: STALE_MESSAGE });
    expect(formProblem({ code: 'version_mismatch', title: 'Changed' })).toMatchObject({ stale: true });
  });

  it('falls back to the problem’s own words, or a generic line for no problem body', () => {
    expect(
      formProblem({ code: 'forbidden', title: 'Forbidden', detail: 'Only owners and admins can manage integrations.' }, 403).message,
    ).toBe('Only owners and admins can manage integrations.');
    expect(formProblem(undefined, 502)).toEqual({ message: 'Something went wrong. Try again.', fields: {}, stale: false });
  });
});

describe('messagesByPointer', () => {
  it('keys each error by its whole JSON Pointer, one that names no field by an empty one', () => {
    const errors = [
      { code: 'in_past', message: 'Choose a time in the future.', path: '/expiresAt' },
      { code: 'too_many', message: 'Too many tokens.' },
    ];
    expect(messagesByPointer({ code: 'validation_failed', title: 'Invalid input', errors })).toEqual({
      '/expiresAt': 'Choose a time in the future.',
      '': 'Too many tokens.',
    });
  });

  it('falls back to the problem’s own words when it lists no error', () => {
    expect(messagesByPointer({ code: 'forbidden', title: 'Forbidden', detail: 'Only owners and admins.' })).toEqual({
      '': 'Only owners and admins.',
    });
    expect(messagesByPointer(undefined)).toEqual({ '': 'Something went wrong. Try again.' });
  });
});
