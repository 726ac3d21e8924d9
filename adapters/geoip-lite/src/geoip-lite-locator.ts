import { EMPTY_GEO, type GeoLocation, type GeoLocator } from '@parley/core';

/** The part of geoip-lite's API used here (described structurally: the package ships no types). */
export interface GeoipLiteLookup {
  lookup(ip: string): {
    country?: string;
    region?: string;
    city?: string;
    timezone?: string;
    ll?: readonly [number, number] | readonly number[];
  } | null;
}

export interface GeoipLiteLocatorOptions {
  /**
   * Loads the library. geoip-lite reads its whole database (about 150 MB of memory) when it is first
   * imported, so the default imports it on the first lookup, not at start-up.
   */
  readonly load?: () => Promise<GeoipLiteLookup>;
}

const defaultLoad = async (): Promise<GeoipLiteLookup> => {
  const mod = (await import('geoip-lite')) as unknown as { default?: GeoipLiteLookup } & GeoipLiteLookup;
  return mod.default ?? mod;
};

const regionNames = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });

/** `Germany` for `DE`; null when the code is unknown. */
export const countryName = (code: string): string | null => {
  try {
    return regionNames.of(code.toUpperCase()) ?? null;
  } catch {
    return null;
  }
};

/** `::ffff:203.0.113.7` (an IPv4 client on a dual-stack socket) → `203.0.113.7`; zone ids dropped. */
export const normaliseIp = (ip: string): string => {
  const t = ip.trim().replace(/%.*$/, '');
  const m = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(t);
  return m ? m[1]! : t;
};

/**
 * {@link GeoLocator} on geoip-lite's offline database (GeoLite2 data shipped inside the npm package): no
 * network at run time. Unknown, private and malformed addresses, and a database that fails to load,
 * give empty fields; `locate` never throws.
 */
export class GeoipLiteLocator implements GeoLocator {
  private lib: Promise<GeoipLiteLookup> | null = null;
  private readonly load: () => Promise<GeoipLiteLookup>;

  constructor(options: GeoipLiteLocatorOptions = {}) {
    this.load = options.load ?? defaultLoad;
  }

  /** Loads the database now instead of on the first lookup. */
  async preload(): Promise<void> {
    await this.library();
  }

  async locate(ip: string | null): Promise<GeoLocation> {
    if (!ip) return EMPTY_GEO;
    try {
      const hit = (await this.library()).lookup(normaliseIp(ip));
      if (!hit?.country) return EMPTY_GEO;
      const [lat, lon] = hit.ll ?? [];
      const code = hit.country.toUpperCase();
      return {
        countryCode: code,
        country: countryName(code),
        region: hit.region || null,
        city: hit.city || null,
        latitude: typeof lat === 'number' && Number.isFinite(lat) ? lat : null,
        longitude: typeof lon === 'number' && Number.isFinite(lon) ? lon : null,
        timezone: hit.timezone || null,
      };
    } catch {
      return EMPTY_GEO;
    }
  }

  private library(): Promise<GeoipLiteLookup> {
    this.lib ??= this.load().catch((e: unknown) => {
      this.lib = null; // try again next time
      throw e;
    });
    return this.lib;
  }
}
