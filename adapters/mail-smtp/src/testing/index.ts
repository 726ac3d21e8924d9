/**
 * Test helpers of `@parley/mail-smtp` (`@parley/mail-smtp/testing`): a real SMTP server in the test
 * process that keeps what it received.
 *
 * @module
 */
export { startTestSmtpServer, type ReceivedMail, type TestSmtpServer } from './smtp-server.js';
