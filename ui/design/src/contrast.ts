/** The widget's accent colour (`appearance.color`) and a text colour that reads on it (WCAG AA). */

const HEX = /^#[0-9a-f]{6}$/i;

const channel = (c: number) => {
  const s = c / 255;
  return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
};

/** WCAG relative luminance of `#rrggbb`. */
export const luminance = (hex: string): number => {
  const n = parseInt(hex.slice(1), 16);
  return 0.2126 * channel((n >> 16) & 255) + 0.7152 * channel((n >> 8) & 255) + 0.0722 * channel(n & 255);
};

/** WCAG contrast ratio of two `#rrggbb` colours (1 to 21). */
export const contrast = (a: string, b: string): number => {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
};

// Black, not the text colour: only pure black and white together reach 4.5:1 on every colour (mid-grey #777777 is 4.48 with white).
const DARK_TEXT = '#000000';
const LIGHT_TEXT = '#ffffff';

/** The light and dark themes' backgrounds (tokens.css `--bg`). */
export const BACKGROUNDS = { light: '#ffffff', dark: '#0f172a' } as const;
/** What focus rings fall back to where the accent is too faint on the background (tokens.css `--fg`). */
const FOCUS_FALLBACK = { light: '#111827', dark: '#f1f5f9' } as const;

/**
 * The accent, the text to put on it (white or black, whichever contrasts more), and per theme the focus
 * ring's colour: the accent where it stands out 3:1 from the background (WCAG's non-text contrast), else
 * the text colour.
 */
export const accentColors = (color: string): { accent: string; onAccent: string; focusLight: string; focusDark: string } => {
  const accent = HEX.test(color) ? color.toLowerCase() : '#2563eb';
  const focus = (theme: 'light' | 'dark') => (contrast(accent, BACKGROUNDS[theme]) >= 3 ? accent : FOCUS_FALLBACK[theme]);
  return {
    accent,
    onAccent: contrast(accent, LIGHT_TEXT) >= contrast(accent, DARK_TEXT) ? LIGHT_TEXT : DARK_TEXT,
    focusLight: focus('light'),
    focusDark: focus('dark'),
  };
};
