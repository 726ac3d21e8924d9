import type { WidgetEventDetails } from '../shared/protocol.js';
import type { LoaderController } from './controller.js';

/** SnapEngage's callback event names (its "JavaScript event API"). */
export const SNAPENGAGE_EVENTS = [
  'Open',
  'OpenProactive',
  'Close',
  'MessageSubmit',
  'StartChat',
  'ChatMessageSent',
  'ChatMessageReceived',
  'StartCallme',
] as const;
export type SnapEngageEvent = (typeof SNAPENGAGE_EVENTS)[number];

type Callback = (...args: unknown[]) => void;

/** The subset of SnapEngage's JavaScript API that applies to Parley, for pages migrating from it. */
export interface SnapEngageShim {
  setUserEmail(email: string, locked?: boolean): void;
  setUserName(name: string): void;
  setCustomField(name: string, value: string): void;
  setDescription(description: string): void;
  setLocale(locale: string): void;
  startLink(): void;
  startChat(message: string): void;
  hideButton(): void;
  showButton(): void;
  openProactiveChat(forced?: boolean, offline?: boolean, message?: string): void;
  getAgentStatusAsync(callback: (online: boolean) => void): void;
  allowChatSound(allow: boolean): void;
  setCallback(event: string, fn: Callback): void;
  /** SnapEngage's `SnapEngage.callbacks.OPEN`... constants. */
  readonly callbacks: Readonly<Record<string, SnapEngageEvent>>;
}

const constantName = (e: string) => e.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase();

/**
 * Builds the shim over the loader: calls map to Parley commands, and Parley's events are re-emitted
 * under SnapEngage's names with its arguments. One callback per event, as in SnapEngage (a second
 * `setCallback` replaces the first).
 */
export const createSnapEngage = (loader: LoaderController, warn: (message: string) => void): SnapEngageShim => {
  const callbacks = new Map<SnapEngageEvent, Callback>();
  const emit = (event: SnapEngageEvent, ...args: unknown[]) => callbacks.get(event)?.(...args);
  const on = <K extends keyof WidgetEventDetails>(name: K, fn: (d: WidgetEventDetails[K]) => void) =>
    loader.on(name, (d) => fn(d as WidgetEventDetails[K]));
  on('open', (d) => emit('Open', d.agentStatus));
  // Whatever opened it: a rule of the widget, or the page's openProactiveChat.
  on('invitation', (d) => emit('OpenProactive', d.alias, d.message));
  on('close', (d) => emit('Close', d.what, d.agentStatus));
  on('offlineSubmitted', (d) => emit('MessageSubmit', d.email, d.message));
  on('chatStarted', (d) => {
    if (d.status === 'offline') return; // an offline request is MessageSubmit
    emit('StartChat', d.email ?? '', d.message, d.proactive ? 'proactive' : 'manual');
  });
  on('messageSent', (d) => emit('ChatMessageSent', d.text));
  on('messageReceived', (d) => emit('ChatMessageReceived', d.alias, d.text));

  return {
    setUserEmail: (email, locked) => loader.setVisitor({ email: String(email), emailLocked: locked === true }),
    setUserName: (name) => loader.setVisitor({ name: String(name) }),
    setCustomField: (name, value) => loader.setVariable(String(name), String(value)),
    setDescription: (description) => loader.setDescription(String(description)),
    setLocale: (locale) => loader.setLanguage(String(locale).replace('_', '-')),
    startLink: () => loader.open(),
    startChat: (message) => loader.startChat(String(message ?? '')),
    hideButton: () => loader.command(['hide']),
    showButton: () => loader.command(['show']),
    openProactiveChat: (forced, offline, message) => {
      // Shown only when someone could answer, unless the page asks for it while offline too.
      const prompt = typeof message === 'string' ? message : '';
      const show = () => loader.open(prompt);
      if (forced || offline) return show();
      loader.agentStatus((s) => (s === 'online' ? show() : undefined));
    },
    getAgentStatusAsync: (callback) => loader.agentStatus((s) => callback(s === 'online')),
    allowChatSound: (allow) => loader.allowSound(allow !== false),
    setCallback: (event, fn) => {
      if (!(SNAPENGAGE_EVENTS as readonly string[]).includes(event) || typeof fn !== 'function')
        return warn(`SnapEngage.setCallback: unknown event ${JSON.stringify(event)}`);
      callbacks.set(event as SnapEngageEvent, fn);
    },
    callbacks: Object.fromEntries(SNAPENGAGE_EVENTS.map((e) => [constantName(e), e])),
  };
};
