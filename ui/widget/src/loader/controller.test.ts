import { describe, expect, it } from 'vitest';
import type { ToFrame, ToLoader } from '../shared/protocol.js';
import type { VisitState } from '../shared/protocol.js';
import { LoaderController, parseSaved, takeOverQueue, visitOnArrival, type LoaderEnv, type SavedWidget } from './controller.js';

const setup = (saved: SavedWidget = { chat: null, open: false }, visit: VisitState = { pagesViewed: 1, invited: false }) => {
  const visits: VisitState[] = [];
  const keys: string[] = [];
  const posted: ToFrame[] = [];
  const stored: SavedWidget[] = [];
  const warnings: string[] = [];
  const hidden: boolean[] = [];
  const layouts: Extract<ToLoader, { type: 'layout' }>[] = [];
  const env: LoaderEnv = {
    post: (m) => posted.push(m),
    save: (s) => stored.push(s),
    saveVisit: (v) => visits.push(v),
    saveVisitorKey: (k) => keys.push(k),
    setHidden: (h) => hidden.push(h),
    layout: (l) => layouts.push(l),
    warn: (m) => warnings.push(m),
  };
  const loader = new LoaderController(env, saved, {
    pageUrl: 'https://shop.example/cart',
    referrerUrl: null,
    visit,
    visitorKey: 'Q2hhdHMgd2l0aCBWZXJh',
  });
  return { loader, posted, stored, visits, keys, warnings, hidden, layouts };
};

const hello: ToLoader = { parley: 1, type: 'hello' };

