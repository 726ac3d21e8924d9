import { ContainerModule } from 'inversify';
import { TOKENS, type CommonPasswords, type CoreDeps } from '@parley/core';
import { CommonPasswordList } from '@parley/common-passwords';

/**
 * The security policy's port: the common-password list, handed to the core by extending `CoreDeps` when it
 * is first resolved, so the core module needs no change. (Failed logins per address are limited by the
 * HTTP app's limits, see modules/http.ts.)
 */
export const securityModule = () =>
  new ContainerModule(({ bind, onActivation }) => {
    bind<CommonPasswords>(TOKENS.CommonPasswords).toConstantValue(new CommonPasswordList());
    onActivation<CoreDeps>(TOKENS.CoreDeps, (context, deps) => ({
      ...deps,
      commonPasswords: context.get<CommonPasswords>(TOKENS.CommonPasswords),
    }));
  });
