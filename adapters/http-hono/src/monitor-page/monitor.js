// Parley chat monitor page: plain browser JavaScript, no build step, no framework.
// Signed in (/monitor): the full monitor over the session cookie. Shared (/monitor/s/<token>): the
// anonymized monitor of a share link. Both follow a server-sent-events stream: a snapshot, then patches
// (RFC 6902) of what changed, and reconnect by themselves. Everything shown is set with textContent: no
// HTML from the server.

(() => {
  const LONG_WAIT_SECONDS = 120;
  const MAX_DOTS = 60;
  const shared = /^\/monitor\/s\/([A-Za-z0-9_-]{16,128})\/?$/.exec(location.pathname);
  const token = shared ? shared[1] : null;
  const base = token ? `/api/v1/public/monitor/${token}` : '/api/v1/monitor';

  const $ = (id) => document.getElementById(id);
  const tiles = $('tiles');
  const statusEl = $('status');
  let source = null;
  let retryTimer = null;
  /** The view as the server sent it, the id of that view, and the viewer's own order until the server's catches up. */
  let view = null;
  let viewId = null;
  let order = null;
  let receivedAt = 0;

  const setStatus = (state, text) => {
    statusEl.dataset.state = state;
    statusEl.textContent = text;
  };
  const showMessage = (text) => {
    const m = $('message');
    m.textContent = text;
    m.hidden = !text;
  };
  const el = (tag, className, text) => {
    const e = document.createElement(tag);
    if (className) e.className = className;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  };

  /** A name that a narrow place may cut short, whole on hover. */
  const titled = (e) => {
    e.title = e.textContent;
    return e;
  };

  /** 75 → "1:15", 3725 → "1:02:05". */
  const clock = (s) => {
    s = Math.max(0, Math.floor(s));
    const h = Math.floor(s / 3600);
    const m = Math.floor((s % 3600) / 60);
    const sec = String(s % 60).padStart(2, '0');
    return h ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
  };
  const elapsed = (seconds) => seconds + (performance.now() - receivedAt) / 1000;
  /** 1 → "1 chat", 3 → "3 chats". */
  const counted = (n, noun) => `${n} ${noun}${n === 1 ? '' : 's'}`;
  const place = (v) => (v ? [v.city, v.country].filter(Boolean).join(', ') || v.countryCode || '' : '');

  // ------------------------------------------------------------------------------------------ render

  const timeEl = (className, seconds) => {
    const t = el('span', className, clock(seconds));
    t.dataset.seconds = String(seconds);
    return t;
  };

  const queueSection = (w) => {
    const s = el('section', 'section');
    s.append(el('h3', null, 'Waiting'));
    const q = el('div', 'queue');
    for (const c of w.queue.slice(0, MAX_DOTS)) {
      const item = el('div', 'queued-chat');
      const dot = el('span', 'dot dot-queued');
      dot.dataset.seconds = String(c.waitingSeconds);
      if (c.waitingSeconds >= LONG_WAIT_SECONDS) dot.classList.add('dot-long');
      const where = place(c.visitor);
      dot.title = where ? `Waiting · ${where}` : 'Waiting';
      item.append(dot, timeEl('wait', c.waitingSeconds));
      const name = c.visitor?.name || where;
      if (name) item.append(titled(el('span', 'who', name)));
      q.append(item);
    }
    const more = w.stats.queued - Math.min(w.queue.length, MAX_DOTS);
    if (more > 0) q.append(el('span', 'more', `+${more} more`));
    if (w.stats.queued === 0) q.append(el('span', 'empty', 'Nobody waiting'));
    s.append(q);
    return s;
  };

  const activeSection = (w) => {
    const s = el('section', 'section');
    s.append(el('h3', null, 'In progress'));
    if (w.active.length === 0) {
      s.append(el('p', 'empty', 'No chats in progress'));
      return s;
    }
    const ul = el('ul', 'active');
    for (const c of w.active) {
      const li = el('li');
      li.append(el('span', 'dot dot-active'), titled(el('span', 'agent', c.agentName || 'Agent')));
      // A visitor who gave no name (or whose name a shared view hides) and whose place is unknown reads "Visitor".
      const who = [c.visitor?.name, place(c.visitor)].filter(Boolean).join(' · ') || 'Visitor';
      li.append(titled(el('span', 'where', who)));
      li.append(timeEl('time', c.durationSeconds));
      if (c.transcriptUrl) {
        const a = el('a', null, 'transcript');
        // Each link named by its chat, not one "transcript" after another for a screen reader.
        a.setAttribute('aria-label', `Transcript of ${c.agentName || 'the agent'}’s chat with ${who}`);
        // In the console's history when this server serves the console; else the transcript's JSON.
        const inConsole = document.body.dataset.transcripts;
        a.href = inConsole && c.chatId ? inConsole + encodeURIComponent(c.chatId) : c.transcriptUrl;
        a.target = '_blank';
        a.rel = 'noopener noreferrer';
        li.append(a);
      }
      ul.append(li);
    }
    s.append(ul);
    return s;
  };

  const agentsSection = (w) => {
    const s = el('section', 'section agents');
    s.append(el('h3', null, 'Agents'));
    s.append(el('div', 'summary', `${w.stats.online} online · ${w.stats.paused} paused`));
    const ul = el('ul');
    for (const a of w.agents) {
      const li = el('li');
      li.dataset.status = a.status;
      li.append(el('span', `dot dot-${a.status}`), el('span', 'name', a.name));
      li.title = `${a.name}: ${a.status}${a.reason ? ` (${a.reason})` : ''}, ${counted(a.activeChats, 'open chat')} in all widgets`;
      if (a.reason) li.append(el('span', 'reason', a.reason));
      if (a.status !== 'offline' || a.activeChats > 0) li.append(el('span', 'load', counted(a.activeChats, 'chat')));
      ul.append(li);
    }
    if (w.agents.length === 0) ul.append(el('li', 'empty', 'No agents assigned'));
    s.append(ul);
    return s;
  };

  const tile = (w, i, count) => {
    const t = el('article', 'tile');
    t.dataset.widgetId = w.id;
    const h = el('header');
    h.append(titled(el('h2', null, w.name)));
    const counts = el('span', 'counts');
    const q = el('span', 'q');
    // The queue's colour says someone waits: nobody waiting reads like the other counts.
    if (w.stats.queued === 0) q.dataset.none = '';
    q.append(el('b', null, w.stats.queued), ' waiting');
    const a = el('span');
    a.append(el('b', null, w.stats.active), ' in progress');
    const free = el('span', 'slots');
    free.append(el('b', null, w.stats.availableSlots), ' free slot', w.stats.availableSlots === 1 ? '' : 's');
    counts.append(q, ' · ', a, ' · ', free);
    h.append(counts);
    if (!token) {
      const moves = el('span', 'moves');
      const up = el('button', 'move', '▲');
      up.type = 'button';
      up.title = 'Move up';
      // Named for screen readers (the arrow alone reads as a shape) and by the tile, since every tile has one.
      up.setAttribute('aria-label', `Move ${w.name} up`);
      up.disabled = i === 0;
      up.addEventListener('click', () => move(w.id, -1));
      const down = el('button', 'move', '▼');
      down.type = 'button';
      down.title = 'Move down';
      down.setAttribute('aria-label', `Move ${w.name} down`);
      down.disabled = i === count - 1;
      down.addEventListener('click', () => move(w.id, 1));
      moves.append(up, down);
      h.append(moves);
    }
    const main = el('div', 'chats');
    main.append(queueSection(w), activeSection(w));
    t.append(h, main, agentsSection(w));
    return t;
  };

  /** The widgets in the order shown: the viewer's move, until the server's view has it. */
  const shown = () => {
    if (!order) return view.widgets;
    const byId = new Map(view.widgets.map((w) => [w.id, w]));
    const moved = order.map((id) => byId.get(id)).filter(Boolean);
    return [...moved, ...view.widgets.filter((w) => !order.includes(w.id))];
  };

  const render = () => {
    if (!view) return;
    // The tiles are drawn anew: a control of theirs that had the focus (a ▲ just pressed, a transcript link) gets it
    // back, found by its name, or the tile's other arrow when this one is now at the end; else it went to the page.
    const had = tiles.contains(document.activeElement) ? document.activeElement.getAttribute('aria-label') : null;
    const widgets = shown();
    const frag = document.createDocumentFragment();
    widgets.forEach((w, i) => frag.append(tile(w, i, widgets.length)));
    if (widgets.length === 0) frag.append(el('p', 'message', 'No widgets to show yet.'));
    tiles.replaceChildren(frag);
    if (had) {
      const named = (label) => [...tiles.querySelectorAll('[aria-label]')].find((e) => e.getAttribute('aria-label') === label);
      const back = named(had);
      const other = had.endsWith(' up') ? had.replace(/ up$/, ' down') : had.replace(/ down$/, ' up');
      (back && !back.disabled ? back : named(other))?.focus();
    }
  };

  /** Wait times and durations move on between snapshots. */
  const tick = () => {
    for (const e of tiles.querySelectorAll('[data-seconds]')) {
      const s = elapsed(Number(e.dataset.seconds));
      if (e.classList.contains('dot')) e.classList.toggle('dot-long', s >= LONG_WAIT_SECONDS);
      else e.textContent = clock(s);
    }
  };
  setInterval(tick, 1000);

  // ------------------------------------------------------------------------------------------ layout

  const move = async (id, delta) => {
    if (!view) return;
    const ids = shown().map((w) => w.id);
    const i = ids.indexOf(id);
    const j = i + delta;
    if (i < 0 || j < 0 || j >= ids.length) return;
    [ids[i], ids[j]] = [ids[j], ids[i]];
    // Shown at once; the view itself stays as the server sent it, since patches address its lists by place.
    order = ids;
    render();
    const res = await fetch('/api/v1/monitor/layout', {
      method: 'PUT',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ widgetIds: ids }),
    });
    if (!res.ok) {
      order = null;
      render();
      setStatus('reconnecting', 'Could not save the order');
    }
  };

  // ------------------------------------------------------------------------------------------ patches

  const segment = (s) => s.replace(/~1/g, '/').replace(/~0/g, '~');
  const own = (o, k) => o !== null && typeof o === 'object' && Object.hasOwn(o, k);

  /**
   * Applies RFC 6902 `add`, `remove` and `replace` (the operations the server sends) to `doc` in place and
   * returns it; throws on a path the document does not have, so the page can start again from a snapshot.
   */
  const applyPatch = (doc, ops) => {
    for (const op of ops) {
      if (op.path === '') {
        doc = op.value;
        continue;
      }
      const path = op.path.slice(1).split('/').map(segment);
      const last = path.pop();
      let parent = doc;
      for (const seg of path) {
        if (!own(parent, seg)) throw new Error(`no ${op.path}`);
        parent = parent[seg];
      }
      if (Array.isArray(parent)) {
        const i = last === '-' ? parent.length : Number(last);
        const max = op.op === 'add' ? parent.length : parent.length - 1;
        if (!/^(0|[1-9]\d*|-)$/.test(last) || i > max) throw new Error(`no ${op.path}`);
        if (op.op === 'add') parent.splice(i, 0, op.value);
        else if (op.op === 'remove') parent.splice(i, 1);
        else parent[i] = op.value;
      } else if (parent !== null && typeof parent === 'object') {
        if (op.op !== 'add' && !own(parent, last)) throw new Error(`no ${op.path}`);
        if (op.op === 'remove') delete parent[last];
        // A key such as `__proto__` becomes a field of its own, as JSON.parse makes it.
        else Object.defineProperty(parent, last, { value: op.value, writable: true, enumerable: true, configurable: true });
      } else throw new Error(`no ${op.path}`);
    }
    return doc;
  };

  // ------------------------------------------------------------------------------------------ stream

  const stop = () => {
    if (source) source.close();
    source = null;
    clearTimeout(retryTimer);
  };

  const retry = (ms) => {
    stop();
    setStatus('reconnecting', 'Reconnecting…');
    retryTimer = setTimeout(connect, ms);
  };

  /** The stream failed for good (EventSource gives up on an HTTP error): find out why from the snapshot route. */
  const diagnose = async () => {
    let res;
    try {
      res = await fetch(base, { credentials: 'same-origin', headers: { accept: 'application/json' } });
    } catch {
      return retry(3000);
    }
    if (res.ok) return retry(1000);
    if (res.status === 401 && !token) return showLogin();
    if (res.status === 403 && !token) return ended('Only supervisors, admins and owners can watch the monitor.');
    if (res.status === 404 && token) return ended('This monitor link does not exist, was revoked or has expired.');
    if (res.status === 429) return retry(1000 * Math.min(60, Number(res.headers.get('retry-after')) || 10));
    retry(5000);
  };

  const ended = (text) => {
    stop();
    view = null;
    tiles.replaceChildren();
    setStatus('ended', 'Not live');
    showMessage(text);
  };

  function connect() {
    stop();
    showMessage('');
    setStatus(view ? 'reconnecting' : 'connecting', view ? 'Reconnecting…' : 'Connecting…');
    const es = new EventSource(`${base}/stream?patches=true`);
    source = es;
    es.addEventListener('open', () => setStatus('live', 'Live'));
    es.addEventListener('snapshot', (e) => {
      view = JSON.parse(e.data);
      viewId = e.lastEventId;
      order = null;
      receivedAt = performance.now();
      setStatus('live', 'Live');
      render();
    });
    es.addEventListener('patch', (e) => {
      const { base: from, ops } = JSON.parse(e.data);
      try {
        if (!view || from !== viewId) throw new Error('not the view this page has');
        view = applyPatch(view, ops);
      } catch {
        // Start again from a snapshot: a new stream, without the id of a view the page no longer trusts.
        view = null;
        return connect();
      }
      viewId = e.lastEventId;
      receivedAt = performance.now();
      render();
    });
    es.addEventListener('end', (e) => {
      const reason = JSON.parse(e.data || '{}').reason;
      if (reason === 'revoked') ended('This monitor link was revoked.');
      else if (reason === 'expired') ended('This monitor link has expired.');
      else if (reason === 'access_changed') {
        stop();
        void diagnose();
      } else retry(2000);
    });
    es.addEventListener('error', () => {
      if (source !== es) return;
      if (es.readyState === EventSource.CLOSED) void diagnose();
      else setStatus('reconnecting', 'Reconnecting…');
    });
  }

  // ------------------------------------------------------------------------------------------ sign-in

  const showLogin = () => {
    stop();
    setStatus('ended', 'Signed out');
    tiles.replaceChildren();
    $('login').hidden = false;
  };

  $('login').addEventListener('submit', async (e) => {
    e.preventDefault();
    const form = e.currentTarget;
    const err = $('login-error');
    err.textContent = '';
    const body = { email: form.elements.email.value, password: form.elements.password.value };
    const res = await fetch('/api/v1/auth/login', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }).catch(() => null);
    if (!res?.ok) {
      const problem = res ? await res.json().catch(() => null) : null;
      err.textContent = problem?.detail || 'Could not sign in.';
      return;
    }
    form.hidden = true;
    form.reset();
    void start();
  });

  async function start() {
    if (token) {
      $('mode').hidden = false;
      return connect();
    }
    const me = await fetch('/api/v1/me', { credentials: 'same-origin' }).catch(() => null);
    if (!me) return retry(3000);
    if (me.status === 401) return showLogin();
    const user = await me.json().catch(() => null);
    // Signed in, on a server that serves the console: a way back to it (a share link's screen has no console).
    const consolePath = document.body.dataset.console;
    if (consolePath) {
      $('back').querySelector('a').href = consolePath;
      $('back').hidden = false;
    }
    if (user && user.role === 'agent') return ended('Only supervisors, admins and owners can watch the monitor.');
    connect();
  }

  void start();
})();
