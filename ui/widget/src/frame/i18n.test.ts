import { describe, expect, it } from 'vitest';
import { DEFAULT_LAUNCHER_TEXT, SPOKEN_LANGUAGES } from '@parley/core/limits';
import { format, LANGUAGES, pickLanguage, translation } from './i18n.js';

describe('the translation table', () => {
  it('speaks at least English, German, French and Spanish, with every string in each', () => {
    expect(LANGUAGES).toEqual(expect.arrayContaining(['en', 'de', 'fr', 'es']));
    // The languages the console offers for a widget (and its mails are written in) are the ones it speaks.
    expect([...LANGUAGES].sort()).toEqual(SPOKEN_LANGUAGES.map((l) => l.tag).sort());
    const keys = Object.keys(translation('en'));
    for (const l of LANGUAGES) {
      const own = translation(l);
      expect(Object.keys(own)).toEqual(keys);
      if (l !== 'en')
        expect(
          keys.filter(
            (k) =>
              own[k as keyof typeof own] === translation('en')[k as keyof typeof own] &&
              !['name', 'message', 'optional', 'messages'].includes(k),
          ),
        ).toEqual([]);
    }
  });

  it('knows a new widget’s launcher text, which it says in the visitor’s language while the owner keeps it', () => {
    expect(translation('en').launcherText).toBe(DEFAULT_LAUNCHER_TEXT);
  });

  it('keeps the placeholders of every string in every language', () => {
    const en = translation('en');
    for (const l of LANGUAGES)
      for (const [k, v] of Object.entries(translation(l)))
        expect(v.match(/\{\w+\}/g) ?? [], `${l}.${k}`).toEqual(en[k as keyof typeof en].match(/\{\w+\}/g) ?? []);
  });

  it('takes the page’s choice, then the widget’s language, then the browser’s, then English', () => {
    expect(pickLanguage('de', 'fr', ['es'])).toBe('de');
    expect(pickLanguage('de-AT', 'fr', [])).toBe('de');
    expect(pickLanguage('pt', 'fr', ['es'])).toBe('fr');
    expect(pickLanguage(null, 'it', ['pt-BR', 'es-MX'])).toBe('es');
    expect(pickLanguage(null, null, ['ja'])).toBe('en');
  });

  it('fills placeholders and leaves unknown ones', () => {
    expect(format('You are number {position} of {total}.', { position: 2 })).toBe('You are number 2 of {total}.');
  });
});
