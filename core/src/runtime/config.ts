// Tunables of the engines, with their defaults: read by `CoreConfig` and by the services that use them.

/** Tunables of the chat engine; every one has a default. */
export interface ChatConfig {
  /** Sneak peek updates per chat at most once per this many ms (latest wins). Default 250. */
  readonly typingIntervalMs: number;
  /**
   * How long a queued visitor may be without an open stream before the chat is abandoned, in ms; null
   * never abandons on disconnect. Default 60 000.
   */
  readonly abandonGraceMs: number | null;
  /**
   * How long an online or paused agent may be without an open event stream before they are set offline
   * (new chats then go to agents who are there), in ms; null never. Default 120 000.
   */
  readonly agentAwayGraceMs: number | null;
  /** Assumed handling time of a chat when a widget has no closed chats to learn from. Default 300 s. */
  readonly defaultHandleSeconds: number;
}

export const defaultChatConfig: ChatConfig = {
  typingIntervalMs: 250,
  abandonGraceMs: 60_000,
  agentAwayGraceMs: 120_000,
  defaultHandleSeconds: 300,
};

/** Integration settings of the core. */
export interface IntegrationConfig {
  /**
   * Accept loopback URLs (and plain http to loopback) for integrations: for development and tests only.
   * Must match what the HTTP transport allows.
   */
  readonly allowHttpLoopback: boolean;
  /** How long the previous signing secret keeps signing after a rotation. */
  readonly secretGraceMs: number;
  /** The server's public base URL, used to link support requests in payloads (`url`); null for none. */
  readonly publicUrl: string | null;
  /**
   * The base of the links a mail cannot do without (password reset, invitation, renewal) when `publicUrl` is null:
   * the host's own address (the reference host's is `http://localhost:<PORT>`).
   */
  readonly defaultPublicUrl: string;
}

export const defaultIntegrationConfig: IntegrationConfig = {
  allowHttpLoopback: false,
  secretGraceMs: 24 * 3_600_000,
  publicUrl: null,
  defaultPublicUrl: 'http://localhost:3000',
};

/** The public base URL without its trailing slashes (`https://chat.example.com`), for the links Parley makes; null for none. */
export const publicBase = (publicUrl: string | null | undefined): string | null => (publicUrl ? publicUrl.replace(/\/+$/, '') : null);

export const integrationConfigOf = (c: { readonly integrations?: Partial<IntegrationConfig> | undefined }): IntegrationConfig => ({
  ...defaultIntegrationConfig,
  ...(c.integrations ?? {}),
});
