import type { TransportResult, WebhookRequest, WebhookTransport } from '@parley/core';
import { GuardedHttpClient, type OutboundOptions } from './outbound.js';

/**
 * {@link WebhookTransport} over `node:http`/`node:https`: one POST per try, 15 s time limit, redirects
 * never followed (a 3xx is a failed try that names the `Location`), only 2xx counts as success, the
 * first KiB of the answer kept, and every address checked at connect time (see {@link GuardedHttpClient}).
 *
 * @example
 * const transport = new HttpWebhookTransport({ allowHttpLoopback: false });
 * const dispatcher = new DeliveryDispatcher({ ...ports, transport }, { workerId: 'web-1' });
 */
export class HttpWebhookTransport implements WebhookTransport {
  private readonly client: GuardedHttpClient;

  constructor(options: OutboundOptions = {}) {
    this.client = new GuardedHttpClient(options);
  }

  async send(request: WebhookRequest, signal?: AbortSignal): Promise<TransportResult> {
    const { location: _location, ...result } = await this.client.send(
      { url: request.url, method: 'POST', headers: request.headers, body: request.body },
      signal,
    );
    return result;
  }

  /** Closes kept-alive connections. */
  close(): void {
    this.client.close();
  }
}
