import { ContainerModule } from 'inversify';
import {
  createParley,
  TOKENS,
  type CoreConfig,
  type CoreDeps,
  type CrmClient,
  type GeoLocator,
  type Parley,
  type SecretBox,
} from '@parley/core';
import type { HostConfig } from '../config.js';
import type { Logger } from '../logger.js';
import { HOST } from '../tokens.js';

/** The core's services over whatever ports the other modules bound. */
export const coreModule = (config: HostConfig) =>
  new ContainerModule(({ bind }) => {
    bind<CoreConfig>(TOKENS.CoreConfig).toConstantValue({
      signup: config.signup,
      sessionTtlSeconds: config.sessionTtlSeconds,
      defaultPlan: config.defaultPlan,
      chat: config.chat,
      integrations: {
        allowHttpLoopback: config.integrations.allowHttpLoopback,
        publicUrl: config.integrations.publicUrl,
        defaultPublicUrl: config.defaultPublicUrl,
      },
    });
    bind<CoreDeps>(TOKENS.CoreDeps)
      .toResolvedValue(
        (storage, events, clock, ids, hasher, crypto, cfg, geo: GeoLocator, secretBox: SecretBox, crm: CrmClient, logger: Logger) =>
          ({ storage, events, clock, ids, hasher, crypto, config: cfg, geo, secretBox, crm, logger }) as CoreDeps,
        [
          TOKENS.Storage,
          TOKENS.EventBus,
          TOKENS.Clock,
          TOKENS.IdGenerator,
          TOKENS.PasswordHasher,
          TOKENS.TokenCrypto,
          TOKENS.CoreConfig,
          TOKENS.GeoLocator,
          TOKENS.SecretBox,
          TOKENS.CrmClient,
          HOST.Logger,
        ],
      )
      .inSingletonScope();
    bind<Parley>(TOKENS.Parley)
      .toResolvedValue((deps: CoreDeps) => createParley(deps), [TOKENS.CoreDeps])
      .inSingletonScope();
  });
