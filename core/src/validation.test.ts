import { describe, expect, it } from 'vitest';
import { chatSchemas } from './chat/chat-validation.js';
import { isParleyError, type ParleyError } from './errors.js';
import { integrationSchemas } from './integrations/schemas.js';
import { monitorSchemas } from './monitor/monitor-validation.js';
import { defaultSecuritySettings, SECURITY_LIMITS } from './model/security.js';
import { parseInput, schemas } from './validation.js';

const refusal = (f: () => unknown): ParleyError => {
  try {
    f();
  } catch (e) {
    if (isParleyError(e)) return e;
    throw e;
  }
  throw new Error('expected a validation_failed error');
};

describe('parseInput', () => {
  it('refuses a lone surrogate in any string with a pointer to it, whatever the schema', () => {
    const e = refusal(() => parseInput(schemas.widgetCreate, { name: 'a\ud800b' }));
    expect(e.code).toBe('validation_failed');
    expect(e.details).toEqual([{ path: '/name', code: 'ill_formed_unicode', message: expect.stringContaining('lone surrogate') }]);
    // Passwords are never trimmed or normalised, but must be well-formed: \ud800 would hash like \udbff and \ufffd.
    expect(refusal(() => parseInput(schemas.login, { email: 'a@example.com', password: 'correct horse \ud800' })).details).toMatchObject([
      { path: '/password', code: 'ill_formed_unicode' },
    ]);
    expect(
      refusal(() => parseInput(schemas.passwordChange, { currentPassword: 'x', newPassword: 'long enough \udbff' })).details,
    ).toMatchObject([{ path: '/newPassword', code: 'ill_formed_unicode' }]);
  });

  it('refuses ill-formed property names and values deep inside, in every schema module', () => {
    const start = { message: 'Hi', customVariables: { 'plan\udc00': 'gold', ok: 'x\ud800' } };
    expect(refusal(() => parseInput(chatSchemas.chatStart, start)).details.map((d) => d.path)).toEqual([
      '/customVariables/plan\udc00',
      '/customVariables/ok',
    ]);
    expect(
      refusal(() =>
        parseInput(integrationSchemas.salesforcePut, { fieldMapping: [{ leadField: 'LeadSource', source: { value: '\udfff' } }] }),
      ).details,
    ).toMatchObject([{ path: '/fieldMapping/0/source/value', code: 'ill_formed_unicode' }]);
    expect(refusal(() => parseInput(monitorSchemas.layoutPut, { widgetIds: ['w1', 'w\ud800'] })).details).toMatchObject([
      { path: '/widgetIds/1', code: 'ill_formed_unicode' },
    ]);
    expect(refusal(() => parseInput(schemas.auditQuery, { type: 'widget\ud800' })).details).toMatchObject([
      { path: '/type', code: 'ill_formed_unicode' },
    ]);
  });

  it('accepts well-formed text outside the Basic Multilingual Plane', () => {
    expect(parseInput(schemas.widgetCreate, { name: 'Support \ud83d\ude00' })).toEqual({ name: 'Support \ud83d\ude00' });
  });
});

describe('names', () => {
  it.each([
    [
      'account name',
      schemas.signUp,
      { accountName: '\u200b\u200b', email: 'a@example.com', name: 'Olive', password: 'x'.repeat(12) },
      '/accountName',
    ],
    ['user name', schemas.userCreate, { email: 'a@example.com', name: '\ufeff\u200d', role: 'agent', password: 'x'.repeat(12) }, '/name'],
    ['user name (change)', schemas.userPatch, { name: ' \u2060 ' }, '/name'],
    ['account name (change)', schemas.accountPatch, { name: '\0\r\n' }, '/name'],
    ['widget name', schemas.widgetCreate, { name: '\u200b' }, '/name'],
    ['widget name (change)', schemas.widgetPatch, { name: '\u202e\u2066' }, '/name'],
    ['share-link label', monitorSchemas.shareLinkCreate, { label: '\u3164' }, '/label'],
  ])('refuses a name with nothing visible in it: %s', (_what, schema, input, path) => {
    expect(refusal(() => parseInput(schema, input)).details).toMatchObject([
      { path, code: 'too_small', message: 'Must contain a visible character.' },
    ]);
  });

  it('stores names as NFC, on one line, without control or bidi characters, trimmed of invisible ends', () => {
    expect(parseInput(schemas.widgetCreate, { name: '\u200b Zoe\u0308\r\nSupport\0 \u202e\ufeff' })).toEqual({ name: 'Zoë Support' });
    expect(parseInput(schemas.userPatch, { name: 'Ann\u202e\u2067 Smith' })).toEqual({ name: 'Ann Smith' });
    expect(parseInput(monitorSchemas.shareLinkCreate, {}).label).toBe('Shared monitor');
  });

  it('counts the length after normalisation', () => {
    expect(parseInput(schemas.widgetCreate, { name: `\u200b${'a'.repeat(120)}\u200b` }).name).toHaveLength(120);
    expect(refusal(() => parseInput(schemas.widgetCreate, { name: 'a'.repeat(121) })).details).toMatchObject([
      { path: '/name', code: 'too_big' },
    ]);
  });

  it('lets a visitor leave the name empty, and counts invisible characters as empty', () => {
    expect(parseInput(chatSchemas.chatStart, { message: 'Hi', name: '\u200b\u200c' }).name).toBe('');
    expect(parseInput(chatSchemas.chatStart, { message: 'Hi', name: 'Vera\u202e\n' }).name).toBe('Vera');
  });
});

