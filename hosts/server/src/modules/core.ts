import { ContainerModule } from 'inversify';
import { createParley, TOKENS, type CoreConfig, type CoreDeps, type Parley } from '@parley/core';
import type { HostConfig } from '../config.js';

/** The core's services over whatever ports the other modules bound. */
export const coreModule = (config: HostConfig) =>
  new ContainerModule(({ bind }) => {
    bind<CoreConfig>(TOKENS.CoreConfig).toConstantValue({
      signup: config.signup,
      sessionTtlSeconds: config.sessionTtlSeconds,
      defaultPlan: config.defaultPlan,
    });
    bind<CoreDeps>(TOKENS.CoreDeps)
      .toResolvedValue(
        (storage, events, clock, ids, hasher, crypto, cfg) => ({ storage, events, clock, ids, hasher, crypto, config: cfg }) as CoreDeps,
        [TOKENS.Storage, TOKENS.EventBus, TOKENS.Clock, TOKENS.IdGenerator, TOKENS.PasswordHasher, TOKENS.TokenCrypto, TOKENS.CoreConfig],
      )
      .inSingletonScope();
    bind<Parley>(TOKENS.Parley)
      .toResolvedValue((deps: CoreDeps) => createParley(deps), [TOKENS.CoreDeps])
      .inSingletonScope();
  });
