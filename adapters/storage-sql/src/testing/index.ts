/**
 * Test helpers of `@parley/storage-sql` (`@parley/storage-sql/testing`): a fresh MySQL database per use
 * (`PARLEY_TEST_MYSQL_URL`, else Docker, else a loud skip) and a TCP proxy that cuts a database off.
 *
 * @module
 */
export { MYSQL_URL_ENV, mysqlTestUrl, type MysqlTestDatabase, type MysqlTestTarget } from './mysql.js';
export { TcpProxy } from '@parley/conformance';
