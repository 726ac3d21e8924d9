/**
 * The Parley domain core: entities, policies, services and the ports adapters implement.
 * It does no I/O and depends on no adapter, framework or driver.
 *
 * @module
 */
export * from './errors.js';
export type * from './model/types.js';
export * from './model/account.js';
export * from './model/user.js';
export type * from './model/session.js';
export * from './model/widget.js';
export * from './model/audit.js';
export type * from './ports/event-bus.js';
export type * from './ports/system.js';
export { isoNow } from './ports/system.js';
export type * from './ports/storage.js';
export { StorageConflictError } from './ports/storage.js';
export * from './audit/json-pointer.js';
export * from './audit/diff.js';
export * from './audit/chain.js';
export * from './policies/password.js';
export * from './validation.js';
export * from './services/context.js';
export * from './services/audit-service.js';
export * from './services/account-service.js';
export * from './services/auth-service.js';
export * from './services/user-service.js';
export * from './services/widget-service.js';
export * from './parley.js';
export * from './testing/manual-clock.js';
export * from './tokens.js';
export * from './policies/ip-rules.js';
export * from './audit/export-format.js';
