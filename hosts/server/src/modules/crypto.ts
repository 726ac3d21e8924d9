import { ContainerModule } from 'inversify';
import { TOKENS, type Clock, type IdGenerator, type PasswordHasher, type TokenCrypto } from '@parley/core';
import { Argon2Hasher, NodeTokenCrypto, SystemClock, Uuid7Ids } from '@parley/node-crypto';
import type { HostConfig } from '../config.js';

/** Clock, ids, argon2id hashing and tokens from Node's crypto. */
export const cryptoModule = (config: HostConfig) =>
  new ContainerModule(({ bind }) => {
    bind<Clock>(TOKENS.Clock).toConstantValue(new SystemClock());
    bind<IdGenerator>(TOKENS.IdGenerator)
      .toResolvedValue((clock: Clock) => new Uuid7Ids({ clock }), [TOKENS.Clock])
      .inSingletonScope();
    bind<PasswordHasher>(TOKENS.PasswordHasher).toConstantValue(new Argon2Hasher(config.argon2));
    bind<TokenCrypto>(TOKENS.TokenCrypto).toConstantValue(new NodeTokenCrypto());
  });
