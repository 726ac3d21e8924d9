import type { Chat } from './model.js';

type Geo = NonNullable<Chat['visitor']>['geo'];

/**
 * Countries whose region codes are how their people write a place (`Austin, TX`): shown as they are. Elsewhere
 * geolocation's ISO 3166-2 codes (`BY`, `IDF`, `ENG`) mean little to an agent, so the region is left out, except
 * the United Kingdom's four nations, named.
 */
const REGION_CODES_READ_AS_WRITTEN = new Set(['US', 'CA', 'AU']);
const UK_NATIONS: Readonly<Record<string, string>> = { ENG: 'England', SCT: 'Scotland', WLS: 'Wales', NIR: 'Northern Ireland' };

/** The region as an agent reads it, or null where its code would say nothing. */
const regionText = (countryCode: string | null | undefined, region: string | null | undefined): string | null => {
  if (!region || !countryCode) return null;
  if (countryCode === 'GB') return UK_NATIONS[region] ?? null;
  return REGION_CODES_READ_AS_WRITTEN.has(countryCode) ? region : null;
};

/** Where the visitor is, as a person writes it: `Austin, TX, United States`, `St Albans, England, United Kingdom`, `Munich, Germany`. */
export const visitorPlace = (geo: Geo | null | undefined): string => {
  if (!geo) return '';
  const region = regionText(geo.countryCode, geo.region);
  return [geo.city, region === geo.city ? null : region, geo.country ?? geo.countryCode].filter(Boolean).join(', ');
};
