import type { Schemas } from '@parley/api-client';
import { problemMessage } from '@parley/api-client';
import { INPUT_LIMITS as L } from '@parley/core/limits';
import type { Ref } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { allPages, allWidgets, api, pageQuery } from '../../api.js';
import type { CannedResponse } from '../../canned.js';
import type { Label } from '../../model.js';
import { loadLabels, navigate } from '../../store.js';
import { FieldError, InputField, LoadFailed, SaveFailed } from './feedback.js';
import { useLoad } from './use-load.js';
import { ConfirmDialog } from './ConfirmDialog.js';
import { useEditFocus } from './edit-focus.js';
import { addressQuery } from './address.js';
import { ifMatch, saveProblem, type SaveProblem } from './form.js';
import { SearchField } from './search-field.js';
import { WidgetSelect } from '../widget-select.js';

type Widget = Schemas['Widget'];

/** A response's fields as the form edits them. */
interface Draft {
  shortcut: string;
  title: string;
  text: string;
  widgetId: string;
}

const EMPTY: Draft = { shortcut: '', title: '', text: '', widgetId: '' };

/** The form of a new or an existing canned response. */
const CannedForm = (props: {
  readonly idPrefix: string;
  readonly initial: Draft;
  readonly widgets: readonly Widget[];
  readonly submitLabel: string;
  readonly save: (d: Draft) => Promise<SaveProblem | null>;
  readonly onCancel?: () => void;
  readonly onReload?: () => void;
  readonly formRef?: Ref<HTMLFormElement>;
}) => {
  const [d, setD] = useState<Draft>(props.initial);
  const [problem, setProblem] = useState<SaveProblem | null>(null);
  const f = problem?.fields ?? {};
  const id = (name: string) => `${props.idPrefix}-${name}`;
  const input = (name: keyof Draft) => (e: { currentTarget: { value: string } }) => setD({ ...d, [name]: e.currentTarget.value });
  const described = (name: string) => (f[name] ? id(`${name}-error`) : undefined);
  return (
    <form
      class="admin-form"
      ref={props.formRef}
      onKeyDown={(ev) => {
        if (ev.key === 'Escape' && props.onCancel) props.onCancel();
      }}
      onSubmit={async (ev) => {
        ev.preventDefault();
        const p = await props.save(d);
        setProblem(p);
        if (!p && !props.onCancel) setD(EMPTY);
      }}
    >
      <div class="admin-grid">
        <InputField
          id={id('shortcut')}
          label="Shortcut"
          error={f.shortcut}
          required
          value={d.shortcut}
          placeholder="refund"
          onInput={input('shortcut')}
        />
        <InputField id={id('title')} label="Title" error={f.title} required maxLength={L.name} value={d.title} onInput={input('title')} />
        <WidgetSelect
          id={id('widget')}
          label="For"
          widgets={props.widgets}
          value={d.widgetId}
          any="Every widget"
          onChange={(widgetId) => setD({ ...d, widgetId })}
        />
      </div>
      <div class="field">
        <label for={id('text')}>Text</label>
        <textarea
          id={id('text')}
          required
          rows={3}
          maxLength={L.cannedText}
          value={d.text}
          aria-describedby={`${id('text-hint')} ${described('text') ?? ''}`.trim()}
          onInput={input('text')}
        />
        <span class="hint" id={id('text-hint')}>
          {'{visitor.name}'} and {'{agent.name}'} are filled in when an agent uses it.
        </span>
        <FieldError id={id('text-error')} message={f.text} />
      </div>
      <SaveFailed problem={problem} onReload={props.onReload} />
      <div class="dialog-actions">
        <button class="btn btn-primary" type="submit">
          {props.submitLabel}
        </button>
        {props.onCancel && (
          <button class="btn" type="button" onClick={props.onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
};

const toBody = (d: Draft) => ({ shortcut: d.shortcut, title: d.title, text: d.text, widgetId: d.widgetId || null });

/** The canned responses: searched by the server (`?q=` in the address), added, edited in place and deleted. */
const CannedResponses = () => {
  const [items, setItems] = useState<CannedResponse[] | null>(null);
  const [widgets, setWidgets] = useState<Widget[]>([]);
  const [editing, setEditing] = useState<string | null>(null);
  const editForm = useEditFocus(editing);
  const [deleting, setDeleting] = useState<CannedResponse | null>(null);
  const q = addressQuery().get('q') ?? '';
  const [query, setQuery] = useState(q);

  const { loadError, load } = useLoad(async () => {
    const all = await allPages((cursor) =>
      api
        .GET('/api/v1/canned-responses', {
          params: { query: { ...pageQuery(cursor), ...(q ? { q } : {}) } },
        })
        .then((r) => r.data),
    );
    if (!all) return 'The canned responses could not be loaded.';
    setItems(all);
  }, [q]);
  useEffect(() => void allWidgets().then((all) => setWidgets(all ?? [])), []);

  const widgetName = (id: string | null) => (id ? (widgets.find((w) => w.id === id)?.name ?? 'One widget') : 'Every widget');
  const add = async (d: Draft) => {
    const { data, error: e, response } = await api.POST('/api/v1/canned-responses', { body: toBody(d) });
    if (!data) return saveProblem(e, response.status);
    await load();
    return null;
  };
  const edit = (r: CannedResponse) => async (d: Draft) => {
    const {
      data,
      error: e,
      response,
    } = await api.PATCH('/api/v1/canned-responses/{id}', {
      params: { path: { id: r.id }, header: ifMatch(r.version) },
      body: toBody(d),
    });
    if (!data) return saveProblem(e, response.status);
    setEditing(null);
    await load();
    return null;
  };

  return (
    <section aria-labelledby="canned-title">
      <h2 id="canned-title">Canned responses</h2>
      <form
        class="admin-filters"
        role="search"
        onSubmit={(ev) => {
          ev.preventDefault();
          const s = query.trim();
          navigate(`/app/admin/canned${s ? `?q=${encodeURIComponent(s)}` : ''}`);
        }}
      >
        <SearchField id="canned-q" value={query} placeholder="Shortcut, title or text" onInput={setQuery} />
        <button class="btn" type="submit">
          Search
        </button>
      </form>
      {loadError && <LoadFailed message={loadError} onRetry={load} />}
      {!items && !loadError && <p class="empty">Loading…</p>}
      {items?.length === 0 && (
        <p class="empty">{q ? `No canned response matches “${q}”.` : 'No canned responses yet. Add the first below.'}</p>
      )}
      {items && items.length > 0 && (
        <ul class="admin-cards">
          {items.map((r) =>
            editing === r.id ? (
              <li key={r.id}>
                <CannedForm
                  formRef={editForm}
                  idPrefix={`edit-${r.id}`}
                  initial={{ shortcut: r.shortcut, title: r.title, text: r.text, widgetId: r.widgetId ?? '' }}
                  widgets={widgets}
                  submitLabel="Save"
                  save={edit(r)}
                  onCancel={() => setEditing(null)}
                  onReload={() => void load().then(() => setEditing(null))}
                />
              </li>
            ) : (
              <li key={r.id} class="canned-item">
                <div>
                  <span class="canned-shortcut">/{r.shortcut}</span> <span class="canned-title-admin">{r.title}</span>
                  <span class="hint admin-sub">{widgetName(r.widgetId)}</span>
                  {r.widgetId && items.some((o) => !o.widgetId && o.shortcut === r.shortcut) && (
                    <span class="hint admin-sub">Used in its chats instead of the account-wide /{r.shortcut}</span>
                  )}
                  <p class="canned-body">{r.text}</p>
                </div>
                <div class="dialog-actions">
                  <button class="btn" type="button" aria-label={`Edit /${r.shortcut}`} data-edits={r.id} onClick={() => setEditing(r.id)}>
                    Edit
                  </button>
                  <button class="btn btn-danger" type="button" aria-label={`Delete /${r.shortcut}`} onClick={() => setDeleting(r)}>
                    Delete
                  </button>
                </div>
              </li>
            ),
          )}
        </ul>
      )}
      <h3>Add a canned response</h3>
      <CannedForm idPrefix="new-canned" initial={EMPTY} widgets={widgets} submitLabel="Add response" save={add} />
      {deleting && (
        <ConfirmDialog
          title={`Delete /${deleting.shortcut}?`}
          action="Delete response"
          focusCancel
          onClose={() => setDeleting(null)}
          onConfirm={async () => {
            await api.DELETE('/api/v1/canned-responses/{id}', { params: { path: { id: deleting.id } } }).then(() => load());
            return null;
          }}
        >
          <p>Agents can no longer insert it. This cannot be undone.</p>
        </ConfirmDialog>
      )}
    </section>
  );
};

/** The account's labels: added, renamed (If-Match) and deleted. */
const Labels = () => {
  const [items, setItems] = useState<Label[] | null>(null);
  const [problem, setProblem] = useState<SaveProblem | null>(null);
  const [renaming, setRenaming] = useState<{ label: Label; name: string; problem: SaveProblem | null } | null>(null);
  const [deleting, setDeleting] = useState<Label | null>(null);
  const renameForm = useEditFocus(renaming?.label.id ?? null);
  const section = useRef<HTMLElement>(null);
  /** Where the deleted label stood: its Delete button is gone with it, so the focus goes to the one now there. */
  const deletedAt = useRef<number | null>(null);
  const focusAfterDelete = () => {
    const at = deletedAt.current;
    deletedAt.current = null;
    if (at === null) return;
    const buttons = section.current?.querySelectorAll<HTMLElement>('.label-item .btn-danger') ?? [];
    (buttons[Math.min(at, buttons.length - 1)] ?? section.current?.querySelector<HTMLElement>('#labels-title'))?.focus();
  };

  const { loadError, load } = useLoad(async () => {
    const { data, error: e } = await api.GET('/api/v1/labels');
    if (!data) return problemMessage(e, 'The labels could not be loaded.');
    setItems(data.items);
    void loadLabels();
  }, []);

  const add = async (ev: Event) => {
    ev.preventDefault();
    const form = ev.currentTarget as HTMLFormElement;
    const fd = new FormData(form);
    const {
      data,
      error: e,
      response,
    } = await api.POST('/api/v1/labels', { body: { name: String(fd.get('name') ?? ''), color: String(fd.get('color') ?? '') } });
    if (!data) return setProblem(saveProblem(e, response.status));
    setProblem(null);
    form.reset();
    await load();
  };
  const rename = async (ev: Event) => {
    ev.preventDefault();
    if (!renaming) return;
    const { label, name } = renaming;
    const {
      data,
      error: e,
      response,
    } = await api.PATCH('/api/v1/labels/{id}', { params: { path: { id: label.id }, header: ifMatch(label.version) }, body: { name } });
    if (!data) return setRenaming({ ...renaming, problem: saveProblem(e, response.status) });
    setRenaming(null);
    await load();
  };
  const f = problem?.fields ?? {};
  return (
    <section ref={section} aria-labelledby="labels-title">
      <h2 id="labels-title" tabIndex={-1}>
        Labels
      </h2>
      {loadError && <LoadFailed message={loadError} onRetry={load} />}
      {!items && !loadError && <p class="empty">Loading…</p>}
      {items?.length === 0 && <p class="empty">No labels yet. Agents tag chats with the labels added here.</p>}
      {items && items.length > 0 && (
        <ul class="admin-cards">
          {items.map((l) => (
            <li key={l.id} class="label-item">
              {renaming?.label.id === l.id ? (
                <form
                  class="admin-row"
                  ref={renameForm}
                  onSubmit={rename}
                  onKeyDown={(ev) => {
                    if (ev.key === 'Escape') setRenaming(null);
                  }}
                >
                  <div class="field">
                    <label for={`rename-${l.id}`}>New name for {l.name}</label>
                    <input
                      id={`rename-${l.id}`}
                      required
                      maxLength={L.labelName}
                      value={renaming.name}
                      onInput={(e) => setRenaming({ ...renaming, name: e.currentTarget.value })}
                      aria-describedby={renaming.problem ? `rename-${l.id}-error` : undefined}
                    />
                    <FieldError
                      id={`rename-${l.id}-error`}
                      message={renaming.problem?.fields.name ?? renaming.problem?.message ?? undefined}
                    />
                  </div>
                  <button class="btn btn-primary" type="submit">
                    Save
                  </button>
                  <button
                    class="btn"
                    type="button"
                    onClick={() => (renaming.problem?.stale ? void load().then(() => setRenaming(null)) : setRenaming(null))}
                  >
                    {renaming.problem?.stale ? 'Reload' : 'Cancel'}
                  </button>
                </form>
              ) : (
                <>
                  <span
                    class="label-swatch"
                    data-color={l.color}
                    ref={(el) => el?.style.setProperty('--swatch', l.color)}
                    aria-hidden="true"
                  />
                  <span class="label-name">{l.name}</span>
                  <div class="dialog-actions">
                    <button
                      class="btn"
                      type="button"
                      aria-label={`Rename ${l.name}`}
                      data-edits={l.id}
                      onClick={() => setRenaming({ label: l, name: l.name, problem: null })}
                    >
                      Rename
                    </button>
                    <button class="btn btn-danger" type="button" aria-label={`Delete ${l.name}`} onClick={() => setDeleting(l)}>
                      Delete
                    </button>
                  </div>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
      <form class="admin-form admin-row" onSubmit={add} aria-labelledby="add-label-title">
        <h3 id="add-label-title" class="visually-hidden">
          Add a label
        </h3>
        <InputField id="new-label-name" label="Label name" error={f.name} name="name" required maxLength={L.labelName} />
        <InputField id="new-label-color" label="Colour" error={f.color} name="color" type="color" defaultValue="#2563eb" />
        <button class="btn btn-primary" type="submit">
          Add label
        </button>
      </form>
      {problem?.message && (
        <p class="error" role="alert">
          {problem.message}
        </p>
      )}
      {deleting && (
        <ConfirmDialog
          title={`Delete the label ${deleting.name}?`}
          action="Delete label"
          focusCancel
          onClose={() => {
            setDeleting(null);
            focusAfterDelete(); // the dialog gave it back to the gone button
          }}
          onConfirm={async () => {
            await api.DELETE('/api/v1/labels/{id}', { params: { path: { id: deleting.id } } }).then(() => load());
            deletedAt.current = items?.indexOf(deleting) ?? 0;
            return null;
          }}
        >
          <p>Chats that carry it lose it from view. This cannot be undone.</p>
        </ConfirmDialog>
      )}
    </section>
  );
};

/** Canned responses and labels, the two lists agents pick from while they chat. */
export const CannedScreen = (_: { readonly rest: readonly string[] }) => (
  <div class="admin-canned">
    <h1>Canned responses &amp; labels</h1>
    <CannedResponses />
    <Labels />
  </div>
);
