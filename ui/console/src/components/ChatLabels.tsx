import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { type InboxChat, isManager } from '../model.js';
import { closeProblem, labels, loadLabels, me, replyFocus, setChatLabels } from '../store.js';
import { LabelChip } from './LabelChip.js';
import { goTo } from './links.js';

/** Where labels are made: a link for those who may make them, who to ask for the others. */
const NoLabelsYet = () =>
  isManager(me.value) ? (
    <>
      None: the account has no labels yet (
      <a href="/app/admin/canned" onClick={(e) => goTo(e, '/app/admin/canned')}>
        Admin → Canned responses &amp; labels
      </a>
      )
    </>
  ) : (
    <>None: the account has no labels yet (an owner or admin adds them)</>
  );

/**
 * The open chat's labels as chips, each with a remove button, and a list to add another. When the widget
 * asks for a label before closing (`label_required`), the refusal is shown here and the list takes focus.
 */
export const ChatLabels = ({ chat }: { chat: InboxChat }) => {
  const [error, setError] = useState<string | null>(null);
  const add = useRef<HTMLSelectElement>(null);
  const ids = chat.chat?.labels ?? [];
  const byId = new Map(labels.value.map((l) => [l.id, l]));
  const on = ids.flatMap((id) => byId.get(id) ?? []);
  const others = labels.value.filter((l) => !ids.includes(l.id));
  // Shown until the chat has a label, whoever gives it one (a supervisor's arrives as chat.labeled).
  const refused =
    ids.length === 0 && closeProblem.value?.chatId === chat.id && closeProblem.value.code === 'label_required'
      ? closeProblem.value.message
      : null;
  // Before the browser paints the refusal, so the alert and the focus arrive together.
  useLayoutEffect(() => {
    if (refused) add.current?.focus();
  }, [refused]);

  const change = async (next: readonly string[]) => setError(await setChatLabels(chat.id, next));
  // A chat shown or chosen again in the list: the labels are read again (see loadLabels), the first time by the
  // workspace. So is it when the window has the focus again (the agent back from the admin's, or another, window):
  // with no label yet there is no list whose opening would read them.
  const firstChat = useRef(true);
  useEffect(() => {
    if (!firstChat.current) void loadLabels();
    firstChat.current = false;
  }, [chat.id, replyFocus.value.n]);
  useEffect(() => {
    const again = () => void loadLabels();
    window.addEventListener('focus', again);
    return () => window.removeEventListener('focus', again);
  }, []);

  return (
    <div class={`chat-labels${refused ? ' chat-labels-required' : ''}`} role="group" aria-labelledby="labels-title">
      <span id="labels-title" class="chat-labels-title">
        Labels
      </span>
      {on.length === 0 && <span class="chat-labels-none">{labels.value.length === 0 ? <NoLabelsYet /> : 'None'}</span>}
      <ul>
        {on.map((l) => (
          <li key={l.id}>
            <LabelChip label={l}>
              <button type="button" aria-label={`Remove label ${l.name}`} onClick={() => void change(ids.filter((id) => id !== l.id))}>
                ×
              </button>
            </LabelChip>
          </li>
        ))}
      </ul>
      {others.length > 0 && (
        <>
          <label class="visually-hidden" for="add-label">
            Add a label
          </label>
          <select
            id="add-label"
            ref={add}
            value=""
            onFocus={() => void loadLabels()}
            onChange={(ev) => {
              const id = (ev.currentTarget as HTMLSelectElement).value;
              if (id) void change([...ids, id]);
            }}
          >
            <option value="">Add label…</option>
            {others.map((l) => (
              <option key={l.id} value={l.id}>
                {l.name}
              </option>
            ))}
          </select>
        </>
      )}
      {(refused ?? error) && (
        <p class="error" role="alert">
          {refused ?? error}
        </p>
      )}
    </div>
  );
};
