/**
 * The Parley reference host: configuration from the environment, the inversify container, the HTTP
 * server and its periodic jobs.
 *
 * @module
 */
export * from './config.js';
export * from './container.js';
export * from './logger.js';
export * from './server.js';
export * from './tokens.js';
