import type { ChatEvent, InboxChat } from './model.js';
import { visitorName } from './model.js';

/**
 * Tells the agent something new arrived: a short tone (Web Audio, no file to fetch), a desktop
 * notification while the page is hidden and the browser allows it. `window.parleyNotify` is called too,
 * so a page test or an extension can observe the hook.
 */
export const notifyNew = (e: ChatEvent, chat: InboxChat) => {
  const hook = (window as { parleyNotify?: (kind: string, chatId: string) => void }).parleyNotify;
  hook?.(e.type, e.chatId);
  beep();
  if (document.visibilityState === 'hidden' && 'Notification' in window && Notification.permission === 'granted') {
    const n = new Notification(e.type === 'chat.assigned' ? 'New chat' : visitorName(chat), {
      body: e.text ?? chat.chat?.question ?? '',
      tag: e.chatId,
    });
    n.onclick = () => window.focus();
  }
};

let audio: AudioContext | null = null;

const beep = () => {
  try {
    audio ??= new AudioContext();
    if (audio.state !== 'running') return; // browsers allow sound only after the page was used
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
  void audio?.resume();
};
