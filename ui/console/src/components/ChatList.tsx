import { lastMessage, visitorName } from '../model.js';
import { ordered, select, selectedId } from '../store.js';
import { LabelChips } from './LabelChip.js';

/** Every chat assigned to the agent, open ones first, with unread counts and labels. */
export const ChatList = () => (
  <nav class="chat-list" aria-label="Your chats">
    <h2>Chats ({ordered.value.filter((c) => !c.ended).length})</h2>
    {ordered.value.length === 0 ? (
      <p class="empty">No chats yet. Go online to take chats.</p>
    ) : (
      <ul>
        {ordered.value.map((c) => (
          <li key={c.id}>
            <button type="button" aria-current={selectedId.value === c.id} onClick={() => select(c.id)}>
              <span class="name">
                <span>{visitorName(c)}</span>
                {c.unread > 0 && (
                  <span class="badge" aria-label={`${c.unread} unread`}>
                    {c.unread}
                  </span>
                )}
                {c.ended && <span class="ended-tag">{c.ended}</span>}
              </span>
              <span class="preview">{c.draft ? `typing: ${c.draft}` : lastMessage(c)}</span>
              <LabelChips ids={c.chat?.labels ?? []} />
            </button>
          </li>
        ))}
      </ul>
    )}
  </nav>
);
