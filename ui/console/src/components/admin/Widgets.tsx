import { problemMessage, type Problem, type Schemas } from '@parley/api-client';
import { INPUT_LIMITS as L, SPOKEN_LANGUAGES, spokenLanguage } from '@parley/core/limits';
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { allUsers, allWidgetAvailability, allWidgets, api } from '../../api.js';
import { copyText } from '../../clipboard.js';
import { LoadFailed } from './feedback.js';
import { useLoad } from './use-load.js';
import { useLeaveWarning } from './leave-warning.js';
import { ifMatch } from './form.js';
import { loadWidgetNames, navigate } from '../../store.js';
import {
  colorWarning,
  errorAt,
  intervalsText,
  linesOf,
  moved,
  newRule,
  parseIntervals,
  WIDGET_TABS,
  widgetHref,
  widgetPatchOf,
  widgetViewOf,
  blankNumbers,
  errorsSummary,
  tabsOfErrors,
  withoutErrorsAt,
  type ProactiveRule,
  type Widget,
  type WidgetDraft,
  type WidgetSettings,
  type WidgetTab,
  availabilityText,
  type Availability,
} from '../../widget-form.js';
import { goTo } from '../links.js';
import { useNow } from '../use-now.js';
import { TimeZoneList, zoneClock } from '../time-zones.js';
import { addressQuery } from './address.js';
import { matchesWords } from './search.js';
import { SearchField } from './search-field.js';
import { ErrorAlert } from '../alert.js';

type User = Schemas['User'];
type FieldErrors = readonly { readonly path?: string; readonly message: string }[];

const loadAvailability = async (id: string): Promise<Availability | null> =>
  (await api.GET('/api/v1/widgets/{id}/availability', { params: { path: { id } } })).data ?? null;

/** The widgets admin screen: the list with a create form, or one widget's settings by tab (`/app/admin/widgets/<id>/<tab>`). */
export const WidgetsScreen = ({ rest }: { readonly rest: readonly string[] }) => {
  const view = widgetViewOf(rest);
  return view.view === 'list' ? <WidgetList /> : <WidgetEditor key={view.id} id={view.id} tab={view.tab} />;
};

const WidgetList = () => {
  const q = addressQuery().get('q') ?? '';
  const [query, setQuery] = useState(q);
  const [widgets, setWidgets] = useState<readonly Widget[] | null>(null);
  const [availability, setAvailability] = useState<Readonly<Record<string, Availability | null>>>({});
  const [name, setName] = useState('');
  const [createError, setCreateError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const { loadError, load } = useLoad(async () => {
    const items = await allWidgets();
    if (!items) return 'The widgets could not be loaded.';
    setWidgets(items);
    // An account without widgets (a new owner, just signed up) has one thing to do here: the focus is there.
    if (items.length === 0 && document.activeElement === document.body) document.getElementById('widget-new-name')?.focus();
    const found = new Map((await allWidgetAvailability())?.map((a) => [a.widgetId, a]));
    setAvailability(Object.fromEntries(items.map((w) => [w.id, found.get(w.id) ?? null])));
  }, []);

  const create = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setCreateError(null);
    const { data, error } = await api.POST('/api/v1/widgets', { body: { name } });
    setBusy(false);
    if (!data) return setCreateError(problemMessage(error, 'The widget could not be created.'));
    void loadWidgetNames();
    navigate(widgetHref(data.id));
  };

  const search = (value: string) => {
    setQuery(value);
    const words = value.trim();
    navigate(`/app/admin/widgets${words ? `?q=${encodeURIComponent(words)}` : ''}`, true);
  };

  return (
    <section class="widgets" aria-labelledby="widgets-title">
      <h1 id="widgets-title">Widgets</h1>
      <form class="widget-create" onSubmit={create} aria-label="New widget">
        <div class="field">
          <label for="widget-new-name">New widget’s name</label>
          <input
            id="widget-new-name"
            name="name"
            required
            maxLength={L.name}
            value={name}
            onInput={(e) => setName(e.currentTarget.value)}
            aria-describedby="widget-new-error"
          />
        </div>
        <button class="btn btn-primary" type="submit" disabled={busy}>
          Create widget
        </button>
        <p id="widget-new-error" class="error" role="alert" hidden={!createError}>
          {createError}
        </p>
      </form>
      {loadError ? (
        <LoadFailed message={loadError} onRetry={load} />
      ) : widgets === null ? (
        <p class="empty" aria-busy="true">
          Loading widgets…
        </p>
      ) : widgets.length === 0 ? (
        <p class="empty">No widget yet. Create one above, then paste its snippet into your site.</p>
      ) : (
        <WidgetTable widgets={widgets.filter((w) => matchesWords(w.name, q))} availability={availability} query={query} onQuery={search} />
      )}
    </section>
  );
};

