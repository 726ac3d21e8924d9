/**
 * Injection identifiers for the core's ports and services. Hosts bind them in their container of
 * choice; the core itself never imports a container library.
 */
export const TOKENS = {
  Storage: Symbol.for('parley.Storage'),
  EventBus: Symbol.for('parley.EventBus'),
  Clock: Symbol.for('parley.Clock'),
  IdGenerator: Symbol.for('parley.IdGenerator'),
  PasswordHasher: Symbol.for('parley.PasswordHasher'),
  TokenCrypto: Symbol.for('parley.TokenCrypto'),
  GeoLocator: Symbol.for('parley.GeoLocator'),
  CoreConfig: Symbol.for('parley.CoreConfig'),
  CoreDeps: Symbol.for('parley.CoreDeps'),
  CommonPasswords: Symbol.for('parley.CommonPasswords'),
  Parley: Symbol.for('parley.Parley'),
  SecretBox: Symbol.for('parley.SecretBox'),
  WebhookTransport: Symbol.for('parley.WebhookTransport'),
  CrmClient: Symbol.for('parley.CrmClient'),
  /** The {@link Mailer}, or null when the host has no mail transport. */
  Mailer: Symbol.for('parley.Mailer'),
} as const;
