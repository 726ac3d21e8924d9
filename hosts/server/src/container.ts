import { Container, ContainerModule } from 'inversify';
import type { HostConfig } from './config.js';
import type { Logger } from './logger.js';
import { coreModule } from './modules/core.js';
import { cryptoModule } from './modules/crypto.js';
import { eventsModule } from './modules/events.js';
import { geoModule } from './modules/geo.js';
import { httpModule } from './modules/http.js';
import { integrationsModule } from './modules/integrations.js';
import { mailModule } from './modules/mail.js';
import { securityModule } from './modules/security.js';
import { storageModule } from './modules/storage.js';
import { HOST } from './tokens.js';

export const VERSION = '0.1.0';

/**
 * The host's container: one module per adapter, all bindings factories (no decorators), singletons.
 */
export const createContainer = async (config: HostConfig, logger: Logger): Promise<Container> => {
  const container = new Container({ defaultScope: 'Singleton' });
  const base = new ContainerModule(({ bind }) => {
    bind<HostConfig>(HOST.Config).toConstantValue(config);
    bind<Logger>(HOST.Logger).toConstantValue(logger);
  });
  await container.load(
    base,
    storageModule(config),
    eventsModule(config),
    cryptoModule(config),
    geoModule(config),
    securityModule(),
    mailModule(config),
    integrationsModule(config),
    coreModule(config),
    httpModule(config, VERSION),
  );
  return container;
};
