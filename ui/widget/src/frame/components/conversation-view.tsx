import { LINK_ATTRIBUTES, textParts } from '@parley/design/links';
import { INPUT_LIMITS } from '@parley/core/limits';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Line } from '../conversation.js';
import {
  busy,
  composerDraft,
  conversation,
  draftChanged,
  endChat,
  leaveMessageInstead,
  live,
  newChat,
  problem,
  retryMessage,
  sendMessage,
  t,
} from '../store.js';
import { Problem } from './problem.js';
import { TranscriptRequest } from './transcript-request.js';
import { Survey } from './survey.js';

/**
 * Where the visitor is in the queue, while queued: below the latest line, where the visitor reads, so that the offer
 * of a message instead is seen when nobody is there (the only agent left mid-chat, say).
 */
const QueuePosition = () => {
  const c = conversation.value;
  if (c.phase !== 'queued' && c.phase !== 'connecting') return null;
  const q = c.queue;
  const wait = q?.estimatedWaitSeconds;
  return (
    <div class="queue" role="status">
      <p class="queue-title">{t('queued')}</p>
      {q && <p>{t('queuePosition', { position: q.position })}</p>}
      {wait != null && <p>{wait < 60 ? t('queueWaitShort') : t('queueWait', { minutes: Math.round(wait / 60) })}</p>}
      {q?.staffed === false && (
        <>
          <p>{t('queueNobody')}</p>
          <button type="button" class="link" disabled={busy.value} onClick={() => void leaveMessageInstead()}>
            {t('leaveMessageInstead')}
          </button>
        </>
      )}
    </div>
  );
};

/** A message's text with its web addresses as links, which open in a new tab. */
const Linked = ({ text }: { readonly text: string }) => (
  <>
    {textParts(text).map((p) =>
      p.href === undefined ? (
        p.text
      ) : (
        <a href={p.href} {...LINK_ATTRIBUTES}>
          {p.text}
        </a>
      ),
    )}
  </>
);

const LineView = ({ line }: { readonly line: Line }) => {
  if (line.kind === 'notice')
    return (
      <li class="notice">
        {line.notice === 'ended'
          ? t('ended')
          : line.notice === 'endedQuiet'
            ? t('endedQuiet', { minutes: line.minutes ?? 0 })
            : line.notice === 'movedToQueue'
              ? t('movedToQueue', { name: line.name, queue: line.queue ?? '' })
              : // With nobody serving the widget there, no agent is promised: the queue box offers a message instead.
                line.notice === 'agentLeft' && conversation.value.queue?.staffed === false
                ? t('agentLeftAlone', { name: line.name })
                : t(line.notice, { name: line.name })}
      </li>
    );
  return (
    <li class={`msg ${line.from}${line.state !== 'sent' ? ` ${line.state}` : ''}`}>
      <span class="who">{line.from === 'visitor' ? t('you') : line.alias}</span>
      <p class="text">
        <Linked text={line.text} />
      </p>
      {line.state === 'failed' && (
        <p class="failed-note">
          {t('sendFailed')}{' '}
          <button type="button" class="link" onClick={() => retryMessage(line.key)}>
            {t('retry')}
          </button>
        </p>
      )}
    </li>
  );
};

/**
 * The messages both ways, in an ARIA log: new lines are announced politely. The region scrolls to its end for a new
 * line, the agent typing, and the queue box below the lines appearing or changing what it offers.
 */
const MessageList = () => {
  const list = useRef<HTMLOListElement>(null);
  const { lines, agentTyping, queue } = conversation.value;
  useEffect(() => {
    const el = list.current?.closest('.scroll');
    if (el) el.scrollTop = el.scrollHeight;
  }, [lines.length, agentTyping, queue === null, queue?.staffed]);
  return (
    <div role="log" aria-live="polite" aria-label={t('messages')}>
      <ol class="lines" ref={list}>
        {lines.map((l) => (
          <LineView key={l.key} line={l} />
        ))}
      </ol>
    </div>
  );
};

