/**
 * Test helpers of `@parley/http-hono`, for its own tests and other packages' (`@parley/http-hono/testing`):
 * a whole Parley app over in-memory adapters for `app.request` tests, and a server-sent events reader.
 *
 * @module
 */
export { testApp } from './harness.js';
export { openSse, type SseMessage } from './sse.js';
