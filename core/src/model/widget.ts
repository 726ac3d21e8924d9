import type { Id, Instant, Versioned } from './types.js';

export interface WidgetSettings {
  /** How many chats one agent of this widget handles at once before new chats queue. */
  readonly maxConcurrentChats: number;
  /** The offline form: shown when nobody can take a chat, or always when `alwaysOffline`. */
  readonly offlineForm: { readonly enabled: boolean; readonly alwaysOffline: boolean };
  /** What the pre-chat form asks of the visitor. */
  readonly preChat: { readonly askName: 'off' | 'optional' | 'required'; readonly askEmail: 'off' | 'optional' | 'required' };
  readonly greeting: string;
  /** BCP 47 language tag of the widget's texts. */
  readonly language: string;
}

export interface Widget extends Versioned {
  readonly id: Id;
  readonly accountId: Id;
  readonly name: string;
  readonly settings: WidgetSettings;
  /** The agents who serve this widget (widget-level permissions), sorted. */
  readonly agentIds: readonly Id[];
  readonly createdAt: Instant;
  readonly updatedAt: Instant;
}

export const defaultWidgetSettings = (): WidgetSettings => ({
  maxConcurrentChats: 3,
  offlineForm: { enabled: true, alwaysOffline: false },
  preChat: { askName: 'optional', askEmail: 'optional' },
  greeting: 'Hi! How can we help?',
  language: 'en',
});
