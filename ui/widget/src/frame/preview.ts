import { INPUT_LIMITS } from '@parley/core/limits';
import type { WidgetConfig } from './api.js';

/**
 * The widget's live preview in the console: the real frame, opened with `preview=1` in a frame of one of
 * Parley's own pages, shows the settings the admin is editing before they are saved. The console posts a
 * {@link PreviewMessage} whenever its draft changes; the frame takes it only from its parent and only when
 * that parent is of the frame's own origin (Parley's console), so a customer's page cannot restyle a
 * visitor's widget. A preview never starts a chat or leaves a request.
 */
export interface PreviewMessage {
  readonly parley: 1;
  readonly type: 'preview';
  /** The unsaved settings, in the shape `GET /api/v1/widgets/{id}/config` answers. */
  readonly config: Partial<Pick<WidgetConfig, 'name' | 'greeting' | 'language' | 'appearance' | 'preChat' | 'offlineForm'>>;
  /** Show the widget as its visitors see it while agents are online, or while nobody is. */
  readonly mode: 'online' | 'offline';
  /** An invitation to show as a proactive rule opens the widget with it (its message); absent or null: none. */
  readonly invitation?: string | null;
  /** False: show the widget closed, as the chat button in the page's corner; absent or true: open. */
  readonly open?: boolean;
}

/** The frame was opened as a preview (`/widget/frame?widget=<id>&preview=1`). */
export const isPreviewFrame = (search: string): boolean => new URLSearchParams(search).get('preview') === '1';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Whether `data` is a preview message (the fields a preview may set, each of the right type). */
export const isPreviewMessage = (data: unknown): data is PreviewMessage => {
  if (!isRecord(data) || data.parley !== 1 || data.type !== 'preview' || (data.mode !== 'online' && data.mode !== 'offline')) return false;
  const i = data.invitation;
  if (!(i === undefined || i === null || (typeof i === 'string' && i.length <= INPUT_LIMITS.invitation))) return false;
  if (!(data.open === undefined || typeof data.open === 'boolean')) return false;
  const c = data.config;
  if (!isRecord(c)) return false;
  const text = (k: string) => c[k] === undefined || typeof c[k] === 'string';
  const object = (k: string) => c[k] === undefined || isRecord(c[k]);
  return text('name') && text('greeting') && text('language') && object('appearance') && object('preChat') && object('offlineForm');
};

/** The loaded configuration with the preview's settings over it, as visitors would get it in `mode`. */
export const previewConfig = (loaded: WidgetConfig, m: PreviewMessage): WidgetConfig => ({
  ...loaded,
  ...m.config,
  appearance: { ...loaded.appearance, ...m.config.appearance },
  preChat: { ...loaded.preChat, ...m.config.preChat },
  offlineForm: { ...loaded.offlineForm, ...m.config.offlineForm },
  availability:
    m.mode === 'offline'
      ? { ...loaded.availability, available: false, mode: 'offline' }
      : { ...loaded.availability, available: true, mode: 'available' },
});
