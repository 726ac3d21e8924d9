import type { SalesforceIntegration } from '../model/integration.js';
import type { CrmConnection, SecretBox } from '../ports/integrations.js';

/**
 * The connection a {@link CrmClient} call needs, with the integration's secrets opened (they exist in
 * memory only for the call). Its key changes with the integration's version, so a cached token never
 * outlives a change of credentials.
 */
export const crmConnectionOf = (i: SalesforceIntegration, box: SecretBox): CrmConnection => {
  const s = i.settings;
  return {
    key: `${i.widgetId}:${i.version}`,
    instanceUrl: s.instanceUrl,
    apiVersion: s.apiVersion,
    authFlow: s.authFlow,
    clientId: s.clientId,
    clientSecret: box.open(s.clientSecret),
    refreshToken: s.refreshToken ? box.open(s.refreshToken) : null,
  };
};
