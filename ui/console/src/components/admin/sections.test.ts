import { describe, expect, it } from 'vitest';
import { mayOpen, sectionsFor } from './sections.js';

describe('who opens which admin screen', () => {
  it('gives the owner every screen, security included', () => {
    expect(sectionsFor('owner').map((s) => s.id)).toContain('security');
    expect(mayOpen('owner', 'audit')).toBe(true);
  });

  it('keeps security to the owner and settings to owners and admins', () => {
    expect(mayOpen('admin', 'security')).toBe(false);
    expect(mayOpen('admin', 'widgets')).toBe(true);
    expect(mayOpen('supervisor', 'widgets')).toBe(false);
    expect(mayOpen('supervisor', 'audit')).toBe(true);
  });

  it('opens nothing to an agent, and no unknown section to anyone', () => {
    expect(sectionsFor('agent')).toEqual([]);
    expect(mayOpen('owner', 'nonsense')).toBe(false);
  });
});
