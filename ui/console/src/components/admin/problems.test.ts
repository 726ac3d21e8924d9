import { describe, expect, it } from 'vitest';
import { formProblem, ifMatch, STALE_MESSAGE } from './problems.js';

describe('formProblem', () => {
  it('keys each field’s first message by its JSON Pointer', () => {
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
      message: 'The instance URL cannot be used.',
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

  it('quotes the version as an entity tag for If-Match', () => {
    expect(ifMatch(7)).toEqual({ 'if-match': '"7"' });
  });
});