describe('the loader controller', () => {
  it('replays the calls a page queued before the script loaded, in order, then answers new calls at once', () => {
    const calls: unknown[][] = [];
    const stub = Object.assign(() => undefined, { q: [['setUser', { name: 'Vera' }], ['open']] });
    const parley = takeOverQueue(stub, (args) => calls.push(Array.from(args)));
    expect(calls).toEqual([['setUser', { name: 'Vera' }], ['open']]);
    parley('close');
    expect(calls).toEqual([['setUser', { name: 'Vera' }], ['open'], ['close']]);
  });

  it('takes over a page with no queue at all', () => {
    const calls: unknown[][] = [];
    takeOverQueue(undefined, (args) => calls.push(Array.from(args)))('show');
    expect(calls).toEqual([['show']]);
  });

  it('sends the whole state when the frame says hello, then the actions that waited, in order', () => {
    const { loader, posted } = setup({ chat: { chatId: 'c1', token: 't1', lastSeq: 7 }, open: true });
    loader.command(['setUser', { name: 'Vera', email: 'vera@example.com', extra: 1 }]);
    loader.command(['setVariable', 'plan', 'gold']);
    loader.command(['setVariable', 'cartItems', 3]);
    loader.command(['setLanguage', 'de']);
    loader.command(['open']);
    loader.command(['close']);
    expect(posted).toEqual([]);
    loader.receive(hello);
    expect(posted).toEqual([
      {
        parley: 1,
        type: 'init',
        state: {
          visitor: { name: 'Vera', email: 'vera@example.com' },
          variables: { plan: 'gold', cartItems: '3' },
          language: 'de',
          description: null,
          sound: true,
          pageUrl: 'https://shop.example/cart',
          referrerUrl: null,
          chat: { chatId: 'c1', token: 't1', lastSeq: 7 },
          open: true,
          visit: { pagesViewed: 1, invited: false },
          visitorKey: 'Q2hhdHMgd2l0aCBWZXJh',
        },
      },
      { parley: 1, type: 'open' },
      { parley: 1, type: 'close' },
    ]);
  });

  it('passes later changes straight to a ready frame', () => {
    const { loader, posted } = setup();
    loader.receive(hello);
    posted.length = 0;
    loader.command(['setVariable', 'plan', 'gold']);
    loader.command(['setLanguage', 'fr']);
    expect(posted).toEqual([
      { parley: 1, type: 'set', state: { variables: { plan: 'gold' } } },
      { parley: 1, type: 'set', state: { language: 'fr' } },
    ]);
  });

  it('warns about unknown commands and bad arguments without throwing', () => {
    const { loader, warnings, posted } = setup();
    loader.command(['explode']);
    loader.command(['setVariable', 'x']);
    loader.command(['on', 'nonsense', () => undefined]);
    loader.command(['setUser', 'Vera']);
    // What the API would drop or refuse on the way: a variable name it does not take, an address that is none.
    loader.command(['setVariable', 'bad name!', 'x']);
    loader.command(['setUser', { name: 'Vera', email: 'not-an-email' }]);
    expect(warnings).toEqual([
      'Parley: unknown command "explode"',
      'Parley: bad arguments for "setVariable"',
      'Parley: bad arguments for "on"',
      'Parley: bad arguments for "setUser"',
      'Parley: bad arguments for "setVariable"',
      'Parley: bad arguments for "setUser"',
    ]);
    loader.command(['setVariable', 'cart.total', 42]);
    loader.receive(hello);
    const state = (posted[0] as Extract<ToFrame, { type: 'init' }>).state;
    expect(state.variables).toEqual({ 'cart.total': '42' });
    expect(state.visitor).toEqual({});
  });

  it('calls the page’s listeners with the frame’s events, and a listener that throws stops no other', () => {
    const { loader, warnings } = setup();
    const got: unknown[] = [];
    loader.command([
      'on',
      'messageReceived',
      () => {
        throw new Error('page bug');
      },
    ]);
    loader.command(['on', 'messageReceived', (d: unknown) => got.push(d)]);
    loader.receive({ parley: 1, type: 'event', name: 'messageReceived', detail: { alias: 'Ann', text: 'Hi' } });
    loader.receive({ parley: 1, type: 'event', name: 'messageSent', detail: { text: 'ignored' } });
    expect(got).toEqual([{ alias: 'Ann', text: 'Hi' }]);
    expect(warnings).toEqual(['Parley: a listener threw: Error: page bug']);
  });

  it('keeps the chat and the open panel for the next page', () => {
    const { loader, stored } = setup();
    loader.receive({ parley: 1, type: 'chat', chat: { chatId: 'c1', token: 't1', lastSeq: 3 } });
    loader.receive({ parley: 1, type: 'layout', open: true, width: 380, height: 640, position: 'right' });
    loader.receive({ parley: 1, type: 'layout', open: true, width: 380, height: 640, position: 'right' });
    loader.receive({ parley: 1, type: 'chat', chat: null });
    expect(stored).toEqual([
      { chat: { chatId: 'c1', token: 't1', lastSeq: 3 }, open: false },
      { chat: { chatId: 'c1', token: 't1', lastSeq: 3 }, open: true },
      { chat: null, open: true },
    ]);
  });

  it('counts this page into the tab’s visit, and starts a new visit from nothing or anything unreadable', () => {
    expect(visitOnArrival(null)).toEqual({ pagesViewed: 1, invited: false });
    expect(visitOnArrival(JSON.stringify({ pagesViewed: 2, invited: true }))).toEqual({ pagesViewed: 3, invited: true });
    expect(visitOnArrival('{not json')).toEqual({ pagesViewed: 1, invited: false });
    expect(visitOnArrival(JSON.stringify({ pagesViewed: -4, invited: false }))).toEqual({ pagesViewed: 1, invited: false });
  });

  it('hands the visit to the frame and keeps that an invitation was shown, for the rest of the visit', () => {
    const { loader, posted, visits } = setup(undefined, { pagesViewed: 3, invited: false });
    loader.receive(hello);
    expect((posted[0] as Extract<ToFrame, { type: 'init' }>).state.visit).toEqual({ pagesViewed: 3, invited: false });
    loader.receive({ parley: 1, type: 'invited' });
    expect(visits).toEqual([{ pagesViewed: 3, invited: true }]);
    loader.receive(hello); // a reloaded frame is told too
    expect((posted.at(-1) as Extract<ToFrame, { type: 'init' }>).state.visit).toEqual({ pagesViewed: 3, invited: true });
  });

  it('keeps what the visitor typed and did not send for the tab’s next page, and forgets it once it is gone', () => {
    const { loader, posted, visits } = setup(undefined, { pagesViewed: 1, invited: false });
    loader.receive(hello);
    const draft = { form: { name: 'Vera', email: 'vera@example.com', message: 'Do you ship to Malta' } };
    loader.receive({ parley: 1, type: 'draft', draft });
    expect(visits.at(-1)).toEqual({ pagesViewed: 1, invited: false, draft });
    // The next page of the tab starts from the kept visit: one page more, the draft with it.
    const next = visitOnArrival(JSON.stringify(visits.at(-1)));
    expect(next).toEqual({ pagesViewed: 2, invited: false, draft });
    loader.navigated('https://shop.example/malta'); // a single-page app's next page keeps it too
    expect(visits.at(-1)).toEqual({ pagesViewed: 2, invited: false, draft });
    loader.receive(hello); // a reloaded frame gets it back
    expect((posted.at(-1) as Extract<ToFrame, { type: 'init' }>).state.visit.draft).toEqual(draft);
    loader.receive({ parley: 1, type: 'draft', draft: null });
    expect(visits.at(-1)).toEqual({ pagesViewed: 2, invited: false, draft: null });
    // A draft that is no draft (too long a message, a chat id of another shape) makes the visit unreadable: a new one.
    expect(visitOnArrival(JSON.stringify({ pagesViewed: 2, invited: true, draft: { composer: { chatId: 7, text: 'x' } } }))).toEqual({
      pagesViewed: 1,
      invited: false,
    });
  });

  it('counts a single-page app’s new address as a page of the visit and tells the frame, but not a new anchor', () => {
    const { loader, posted, visits } = setup(undefined, { pagesViewed: 2, invited: true });
    loader.navigated('https://shop.example/checkout'); // before the frame is ready: its init carries it
    loader.receive(hello);
    expect((posted[0] as Extract<ToFrame, { type: 'init' }>).state).toMatchObject({
      pageUrl: 'https://shop.example/checkout',
      visit: { pagesViewed: 3, invited: true },
    });
    loader.navigated('https://shop.example/checkout#payment');
    loader.navigated('https://shop.example/thanks');
    expect(posted.slice(1)).toEqual([
      { parley: 1, type: 'page', pageUrl: 'https://shop.example/thanks', visit: { pagesViewed: 4, invited: true } },
    ]);
    expect(visits).toEqual([
      { pagesViewed: 3, invited: true },
      { pagesViewed: 4, invited: true },
    ]);
    loader.receive(hello); // a reloaded frame is told where the page is now
    expect((posted.at(-1) as Extract<ToFrame, { type: 'init' }>).state.pageUrl).toBe('https://shop.example/thanks');
  });

  it('tells a ready frame an address that has not settled at once, as no page of the visit', () => {
    const { loader, posted, visits } = setup(undefined, { pagesViewed: 2, invited: false });
    loader.moved('https://shop.example/cart'); // before the frame is ready: nothing (its init carries the page)
    loader.receive(hello);
    loader.moved('https://shop.example/checkout');
    loader.moved('https://shop.example/checkout?step=2');
    expect(posted.slice(1)).toEqual([
      { parley: 1, type: 'address', pageUrl: 'https://shop.example/checkout' },
      { parley: 1, type: 'address', pageUrl: 'https://shop.example/checkout?step=2' },
    ]);
    expect(visits).toEqual([]);
  });

  it('keeps the visitor key the frame made for the first chat, and hands it to a reloaded frame', () => {
    const { loader, posted, keys } = setup();
    loader.receive(hello);
    loader.receive({ parley: 1, type: 'visitorKey', key: 'TmV3IGtleSBmb3IgdGhpcw' });
    loader.receive({ parley: 1, type: 'visitorKey', key: 'TmV3IGtleSBmb3IgdGhpcw' }); // the next chat: kept already
    expect(keys).toEqual(['TmV3IGtleSBmb3IgdGhpcw']);
    loader.receive(hello);
    expect((posted.at(-1) as Extract<ToFrame, { type: 'init' }>).state.visitorKey).toBe('TmV3IGtleSBmb3IgdGhpcw');
  });

  it('answers each agent status request with its own callback', () => {
    const { loader, posted } = setup();
    const answers: string[] = [];
    loader.agentStatus((s) => answers.push(`first ${s}`));
    loader.agentStatus((s) => answers.push(`second ${s}`));
    loader.receive(hello);
    expect(posted.slice(1)).toEqual([
      { parley: 1, type: 'agentStatus', requestId: 1 },
      { parley: 1, type: 'agentStatus', requestId: 2 },
    ]);
    loader.receive({ parley: 1, type: 'agentStatus', requestId: 2, status: 'offline' });
    loader.receive({ parley: 1, type: 'agentStatus', requestId: 1, status: 'online' });
    loader.receive({ parley: 1, type: 'agentStatus', requestId: 1, status: 'online' });
    expect(answers).toEqual(['second offline', 'first online']);
  });

  it('says in the console when the frame never loads, and answers status requests offline, until it does load', () => {
    const { loader, posted, warnings } = setup();
    const answers: string[] = [];
    loader.agentStatus((s) => answers.push(`waiting ${s}`));
    loader.unreachable();
    expect(warnings).toEqual([expect.stringMatching(/^Parley: the widget did not load\. Is this site among its allowed sites\?$/)]);
    expect(answers).toEqual(['waiting offline']);
    loader.agentStatus((s) => answers.push(`later ${s}`));
    expect(answers).toEqual(['waiting offline', 'later offline']);
    loader.unreachable();
    expect(warnings).toHaveLength(1);
    // It loads after all: asked again, the frame answers.
    loader.receive(hello);
    loader.agentStatus((s) => answers.push(`loaded ${s}`));
    expect(posted.at(-1)).toEqual({ parley: 1, type: 'agentStatus', requestId: 2 });
    loader.receive({ parley: 1, type: 'agentStatus', requestId: 2, status: 'online' });
    expect(answers.at(-1)).toBe('loaded online');
    // A frame that said hello in time is never called unreachable.
    loader.unreachable();
    expect(warnings).toHaveLength(1);
  });

  it('hides and shows the widget', () => {
    const { loader, hidden } = setup();
    loader.command(['hide']);
    loader.command(['show']);
    expect(hidden).toEqual([true, false]);
  });

  it('reads back what it saved, and starts afresh from anything else', () => {
    expect(parseSaved(JSON.stringify({ chat: { chatId: 'c1', token: 't', lastSeq: 2 }, open: true }))).toEqual({
      chat: { chatId: 'c1', token: 't', lastSeq: 2 },
      open: true,
    });
    expect(parseSaved('{not json')).toEqual({ chat: null, open: false });
    expect(parseSaved(JSON.stringify({ chat: { chatId: 'c1', lastSeq: -1 }, open: 'yes' }))).toEqual({ chat: null, open: false });
    expect(parseSaved(null)).toEqual({ chat: null, open: false });
  });
});
