import type { Ref } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { SPEAKER_ICON } from '@parley/design/icons';
import { config, conversation, screen, setOpen, sound, t, offlineSentTo, newChat } from '../store.js';
import { ChatForm } from './chat-form.js';
import { ConversationView } from './conversation-view.js';

/**
 * The thanks for an offline message. The form the focus was in is gone: the thanks take it, so a keyboard user
 * goes on from there (not from the top of the frame) and a screen reader reads them.
 */
const OfflineSent = () => {
  const thanks = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (document.hasFocus() && (document.activeElement === null || document.activeElement === document.body)) thanks.current?.focus();
  }, []);
  return (
    <div class="sent" role="status">
      <p class="sent-thanks" tabIndex={-1} ref={thanks}>
        {t('offlineThanks', { email: offlineSentTo.value ?? '' })}
      </p>
      <button type="button" class="link" onClick={newChat}>
        {t('anotherMessage')}
      </button>
    </div>
  );
};

const Body = () => {
  switch (screen.value) {
    case 'loading':
      return <p class="loading" aria-busy="true" />;
    case 'prechat':
      return <ChatForm offline={false} />;
    case 'offline':
      return <ChatForm offline />;
    case 'offlineClosed':
      return <p class="intro">{t('offlineClosed')}</p>;
    case 'offlineSent':
      return <OfflineSent />;
    case 'chat':
      return <ConversationView />;
  }
};

/** The open chat window: a header with who the visitor talks to, and the screen of the moment. */
export const Panel = ({ panelRef }: { readonly panelRef: Ref<HTMLElement> }) => {
  const agent = screen.value === 'chat' ? conversation.value.agentName : null;
  // The widget the chat belongs to now: another one's after a transfer to its queue.
  const widget = (screen.value === 'chat' ? conversation.value.widgetName : null) ?? config.value?.name;
  return (
    <section class="panel" ref={panelRef} aria-labelledby="panel-title" onKeyDown={(e) => e.key === 'Escape' && setOpen(false)}>
      <header class="header">
        <div class="titles">
          <h1 id="panel-title">{agent ?? widget}</h1>
          {agent && <p class="subtitle">{widget}</p>}
        </div>
        <button
          type="button"
          class="icon"
          aria-pressed={sound.value}
          aria-label={sound.value ? t('soundOn') : t('soundOff')}
          title={sound.value ? t('soundOn') : t('soundOff')}
          onClick={() => (sound.value = !sound.value)}
        >
          <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true">
            <path fill="currentColor" d={SPEAKER_ICON.body} />
            <path fill="none" stroke="currentColor" stroke-width="2" d={sound.value ? SPEAKER_ICON.waves : SPEAKER_ICON.muted} />
          </svg>
        </button>
        <button type="button" class="icon" aria-label={t('minimise')} title={t('minimise')} onClick={() => setOpen(false)}>
          <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true">
            <path fill="none" stroke="currentColor" stroke-width="2" d="m6 9 6 6 6-6" />
          </svg>
        </button>
      </header>
      <div class="body">
        <Body />
      </div>
    </section>
  );
};
