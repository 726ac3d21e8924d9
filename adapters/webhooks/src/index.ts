/**
 * `@parley/webhooks`: the outbound side of Parley's integrations.
 *
 * - {@link HttpWebhookTransport}: the `WebhookTransport` port on `node:http`/`node:https`.
 * - {@link SalesforceCrmClient}: the `CrmClient` port for Salesforce (OAuth 2.0 client credentials or
 *   refresh token, then `POST /services/data/vXX.X/sobjects/Lead/`).
 * - {@link DispatcherLoop}: runs the core's `DeliveryDispatcher` in the background.
 *
 * Both clients share one guard against server-side request forgery: https only (plain http to loopback
 * only when the operator allows it), every address a name resolves to checked *at connect time*
 * against private, loopback, link-local, metadata, CGNAT and unique-local ranges (so DNS rebinding
 * cannot reach them), a 15 s time limit per try, redirects never followed.
 *
 * ```ts
 * const transport = new HttpWebhookTransport();
 * const dispatcher = new DeliveryDispatcher({ storage, clock, ids, crypto, secretBox, transport, crm: new SalesforceCrmClient() }, { workerId: 'web-1' });
 * new DispatcherLoop(dispatcher, { intervalMs: 1000 }).start();
 * ```
 *
 * @module
 */
export { HttpWebhookTransport } from './http-transport.js';
export { SalesforceCrmClient, type SalesforceClientOptions } from './salesforce-client.js';
export { DispatcherLoop, type DispatcherLoopOptions } from './dispatcher-loop.js';
export {
  GuardedHttpClient,
  DEFAULT_TIMEOUT_MS,
  longestSendMs,
  type OutboundOptions,
  type OutboundRequest,
  type OutboundResponse,
} from './outbound.js';
export {
  guardedLookup,
  refusalOf,
  systemResolver,
  RefusedAddressError,
  type GuardOptions,
  type ResolvedAddress,
  type Resolver,
} from './guard.js';
