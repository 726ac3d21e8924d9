import { ContainerModule } from 'inversify';
import { MemoryLoginThrottle, TOKENS, type CommonPasswords, type CoreDeps, type LoginThrottle } from '@parley/core';
import { CommonPasswordList } from '@parley/common-passwords';
import type { HostConfig } from '../config.js';

/**
 * The security policy's ports: the common-password list and the per-address login throttle
 * (in-process; `PARLEY_LOGIN_MAX_FAILURES` per `PARLEY_LOGIN_FAILURE_WINDOW_SECONDS`). They are handed
 * to the core by extending `CoreDeps` when it is first resolved, so the core module needs no change.
 */
export const securityModule = (config: HostConfig) =>
  new ContainerModule(({ bind, onActivation }) => {
    bind<CommonPasswords>(TOKENS.CommonPasswords).toConstantValue(new CommonPasswordList());
    bind<LoginThrottle>(TOKENS.LoginThrottle).toConstantValue(
      new MemoryLoginThrottle({ maxFailures: config.loginThrottle.maxFailures, windowSeconds: config.loginThrottle.windowSeconds }),
    );
    onActivation<CoreDeps>(TOKENS.CoreDeps, (context, deps) => ({
      ...deps,
      commonPasswords: context.get<CommonPasswords>(TOKENS.CommonPasswords),
      loginThrottle: context.get<LoginThrottle>(TOKENS.LoginThrottle),
    }));
  });
