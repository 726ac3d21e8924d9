import { describe, expect, it } from 'vitest';
import { accentColors, BACKGROUNDS, contrast } from './contrast.js';

describe('the accent colour', () => {
  it('puts white on dark accents and near-black on light ones, always at least 4.5:1 (WCAG AA)', () => {
    expect(accentColors('#2563EB')).toMatchObject({ accent: '#2563eb', onAccent: '#ffffff' });
    expect(accentColors('#fde047')).toMatchObject({ accent: '#fde047', onAccent: '#000000' });
    for (const c of ['#000000', '#ffffff', '#777777', '#ff0000', '#00ff00', '#2563eb', '#f59e0b']) {
      const { accent, onAccent } = accentColors(c);
      expect(contrast(accent, onAccent), c).toBeGreaterThanOrEqual(4.5);
    }
  });

  it('rings focus in the accent only where it stands out 3:1 from the theme’s background', () => {
    expect(accentColors('#1e3a8a')).toMatchObject({ focusLight: '#1e3a8a', focusDark: '#f1f5f9' });
    expect(accentColors('#fde047')).toMatchObject({ focusLight: '#111827', focusDark: '#fde047' });
    for (const c of ['#000000', '#ffffff', '#777777', '#fde047', '#1e3a8a', '#0f766e']) {
      const { focusLight, focusDark } = accentColors(c);
      expect(contrast(focusLight, BACKGROUNDS.light), c).toBeGreaterThanOrEqual(3);
      expect(contrast(focusDark, BACKGROUNDS.dark), c).toBeGreaterThanOrEqual(3);
    }
  });

  it('falls back to the default accent for anything but #rrggbb', () => {
    expect(accentColors('red; background: url(x)').accent).toBe('#2563eb');
  });

  it('computes WCAG contrast ratios', () => {
    expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrast('#777777', '#777777')).toBe(1);
  });
});
