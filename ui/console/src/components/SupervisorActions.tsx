import { useEffect, useRef, useState } from 'preact/hooks';
import { problemMessage } from '@parley/api-client';
import { api } from '../api.js';
import type { Chat } from '../model.js';
import { me, navigate, notice, openForReply, setStatus, status } from '../store.js';
import { ConfirmDialog } from './admin/ConfirmDialog.js';
import { ErrorAlert } from './alert.js';
import { TransferDialog } from './TransferDialog.js';

/** What a supervisor may do with an open chat shown in History, and what to tell the page. */
export interface SupervisorActionsProps {
  readonly chat: Chat;
  /** The name of the agent who has the chat, as History shows it. */
  readonly agentName: string;
  /** The chat changed here (reassigned or closed): History shows it again as it is now. */
  readonly onChanged: () => void;
}

/**
 * A supervisor's (admin's, owner's) actions on a colleague's open chat, beside its transcript: take it over (it
 * becomes theirs and opens in their inbox, the reply box focused; the visitor reads "<name> took over the chat"),
 * reassign it to another agent of its widget (the inbox's transfer dialog), or close it (after a confirmation).
 * Each is the API's ordinary transfer or close, with its events. A take-over needs the supervisor online (an
 * offline user holds no chats): while offline they are asked, here, whether to go online and take it, Cancel
 * focused. What became of a reassignment or a close is said in place, with the focus, once the buttons are gone
 * or the dialog closed.
 */
export const SupervisorActions = ({ chat, agentName, onChanged }: SupervisorActionsProps) => {
  const [asking, setAsking] = useState<'online' | 'reassign' | 'close' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [said, setSaid] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const cancel = useRef<HTMLButtonElement>(null);
  const takeButton = useRef<HTMLButtonElement>(null);
  const saidRef = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (asking === 'online') cancel.current?.focus();
  }, [asking]);
  const colleagues = chat.status === 'active' && chat.agentId !== me.value?.id;
  // Again once the chat shows closed: the button the close dialog gave the focus back to is gone then.
  useEffect(() => saidRef.current?.focus(), [said, colleagues]);

  const takeOver = async (goOnline: boolean) => {
    setError(null);
    if (!goOnline && status.value === 'offline') return setAsking('online');
    setBusy(true);
    const refused = goOnline ? await setStatus('online') : null;
    if (refused) {
      // Said here, where the supervisor is looking, not above the page as well.
      notice.value = null;
      setBusy(false);
      return setError(refused);
    }
    const { data, error: e } = await api.POST('/api/v1/chats/{id}/transfer', {
      params: { path: { id: chat.id } },
      body: { agentId: me.value!.id },
    });
    setBusy(false);
    setAsking(null);
    if (data) {
      // Theirs now: the inbox shows it (the stream brings it) with the reply box focused.
      navigate('/app');
      return openForReply(chat.id);
    }
    if ((e as { agentStatus?: string } | undefined)?.agentStatus === 'offline') return setAsking('online');
    setError(problemMessage(e));
    onChanged();
  };

  const close = async (): Promise<string | null> => {
    const { error: e } = await api.POST('/api/v1/chats/{id}/close', { params: { path: { id: chat.id } } });
    if (e) return problemMessage(e);
    setSaid('Chat closed.');
    onChanged();
    return null;
  };

  return (
    <div class="transcript-tools supervisor-actions">
      {colleagues && (
        <>
          <span>With {agentName}</span>
          <button ref={takeButton} class="btn btn-primary" type="button" disabled={busy} onClick={() => void takeOver(false)}>
            Take over
          </button>
          <button class="btn" type="button" disabled={busy} onClick={() => setAsking('reassign')}>
            Reassign…
          </button>
          <button class="btn" type="button" disabled={busy} onClick={() => setAsking('close')}>
            Close chat
          </button>
        </>
      )}
      {said && (
        <p ref={saidRef} class="saved" role="status" tabIndex={-1}>
          {said}
        </p>
      )}
      {asking === 'online' && (
        <div class="saved" role="group" aria-labelledby="take-over-question">
          <p id="take-over-question">You are offline. Go online and take over this chat? New chats may then be assigned to you too.</p>
          <div class="dialog-actions">
            <button class="btn btn-primary" type="button" disabled={busy} onClick={() => void takeOver(true)}>
              Go online and take over
            </button>
            <button
              ref={cancel}
              class="btn"
              type="button"
              onClick={() => {
                setAsking(null);
                takeButton.current?.focus();
              }}
            >
              Cancel
            </button>
          </div>
        </div>
      )}
      <ErrorAlert message={error} />
      {asking === 'reassign' && (
        <TransferDialog
          chat={{ id: chat.id, chat }}
          onTransferred={(to) => {
            setSaid(`Reassigned to ${to}.`);
            onChanged();
          }}
          onClose={() => setAsking(null)}
        />
      )}
      {asking === 'close' && (
        <ConfirmDialog title="Close this chat?" action="Close chat" focusCancel onConfirm={close} onClose={() => setAsking(null)}>
          <p>
            The chat is {agentName}’s. Closing it ends it for the visitor and for {agentName}; it cannot be reopened.
          </p>
        </ConfirmDialog>
      )}
    </div>
  );
};
