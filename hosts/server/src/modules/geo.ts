import { ContainerModule } from 'inversify';
import { EMPTY_GEO, TOKENS, type GeoLocator } from '@parley/core';
import { GeoipLiteLocator } from '@parley/geoip-lite';
import type { HostConfig } from '../config.js';

/** Where visitors are: geoip-lite's offline database (loaded on the first chat), or nothing (`PARLEY_GEOIP=off`). */
export const geoModule = (config: HostConfig) =>
  new ContainerModule(({ bind }) => {
    const locator: GeoLocator = config.geoip === 'off' ? { locate: async () => EMPTY_GEO } : new GeoipLiteLocator();
    bind<GeoLocator>(TOKENS.GeoLocator).toConstantValue(locator);
  });
