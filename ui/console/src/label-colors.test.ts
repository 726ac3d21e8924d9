import { describe, expect, it } from 'vitest';
import { contrastRatio, textColorOn } from './label-colors.js';

describe('label chip colours', () => {
  it('computes the WCAG contrast ratio', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#777777', '#ffffff')).toBeCloseTo(4.48, 2);
  });

  it('writes white on dark colours and black on light ones', () => {
    expect(textColorOn('#1d4ed8')).toBe('#ffffff');
    expect(textColorOn('#fde68a')).toBe('#000000');
  });

  it('reaches AA (4.5:1) on every colour an admin can pick', () => {
    let worst = 21;
    for (let r = 0; r < 256; r += 15)
      for (let g = 0; g < 256; g += 15)
        for (let b = 0; b < 256; b += 15) {
          const bg = `#${[r, g, b].map((v) => v.toString(16).padStart(2, '0')).join('')}`;
          worst = Math.min(worst, contrastRatio(bg, textColorOn(bg)));
        }
    expect(worst).toBeGreaterThanOrEqual(4.5);
  });
});
