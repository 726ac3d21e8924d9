import { signal } from '@preact/signals';
import type { ChatEvent, InboxChat } from './model.js';
import { visitorName } from './model.js';

/**
 * Tells the agent something new arrived: a short tone (Web Audio, no file to fetch), a desktop
 * notification while the page is hidden and the browser allows it, which brings the console forward on the chat
 * (`open`) when clicked. `window.parleyNotify` is called too, so a page test or an extension can observe the hook.
 */
export const notifyNew = (e: ChatEvent, chat: InboxChat, open: () => void) => {
  const hook = (window as { parleyNotify?: (kind: string, chatId: string) => void }).parleyNotify;
  hook?.(e.type, e.chatId);
  beep();
  if (document.visibilityState === 'hidden' && 'Notification' in window && Notification.permission === 'granted') {
    const title =
      e.type === 'chat.assigned'
        ? 'New chat'
        : e.type === 'chat.note'
          ? `Note from ${e.author?.alias ?? 'a colleague'} · ${visitorName(chat)}`
          : visitorName(chat);
    const n = new Notification(title, {
      body: e.text ?? chat.chat?.question ?? '',
      tag: e.chatId,
    });
    n.onclick = () => {
      window.focus();
      open();
      n.close();
    };
  }
};

let audio: AudioContext | null = null;

/**
 * Browsers let a page play sound only once the user has used it: an AudioContext made before that starts
 * suspended, and stays so until a click resumes it. So the tone's context is made, or resumed, on the agent's
 * clicks and key presses in the page, never by an event from the stream: one made while the console opens on a
 * replay of recent messages stayed silent for good, and took a good part of the opening (180 ms in headless
 * Chromium). Until the agent has used the page there is no tone; the badge and the title still tell.
 */
const unlockAudio = () => {
  try {
    audio ??= new AudioContext();
    if (audio.state === 'suspended') void audio.resume();
  } catch {
    // no audio device
  }
};
for (const type of ['pointerdown', 'keydown'] as const) addEventListener(type, unlockAudio, { capture: true, passive: true });

/** Where the agent's choice of sound is kept, in this browser: `off` once they muted it. */
const SOUND_KEY = 'parley.sound';

const storedSound = (): boolean => {
  try {
    return localStorage.getItem(SOUND_KEY) !== 'off';
  } catch {
    return true; // storage refused (a privacy setting): sound on, for this page
  }
};

/** Whether new chats and messages play the tone; the agent's choice, remembered by this browser. */
export const soundOn = signal(storedSound());

export const setSound = (on: boolean) => {
  soundOn.value = on;
  try {
    localStorage.setItem(SOUND_KEY, on ? 'on' : 'off');
  } catch {
    // not remembered: this page still follows the choice
  }
};

const beep = () => {
  try {
    if (!soundOn.value || audio?.state !== 'running') return;
    const osc = audio.createOscillator();
    const gain = audio.createGain();
    osc.frequency.value = 880;
    gain.gain.setValueAtTime(0.08, audio.currentTime);
    gain.gain.exponentialRampToValueAtTime(0.0001, audio.currentTime + 0.25);
    osc.connect(gain).connect(audio.destination);
    osc.start();
    osc.stop(audio.currentTime + 0.25);
  } catch {
    // no audio device: the badge and the title still tell
  }
};

/** Asks once for desktop notifications, from a click (browsers ignore the request otherwise). */
export const askForNotifications = () => {
  if ('Notification' in window && Notification.permission === 'default') void Notification.requestPermission();
};
