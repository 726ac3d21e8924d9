import { useEffect, useState } from 'preact/hooks';
import { allWidgetAvailability } from '../api.js';
import { dismissAllText, emptyInboxText, LONG_WAIT_MS, waitingSince, waitText } from '../inbox.js';
import { ENDED_LABEL, isManager, lastMessage, visitorName } from '../model.js';
import { goTo } from './links.js';
import { dismissEnded, loadWidgetNames, me, openForReply, ordered, selectedId, servedWidgetIds, servedWidgets, status } from '../store.js';
import { leftAt } from '../visitor-page.js';
import { LabelChips } from './LabelChip.js';
import { UnreadBadge } from './UnreadBadge.js';
import { useNow } from './use-now.js';

/**
 * The visitors waiting in the queues of the widgets the agent serves, read again with `now` (every 15 s) while
 * `asked` (the agent is paused or offline: nothing comes to them, and nothing else would tell them); 0 otherwise.
 */
const useWaitingForYou = (asked: boolean, now: Date): number => {
  const [waiting, setWaiting] = useState(0);
  useEffect(() => {
    if (!asked) return setWaiting(0);
    if (document.visibilityState !== 'visible') return;
    let current = true;
    // The widgets are read again too (the store's, which the rest of the console uses): one may have been given meanwhile.
    void Promise.all([loadWidgetNames(), allWidgetAvailability()]).then(([, availability]) => {
      const mine = servedWidgetIds.value;
      if (!current || !availability || !mine) return;
      setWaiting(availability.reduce((n, a) => n + (mine.has(a.widgetId) ? a.queued : 0), 0));
    });
    return () => {
      current = false;
    };
  }, [asked, now]);
  return waiting;
};

/** How long the visitor has waited for an answer, once they have; marked after {@link LONG_WAIT_MS}. */
const Waiting = ({ since, now }: { since: string | null; now: Date }) =>
  since ? (
    <span class={now.getTime() - Date.parse(since) >= LONG_WAIT_MS ? 'waiting long' : 'waiting'}>Waiting {waitText(since, now)}</span>
  ) : null;

/**
 * Every chat assigned to the agent, open ones first, with unread counts, how long each visitor has been waiting for
 * an answer (again every 15 s), whether an open chat's visitor has left the site, and labels; ended chats stay until
 * dismissed, one by one in their conversation or all at once here.
 */
export const ChatList = () => {
  const now = useNow(15_000);
  const gone = ordered.value.flatMap((c) => c.ended ?? []);
  const ended = gone.length;
  const waiting = useWaitingForYou(status.value !== 'online', now);
  return (
    <nav class="chat-list" aria-label="Your chats">
      <div class="chat-list-head">
        <h2>Chats ({ordered.value.length - ended})</h2>
        {ended > 0 && (
          <button class="btn" type="button" onClick={dismissEnded}>
            {dismissAllText(gone)}
          </button>
        )}
      </div>
      {waiting > 0 && (
        <p class="notice queue-waiting" role="status">
          {waiting === 1 ? '1 visitor is' : `${waiting} visitors are`} waiting in the queue of a widget you serve: go online to answer.
        </p>
      )}
      {ordered.value.length === 0 ? (
        servedWidgets.value === 0 && isManager(me.value) ? (
          // An owner or admin can do it at once: the words link to where.
          <p class="empty">
            You serve no widget yet, so no chat can come to you. Add yourself to a widget under{' '}
            <a href="/app/admin/widgets" onClick={(e) => goTo(e, '/app/admin/widgets')}>
              Admin → Widgets
            </a>{' '}
            (its Agents tab).
          </p>
        ) : (
          <p class="empty">{emptyInboxText(status.value, servedWidgets.value, me.value)}</p>
        )
      ) : (
        <ul>
          {ordered.value.map((c) => (
            <li key={c.id}>
              <button type="button" aria-current={selectedId.value === c.id} onClick={() => openForReply(c.id)}>
                <span class="name">
                  <span>{visitorName(c)}</span>
                  <UnreadBadge count={c.unread} />
                  {c.ended && <span class="ended-tag">{ENDED_LABEL[c.ended]}</span>}
                </span>
                <span class="preview">{c.draft ? `typing: ${c.draft}` : lastMessage(c)}</span>
                <Waiting since={waitingSince(c)} now={now} />
                {!c.ended && leftAt(c.events) && <span class="left-site">Left the site</span>}
                <LabelChips ids={c.chat?.labels ?? []} />
              </button>
            </li>
          ))}
        </ul>
      )}
    </nav>
  );
};
