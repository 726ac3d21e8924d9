import { renderOfflineRequestMail, renderTranscriptMail } from '../mail/templates.js';
import { isMailAddress } from '../mail/mail-text.js';
import { TRANSCRIPT_LIMIT, type Chat, type ChatEvent } from '../model/chat.js';
import type { Delivery } from '../model/integration.js';
import type { Repositories } from '../ports/storage.js';
import type { CoreConfig, CoreDeps, Emit } from '../runtime/context.js';
import { consoleChatLink, enqueueMail } from './mail-outbox.js';

/** The visitor's address when it can be a Reply-To (stored addresses are validated; this is belt and braces). */
export const visitorReplyTo = (chat: Pick<Chat, 'visitor'>): string | null =>
  chat.visitor.email !== null && isMailAddress(chat.visitor.email) ? chat.visitor.email : null;

/**
 * The mails a chat write implies for the widget's team, written in the same transaction (called from
 * `enqueueForChatWrite`, so every path that makes an offline request or ends a chat has them):
 * - `chat.offline` → the request to `notifyEmails`, Reply-To the visitor;
 * - `chat.closed` / `chat.abandoned` → the transcript to `notifyEmails` when `transcriptToTeam`.
 * Reads the widget only for those events. The team's time zone is unknown: times are in UTC. With a public URL,
 * each mail links the chat in the console ({@link consoleChatLink}).
 */
export const enqueueChatMails = async (
  tx: Repositories,
  deps: Pick<CoreDeps, 'ids'> & { readonly config?: CoreConfig },
  chat: Chat,
  events: readonly ChatEvent[],
  emit?: Emit,
): Promise<Delivery[]> => {
  const offline = events.find((e) => e.type === 'chat.offline');
  const ended = events.find((e) => e.type === 'chat.closed' || e.type === 'chat.abandoned');
  if (!offline && !ended) return [];
  const widget = await tx.widgets.get(chat.accountId, chat.widgetId);
  if (!widget || widget.settings.notifyEmails.length === 0) return [];
  const to = widget.settings.notifyEmails;
  const base = { accountId: chat.accountId, widgetId: chat.widgetId } as const;
  const made: Delivery[] = [];
  const consoleUrl = consoleChatLink(deps.config?.integrations?.publicUrl, chat.id);
  if (offline) {
    const rendered = renderOfflineRequestMail({
      language: widget.settings.language,
      widgetName: widget.name,
      chat,
      timeZone: null,
      consoleUrl,
    });
    made.push(
      await enqueueMail(
        tx,
        deps,
        { ...base, event: 'mail.offline_request', at: offline.at, mail: { to, replyTo: visitorReplyTo(chat), ...rendered } },
        emit,
      ),
    );
  }
  if (ended && widget.settings.transcriptToTeam) {
    const transcript = await tx.chatEvents.list(chat.accountId, chat.id, 0, TRANSCRIPT_LIMIT);
    const rendered = renderTranscriptMail({
      language: widget.settings.language,
      widgetName: widget.name,
      chat,
      events: transcript,
      timeZone: null,
      consoleUrl,
    });
    made.push(
      await enqueueMail(
        tx,
        deps,
        { ...base, event: 'mail.transcript', at: ended.at, mail: { to, replyTo: visitorReplyTo(chat), ...rendered } },
        emit,
      ),
    );
  }
  return made;
};
