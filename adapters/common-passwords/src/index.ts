/**
 * The common-password list for `@parley/core`'s `CommonPasswords` port (OWASP ASVS 6.2.4): new
 * passwords found on it are refused with `common_password`. The list ships in the package; nothing is
 * fetched at run time.
 *
 * @module
 */
export { CommonPasswordList } from './common-password-list.js';
