import type { Chat, ChatEvent } from '../model/chat.js';
import { TRANSCRIPT_LIMIT } from '../model/chat.js';
import type { Id } from '../model/types.js';
import type { PayloadAgent } from '../integrations/payload.js';
import { agentById } from '../outbox/integration-outbox.js';
import { labelNames } from '../outbox/label-names.js';
import type { Repositories } from '../ports/storage.js';
import { buildLogsCase, type LogsCase } from './logs-case.js';

/**
 * Reads what a chat's Logs API case needs (its events, its agent, its labels' names) and builds the case; the events
 * are answered too, for a caller that uses more of them. `agents` keeps each agent read once over many chats, which
 * a few agents mostly handle.
 */
export const readLogsCase = async (
  r: Repositories,
  chat: Chat,
  publicUrl: string | null,
  agents: Map<Id | null, PayloadAgent | null>,
): Promise<{ readonly logsCase: LogsCase; readonly events: readonly ChatEvent[] }> => {
  if (!agents.has(chat.agentId)) agents.set(chat.agentId, await agentById(r, chat.accountId, chat.agentId));
  const events = await r.chatEvents.list(chat.accountId, chat.id, 0, TRANSCRIPT_LIMIT);
  const labels = await labelNames(r, chat.accountId, chat.labels);
  return { logsCase: buildLogsCase({ chat, events, agent: agents.get(chat.agentId)!, publicUrl, labels }), events };
};
