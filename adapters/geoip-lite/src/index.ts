/**
 * A `GeoLocator` for Parley on geoip-lite: country, region, city, coordinates and time zone of a
 * visitor's address from an offline database shipped in the npm package (loaded on first use).
 *
 * @module
 */
export * from './geoip-lite-locator.js';