const AgentTyping = () => {
  const who = conversation.value.agentTyping;
  return (
    <p class="typing" aria-live="polite">
      {who ? t('typing', { name: who }) : ''}
    </p>
  );
};

/**
 * The visitor's message box: Enter sends, Shift+Enter starts a new line; the draft feeds the sneak peek and is kept
 * in the store, so a window minimised and reopened still holds it.
 */
const Composer = () => {
  const text = composerDraft.value;
  const setText = (v: string) => (composerDraft.value = v);
  const box = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    // The form that started the chat is gone, and the focus with it: it lands here, where the visitor writes next.
    if (document.hasFocus() && (document.activeElement === document.body || document.activeElement === null)) box.current?.focus();
  }, []);
  const submit = (e: Event) => {
    e.preventDefault();
    if (!text.trim()) return;
    sendMessage(text); // empties the draft
  };
  return (
    <form class="composer" onSubmit={submit}>
      <label for="composer" class="sr-only">
        {t('composer')}
      </label>
      <textarea
        ref={box}
        id="composer"
        rows={1}
        maxLength={INPUT_LIMITS.message}
        placeholder={t('composer')}
        value={text}
        onInput={(e) => {
          const v = e.currentTarget.value;
          setText(v);
          draftChanged(v);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) submit(e);
        }}
      />
      <button class="primary send" type="submit" aria-label={t('send')}>
        <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true">
          <path fill="currentColor" d="M3.4 20.4 21 12 3.4 3.6 3.4 10l12.6 2-12.6 2z" />
        </svg>
      </button>
    </form>
  );
};

/**
 * "End chat", asked once more in place: a stray tap would otherwise end the visitor's conversation for good.
 * The question's "End chat" takes the focus; "Keep chatting" or Escape puts the link back and the focus on it.
 */
const EndChat = () => {
  const [asking, setAsking] = useState(false);
  const yes = useRef<HTMLButtonElement>(null);
  const link = useRef<HTMLButtonElement>(null);
  const wasAsking = useRef(false);
  useEffect(() => {
    if (asking) yes.current?.focus();
    else if (wasAsking.current) link.current?.focus();
    wasAsking.current = asking;
  }, [asking]);
  if (!asking)
    return (
      <button type="button" class="link end" ref={link} onClick={() => setAsking(true)}>
        {t('endChat')}
      </button>
    );
  return (
    <div
      class="end-confirm"
      role="group"
      aria-labelledby="end-question"
      onKeyDown={(e) => e.key === 'Escape' && (e.stopPropagation(), setAsking(false))}
    >
      <span id="end-question">{t('endChatQuestion')}</span>
      <button type="button" class="link end-yes" ref={yes} onClick={() => void endChat()}>
        {t('endChat')}
      </button>
      <button type="button" class="link" onClick={() => setAsking(false)}>
        {t('keepChatting')}
      </button>
    </div>
  );
};

/** The chat: queue, messages, typing, composer; when it has ended, the survey and a way to start again. */
export const ConversationView = () => {
  const ended = conversation.value.phase === 'ended';
  return (
    <div class="conversation">
      {/* Focusable, so that a keyboard can scroll a conversation longer than the window. */}
      <div class="scroll" tabIndex={0} role="region" aria-label={t('conversation')}>
        <MessageList />
        <QueuePosition />
        <AgentTyping />
        {/* In the scrolling region, after the end notice, so it reads in order and the region is reachable by keyboard. */}
        {ended && <Survey />}
      </div>
      {!live.value && !ended && (
        <p class="reconnecting" role="status">
          {t('reconnecting')}
        </p>
      )}
      <Problem text={problem.value} />
      {ended ? (
        <div class="ended-actions">
          <TranscriptRequest />
          <button type="button" class="primary" onClick={newChat}>
            {t('newChat')}
          </button>
        </div>
      ) : (
        <>
          <Composer />
          <div class="chat-actions">
            <TranscriptRequest />
            <EndChat />
          </div>
        </>
      )}
    </div>
  );
};
