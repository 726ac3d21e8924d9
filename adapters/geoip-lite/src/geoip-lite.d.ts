// geoip-lite ships no types; the adapter describes the part it uses (GeoipLiteLookup).
declare module 'geoip-lite';
