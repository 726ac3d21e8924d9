import { describe, expect, it } from 'vitest';
import { visitorPlace } from './visitor-place.js';

const geo = (countryCode: string | null, country: string | null, region: string | null, city: string | null) => ({
  countryCode,
  country,
  region,
  city,
});

describe('where the visitor is, as the agent reads it', () => {
  it('keeps the region codes people write in the United States, Canada and Australia', () => {
    expect(visitorPlace(geo('US', 'United States', 'TX', 'Austin'))).toBe('Austin, TX, United States');
    expect(visitorPlace(geo('CA', 'Canada', 'ON', 'Toronto'))).toBe('Toronto, ON, Canada');
    expect(visitorPlace(geo('AU', 'Australia', 'NSW', 'Sydney'))).toBe('Sydney, NSW, Australia');
  });

  it('names the United Kingdom’s nations instead of their codes', () => {
    expect(visitorPlace(geo('GB', 'United Kingdom', 'ENG', 'St Albans'))).toBe('St Albans, England, United Kingdom');
    expect(visitorPlace(geo('GB', 'United Kingdom', 'NIR', 'Belfast'))).toBe('Belfast, Northern Ireland, United Kingdom');
    expect(visitorPlace(geo('GB', 'United Kingdom', 'XYZ', 'Nowhere'))).toBe('Nowhere, United Kingdom');
  });

  it('leaves out codes that mean nothing to a reader elsewhere', () => {
    expect(visitorPlace(geo('DE', 'Germany', 'BY', 'Munich'))).toBe('Munich, Germany');
    expect(visitorPlace(geo('FR', 'France', 'IDF', null))).toBe('France');
  });

  it('says what it has: a country by its code when unnamed, nothing when nothing is known', () => {
    expect(visitorPlace(geo('US', null, 'TX', null))).toBe('TX, US');
    expect(visitorPlace(geo('SG', 'Singapore', 'SG', 'Singapore'))).toBe('Singapore, Singapore');
    expect(visitorPlace(geo(null, null, null, null))).toBe('');
    expect(visitorPlace(undefined)).toBe('');
    expect(visitorPlace({})).toBe('');
  });
});
