import { useEffect, useRef, useState } from 'preact/hooks';
import { problemMessage, type Schemas } from '@parley/api-client';
import { INPUT_LIMITS as L } from '@parley/core/limits';
import { api } from '../api.js';
import type { Chat, InboxChat } from '../model.js';
import { dismissPassedOn } from '../store.js';
import { ErrorAlert } from './alert.js';
import { type Colleague, colleagueUnavailable } from './colleague-availability.js';

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

/** What the agent can still do when no colleague can take the chat, by what the other widgets allow. */
const nobodyFree = (widgets: readonly TargetWidget[] | null): string =>
  widgets?.some((w) => w.availability.mode !== 'offline')
    ? 'No colleague can take this chat now. Keep it, or transfer it to another widget’s queue (Widget queue).'
    : 'No colleague can take this chat now, and no other widget’s queue takes chats either: keep it and try again later.';

/**
 * Hands the chat to a colleague of its widget, or to another widget's queue, where it is routed as usual.
 * Who is online with room, and which widget takes chats now, can take it (the server checks again); the
 * others are listed with their state so the agent sees why not (the chat's own agent is not: a supervisor
 * reassigning a colleague's chat from History uses it too). One who cannot take it keeps a focusable Transfer
 * button (aria-disabled) described by the reason, and when nobody can, a line says what the agent can do instead.
 * An optional note goes with the transfer, stored as a team note the visitor never sees. A chat sent to another widget leaves the
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
  const [note, setNote] = useState('');
  const widgetId = chat.chat?.widgetId;

  useEffect(() => {
    dialog.current?.showModal();
    if (!widgetId) return;
    void api.GET('/api/v1/widgets/{id}/colleagues', { params: { path: { id: widgetId } } }).then(({ data, error: e }) => {
      if (e) setError(problemMessage(e));
      else setColleagues(((data ?? []) as Colleague[]).filter((c) => c.userId !== chat.chat?.agentId));
    });
  }, [widgetId]);

  // Loaded with the dialog, not only on choosing "Widget queue": when no colleague is free, it says whether one takes chats.
  useEffect(() => {
    if (widgets) return;
    void api.GET('/api/v1/chats/{id}/transfer-widgets', { params: { path: { id: chat.id } } }).then(({ data, error: e }) => {
      if (e) setError(problemMessage(e));
      else setWidgets(data?.items ?? []);
    });
  }, [widgets, chat.id]);

  const transfer = async (target: { agentId: string } | { widgetId: string }, to: string) => {
    const text = note.trim();
    const body = text ? { ...target, note: text } : target;
    const { data, error: e } = await api.POST('/api/v1/chats/{id}/transfer', { params: { path: { id: chat.id } }, body });
    if (e || !data) return setError(problemMessage(e as Schemas['Problem']));
    if ('widgetId' in target) dismissPassedOn(chat.id, data.agentId ?? null);
    onTransferred?.(to);
    onClose();
  };

  const free = colleagues?.filter((c) => !colleagueUnavailable(c)) ?? [];
  const open = widgets?.filter((w) => w.availability.mode !== 'offline') ?? [];
  const canSend = to === 'colleague' ? free.length > 0 : open.length > 0;
  const noteFor =
    to === 'colleague'
      ? free.length === 1
        ? `Note for ${free[0]!.name}`
        : 'Note for your colleague'
      : open.length === 1
        ? `Note for the ${open[0]!.name} team`
        : 'Note for whoever takes it';

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
      {colleagues && free.length === 0 && widgets && (
        <p class="transfer-none" role="status">
          {colleagues.length === 0 ? 'Nobody else serves this widget. ' : ''}
          {nobodyFree(widgets)}
        </p>
      )}
      {canSend && (
        <div class="field transfer-note">
          <label for="transfer-note">{noteFor} (optional)</label>
          <textarea
            id="transfer-note"
            rows={2}
            maxLength={L.message}
            aria-describedby="transfer-note-hint"
            value={note}
            onInput={(e) => setNote(e.currentTarget.value)}
          />
          <span id="transfer-note-hint" class="hint">
            A team note in the transcript: whoever takes the chat reads it, the visitor never sees it.
          </span>
        </div>
      )}
      {to === 'colleague' && colleagues === null && !error && <p>Loading colleagues…</p>}
      {to === 'colleague' && colleagues && colleagues.length > 0 && (
        <ul class="colleagues">
          {colleagues.map((c) => {
            const why = colleagueUnavailable(c);
            return (
              <li key={c.userId}>
                <span class={`dot dot-${c.status}`} aria-hidden="true" />
                <span class="colleague-name">{c.name}</span>
                <span class="colleague-load" id={`transfer-why-${c.userId}`}>
                  {why ?? `${c.freeSlots} free · ${c.activeChats} open`}
                </span>
                {/* Focusable when they cannot take it, so the keyboard and screen readers reach the reason beside it. */}
                <button
                  class="btn"
                  type="button"
                  aria-disabled={why ? 'true' : undefined}
                  aria-describedby={`transfer-why-${c.userId}`}
                  onClick={() => why || void transfer({ agentId: c.userId }, c.name)}
                >
                  Transfer<span class="visually-hidden"> to {c.name}</span>
                </button>
              </li>
            );
          })}
        </ul>
      )}
      {to === 'widget' && widgets === null && !error && <p>Loading widgets…</p>}
      {to === 'widget' && widgets?.length === 0 && <p>The account has no other widget, so there is no other queue to send the chat to.</p>}
      {to === 'widget' && widgets && widgets.length > 0 && (
        <ul class="colleagues">
          {widgets.map((w) => (
            <li key={w.widgetId}>
              <span
                class={`dot dot-${w.availability.mode === 'offline' ? 'offline' : w.availability.mode === 'busy' ? 'paused' : 'online'}`}
                aria-hidden="true"
              />
              <span class="colleague-name">{w.name}</span>
              <span class="colleague-load" id={`transfer-why-${w.widgetId}`}>
                {widgetState(w)}
              </span>
              <button
                class="btn"
                type="button"
                aria-disabled={w.availability.mode === 'offline' ? 'true' : undefined}
                aria-describedby={`transfer-why-${w.widgetId}`}
                onClick={() => w.availability.mode === 'offline' || void transfer({ widgetId: w.widgetId }, `the ${w.name} queue`)}
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
