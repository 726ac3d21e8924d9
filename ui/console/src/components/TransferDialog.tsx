import { useEffect, useRef, useState } from 'preact/hooks';
import { problemMessage, type Schemas } from '@parley/api-client';
import { api } from '../api.js';
import type { InboxChat } from '../model.js';

type Colleague = { userId: string; name: string; status: 'online' | 'paused' | 'offline'; activeChats: number; freeSlots: number };

/**
 * Hands the chat to a colleague of its widget: who is online with room can take it (the server checks
 * again); the others are listed with their status so the agent sees why not.
 */
export const TransferDialog = ({ chat, onClose }: { chat: InboxChat; onClose: () => void }) => {
  const dialog = useRef<HTMLDialogElement>(null);
  const [colleagues, setColleagues] = useState<Colleague[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const widgetId = chat.chat?.widgetId;

  useEffect(() => {
    dialog.current?.showModal();
    if (!widgetId) return;
    void api.GET('/api/v1/widgets/{id}/colleagues', { params: { path: { id: widgetId } } }).then(({ data, error: e }) => {
      if (e) setError(problemMessage(e));
      else setColleagues((data ?? []) as Colleague[]);
    });
  }, [widgetId]);

  const transfer = async (agentId: string) => {
    const { error: e } = await api.POST('/api/v1/chats/{id}/transfer', { params: { path: { id: chat.id } }, body: { agentId } });
    if (e) setError(problemMessage(e as Schemas['Problem']));
    else onClose();
  };

  return (
    <dialog ref={dialog} class="dialog" aria-labelledby="transfer-title" onClose={onClose}>
      <h2 id="transfer-title">Transfer this chat</h2>
      {colleagues === null && !error && <p>Loading colleagues…</p>}
      {colleagues?.length === 0 && <p>Nobody else serves this widget.</p>}
      {colleagues && colleagues.length > 0 && (
        <ul class="colleagues">
          {colleagues.map((c) => (
            <li key={c.userId}>
              <span class={`dot dot-${c.status}`} aria-hidden="true" />
              <span class="colleague-name">{c.name}</span>
              <span class="colleague-load">
                {c.status === 'online' ? `${c.freeSlots} free · ${c.activeChats} open` : c.status}
              </span>
              <button class="btn" type="button" disabled={c.freeSlots < 1} onClick={() => void transfer(c.userId)}>
                Transfer<span class="visually-hidden"> to {c.name}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <form method="dialog">
        <button class="btn" type="submit">
          Cancel
        </button>
      </form>
    </dialog>
  );
};
