import type { GeoLocation } from '../model/chat.js';

/**
 * Where an IP address is. Implementations work offline (a database shipped with the adapter) and never
 * throw: an unknown, private or malformed address gives {@link EMPTY_GEO}-like empty fields.
 */
export interface GeoLocator {
  locate(ip: string | null): Promise<GeoLocation>;
}