describe('messages', () => {
  it('keep their line breaks and lose other control characters', () => {
    expect(parseInput(chatSchemas.message, { text: 'line one\r\nline two\0\x1b' })).toEqual({ text: 'line one\nline two' });
    // A language tag says what it expects, for the widget and for a visitor's chat alike.
    for (const [schema, input] of [
      [schemas.widgetPatch, { settings: { language: 'klingon!!' } }],
      [chatSchemas.chatStart, { message: 'Hi', language: 'klingon!!' }],
    ] as const)
      expect(refusal(() => parseInput(schema, input)).details.map((d) => d.message)).toEqual(['A language tag such as en, de or pt-BR.']);
    expect(parseInput(schemas.widgetPatch, { settings: { greeting: 'Hello!\r\nHow can we help?\x07' } }).settings?.greeting).toBe(
      'Hello!\nHow can we help?',
    );
  });

  it('are refused when nothing visible is left', () => {
    expect(refusal(() => parseInput(chatSchemas.message, { text: '\u200b\r\n\0' })).details).toMatchObject([
      { path: '/text', message: 'Write a message.' },
    ]);
  });
});

describe('whole numbers in a range', () => {
  it('say the range in words, whatever is wrong with the number', () => {
    const settings = defaultSecuritySettings();
    const { min, max } = SECURITY_LIMITS.maxFailedAttempts;
    const message = `Must be a whole number from ${min} to ${max}.`;
    for (const n of [min - 1, max + 1, 4.5, '5'])
      expect(
        refusal(() => parseInput(schemas.securitySettings, { ...settings, lockout: { maxFailedAttempts: n, lockMinutes: null } })).details,
        String(n),
      ).toEqual([expect.objectContaining({ path: '/lockout/maxFailedAttempts', message })]);
  });
});

describe('what a schema does not word itself', () => {
  const messages = (input: unknown) =>
    Object.fromEntries(refusal(() => parseInput(integrationSchemas.salesforcePut, input)).details.map((d) => [d.path ?? '', d.message]));

  it('is said in a sentence a form can show beside the field', () => {
    expect(
      messages({
        clientId: '',
        enabled: 'yes',
        authFlow: 'magic',
        events: ['chat.finished', 'chat.finished', 'chat.finished', 'chat.finished', 'chat.finished'],
        apiVersion: 62,
        fieldMapping: [{ leadField: 'Company', source: { value: 'x'.repeat(1001) } }],
        colour: 'red',
      }),
    ).toEqual({
      '': 'Not a field here: colour. Leave it out.',
      '/clientId': 'Must not be empty.',
      '/enabled': 'Must be true or false.',
      '/authFlow': expect.stringMatching(/^Must be one of "client_credentials", /),
      '/events': expect.stringMatching(/^Must hold at most \d items\.$/),
      '/apiVersion': 'Must be text.',
      '/fieldMapping/0/source/value': 'Must have at most 1000 characters.',
    });
    expect(messages({ fieldMapping: [{ source: { field: 'requested_by' } }] })).toEqual({ '/fieldMapping/0/leadField': 'Required.' });
  });

  it('leaves the schema’s own words alone', () => {
    expect(messages({ apiVersion: '62' })).toEqual({ '/apiVersion': 'Like v62.0.' });
    expect(messages({ fieldMapping: [{ leadField: 'Company', source: { field: 'javascript_variables.' } }] })).toEqual({
      '/fieldMapping/0/source/field': 'Name the page variable to read.',
    });
  });
});
