import { describe, expect, it } from 'vitest';
import type { WidgetConfig } from './api.js';
import { isPreviewFrame, isPreviewMessage, previewConfig } from './preview.js';

const loaded: WidgetConfig = {
  id: 'w1',
  name: 'Support',
  greeting: 'Hello!',
  language: 'en',
  appearance: { color: '#1a73e8', position: 'right', launcherText: 'Chat' },
  preChat: { askName: 'optional', askEmail: 'off' },
  offlineForm: { enabled: true, alwaysOffline: false },
  proactiveRules: [],
  availability: { widgetId: 'w1', available: false, mode: 'offline', queued: 0 },
  visitorBlocked: false,
  transcriptByMail: true,
};

describe('the widget preview', () => {
  it('is a frame opened with preview=1, and only then', () => {
    expect(isPreviewFrame('?widget=w1&preview=1')).toBe(true);
    expect(isPreviewFrame('?widget=w1')).toBe(false);
    expect(isPreviewFrame('?widget=w1&preview=true')).toBe(false);
  });

  it('takes only well-formed preview messages', () => {
    expect(isPreviewMessage({ parley: 1, type: 'preview', mode: 'online', config: {} })).toBe(true);
    expect(
      isPreviewMessage({ parley: 1, type: 'preview', mode: 'online', config: { greeting: 'Hi', appearance: { color: '#000000' } } }),
    ).toBe(true);
    expect(isPreviewMessage({ parley: 1, type: 'init', mode: 'online', config: {} })).toBe(false);
    expect(isPreviewMessage({ parley: 1, type: 'preview', mode: 'busy', config: {} })).toBe(false);
    expect(isPreviewMessage({ parley: 1, type: 'preview', mode: 'online', config: { greeting: 3 } })).toBe(false);
    expect(isPreviewMessage({ parley: 1, type: 'preview', mode: 'online', config: { appearance: 'red' } })).toBe(false);
    expect(isPreviewMessage({ parley: 1, type: 'preview', mode: 'online' })).toBe(false);
    expect(isPreviewMessage('preview')).toBe(false);
  });

  it('takes an invitation to show, of at most a rule’s 500 characters', () => {
    const with_ = (invitation: unknown) => isPreviewMessage({ parley: 1, type: 'preview', mode: 'online', config: {}, invitation });
    expect(with_('Questions about pricing?')).toBe(true);
    expect(with_(null)).toBe(true);
    expect(with_('x'.repeat(500))).toBe(true);
    expect(with_('x'.repeat(501))).toBe(false);
    expect(with_(42)).toBe(false);
    expect(with_({ message: 'hi' })).toBe(false);
  });

  it('takes whether to show the widget open or closed (the chat button), as a yes or no', () => {
    const with_ = (open: unknown) => isPreviewMessage({ parley: 1, type: 'preview', mode: 'online', config: {}, open });
    expect(with_(false)).toBe(true);
    expect(with_(true)).toBe(true);
    expect(with_(undefined)).toBe(true);
    expect(with_('no')).toBe(false);
  });

  it('shows the unsaved settings over the loaded ones, as with agents online or with nobody online', () => {
    const online = previewConfig(loaded, {
      parley: 1,
      type: 'preview',
      mode: 'online',
      config: { greeting: 'Welcome', appearance: { color: '#b00020', position: 'left', launcherText: 'Talk to us' } },
    });
    expect(online).toMatchObject({
      name: 'Support',
      greeting: 'Welcome',
      appearance: { color: '#b00020', position: 'left', launcherText: 'Talk to us' },
      preChat: loaded.preChat,
      availability: { available: true, mode: 'available' },
    });
    const offline = previewConfig(loaded, {
      parley: 1,
      type: 'preview',
      mode: 'offline',
      config: { offlineForm: { enabled: false, alwaysOffline: false } },
    });
    expect(offline.availability).toMatchObject({ available: false, mode: 'offline' });
    expect(offline.offlineForm.enabled).toBe(false);
    expect(offline.greeting).toBe('Hello!');
  });
});