/** The widget list under its search (kept in the address as `?q=`, so reload and back keep it). */
const WidgetTable = (props: {
  readonly widgets: readonly Widget[];
  readonly availability: Readonly<Record<string, Availability | null>>;
  readonly query: string;
  readonly onQuery: (query: string) => void;
}) => {
  const { widgets, availability } = props;
  return (
    <>
      <div class="admin-filters" role="search">
        <SearchField id="widgets-q" value={props.query} placeholder="Widget name" onInput={props.onQuery} />
      </div>
      {widgets.length === 0 ? (
        <p class="empty">No widget matches. Clear the search.</p>
      ) : (
        <table class="admin-table widget-table">
          <caption class="visually-hidden">Widgets</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Availability now</th>
              <th scope="col">Agents</th>
            </tr>
          </thead>
          <tbody>
            {widgets.map((w) => (
              <tr key={w.id}>
                <th scope="row">
                  <a href={widgetHref(w.id)} onClick={(e) => goTo(e, widgetHref(w.id))}>
                    {w.name}
                  </a>
                </th>
                <td data-label="Availability now" data-mode={availability[w.id]?.mode}>
                  {availabilityText(availability[w.id], w)}
                </td>
                <td data-label="Agents">{w.agentIds.length}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
};

const draftOf = (w: Widget): WidgetDraft => ({ name: w.name, settings: w.settings as WidgetSettings });

const WidgetEditor = ({ id, tab }: { readonly id: string; readonly tab: WidgetTab }) => {
  const [saved, setSaved] = useState<Widget | null>(null);
  const [draft, setDraft] = useState<WidgetDraft | null>(null);
  const [errors, setErrors] = useState<FieldErrors>([]);
  const [formError, setFormError] = useState<string | null>(null);
  const [conflict, setConflict] = useState(false);
  const [savedNote, setSavedNote] = useState<string | null>(null);
  const [availability, setAvailability] = useState<Availability | null | undefined>(undefined);
  const [saving, setSaving] = useState(false);

  const { loadError, load } = useLoad(async () => {
    const { data, error, response } = await api.GET('/api/v1/widgets/{id}', { params: { path: { id } } });
    if (!data) return response.status === 404 ? 'There is no such widget.' : problemMessage(error, 'The widget could not be loaded.');
    setSaved(data);
    setDraft(draftOf(data));
    setErrors([]);
    setFormError(null);
    setConflict(false);
    setAvailability(await loadAvailability(id));
  }, [id]);

  // Come from elsewhere (the list's Create widget), the focus went with the page it was on: it starts at the widget's name.
  const title = useRef<HTMLHeadingElement>(null);
  const shown = saved !== null;
  useEffect(() => {
    if (shown && (document.activeElement === document.body || !document.activeElement)) title.current?.focus();
  }, [shown, id]);

  const patch = saved && draft ? widgetPatchOf(draftOf(saved), draft) : null;
  const leaving = useLeaveWarning(patch !== null, 'this widget', widgetHref(id));
  // "Saved." speaks of the tab it was saved from: another tab's button did not just save anything.
  useEffect(() => setSavedNote(null), [tab]);
  // Agents go online and offline meanwhile: what visitors get now is read again every 15 s, and when the page is
  // looked at again, while it is seen.
  useEffect(() => {
    const again = () => {
      if (document.visibilityState === 'visible') void loadAvailability(id).then(setAvailability);
    };
    const timer = setInterval(again, 15_000);
    document.addEventListener('visibilitychange', again);
    return () => {
      clearInterval(timer);
      document.removeEventListener('visibilitychange', again);
    };
  }, [id]);

  if (loadError)
    return (
      <section class="widget-edit">
        <p>
          <a href="/app/admin/widgets" onClick={(e) => goTo(e, '/app/admin/widgets')}>
            ← All widgets
          </a>
        </p>
        <LoadFailed message={loadError} onRetry={load} />
      </section>
    );
  if (!saved || !draft)
    return (
      <p class="empty" aria-busy="true">
        Loading the widget…
      </p>
    );

  const set = <K extends keyof WidgetSettings>(key: K, value: WidgetSettings[K]) => {
    setSavedNote(null);
    setDraft({ ...draft, settings: { ...draft.settings, [key]: value } });
    // What was said about the old value no longer holds for the new one.
    const rest = withoutErrorsAt(errors, `/settings/${String(key)}`);
    if (rest.length !== errors.length) {
      setErrors(rest);
      setFormError(rest.length === 0 ? null : errorsSummary(rest));
    }
  };

  /** Answers from a versioned write: the new widget, a 412 as a conflict, field errors by pointer. */
  const settle = (data: Widget | undefined, error: unknown, status: number, done: string) => {
    if (data) {
      setSaved(data);
      setErrors([]);
      setFormError(null);
      setSavedNote(done);
      return data;
    }
    if (status === 412) {
      setConflict(true);
      return null;
    }
    const p = error as Problem | undefined;
    setErrors(p?.errors ?? []);
    setFormError(errorsSummary(p?.errors ?? []) ?? problemMessage(error, 'The changes could not be saved.'));
    return null;
  };

  const save = async (e: Event) => {
    e.preventDefault();
    if (!patch) return;
    const blank = blankNumbers(draft.settings, L);
    if (blank.length > 0) {
      setErrors(blank);
      setFormError(errorsSummary(blank));
      return;
    }
    setSaving(true);
    const { data, error, response } = await api.PATCH('/api/v1/widgets/{id}', {
      params: { path: { id } },
      headers: ifMatch(saved.version),
      body: patch as never,
    });
    setSaving(false);
    const next = settle(data, error, response.status, 'Saved.');
    if (next) {
      void loadWidgetNames(); // its name, in the inbox's headings
      setDraft(draftOf(next));
      setAvailability(await loadAvailability(id));
    }
  };

  const field = (pointer: string, items?: readonly string[]) => errorAt(errors, pointer, items);
  const invalidTabs = tabsOfErrors(errors);
  const tabHref = (t: WidgetTab) => widgetHref(id, t);

  return (
    <section class="widget-edit" aria-labelledby="widget-title">
      <p class="widget-back">
        <a href="/app/admin/widgets" onClick={(e) => goTo(e, '/app/admin/widgets')}>
          ← All widgets
        </a>
      </p>
      <header class="widget-head">
        <h1 id="widget-title" ref={title} tabIndex={-1}>
          {saved.name}
        </h1>
        <p class="widget-availability" data-mode={availability?.mode}>
          <span class="visually-hidden">Availability now: </span>
          {availabilityText(availability, saved)}
        </p>
        {availability?.mode === 'offline' && saved.agentIds.length === 0 && tab !== 'agents' && (
          <p class="widget-hint">
            Visitors see the offline form until an agent serves this widget.{' '}
            <a href={tabHref('agents')} onClick={(e) => goTo(e, tabHref('agents'))}>
              Choose its agents
            </a>
          </p>
        )}
      </header>
      <nav class="tabs widget-tabs" aria-label="Widget settings">
        {WIDGET_TABS.map((t) => (
          <a
            key={t.id}
            class="tab"
            href={tabHref(t.id)}
            aria-current={t.id === tab ? 'page' : undefined}
            data-invalid={invalidTabs.has(t.id) ? 'true' : undefined}
            onClick={(e) => goTo(e, tabHref(t.id))}
          >
            {t.title}
            {invalidTabs.has(t.id) && <span class="visually-hidden"> (fields to fix)</span>}
          </a>
        ))}
      </nav>
      {conflict && (
        <div class="widget-conflict" role="alert">
          <p>
            <strong>This widget was changed by someone else</strong> since you opened it. Your changes were not saved. Reload to see the
            current settings, then make your changes again.
          </p>
          <button class="btn btn-primary" type="button" onClick={() => void load()}>
            Reload
          </button>
        </div>
      )}
      {tab === 'agents' ? (
        <AgentsTab
          widget={saved}
          onSaved={(w) => {
            settle(w, undefined, 200, 'Agents saved.');
            // Who serves it decides whether it takes chats now: the line above the tabs follows.
            void loadAvailability(id).then(setAvailability);
          }}
          onConflict={() => setConflict(true)}
        />
      ) : tab === 'install' ? (
        <InstallTab widget={saved} />
      ) : (
        <form class="widget-form" onSubmit={save} noValidate>
          {tab === 'general' && <GeneralTab draft={draft} setDraft={setDraft} set={set} field={field} />}
          {tab === 'routing' && <RoutingTab s={draft.settings} set={set} field={field} />}
          {tab === 'hours' && <HoursTab s={draft.settings} set={set} field={field} />}
          {tab === 'forms' && <FormsTab s={draft.settings} set={set} field={field} />}
          {tab === 'appearance' && <AppearanceTab draft={draft} set={set} field={field} widgetId={id} />}
          {tab === 'origins' && <OriginsTab s={draft.settings} set={set} field={field} />}
          {tab === 'proactive' && <ProactiveTab draft={draft} set={set} field={field} widgetId={id} />}
          <div class="widget-save">
            <button class="btn btn-primary" type="submit" disabled={!patch || saving || conflict}>
              {saving ? 'Saving…' : 'Save changes'}
            </button>
            <button
              class="btn"
              type="button"
              disabled={!patch || saving}
              onClick={() => {
                setDraft(draftOf(saved));
                setErrors([]);
                setFormError(null);
              }}
            >
              Discard changes
            </button>
            <span class="widget-dirty" role="status">
              {patch ? 'Unsaved changes (in any tab)' : (savedNote ?? '')}
            </span>
          </div>
          <ErrorAlert message={formError} />
        </form>
      )}
      {tab === 'general' && <DeleteWidget widget={saved} />}
      {leaving}
    </section>
  );
};

type Set = <K extends keyof WidgetSettings>(key: K, value: WidgetSettings[K]) => void;
type Field = (pointer: string, items?: readonly string[]) => string | null;

/** A labelled control with its hint and its error (by JSON Pointer), tied together for screen readers. */
const Row = (p: { id: string; label: string; hint?: string; error?: string | null; children: ComponentChildren }) => (
  <div class="field" data-invalid={p.error ? 'true' : undefined}>
    <label for={p.id}>{p.label}</label>
    {p.children}
    {p.hint && (
      <small id={`${p.id}-hint`} class="hint">
        {p.hint}
      </small>
    )}
    {p.error && (
      <small id={`${p.id}-error`} class="field-error">
        {p.error}
      </small>
    )}
  </div>
);

const describedBy = (id: string, hint: boolean, error: string | null | undefined) =>
  [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;

/**
 * A setting that is a list, edited as one entry a line: the text stays as typed (blank lines too), the setting
 * gets its trimmed, non-blank lines; the API's error shows under it.
 */
const LinesField = (p: {
  id: string;
  label: string;
  hint: string;
  rows: number;
  lines: readonly string[];
  error: string | null;
  onLines: (lines: string[]) => void;
}) => {
  const [text, setText] = useState(() => p.lines.join('\n'));
  return (
    <Row id={p.id} label={p.label} hint={p.hint} error={p.error}>
      <textarea
        id={p.id}
        rows={p.rows}
        value={text}
        aria-invalid={!!p.error}
        aria-describedby={describedBy(p.id, true, p.error)}
        onInput={(e) => {
          setText(e.currentTarget.value);
          p.onLines(linesOf(e.currentTarget.value));
        }}
      />
    </Row>
  );
};

const Check = (p: { id: string; label: string; checked: boolean; onChange: (v: boolean) => void }) => (
  <div class="check">
    <input id={p.id} type="checkbox" checked={p.checked} onChange={(e) => p.onChange(e.currentTarget.checked)} />
    <label for={p.id}>{p.label}</label>
  </div>
);

const num = (v: string): number => (v.trim() === '' ? NaN : Number(v));

const GeneralTab = (p: { draft: WidgetDraft; setDraft: (d: WidgetDraft) => void; set: Set; field: Field }) => {
  const s = p.draft.settings;
  return (
    <fieldset>
      <legend>General</legend>
      <Row id="w-name" label="Name" hint="Shown to agents, and as the title of the chat window." error={p.field('/name')}>
        <input
          id="w-name"
          required
          maxLength={L.name}
          value={p.draft.name}
          aria-invalid={!!p.field('/name')}
          aria-describedby={describedBy('w-name', true, p.field('/name'))}
          onInput={(e) => p.setDraft({ ...p.draft, name: e.currentTarget.value })}
        />
      </Row>
      <Row
        id="w-greeting"
        label="Greeting"
        hint={`The first message visitors see (up to ${L.greeting} characters).`}
        error={p.field('/settings/greeting')}
      >
        <textarea
          id="w-greeting"
          rows={3}
          maxLength={L.greeting}
          value={s.greeting}
          aria-describedby={describedBy('w-greeting', true, p.field('/settings/greeting'))}
          onInput={(e) => p.set('greeting', e.currentTarget.value)}
        />
      </Row>
      <Row
        id="w-language"
        label="Language"
        hint="Of the widget’s texts and the mails visitors get from it. A page may pick another with the JavaScript API’s setLanguage."
        error={p.field('/settings/language')}
      >
        <select
          id="w-language"
          value={s.language}
          aria-describedby={describedBy('w-language', true, p.field('/settings/language'))}
          onChange={(e) => p.set('language', e.currentTarget.value)}
        >
          {SPOKEN_LANGUAGES.map((l) => (
            <option key={l.tag} value={l.tag}>
              {l.name}
            </option>
          ))}
          {/* A tag set through the API (de-AT, pt-BR) stays as it is until another is chosen. */}
          {!SPOKEN_LANGUAGES.some((l) => l.tag === s.language) && <option value={s.language}>{spokenAs(s.language)}</option>}
        </select>
      </Row>
    </fieldset>
  );
};

/** How a language tag the list does not hold reads: "de-AT (Deutsch)", or "pt-BR (English texts)" for one not spoken. */
const spokenAs = (tag: string): string => {
  const spoken = spokenLanguage(tag);
  return `${tag} (${SPOKEN_LANGUAGES.find((l) => l.tag === spoken)?.name ?? 'English texts'})`;
};

/** The routing tab's whole-number settings, each held to its range in the server's limits. */
type NumberSetting = 'maxConcurrentChats' | 'maxQueueSize' | 'closeInactiveAfterMinutes';

/** A whole-number setting: its range (from the server's limits) and what it does as the hint, the API's error under it. */
const NumberRow = (p: {
  id: string;
  label: string;
  hint: string;
  setting: NumberSetting;
  value: number | null;
  set: Set;
  field: Field;
}) => {
  const range = L[p.setting];
  const error = p.field(`/settings/${p.setting}`);
  return (
    <Row id={p.id} label={p.label} hint={`${range.min} to ${range.max}. ${p.hint}`} error={error}>
      <input
        id={p.id}
        type="number"
        min={range.min}
        max={range.max}
        value={p.value === null || Number.isNaN(p.value) ? '' : p.value}
        aria-describedby={describedBy(p.id, true, error)}
        onInput={(e) => p.set(p.setting, num(e.currentTarget.value))}
      />
    </Row>
  );
};

const RoutingTab = ({ s, set, field }: { s: WidgetSettings; set: Set; field: Field }) => {
  const unbounded = s.maxQueueSize === null;
  const inactiveMinutes = s.closeInactiveAfterMinutes;
  return (
    <fieldset>
      <legend>Routing &amp; queue</legend>
      <NumberRow
        id="w-max-chats"
        label="Chats per agent at once"
        hint="An agent’s own maximum, when set, overrides it."
        setting="maxConcurrentChats"
        value={s.maxConcurrentChats}
        set={set}
        field={field}
      />
      <Check
        id="w-queue-unbounded"
        label="No limit on waiting chats"
        checked={unbounded}
        onChange={(v) => set('maxQueueSize', v ? null : 10)}
      />
      {!unbounded && (
        <NumberRow
          id="w-max-queue"
          label="Chats that may wait"
          hint="When that many wait and nobody can take one, new visitors get the offline form."
          setting="maxQueueSize"
          value={s.maxQueueSize}
          set={set}
          field={field}
        />
      )}
      <Check
        id="w-require-label"
        label="Agents must label a chat before closing it"
        checked={s.requireLabelToClose}
        onChange={(v) => set('requireLabelToClose', v)}
      />
      <Check
        id="w-close-inactive"
        label="Close chats that have gone quiet"
        checked={inactiveMinutes !== null}
        onChange={(v) => set('closeInactiveAfterMinutes', v ? 30 : null)}
      />
      {inactiveMinutes !== null && (
        <NumberRow
          id="w-inactive-minutes"
          label="Minutes without activity"
          hint="An open chat in which nothing happens for that long (no message, note, label or page view, and the visitor neither leaves nor returns) closes by itself, and its agent’s place goes to the next visitor."
          setting="closeInactiveAfterMinutes"
          value={inactiveMinutes}
          set={set}
          field={field}
        />
      )}
    </fieldset>
  );
};

const DAYS = [
  ['mon', 'Monday'],
  ['tue', 'Tuesday'],
  ['wed', 'Wednesday'],
  ['thu', 'Thursday'],
  ['fri', 'Friday'],
  ['sat', 'Saturday'],
  ['sun', 'Sunday'],
] as const;

const OFFICE_HOURS = { from: '09:00', to: '17:00' };

const HoursTab = ({ s, set, field }: { s: WidgetSettings; set: Set; field: Field }) => {
  const hours = s.businessHours;
  const now = useNow(30_000, hours !== null);
  // The text of each day as typed; it becomes intervals once it reads as such.
  const [texts, setTexts] = useState<Record<string, string>>(() =>
    Object.fromEntries(DAYS.map(([d]) => [d, intervalsText(hours?.days[d])])),
  );
  const [holidays, setHolidays] = useState(() => (hours?.holidays ?? []).join('\n'));
  const [dayErrors, setDayErrors] = useState<Record<string, string>>({});
  const enable = (on: boolean) => {
    if (!on) return set('businessHours', null);
    const tz = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
    const days = Object.fromEntries(DAYS.slice(0, 5).map(([d]) => [d, [OFFICE_HOURS]]));
    setTexts(Object.fromEntries(DAYS.map(([d]) => [d, intervalsText(days[d])])));
    set('businessHours', { timezone: tz, days, holidays: [] });
  };
  return (
    <fieldset>
      <legend>Business hours</legend>
      <Check id="w-hours-on" label="Only take chats during business hours" checked={hours !== null} onChange={enable} />
      {hours === null ? (
        <p class="hint">Always open: the widget takes chats whenever an agent is online.</p>
      ) : (
        <>
          <Row
            id="w-tz"
            label="Time zone"
            hint={`An IANA zone such as Europe/Berlin (type a city to pick one). ${zoneClock(hours.timezone, now)}`}
            error={field('/settings/businessHours/timezone')}
          >
            <input
              id="w-tz"
              list="w-tz-zones"
              autocomplete="off"
              value={hours.timezone}
              aria-describedby={describedBy('w-tz', true, field('/settings/businessHours/timezone'))}
              onInput={(e) => set('businessHours', { ...hours, timezone: e.currentTarget.value.trim() })}
            />
            <TimeZoneList id="w-tz-zones" />
          </Row>
          <div class="widget-days">
            {DAYS.map(([d, title]) => {
              const err = dayErrors[d] ?? field(`/settings/businessHours/days/${d}`);
              return (
                <Row key={d} id={`w-day-${d}`} label={title} error={err}>
                  <input
                    id={`w-day-${d}`}
                    placeholder="Closed"
                    value={texts[d]}
                    aria-invalid={!!err}
                    aria-describedby={describedBy(`w-day-${d}`, false, err)}
                    onInput={(e) => {
                      const text = e.currentTarget.value;
                      setTexts({ ...texts, [d]: text });
                      const parsed = parseIntervals(text);
                      if ('error' in parsed) return setDayErrors({ ...dayErrors, [d]: parsed.error });
                      setDayErrors(Object.fromEntries(Object.entries(dayErrors).filter(([k]) => k !== d)));
                      set('businessHours', { ...hours, days: { ...hours.days, [d]: parsed.intervals } });
                    }}
                  />
                </Row>
              );
            })}
          </div>
          <p class="hint">Times as 09:00-17:00; several ranges with commas (09:00-12:00, 13:00-17:00); blank: closed.</p>
          <Row
            id="w-holidays"
            label="Holidays (closed)"
            hint="One date a line, as 2026-12-25."
            error={field('/settings/businessHours/holidays', hours?.holidays)}
          >
            <textarea
              id="w-holidays"
              rows={3}
              value={holidays}
              aria-describedby={describedBy('w-holidays', true, field('/settings/businessHours/holidays', hours?.holidays))}
              onInput={(e) => {
                setHolidays(e.currentTarget.value);
                set('businessHours', { ...hours, holidays: linesOf(e.currentTarget.value) });
              }}
            />
          </Row>
        </>
      )}
    </fieldset>
  );
};

const ASK = [
  ['off', 'Don’t ask'],
  ['optional', 'Optional'],
  ['required', 'Required'],
] as const;

const FormsTab = ({ s, set, field }: { s: WidgetSettings; set: Set; field: Field }) => {
  const ask = (key: 'askName' | 'askEmail', label: string) => (
    <Row id={`w-${key}`} label={label} error={field(`/settings/preChat/${key}`)}>
      <select
        id={`w-${key}`}
        value={s.preChat[key]}
        onChange={(e) => set('preChat', { ...s.preChat, [key]: e.currentTarget.value as 'off' })}
      >
        {ASK.map(([v, t]) => (
          <option key={v} value={v}>
            {t}
          </option>
        ))}
      </select>
    </Row>
  );
  return (
    <>
      <fieldset>
        <legend>Pre-chat form</legend>
        {ask('askName', 'Visitor’s name')}
        {ask('askEmail', 'Visitor’s e-mail')}
      </fieldset>
      <fieldset>
        <legend>Offline form</legend>
        <Check
          id="w-offline-on"
          label="Show the offline form when nobody can take a chat"
          checked={s.offlineForm.enabled !== false}
          // Without the form, it cannot be shown always either; shown always, it is on.
          onChange={(v) => set('offlineForm', { ...s.offlineForm, enabled: v, ...(v ? {} : { alwaysOffline: false }) })}
        />
        <Check
          id="w-always-offline"
          label="Always show the offline form (no live chats)"
          checked={s.offlineForm.alwaysOffline === true}
          onChange={(v) => set('offlineForm', { ...s.offlineForm, alwaysOffline: v, ...(v ? { enabled: true } : {}) })}
        />
      </fieldset>
      <fieldset>
        <legend>Mail to the team</legend>
        <LinesField
          id="w-emails"
          label="Send offline requests to"
          hint={
            s.notifyEmails.length === 0
              ? 'Up to 20 addresses, one a line. None now: offline requests are mailed to nobody, and only wait in History.'
              : 'Up to 20 addresses, one a line. A new widget starts with the address of whoever made it.'
          }
          rows={3}
          lines={s.notifyEmails}
          error={field('/settings/notifyEmails', s.notifyEmails)}
          onLines={(lines) => set('notifyEmails', lines)}
        />
        <Check
          id="w-transcripts"
          label="Also send them the transcript of every chat that ends"
          checked={s.transcriptToTeam}
          onChange={(v) => set('transcriptToTeam', v)}
        />
      </fieldset>
    </>
  );
};

const AppearanceTab = ({ draft, set, field, widgetId }: { draft: WidgetDraft; set: Set; field: Field; widgetId: string }) => {
  const a = draft.settings.appearance;
  const warning = colorWarning(a.color);
  return (
    <div class="widget-with-preview">
      <fieldset>
        <legend>Appearance</legend>
        <Row
          id="w-color"
          label="Accent colour"
          hint="#rrggbb; the chat button and the visitor’s bubbles."
          error={field('/settings/appearance/color')}
        >
          <span class="widget-color">
            <input
              type="color"
              value={/^#[0-9a-f]{6}$/i.test(a.color) ? a.color : '#000000'}
              aria-label="Pick the accent colour"
              onInput={(e) => set('appearance', { ...a, color: e.currentTarget.value })}
            />
            <input
              id="w-color"
              value={a.color}
              maxLength={7}
              aria-describedby={describedBy('w-color', true, field('/settings/appearance/color')) + (warning ? ' w-color-warning' : '')}
              onInput={(e) => set('appearance', { ...a, color: e.currentTarget.value.trim() })}
            />
          </span>
        </Row>
        {warning && (
          <p id="w-color-warning" class="widget-warning" role="status">
            {warning}
          </p>
        )}
        <Row id="w-position" label="Chat button’s side" error={field('/settings/appearance/position')}>
          <select
            id="w-position"
            value={a.position}
            onChange={(e) => set('appearance', { ...a, position: e.currentTarget.value as 'left' | 'right' })}
          >
            <option value="right">Bottom right</option>
            <option value="left">Bottom left</option>
          </select>
        </Row>
        <Row id="w-launcher" label="Chat button’s text" hint="Up to 40 characters." error={field('/settings/appearance/launcherText')}>
          <input
            id="w-launcher"
            maxLength={L.launcherText}
            value={a.launcherText}
            aria-describedby={describedBy('w-launcher', true, field('/settings/appearance/launcherText'))}
            onInput={(e) => set('appearance', { ...a, launcherText: e.currentTarget.value })}
          />
        </Row>
      </fieldset>
      <WidgetPreview draft={draft} widgetId={widgetId} />
    </div>
  );
};

/**
 * The real widget, framed from Parley (`/widget/frame?preview=1`), showing the unsaved settings: every change
 * of the draft is posted to it (see the widget's preview.ts), as visitors would see it with agents online
 * or with nobody online, and with `invitation` open as a proactive rule would open it. Nothing can be sent
 * from it.
 */
const WidgetPreview = ({ draft, widgetId, invitation = null }: { draft: WidgetDraft; widgetId: string; invitation?: string | null }) => {
  const frame = useRef<HTMLIFrameElement>(null);
  const [mode, setMode] = useState<'online' | 'offline' | 'closed'>('online');
  const s = draft.settings;
  const message = {
    parley: 1,
    type: 'preview',
    mode: mode === 'offline' ? 'offline' : 'online',
    open: mode !== 'closed',
    invitation,
    config: {
      name: draft.name,
      greeting: s.greeting,
      language: s.language,
      appearance: s.appearance,
      preChat: s.preChat,
      offlineForm: s.offlineForm,
    },
  };
  const latest = useRef(message);
  latest.current = message;
  const post = () => frame.current?.contentWindow?.postMessage(latest.current, location.origin);
  const key = JSON.stringify(message);
  useEffect(post, [key]);
  useEffect(() => {
    // The frame says when it is ready for the draft (it loads after the first post may have gone).
    const ready = (e: MessageEvent) => {
      if (e.source === frame.current?.contentWindow && e.origin === location.origin && e.data?.type === 'previewReady') post();
    };
    window.addEventListener('message', ready);
    return () => window.removeEventListener('message', ready);
  }, []);
  return (
    <figure class="widget-preview">
      <figcaption>Preview (unsaved changes included)</figcaption>
      <fieldset class="widget-preview-mode">
        <legend class="visually-hidden">Show the widget as visitors see it</legend>
        <label>
          <input type="radio" name="preview-mode" checked={mode === 'online'} onChange={() => setMode('online')} /> Agents online
        </label>
        <label>
          <input type="radio" name="preview-mode" checked={mode === 'offline'} onChange={() => setMode('offline')} /> Nobody online
        </label>
        <label>
          <input type="radio" name="preview-mode" checked={mode === 'closed'} onChange={() => setMode('closed')} /> Chat button
        </label>
      </fieldset>
      <iframe
        ref={frame}
        class="widget-preview-frame"
        title="Widget preview"
        src={`/widget/frame?widget=${encodeURIComponent(widgetId)}&preview=1`}
      />
      <p>
        <a href={`/demo/${encodeURIComponent(widgetId)}`} target="_blank" rel="noopener">
          Try the widget on a demo page (saved settings; opens a new tab)
        </a>
      </p>
    </figure>
  );
};

const OriginsTab = ({ s, set, field }: { s: WidgetSettings; set: Set; field: Field }) => (
  <>
    <fieldset>
      <legend>Allowed sites</legend>
      <LinesField
        id="w-origins"
        label="Sites that may embed the widget"
        hint="One origin a line, such as https://shop.example.com (scheme and host, no path). Empty: any site."
        rows={5}
        lines={s.allowedOrigins}
        error={field('/settings/allowedOrigins', s.allowedOrigins)}
        onLines={(lines) => set('allowedOrigins', lines)}
      />
    </fieldset>
    <fieldset>
      <legend>Blocked visitors</legend>
      <LinesField
        id="w-blocked"
        label="Visitors the widget takes nothing from"
        hint="One IP address a line, a wildcard such as 198.51.100.* or a range such as 2001:db8::/32. They can start no chat and leave no offline request here. Agents add a chat’s visitor with Block visitor."
        rows={5}
        lines={s.blockedVisitors}
        error={field('/settings/blockedVisitors', s.blockedVisitors)}
        onLines={(lines) => set('blockedVisitors', lines)}
      />
    </fieldset>
  </>
);

const ProactiveTab = ({ draft, set, field, widgetId }: { draft: WidgetDraft; set: Set; field: Field; widgetId: string }) => {
  const rules = draft.settings.proactiveRules;
  /** The rule whose invitation the preview shows (its index), if any. */
  const [shown, setShown] = useState<number | null>(null);
  /** Moves rule `i` to `j`; the preview keeps showing the rule it showed. */
  const move = (i: number, j: number) => {
    set('proactiveRules', moved(rules, i, j));
    if (shown === i) setShown(j);
    else if (shown === j) setShown(i);
  };
  const put = (i: number, r: Partial<ProactiveRule>) =>
    set(
      'proactiveRules',
      rules.map((x, j) => (j === i ? { ...x, ...r } : x)),
    );
  return (
    <div class="widget-with-preview">
      <fieldset>
        <legend>Invitations</legend>
        <p class="hint">The widget opens by itself with an invitation when a rule applies; of several, the one whose delay ends first.</p>
        {rules.length === 0 && <p class="empty">No invitation rule.</p>}
        <ol class="widget-rules">
          {rules.map((r, i) => {
            const at = (k: string) => field(`/settings/proactiveRules/${i}/${k}`);
            const pid = `w-rule-${i}`;
            return (
              <li key={i} class="widget-rule">
                <Row id={`${pid}-id`} label="Rule name" hint="Letters, digits, - or _, such as pricing-help." error={at('id')}>
                  <input
                    id={`${pid}-id`}
                    value={r.id}
                    aria-describedby={describedBy(`${pid}-id`, true, at('id'))}
                    onInput={(e) => put(i, { id: e.currentTarget.value })}
                  />
                </Row>
                <Row id={`${pid}-message`} label="Invitation" error={at('message')}>
                  <textarea
                    id={`${pid}-message`}
                    rows={2}
                    maxLength={L.invitation}
                    value={r.message}
                    aria-describedby={describedBy(`${pid}-message`, false, at('message'))}
                    onInput={(e) => put(i, { message: e.currentTarget.value })}
                  />
                </Row>
                <div class="widget-rule-row">
                  <Row id={`${pid}-delay`} label="After seconds on the page" error={at('delaySeconds')}>
                    <input
                      id={`${pid}-delay`}
                      type="number"
                      min={L.invitationDelaySeconds.min}
                      max={L.invitationDelaySeconds.max}
                      value={r.delaySeconds}
                      onInput={(e) => put(i, { delaySeconds: num(e.currentTarget.value) })}
                    />
                  </Row>
                  <Row id={`${pid}-pages`} label="Pages viewed at least" error={at('minPagesViewed')}>
                    <input
                      id={`${pid}-pages`}
                      type="number"
                      min={L.invitationPagesViewed.min}
                      max={L.invitationPagesViewed.max}
                      value={r.minPagesViewed}
                      onInput={(e) => put(i, { minPagesViewed: num(e.currentTarget.value) })}
                    />
                  </Row>
                </div>
                <Row
                  id={`${pid}-url`}
                  label="Page address matches (blank: every page)"
                  hint="The whole address, * for any characters: https://shop.example.com/pricing* or */pricing*."
                  error={at('urlPattern')}
                >
                  <input
                    id={`${pid}-url`}
                    placeholder="https://shop.example.com/pricing*"
                    aria-describedby={describedBy(`${pid}-url`, true, at('urlPattern'))}
                    value={r.urlPattern ?? ''}
                    onInput={(e) => put(i, { urlPattern: e.currentTarget.value || null })}
                  />
                </Row>
                <Row id={`${pid}-ref`} label="Referrer matches (blank: any)" error={at('referrerPattern')}>
                  <input
                    id={`${pid}-ref`}
                    placeholder="*google.*"
                    aria-describedby={describedBy(`${pid}-ref`, false, at('referrerPattern'))}
                    value={r.referrerPattern ?? ''}
                    onInput={(e) => put(i, { referrerPattern: e.currentTarget.value || null })}
                  />
                </Row>
                <Check
                  id={`${pid}-online`}
                  label="Only while an agent can take the chat"
                  checked={r.onlyWhenAgentsOnline}
                  onChange={(v) => put(i, { onlyWhenAgentsOnline: v })}
                />
                <div class="widget-rule-actions">
                  <button class="btn" type="button" disabled={i === 0} onClick={() => move(i, i - 1)} aria-label={`Move rule ${r.id} up`}>
                    ↑ Up
                  </button>
                  <button
                    class="btn"
                    type="button"
                    disabled={i === rules.length - 1}
                    onClick={() => move(i, i + 1)}
                    aria-label={`Move rule ${r.id} down`}
                  >
                    ↓ Down
                  </button>
                  <button
                    class="btn"
                    type="button"
                    aria-pressed={shown === i}
                    onClick={() => setShown(shown === i ? null : i)}
                    aria-label={`Preview rule ${r.id}`}
                  >
                    Preview
                  </button>
                  <button
                    class="btn btn-danger"
                    type="button"
                    onClick={() => {
                      setShown(null);
                      set(
                        'proactiveRules',
                        rules.filter((_, j) => j !== i),
                      );
                    }}
                    aria-label={`Remove rule ${r.id}`}
                  >
                    Remove
                  </button>
                </div>
              </li>
            );
          })}
        </ol>
        <button
          class="btn"
          type="button"
          disabled={rules.length >= L.proactiveRules}
          onClick={() => set('proactiveRules', [...rules, newRule(rules)])}
        >
          Add an invitation rule
        </button>
      </fieldset>
      <WidgetPreview draft={draft} widgetId={widgetId} invitation={shown === null ? null : (rules[shown]?.message ?? null)} />
    </div>
  );
};

const AgentsTab = ({ widget, onSaved, onConflict }: { widget: Widget; onSaved: (w: Widget) => void; onConflict: () => void }) => {
  const [users, setUsers] = useState<readonly User[] | null>(null);
  const [chosen, setChosen] = useState<ReadonlySet<string>>(() => new Set(widget.agentIds));
  const [error, setError] = useState<string | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    void allUsers().then((all) => {
      if (!all) return setError('The users could not be loaded.');
      setUsers(all.filter((u) => u.status === 'active' || widget.agentIds.includes(u.id)));
    });
  }, []);
  const dirty = [...chosen].sort().join() !== [...widget.agentIds].sort().join();
  const leaving = useLeaveWarning(dirty, 'this widget', widgetHref(widget.id, 'agents'));
  const save = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const {
      data,
      error: err,
      response,
    } = await api.PUT('/api/v1/widgets/{id}/agents', {
      params: { path: { id: widget.id } },
      headers: ifMatch(widget.version),
      body: { agentIds: [...chosen] },
    });
    setBusy(false);
    if (data) {
      const n = data.agentIds.length;
      setNote(
        n === 0
          ? 'Saved: no agent serves this widget.'
          : n === 1
            ? 'Saved: 1 agent serves this widget.'
            : `Saved: ${n} agents serve this widget.`,
      );
      void loadWidgetNames(); // whether the signed-in agent serves a widget now, in the inbox
      return onSaved(data);
    }
    if (response.status === 412) return onConflict();
    setError(problemMessage(err, 'The agents could not be saved.'));
  };
  if (users === null && !error)
    return (
      <p class="empty" aria-busy="true">
        Loading users…
      </p>
    );
  return (
    <form class="widget-form" onSubmit={save}>
      <fieldset>
        <legend>Agents who serve this widget</legend>
        <p class="hint">
          They get its chats and see its history. Owners and admins see every widget’s history and settings anyway, but get its chats only
          when ticked here too.
        </p>
        {users?.length === 0 && <p class="empty">No users yet: add some in Users.</p>}
        <ul class="widget-agents">
          {users?.map((u) => (
            <li key={u.id}>
              <Check
                id={`w-agent-${u.id}`}
                label={`${u.name} (${u.role}${u.status === 'deactivated' ? ', deactivated' : ''}) — ${u.email}`}
                checked={chosen.has(u.id)}
                onChange={(v) => {
                  const next = new Set(chosen);
                  if (v) next.add(u.id);
                  else next.delete(u.id);
                  setNote(null);
                  setChosen(next);
                }}
              />
            </li>
          ))}
        </ul>
      </fieldset>
      <div class="widget-save">
        <button class="btn btn-primary" type="submit" disabled={!dirty || busy}>
          Save agents
        </button>
        <span class="widget-dirty" role="status">
          {dirty ? 'Unsaved changes' : (note ?? '')}
        </span>
      </div>
      <ErrorAlert message={error} />
      {leaving}
    </form>
  );
};

const InstallTab = ({ widget }: { widget: Widget }) => {
  const [snippet, setSnippet] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [copied, setCopied] = useState<string | null>(null);
  useEffect(() => {
    // Served with the widget's own files (not in the typed API document): only where the host serves the widget UI.
    void fetch(`/api/v1/widgets/${encodeURIComponent(widget.id)}/snippet`, { credentials: 'same-origin' })
      .then(async (r) => {
        const body = (await r.json().catch(() => null)) as { html?: string } | null;
        if (r.ok && typeof body?.html === 'string') setSnippet(body.html);
        else setError(problemMessage(body, 'The snippet could not be loaded.'));
      })
      .catch(() => setError('The snippet could not be loaded. Check your connection and reload.'));
  }, [widget.id]);
  const copy = async () => {
    if (snippet === null) return;
    if (await copyText(snippet)) return setCopied('Copied to the clipboard. Paste it just before </body> on every page of your site.');
    (document.getElementById('w-snippet') as HTMLTextAreaElement | null)?.select();
    setCopied('Your browser did not allow copying: the snippet is selected, press Ctrl+C (⌘C on a Mac).');
  };
  return (
    <div class="widget-install">
      <h2>Install on your site</h2>
      {error ? (
        <p class="error" role="alert">
          {error}
        </p>
      ) : snippet === null ? (
        <p class="empty" aria-busy="true">
          Loading the snippet…
        </p>
      ) : (
        <>
          <div class="field">
            <label for="w-snippet">Paste this just before &lt;/body&gt; on the pages where the chat button should appear</label>
            <textarea id="w-snippet" class="widget-snippet" rows={3} readOnly value={snippet} />
          </div>
          <button class="btn btn-primary" type="button" onClick={() => void copy()}>
            Copy snippet
          </button>
          <p class="widget-copied" role="status">
            {copied}
          </p>
        </>
      )}
      <p>
        <a href={`/demo/${encodeURIComponent(widget.id)}`} target="_blank" rel="noopener">
          Try the widget on a demo page (opens a new tab)
        </a>
      </p>
      {widget.settings.allowedOrigins?.length ? (
        <p class="hint">Only these sites may embed it: {widget.settings.allowedOrigins.join(', ')}.</p>
      ) : (
        <p class="hint">Any site may embed it; list your sites under Sites & visitors to stop others.</p>
      )}
    </div>
  );
};

const DeleteWidget = ({ widget }: { widget: Widget }) => {
  const [asking, setAsking] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const cancel = useRef<HTMLButtonElement>(null);
  // Asked to confirm, the safe answer takes the focus.
  useEffect(() => {
    if (asking) cancel.current?.focus();
  }, [asking]);
  const remove = async () => {
    const { error: e, response } = await api.DELETE('/api/v1/widgets/{id}', { params: { path: { id: widget.id } } });
    if (!response.ok) return setError(problemMessage(e, 'The widget could not be deleted.'));
    void loadWidgetNames();
    navigate('/app/admin/widgets', false, true); // unsaved changes to a deleted widget are nothing to keep
  };
  return (
    <section class="widget-danger" aria-labelledby="widget-danger-title">
      <h2 id="widget-danger-title">Delete this widget</h2>
      {asking ? (
        <div role="alertdialog" aria-labelledby="widget-danger-ask">
          <p id="widget-danger-ask">Delete “{widget.name}” for good? Its chat button stops working on every site that embeds it.</p>
          <div class="dialog-actions">
            <button class="btn btn-danger" type="button" onClick={() => void remove()}>
              Delete widget
            </button>
            <button class="btn" type="button" onClick={() => setAsking(false)} ref={cancel}>
              Cancel
            </button>
          </div>
        </div>
      ) : (
        <button class="btn btn-danger" type="button" onClick={() => setAsking(true)}>
          Delete widget…
        </button>
      )}
      <ErrorAlert message={error} />
    </section>
  );
};
