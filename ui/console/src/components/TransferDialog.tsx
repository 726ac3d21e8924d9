import { useEffect, useRef, useState } from 'preact/hooks';
import { problemMessage, type Schemas } from '@parley/api-client';
import { api } from '../api.js';
import type { Chat, InboxChat } from '../model.js';
import { dismissPassedOn } from '../store.js';
import { ErrorAlert } from './alert.js';

type Colleague = { userId: string; name: string; status: 'online' | 'paused' | 'offline'; activeChats: number; freeSlots: number };
type TargetWidget = Schemas['TransferWidget'];

/** What a widget's availability means to the agent who would send a chat there. */
const widgetState = (w: TargetWidget): string => {
  const a = w.availability;
  if (a.mode === 'available') return 'an agent is free: taken at once';
  if (a.mode === 'busy') return `no agent free now: the visitor waits in its queue${a.queued ? ` behind ${a.queued}` : ''}`;
  if (a.outsideBusinessHours) return 'outside its hours';
  if (a.queueFull) return 'queue full';
  return 'nobody there';
};

/**
 * Hands the chat to a colleague of its widget, or to another widget's queue, where it is routed as usual.
 * Who is online with room, and which widget takes chats now, can take it (the server checks again); the
 * others are listed with their state so the agent sees why not (the chat's own agent is not: a supervisor
 * reassigning a colleague's chat from History uses it too). A chat sent to another widget leaves the
 * inbox at once: it is that widget's team's now. `onTransferred` hears where it went, before `onClose`.
 */
export const TransferDialog = ({
  chat,
  onClose,
  onTransferred,
}: {
  chat: Pick<InboxChat, 'id'> & { readonly chat: Pick<Chat, 'widgetId' | 'agentId'> | null };
  onClose: () => void;
  onTransferred?: (to: string) => void;
}) => {
  const dialog = useRef<HTMLDialogElement>(null);
  const [to, setTo] = useState<'colleague' | 'widget'>('colleague');
  const [colleagues, setColleagues] = useState<Colleague[] | null>(null);
  const [widgets, setWidgets] = useState<TargetWidget[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const widgetId = chat.chat?.widgetId;

  useEffect(() => {
    dialog.current?.showModal();
    if (!widgetId) return;
    void api.GET('/api/v1/widgets/{id}/colleagues', { params: { path: { id: widgetId } } }).then(({ data, error: e }) => {
      if (e) setError(problemMessage(e));
      else setColleagues(((data ?? []) as Colleague[]).filter((c) => c.userId !== chat.chat?.agentId));
    });
  }, [widgetId]);

  useEffect(() => {
    if (to !== 'widget' || widgets) return;
    void api.GET('/api/v1/chats/{id}/transfer-widgets', { params: { path: { id: chat.id } } }).then(({ data, error: e }) => {
      if (e) setError(problemMessage(e));
      else setWidgets(data?.items ?? []);
    });
  }, [to, widgets, chat.id]);

  const transfer = async (target: { agentId: string } | { widgetId: string }, to: string) => {
    const { data, error: e } = await api.POST('/api/v1/chats/{id}/transfer', { params: { path: { id: chat.id } }, body: target });
    if (e || !data) return setError(problemMessage(e as Schemas['Problem']));
    if ('widgetId' in target) dismissPassedOn(chat.id, data.agentId ?? null);
    onTransferred?.(to);
    onClose();
  };

  return (
    <dialog ref={dialog} class="dialog" aria-labelledby="transfer-title" onClose={onClose}>
      <h2 id="transfer-title">Transfer this chat</h2>
      <fieldset class="transfer-to">
        <legend>Transfer to</legend>
        <label>
          <input type="radio" name="transfer-to" checked={to === 'colleague'} onChange={() => setTo('colleague')} /> A colleague
        </label>
        <label>
          <input type="radio" name="transfer-to" checked={to === 'widget'} onChange={() => setTo('widget')} /> Widget queue
        </label>
      </fieldset>
      {to === 'colleague' && colleagues === null && !error && <p>Loading colleagues…</p>}
      {to === 'colleague' && colleagues?.length === 0 && <p>Nobody else serves this widget.</p>}
      {to === 'colleague' && colleagues && colleagues.length > 0 && (
        <ul class="colleagues">
          {colleagues.map((c) => (
            <li key={c.userId}>
              <span class={`dot dot-${c.status}`} aria-hidden="true" />
              <span class="colleague-name">{c.name}</span>
              <span class="colleague-load">{c.status === 'online' ? `${c.freeSlots} free · ${c.activeChats} open` : c.status}</span>
              <button class="btn" type="button" disabled={c.freeSlots < 1} onClick={() => void transfer({ agentId: c.userId }, c.name)}>
                Transfer<span class="visually-hidden"> to {c.name}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      {to === 'widget' && widgets === null && !error && <p>Loading widgets…</p>}
      {to === 'widget' && widgets?.length === 0 && <p>The account has no other widget.</p>}
      {to === 'widget' && widgets && widgets.length > 0 && (
        <ul class="colleagues">
          {widgets.map((w) => (
            <li key={w.widgetId}>
              <span
                class={`dot dot-${w.availability.mode === 'offline' ? 'offline' : w.availability.mode === 'busy' ? 'paused' : 'online'}`}
                aria-hidden="true"
              />
              <span class="colleague-name">{w.name}</span>
              <span class="colleague-load">{widgetState(w)}</span>
              <button
                class="btn"
                type="button"
                disabled={w.availability.mode === 'offline'}
                onClick={() => void transfer({ widgetId: w.widgetId }, `the ${w.name} queue`)}
              >
                Transfer<span class="visually-hidden"> to the {w.name} queue</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <ErrorAlert message={error} />
      <form method="dialog">
        <button class="btn" type="submit">
          Cancel
        </button>
      </form>
    </dialog>
  );
};
