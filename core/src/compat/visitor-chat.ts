import type { AgentStatus } from '../model/chat.js';
import type { Id } from '../model/types.js';
import type { PublicWidgetConfig } from '../model/widget.js';

/**
 * What the commercial service's Visitor Chat API answers about a widget (`GET /api/v1/chat/:widgetId`),
 * from Parley's own public widget configuration: whether a chat can start now and what the visitor must
 * give. Parley never asks for screenshots.
 */
export interface VisitorChatView {
  readonly widgetId: Id;
  /** A chat can start now (it may wait in the queue); false: the widget takes offline requests only. */
  readonly online: boolean;
  /** Parley's own word for it (`available`, `busy`, `offline`): see the widget's availability. */
  readonly mode: 'available' | 'busy' | 'offline';
  /** Whether the visitor must give an e-mail: as the pre-chat form asks, and always for an offline request. */
  readonly emailRequired: boolean;
  /** Whether the visitor must give a name (the pre-chat form's setting; offline requests do not ask). */
  readonly nameRequired: boolean;
  /** Always true: a chat and an offline request both start with the visitor's message. */
  readonly messageRequired: true;
  /** Always false: Parley has no screenshots. */
  readonly screenshotRequired: false;
  /** Whether the offline form is shown when nobody is online. */
  readonly offlineFormEnabled: boolean;
}

/**
 * The view of `config`, as given to the address that asked: one the widget blocks gets what its widget shows it,
 * nothing (offline, with no offline form), as a chat or a request it started would be refused.
 */
export const toVisitorChatView = (config: PublicWidgetConfig): VisitorChatView => {
  const mode = config.visitorBlocked ? 'offline' : config.availability.mode;
  const online = mode !== 'offline';
  return {
    widgetId: config.id,
    online,
    mode,
    emailRequired: online ? config.preChat.askEmail === 'required' : true,
    nameRequired: online && config.preChat.askName === 'required',
    messageRequired: true,
    screenshotRequired: false,
    offlineFormEnabled: config.offlineForm.enabled && !config.visitorBlocked,
  };
};

/** An agent's status as the Agent Status API shows it (`GET /api/v2/:accountId/agent/status`). */
export interface AgentStatusByEmail {
  readonly email: string;
  readonly userId: Id;
  readonly status: AgentStatus;
  /** The pause reason given with the status (`lunch`), or null. */
  readonly reason: string | null;
  /** Since when the status holds; null for an agent who never set one. */
  readonly since: string | null;
  /** The agent's open chats. */
  readonly activeChats: number;
}
