import type { ChatEvent } from './model.js';
import {
  connection,
  receive,
  receiveDraft,
  receiveHandled,
  receiveDeleted,
  receiveRating,
  receiveReady,
  renewingSessionNow,
  SESSION_END_MESSAGES,
  sessionEpoch,
  showStatus,
  signOut,
  streamOpening,
} from './store.js';
import type { AgentStatus } from './model.js';

/**
 * Stored chat events the inbox takes as they come. With `chat.surveyed` and `chat.handled`, which have receivers of
 * their own below, they are the core's `CHAT_EVENT_TYPES` (agent-stream.test.ts checks it), read there by name
 * so that the console's bundle does not carry the core.
 */
const STORED = [
  'chat.queued',
  'chat.assigned',
  'chat.message',
  'chat.transferred',
  'chat.closed',
  'chat.abandoned',
  'chat.offline',
  'chat.labeled',
  'chat.note',
  'chat.page',
  'chat.visitor_left',
  'chat.visitor_back',
];

/**
 * Follows the agent's multiplexed stream. EventSource reconnects by itself and sends the last cursor as
 * `Last-Event-ID`, so the server resumes every chat where it was; the inbox drops anything at or below a
 * chat's last seq, so a resend is never shown twice. Returns a function that closes the stream.
 */
export const followAgentStream = (): (() => void) => {
  connection.value = 'connecting';
  streamOpening();
  const source = new EventSource('/api/v1/agents/me/events');
  source.onopen = () => (connection.value = 'live');
  source.onerror = () => (connection.value = 'reconnecting');
  for (const type of STORED) source.addEventListener(type, (m) => receive(JSON.parse((m as MessageEvent<string>).data) as ChatEvent));
  source.addEventListener('chat.surveyed', (m) => receiveRating(JSON.parse((m as MessageEvent<string>).data) as ChatEvent));
  source.addEventListener('chat.handled', (m) => receiveHandled(JSON.parse((m as MessageEvent<string>).data) as ChatEvent));
  source.addEventListener('stream.ready', () => receiveReady());
  source.addEventListener('chat.deleted', (m) =>
    receiveDeleted((JSON.parse((m as MessageEvent<string>).data) as { chatId: string }).chatId),
  );
  source.addEventListener('chat.typing', (m) => {
    const d = JSON.parse((m as MessageEvent<string>).data) as { chatId: string; text: string };
    receiveDraft(d.chatId, d.text);
  });
  source.addEventListener('agent.status', (m) => {
    const d = JSON.parse((m as MessageEvent<string>).data) as { status: AgentStatus; statusReason?: string | null };
    showStatus({ status: d.status, reason: d.statusReason ?? null });
  });
  // The session has ended: signed out elsewhere, expired, or replaced by the password change this page made.
  const epoch = sessionEpoch.peek();
  source.addEventListener('end', (m) => {
    source.close();
    if (renewingSessionNow() || sessionEpoch.peek() !== epoch) return;
    let reason = '';
    try {
      reason = String((JSON.parse((m as MessageEvent<string>).data) as { reason?: unknown }).reason ?? '');
    } catch {
      // an end without a reason still ends the session
    }
    void signOut(SESSION_END_MESSAGES[reason] ?? SESSION_END_MESSAGES.session_ended!);
  });
  return () => source.close();
};
