/**
 * The Parley HTTP API on Hono: routes, authentication, problem+json errors and the OpenAPI document.
 * Runtime-neutral: the host chooses the server (`@hono/node-server` in the reference host).
 *
 * @module
 */
export * from './app.js';
export type { RouteSpec } from './api.js';
export type { AppEnv } from './context.js';
export { DEFAULT_LIMITS, Limits, type LimiterStore, type LimitRule, type LimitsConfig, type RedisLimiterClient } from './limits.js';
export * from './problem.js';
export * from './request.js';
export * from './sse.js';
export { buildOpenApiDocument, componentSchemas } from './openapi.js';
