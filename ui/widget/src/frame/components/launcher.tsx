import type { Ref } from 'preact';
import { DEFAULT_LAUNCHER_TEXT } from '@parley/core/limits';
import { config, setOpen, t, unread } from '../store.js';

/**
 * The button in the page's corner, with the number of agent messages not yet seen. Its visible text is its name (what
 * voice control users say to press it), the unread count added in words; with no text it is named "Open chat".
 */
export const Launcher = ({ buttonRef }: { readonly buttonRef: Ref<HTMLButtonElement> }) => {
  const n = unread.value;
  const own = config.value?.appearance.launcherText.trim() ?? '';
  // The default text, never changed by the widget's owner, speaks the visitor's language.
  const text = own === DEFAULT_LAUNCHER_TEXT ? t('launcherText') : own;
  return (
    <button
      type="button"
      class="launcher"
      ref={buttonRef}
      aria-expanded="false"
      aria-label={text ? undefined : n ? t('openChatUnread', { count: n }) : t('openChat')}
      onClick={() => setOpen(true)}
    >
      <svg viewBox="0 0 24 24" width="24" height="24" aria-hidden="true">
        <path fill="currentColor" d="M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H8l-4 4V6a2 2 0 0 1 2-2z" />
      </svg>
      <span class="launcher-text">{text}</span>
      {n > 0 && (
        <span class="badge" aria-hidden="true">
          {n > 9 ? '9+' : n}
        </span>
      )}
      {text && n > 0 && <span class="sr-only">({t('unreadCount', { count: n })})</span>}
    </button>
  );
};
