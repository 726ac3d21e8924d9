import { describe, expect, it } from 'vitest';
import type { ToFrame, WidgetEventDetails, WidgetEventName } from '../shared/protocol.js';
import { LoaderController } from './controller.js';
import { createSnapEngage } from './snapengage.js';

const setup = () => {
  const posted: ToFrame[] = [];
  const hidden: boolean[] = [];
  const warnings: string[] = [];
  const loader = new LoaderController(
    {
      post: (m) => posted.push(m),
      save: () => undefined,
      saveVisit: () => undefined,
      saveVisitorKey: () => undefined,
      setHidden: (h) => hidden.push(h),
      layout: () => undefined,
      warn: (m) => warnings.push(m),
    },
    { chat: null, open: false },
    { pageUrl: 'https://shop.example/', referrerUrl: null, visit: { pagesViewed: 1, invited: false }, visitorKey: null },
  );
  loader.receive({ parley: 1, type: 'hello' });
  posted.length = 0;
  const se = createSnapEngage(loader, (m) => warnings.push(m));
  const fire = <K extends WidgetEventName>(name: K, detail: WidgetEventDetails[K]) =>
    loader.receive({ parley: 1, type: 'event', name, detail });
  return { se, posted, hidden, warnings, fire, loader };
};

describe('the SnapEngage compatibility object', () => {
  it('maps the visitor calls onto Parley’s state', () => {
    const { se, posted } = setup();
    se.setUserEmail('vera@example.com', true);
    se.setUserName('Vera');
    se.setCustomField('orderId', '42');
    se.setDescription('My parcel is late');
    se.setLocale('fr_CA');
    se.allowChatSound(false);
    expect(posted).toEqual([
      { parley: 1, type: 'set', state: { visitor: { email: 'vera@example.com', emailLocked: true } } },
      { parley: 1, type: 'set', state: { visitor: { email: 'vera@example.com', emailLocked: true, name: 'Vera' } } },
      { parley: 1, type: 'set', state: { variables: { orderId: '42' } } },
      { parley: 1, type: 'set', state: { description: 'My parcel is late' } },
      { parley: 1, type: 'set', state: { language: 'fr-CA' } },
      { parley: 1, type: 'set', state: { sound: false } },
    ]);
  });

  it('opens, starts a chat, and hides or shows the button', () => {
    const { se, posted, hidden } = setup();
    se.startLink();
    se.startChat('Hello there');
    se.hideButton();
    se.showButton();
    expect(posted).toEqual([
      { parley: 1, type: 'open' },
      { parley: 1, type: 'startChat', message: 'Hello there' },
    ]);
    expect(hidden).toEqual([true, false]);
  });

  it('answers getAgentStatusAsync with a boolean, as SnapEngage does', () => {
    const { se, posted, loader } = setup();
    const answers: boolean[] = [];
    se.getAgentStatusAsync((online) => answers.push(online));
    const { requestId } = posted[0] as Extract<ToFrame, { type: 'agentStatus' }>;
    loader.receive({ parley: 1, type: 'agentStatus', requestId, status: 'online' });
    expect(answers).toEqual([true]);
  });

  it('opens a proactive chat only when someone can answer, unless forced', () => {
    const { se, posted, loader } = setup();
    const prompts: unknown[][] = [];
    se.setCallback('OpenProactive', (...a) => prompts.push(a));
    se.openProactiveChat(false, false, 'Need a hand?');
    const { requestId } = posted[0] as Extract<ToFrame, { type: 'agentStatus' }>;
    loader.receive({ parley: 1, type: 'agentStatus', requestId, status: 'offline' });
    expect(posted.slice(1)).toEqual([]);
    se.openProactiveChat(true, false, 'Need a hand?');
    expect(posted.slice(1)).toEqual([{ parley: 1, type: 'open', proactive: 'Need a hand?' }]);
    expect(prompts).toEqual([]); // until the frame shows it
  });

  it('reports every invitation the frame shows as OpenProactive with the alias and the message', () => {
    const { se, fire } = setup();
    const prompts: unknown[][] = [];
    se.setCallback('OpenProactive', (...a) => prompts.push(a));
    fire('invitation', { alias: 'Support', message: 'Questions about our plans?' });
    expect(prompts).toEqual([['Support', 'Questions about our plans?']]);
  });

  it('calls back with SnapEngage’s event names and arguments', () => {
    const { se, fire } = setup();
    const calls: unknown[][] = [];
    for (const e of ['Open', 'Close', 'MessageSubmit', 'StartChat', 'ChatMessageSent', 'ChatMessageReceived'])
      se.setCallback(e, (...args) => calls.push([e, ...args]));
    fire('open', { agentStatus: 'online' });
    fire('chatStarted', { chatId: 'c1', email: 'vera@example.com', message: 'Hi', status: 'queued', proactive: false });
    fire('chatStarted', { chatId: 'c2', email: null, message: 'Hey', status: 'active', proactive: true });
    fire('messageSent', { text: 'Anyone?' });
    fire('messageReceived', { alias: 'Ann', text: 'Hello!' });
    fire('close', { what: 'chat', agentStatus: 'online' });
    fire('chatStarted', { chatId: 'c3', email: 'x@example.com', message: 'Call me', status: 'offline', proactive: false });
    fire('offlineSubmitted', { email: 'x@example.com', message: 'Call me' });
    expect(calls).toEqual([
      ['Open', 'online'],
      ['StartChat', 'vera@example.com', 'Hi', 'manual'],
      ['StartChat', '', 'Hey', 'proactive'],
      ['ChatMessageSent', 'Anyone?'],
      ['ChatMessageReceived', 'Ann', 'Hello!'],
      ['Close', 'chat', 'online'],
      ['MessageSubmit', 'x@example.com', 'Call me'],
    ]);
  });

  it('keeps one callback per event and refuses unknown events', () => {
    const { se, fire, warnings } = setup();
    const calls: string[] = [];
    se.setCallback('ChatMessageSent', () => calls.push('first'));
    se.setCallback('ChatMessageSent', () => calls.push('second'));
    se.setCallback('Nonsense', () => calls.push('never'));
    fire('messageSent', { text: 'x' });
    expect(calls).toEqual(['second']);
    expect(warnings).toEqual(['SnapEngage.setCallback: unknown event "Nonsense"']);
    expect(se.callbacks.CHAT_MESSAGE_RECEIVED).toBe('ChatMessageReceived');
  });
});
