import { EMPTY_GEO, newOfflineRequest, toPublicChat, type PublicChat } from '../model/chat.js';
import type { Delivery } from '../model/integration.js';
import type { Id, Instant } from '../model/types.js';

/** The question of the sample offline request a "send test event" pushes, so a receiver can tell it apart. */
export const TEST_EVENT_QUESTION = 'This is a test event sent from Parley to check this endpoint. It is not a real request.';

/** How a test event's sample request id starts: no real chat's id does. */
const TEST_ID_PREFIX = 'test-';

/** The id of the sample request behind test delivery `deliveryId`. */
export const testEventId = (deliveryId: Id): Id => `${TEST_ID_PREFIX}${deliveryId}`;

/** Whether a delivery carries a test event (the sample {@link offlineRequestSample}), not a real one. */
export const isTestDelivery = (d: Pick<Delivery, 'target' | 'payload'>): boolean =>
  d.target === 'open_api' && typeof d.payload.id === 'string' && d.payload.id.startsWith(TEST_ID_PREFIX);

/**
 * The made-up offline request behind a test event: a visitor at `visitor@example.com` (a domain that
 * never receives mail) asking {@link TEST_EVENT_QUESTION}. Its id is a {@link testEventId}, so no real
 * chat has it.
 */
export const offlineRequestSample = (id: Id, widgetId: Id, accountId: Id, now: Instant): PublicChat =>
  toPublicChat(
    newOfflineRequest(
      {
        id,
        accountId,
        widgetId,
        visitor: {
          name: 'Test Visitor',
          email: 'visitor@example.com',
          ip: null,
          userAgent: null,
          browser: null,
          os: null,
          pageUrl: null,
          referrerUrl: null,
          language: 'en',
          customVariables: {},
          geo: EMPTY_GEO,
          key: null,
        },
        question: TEST_EVENT_QUESTION,
        proactive: false,
        // No visitor holds a token for it: the payload never shows the hash anyway.
        visitorTokenHash: '',
      },
      now,
    ),
  );
