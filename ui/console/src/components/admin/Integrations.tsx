import { problemMessage, type Problem, type Schemas } from '@parley/api-client';
import { useEffect, useState } from 'preact/hooks';
import { api } from '../../api.js';
import { navigate } from '../../store.js';
import { errorAt, moved, type Widget } from '../../widget-form.js';

type OpenApi = Schemas['OpenApiIntegration'];
type Salesforce = Schemas['SalesforceIntegration'];
type Delivery = Schemas['Delivery'];
type DeliveryDetail = Schemas['DeliveryDetail'];
type Mapping = Salesforce['fieldMapping'][number];
type FieldErrors = readonly { readonly path?: string; readonly message: string }[];

/** Every event an Open API integration can push, with its name in the form (a missing one is a compile error). */
const EVENTS: Readonly<Record<OpenApi['events'][number], string>> = {
  'chat.finished': 'A chat ended (support request)',
  'offline_request.created': 'An offline request arrived (support request)',
  'chat.started': 'A chat started',
  'conversation.queued': 'A chat was queued',
  'conversation.assigned': 'A chat was assigned',
  'conversation.responded': 'An agent answered',
  'conversation.transferred': 'A chat was transferred',
  'conversation.closed': 'A chat was closed',
  'conversation.labeled': 'A chat was labelled',
  'conversation.surveyed': 'A visitor rated a chat',
  'agent.status_changed': 'An agent’s status changed',
};
const SALESFORCE_EVENTS: Readonly<Record<Salesforce['events'][number], string>> = {
  'chat.finished': 'A chat ended',
  'offline_request.created': 'An offline request arrived',
};
const STATUSES: readonly Delivery['status'][] = ['pending', 'in_flight', 'succeeded', 'failed', 'dead', 'skipped'];

const base = (widgetId: string) => `/app/admin/integrations/${encodeURIComponent(widgetId)}`;

/** Integrations per widget: `/app/admin/integrations` picks the widget, `/app/admin/integrations/<id>` shows its integrations. */
export const IntegrationsScreen = ({ rest }: { readonly rest: readonly string[] }) => {
  const [widgets, setWidgets] = useState<readonly Widget[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    void api.GET('/api/v1/widgets', { params: { query: { limit: 200 } } }).then(({ data, error: e }) => {
      if (data) setWidgets(data.items as Widget[]);
      else setError(problemMessage(e, 'The widgets could not be loaded.'));
    });
  }, []);
  const widgetId = rest[0] ?? '';
  const widget = widgets?.find((w) => w.id === widgetId);
  return (
    <section class="integrations" aria-labelledby="integrations-title">
      <h1 id="integrations-title">Integrations{widget ? `: ${widget.name}` : ''}</h1>
      {error ? (
        <p class="error" role="alert">
          {error}
        </p>
      ) : widgets === null ? (
        <p class="empty" aria-busy="true">
          Loading widgets…
        </p>
      ) : widgets.length === 0 ? (
        <p class="empty">No widget yet: integrations belong to a widget. Create one under Widgets.</p>
      ) : (
        <div class="field integrations-pick">
          <label for="int-widget">Widget</label>
          <select
            id="int-widget"
            value={widgetId}
            onChange={(e) => navigate(e.currentTarget.value ? base(e.currentTarget.value) : '/app/admin/integrations')}
          >
            <option value="">Choose a widget…</option>
            {widgets.map((w) => (
              <option key={w.id} value={w.id}>
                {w.name}
              </option>
            ))}
          </select>
        </div>
      )}
      {widgets && widgetId && !widget && (
        <p class="error" role="alert">
          There is no such widget.
        </p>
      )}
      {widget && (
        <div key={widget.id}>
          <OpenApiPanel widgetId={widget.id} />
          <DeliveryLog widgetId={widget.id} />
          <SalesforcePanel widgetId={widget.id} />
        </div>
      )}
    </section>
  );
};

/** The outcome of a versioned write: the 412 as a conflict, else the problem's field errors and message. */
const failure = (status: number, error: unknown) =>
  status === 412
    ? { conflict: true, errors: [] as FieldErrors, message: null }
    : {
        conflict: false,
        errors: ((error as Problem | undefined)?.errors ?? []) as FieldErrors,
        message: problemMessage(error, 'Not saved.'),
      };

const Conflict = ({ onReload }: { onReload: () => void }) => (
  <div class="widget-conflict" role="alert">
    <p>
      <strong>These settings were changed by someone else</strong> since you opened them. Yours were not saved. Reload, then make your
      changes again.
    </p>
    <button class="btn btn-primary" type="button" onClick={onReload}>
      Reload
    </button>
  </div>
);

const FieldError = ({ id, text }: { id: string; text: string | null }) =>
  text ? (
    <small id={id} class="field-error">
      {text}
    </small>
  ) : null;

const OpenApiPanel = ({ widgetId }: { widgetId: string }) => {
  const [saved, setSaved] = useState<OpenApi | null>(null);
  const [url, setUrl] = useState('');
  const [enabled, setEnabled] = useState(true);
  const [events, setEvents] = useState<ReadonlySet<string>>(new Set());
  const [authHeader, setAuthHeader] = useState('Authorization');
  const [authToken, setAuthToken] = useState('');
  const [removeToken, setRemoveToken] = useState(false);
  const [secret, setSecret] = useState<string | null>(null);
  const [errors, setErrors] = useState<FieldErrors>([]);
  const [message, setMessage] = useState<string | null>(null);
  const [conflict, setConflict] = useState(false);
  const [note, setNote] = useState<string | null>(null);

  const show = (v: OpenApi) => {
    setSaved(v);
    setUrl(v.url ?? '');
    // Not set up yet, the form offers it switched on: setting it up is meant to make it work.
    setEnabled(v.configured ? v.enabled : true);
    setEvents(new Set(v.events));
    setAuthHeader(v.authHeader);
    setAuthToken('');
    setRemoveToken(false);
    if (v.secret) setSecret(v.secret);
  };
  const load = async () => {
    setConflict(false);
    setErrors([]);
    setMessage(null);
    const { data, error } = await api.GET('/api/v1/widgets/{id}/integrations/open-api', { params: { path: { id: widgetId } } });
    if (data) show(data);
    else setMessage(problemMessage(error, 'The Open API settings could not be loaded.'));
  };
  useEffect(() => void load(), [widgetId]);

  const settle = (data: OpenApi | undefined, error: unknown, status: number, done: string) => {
    if (data) {
      show(data);
      setErrors([]);
      setMessage(null);
      setNote(done);
      return;
    }
    const f = failure(status, error);
    setConflict(f.conflict);
    setErrors(f.errors);
    setMessage(f.message);
  };
  const save = async (e: Event) => {
    e.preventDefault();
    if (!saved) return;
    setNote(null);
    const token = removeToken ? { authToken: null } : authToken ? { authToken } : {};
    const { data, error, response } = await api.PUT('/api/v1/widgets/{id}/integrations/open-api', {
      params: { path: { id: widgetId } },
      headers: { 'if-match': `"${saved.version}"` },
      body: { url, enabled, events: [...events] as OpenApi['events'], authHeader, ...token },
    });
    settle(data, error, response.status, 'Saved.');
  };
  const rotate = async () => {
    if (!saved || !window.confirm('Make a new signing secret? The old one keeps signing for 24 hours; update your receiver before then.'))
      return;
    const { data, error, response } = await api.POST('/api/v1/widgets/{id}/integrations/open-api/rotate-secret', {
      params: { path: { id: widgetId } },
      headers: { 'if-match': `"${saved.version}"` },
    });
    settle(data, error, response.status, 'A new signing secret was made.');
  };
  const at = (p: string) => errorAt(errors, p);

  if (!saved)
    return message ? (
      <p class="error" role="alert">
        {message}
      </p>
    ) : (
      <p class="empty" aria-busy="true">
        Loading…
      </p>
    );
  return (
    <form class="widget-form" onSubmit={save} noValidate aria-labelledby="int-openapi-title">
      <fieldset>
        <legend id="int-openapi-title">Open API (webhooks)</legend>
        <p class="hint">Parley POSTs each chosen event as JSON to your URL, signed (Standard Webhooks), and retries failures.</p>
        {conflict && <Conflict onReload={() => void load()} />}
        {secret && (
          <div class="integrations-secret" role="status">
            <p>
              <strong>Signing secret — shown only now.</strong> Copy it into your receiver; Parley will not show it again.
            </p>
            <code>{secret}</code>
            <button class="btn" type="button" onClick={() => setSecret(null)}>
              I have copied it
            </button>
          </div>
        )}
        <div class="field" data-invalid={at('/url') ? 'true' : undefined}>
          <label for="int-url">URL</label>
          <input
            id="int-url"
            type="url"
            placeholder="https://hooks.example.com/parley"
            value={url}
            aria-invalid={!!at('/url')}
            aria-describedby={at('/url') ? 'int-url-error' : undefined}
            onInput={(e) => setUrl(e.currentTarget.value)}
          />
          <FieldError id="int-url-error" text={at('/url')} />
        </div>
        <div class="check">
          <input id="int-enabled" type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.currentTarget.checked)} />
          <label for="int-enabled">Send deliveries</label>
        </div>
        <fieldset class="integrations-events">
          <legend>Events</legend>
          {Object.entries(EVENTS).map(([ev, title]) => (
            <div class="check" key={ev}>
              <input
                id={`int-ev-${ev}`}
                type="checkbox"
                checked={events.has(ev)}
                onChange={(e) => {
                  const next = new Set(events);
                  if (e.currentTarget.checked) next.add(ev);
                  else next.delete(ev);
                  setEvents(next);
                }}
              />
              <label for={`int-ev-${ev}`}>
                {title} <code>{ev}</code>
              </label>
            </div>
          ))}
        </fieldset>
        <div class="field" data-invalid={at('/authHeader') ? 'true' : undefined}>
          <label for="int-auth-header">Header for the token</label>
          <input
            id="int-auth-header"
            value={authHeader}
            onInput={(e) => setAuthHeader(e.currentTarget.value)}
            aria-describedby="int-auth-header-error"
          />
          <FieldError id="int-auth-header-error" text={at('/authHeader')} />
        </div>
        <div class="field" data-invalid={at('/authToken') ? 'true' : undefined}>
          <label for="int-auth-token">Token {saved.authTokenSet ? '(one is set: type to replace it)' : '(none set)'}</label>
          <input
            id="int-auth-token"
            type="password"
            autocomplete="off"
            value={authToken}
            disabled={removeToken}
            onInput={(e) => setAuthToken(e.currentTarget.value)}
            aria-describedby="int-auth-token-error"
          />
          <FieldError id="int-auth-token-error" text={at('/authToken')} />
        </div>
        {saved.authTokenSet && (
          <div class="check">
            <input id="int-remove-token" type="checkbox" checked={removeToken} onChange={(e) => setRemoveToken(e.currentTarget.checked)} />
            <label for="int-remove-token">Remove the token</label>
          </div>
        )}
        <div class="widget-save">
          <button class="btn btn-primary" type="submit" disabled={conflict}>
            {saved.configured ? 'Save Open API settings' : 'Set up Open API'}
          </button>
          {saved.configured && (
            <button class="btn" type="button" onClick={() => void rotate()} disabled={conflict}>
              Rotate signing secret…
            </button>
          )}
          <span class="widget-dirty" role="status">
            {note}
          </span>
        </div>
        {saved.previousSecretExpiresAt && (
          <p class="hint">The previous secret keeps signing until {new Date(saved.previousSecretExpiresAt).toLocaleString()}.</p>
        )}
        {message && (
          <p class="error" role="alert">
            {message}
          </p>
        )}
      </fieldset>
    </form>
  );
};

const statusFilterOf = () => {
  const s = new URLSearchParams(location.search).get('status');
  return STATUSES.includes(s as Delivery['status']) ? (s as Delivery['status']) : '';
};

const DeliveryLog = ({ widgetId }: { widgetId: string }) => {
  const status = statusFilterOf();
  const [items, setItems] = useState<readonly Delivery[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [open, setOpen] = useState<DeliveryDetail | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const load = async () => {
    setError(null);
    const { data, error: e } = await api.GET('/api/v1/widgets/{id}/deliveries', {
      params: { path: { id: widgetId }, query: { limit: 50, ...(status ? { status } : {}) } },
    });
    if (data) setItems(data.items);
    else setError(problemMessage(e, 'The deliveries could not be loaded.'));
  };
  useEffect(() => void load(), [widgetId, status]);
  const show = async (id: string) => {
    const { data, error: e } = await api.GET('/api/v1/deliveries/{id}', { params: { path: { id } } });
    if (data) setOpen(data);
    else setError(problemMessage(e, 'The delivery could not be loaded.'));
  };
  const redeliver = async (id: string) => {
    const { data, error: e } = await api.POST('/api/v1/deliveries/{id}/redeliver', { params: { path: { id } } });
    if (!data) return setError(problemMessage(e, 'The delivery could not be sent again.'));
    setNote('Queued to be sent again.');
    await load();
    if (open?.id === id) await show(id);
  };
  return (
    <section class="integrations-log" aria-labelledby="int-log-title">
      <h2 id="int-log-title">Deliveries</h2>
      <div class="integrations-log-bar">
        <div class="field">
          <label for="int-status">Status</label>
          <select
            id="int-status"
            value={status}
            onChange={(e) => navigate(`${base(widgetId)}${e.currentTarget.value ? `?status=${e.currentTarget.value}` : ''}`, true)}
          >
            <option value="">Any</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {s.replace('_', ' ')}
              </option>
            ))}
          </select>
        </div>
        <button class="btn" type="button" onClick={() => void load()}>
          Refresh
        </button>
        <span class="widget-dirty" role="status">
          {note}
        </span>
      </div>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {items === null ? (
        <p class="empty" aria-busy="true">
          Loading deliveries…
        </p>
      ) : items.length === 0 ? (
        <p class="empty">No delivery{status ? ` with status ${status}` : ''} yet.</p>
      ) : (
        <table class="widget-table integrations-table">
          <caption class="visually-hidden">Deliveries, newest first</caption>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Event</th>
              <th scope="col">To</th>
              <th scope="col">Status</th>
              <th scope="col">Tries</th>
              <th scope="col">Last answer</th>
              <th scope="col">
                <span class="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((d) => (
              <tr key={d.id} data-status={d.status}>
                <td>{new Date(d.createdAt).toLocaleString()}</td>
                <td>
                  <code>{d.eventType}</code>
                </td>
                <td>{d.target.replace('_', ' ')}</td>
                <td>{d.status.replace('_', ' ')}</td>
                <td>{d.attempts}</td>
                <td>{d.lastStatus ?? d.lastError ?? '—'}</td>
                <td class="integrations-actions">
                  <button class="btn" type="button" onClick={() => void show(d.id)} aria-label={`Show the tries of delivery ${d.id}`}>
                    Tries
                  </button>
                  {d.status !== 'in_flight' && d.target !== 'email' && (
                    <button class="btn" type="button" onClick={() => void redeliver(d.id)} aria-label={`Send delivery ${d.id} again`}>
                      Redeliver
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {open && (
        <section class="integrations-detail" aria-labelledby="int-detail-title">
          <h3 id="int-detail-title">
            Tries of <code>{open.eventType}</code> ({open.id})
          </h3>
          {(open.attemptLog ?? []).length === 0 ? (
            <p class="empty">Not tried yet.</p>
          ) : (
            <ol class="integrations-tries">
              {(open.attemptLog ?? []).map((a, i) => (
                <li key={a.id ?? i} data-ok={a.ok ? 'true' : 'false'}>
                  <strong>{a.ok ? 'OK' : 'Failed'}</strong> {a.startedAt ? new Date(a.startedAt).toLocaleString() : ''} · status{' '}
                  {a.status ?? '—'} · {a.latencyMs ?? '—'} ms
                  {a.error && <div class="integrations-try-error">{a.error}</div>}
                  {a.responseSnippet && <pre class="integrations-snippet">{a.responseSnippet}</pre>}
                </li>
              ))}
            </ol>
          )}
          <button class="btn" type="button" onClick={() => setOpen(null)}>
            Close
          </button>
        </section>
      )}
    </section>
  );
};

const emptyMapping = (): Mapping => ({ leadField: '', source: { field: 'requester_details.email' } });

const SalesforcePanel = ({ widgetId }: { widgetId: string }) => {
  const [saved, setSaved] = useState<Salesforce | null>(null);
  const [instanceUrl, setInstanceUrl] = useState('');
  const [enabled, setEnabled] = useState(true);
  const [authFlow, setAuthFlow] = useState<Salesforce['authFlow']>('client_credentials');
  const [clientId, setClientId] = useState('');
  const [clientSecret, setClientSecret] = useState('');
  const [refreshToken, setRefreshToken] = useState('');
  const [events, setEvents] = useState<ReadonlySet<string>>(new Set());
  const [mapping, setMapping] = useState<readonly Mapping[]>([]);
  const [errors, setErrors] = useState<FieldErrors>([]);
  const [message, setMessage] = useState<string | null>(null);
  const [conflict, setConflict] = useState(false);
  const [note, setNote] = useState<string | null>(null);
  const show = (v: Salesforce) => {
    setSaved(v);
    setInstanceUrl(v.instanceUrl ?? '');
    // Not set up yet, the form offers it switched on: setting it up is meant to make it work.
    setEnabled(v.configured ? v.enabled : true);
    setAuthFlow(v.authFlow);
    setClientId(v.clientId ?? '');
    setClientSecret('');
    setRefreshToken('');
    setEvents(new Set(v.events));
    setMapping(v.fieldMapping);
  };
  const load = async () => {
    setConflict(false);
    setErrors([]);
    setMessage(null);
    const { data, error } = await api.GET('/api/v1/widgets/{id}/integrations/salesforce', { params: { path: { id: widgetId } } });
    if (data) show(data);
    else setMessage(problemMessage(error, 'The Salesforce settings could not be loaded.'));
  };
  useEffect(() => void load(), [widgetId]);
  const save = async (e: Event) => {
    e.preventDefault();
    if (!saved) return;
    setNote(null);
    const { data, error, response } = await api.PUT('/api/v1/widgets/{id}/integrations/salesforce', {
      params: { path: { id: widgetId } },
      headers: { 'if-match': `"${saved.version}"` },
      body: {
        enabled,
        authFlow,
        events: [...events] as Salesforce['events'],
        fieldMapping: [...mapping],
        ...(instanceUrl ? { instanceUrl } : {}),
        ...(clientId ? { clientId } : {}),
        ...(clientSecret ? { clientSecret } : {}),
        ...(refreshToken ? { refreshToken } : {}),
      },
    });
    if (data) {
      show(data);
      setErrors([]);
      setMessage(null);
      return setNote('Saved.');
    }
    const f = failure(response.status, error);
    setConflict(f.conflict);
    setErrors(f.errors);
    setMessage(f.message);
  };
  const at = (p: string) => errorAt(errors, p);
  const put = (i: number, m: Mapping) => setMapping(mapping.map((x, j) => (j === i ? m : x)));
  if (!saved) return null;
  return (
    <form class="widget-form" onSubmit={save} noValidate aria-labelledby="int-sf-title">
      <fieldset>
        <legend id="int-sf-title">Salesforce</legend>
        <p class="hint">Creates a Lead after each chosen event. Credentials are write-only: they are never shown again.</p>
        {conflict && <Conflict onReload={() => void load()} />}
        <div class="field" data-invalid={at('/instanceUrl') ? 'true' : undefined}>
          <label for="sf-url">Instance URL</label>
          <input
            id="sf-url"
            type="url"
            placeholder="https://acme.my.salesforce.com"
            value={instanceUrl}
            onInput={(e) => setInstanceUrl(e.currentTarget.value)}
            aria-describedby="sf-url-error"
          />
          <FieldError id="sf-url-error" text={at('/instanceUrl')} />
        </div>
        <div class="check">
          <input id="sf-enabled" type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.currentTarget.checked)} />
          <label for="sf-enabled">Create Leads</label>
        </div>
        <div class="field">
          <label for="sf-flow">Sign-in flow</label>
          <select id="sf-flow" value={authFlow} onChange={(e) => setAuthFlow(e.currentTarget.value as Salesforce['authFlow'])}>
            <option value="client_credentials">Client credentials</option>
            <option value="refresh_token">Refresh token</option>
          </select>
        </div>
        <div class="field" data-invalid={at('/clientId') ? 'true' : undefined}>
          <label for="sf-client-id">Consumer key</label>
          <input
            id="sf-client-id"
            value={clientId}
            onInput={(e) => setClientId(e.currentTarget.value)}
            aria-describedby="sf-client-id-error"
          />
          <FieldError id="sf-client-id-error" text={at('/clientId')} />
        </div>
        <div class="field" data-invalid={at('/clientSecret') ? 'true' : undefined}>
          <label for="sf-secret">Consumer secret {saved.clientSecretSet ? '(set: type to replace it)' : '(none set)'}</label>
          <input
            id="sf-secret"
            type="password"
            autocomplete="off"
            value={clientSecret}
            onInput={(e) => setClientSecret(e.currentTarget.value)}
            aria-describedby="sf-secret-error"
          />
          <FieldError id="sf-secret-error" text={at('/clientSecret')} />
        </div>
        {authFlow === 'refresh_token' && (
          <div class="field" data-invalid={at('/refreshToken') ? 'true' : undefined}>
            <label for="sf-refresh">Refresh token {saved.refreshTokenSet ? '(set: type to replace it)' : '(none set)'}</label>
            <input
              id="sf-refresh"
              type="password"
              autocomplete="off"
              value={refreshToken}
              onInput={(e) => setRefreshToken(e.currentTarget.value)}
              aria-describedby="sf-refresh-error"
            />
            <FieldError id="sf-refresh-error" text={at('/refreshToken')} />
          </div>
        )}
        <fieldset class="integrations-events">
          <legend>Events</legend>
          {Object.entries(SALESFORCE_EVENTS).map(([ev, title]) => (
            <div class="check" key={ev}>
              <input
                id={`sf-ev-${ev}`}
                type="checkbox"
                checked={events.has(ev)}
                onChange={(e) => {
                  const next = new Set(events);
                  if (e.currentTarget.checked) next.add(ev);
                  else next.delete(ev);
                  setEvents(next);
                }}
              />
              <label for={`sf-ev-${ev}`}>{title}</label>
            </div>
          ))}
        </fieldset>
        <fieldset>
          <legend>Lead field mapping</legend>
          {mapping.length === 0 && <p class="empty">No mapping: Leads get the default fields.</p>}
          <ol class="widget-rules">
            {mapping.map((m, i) => {
              const isField = 'field' in m.source;
              const err = at(`/fieldMapping/${i}`);
              return (
                <li key={i} class="widget-rule integrations-mapping">
                  <div class="widget-rule-row">
                    <div class="field">
                      <label for={`sf-map-${i}-lead`}>Lead field</label>
                      <input
                        id={`sf-map-${i}-lead`}
                        placeholder="LastName"
                        value={m.leadField}
                        onInput={(e) => put(i, { ...m, leadField: e.currentTarget.value })}
                      />
                    </div>
                    <div class="field">
                      <label for={`sf-map-${i}-kind`}>Takes</label>
                      <select
                        id={`sf-map-${i}-kind`}
                        value={isField ? 'field' : 'value'}
                        onChange={(e) => put(i, { ...m, source: e.currentTarget.value === 'field' ? { field: '' } : { value: '' } })}
                      >
                        <option value="field">A chat field</option>
                        <option value="value">A fixed value</option>
                      </select>
                    </div>
                    <div class="field">
                      <label for={`sf-map-${i}-src`}>{isField ? 'Chat field' : 'Value'}</label>
                      <input
                        id={`sf-map-${i}-src`}
                        placeholder={isField ? 'requester_details.email' : 'Web chat'}
                        value={'field' in m.source ? m.source.field : String(m.source.value ?? '')}
                        onInput={(e) =>
                          put(i, { ...m, source: isField ? { field: e.currentTarget.value } : { value: e.currentTarget.value } })
                        }
                      />
                    </div>
                  </div>
                  {err && <small class="field-error">{err}</small>}
                  <div class="widget-rule-actions">
                    <button
                      class="btn"
                      type="button"
                      disabled={i === 0}
                      onClick={() => setMapping(moved(mapping, i, i - 1))}
                      aria-label={`Move mapping ${i + 1} up`}
                    >
                      ↑ Up
                    </button>
                    <button
                      class="btn btn-danger"
                      type="button"
                      onClick={() => setMapping(mapping.filter((_, j) => j !== i))}
                      aria-label={`Remove mapping ${i + 1}`}
                    >
                      Remove
                    </button>
                  </div>
                </li>
              );
            })}
          </ol>
          <button class="btn" type="button" onClick={() => setMapping([...mapping, emptyMapping()])}>
            Add a mapping
          </button>
        </fieldset>
        <div class="widget-save">
          <button class="btn btn-primary" type="submit" disabled={conflict}>
            {saved.configured ? 'Save Salesforce settings' : 'Connect Salesforce'}
          </button>
          <span class="widget-dirty" role="status">
            {note}
          </span>
        </div>
        {message && (
          <p class="error" role="alert">
            {message}
          </p>
        )}
      </fieldset>
    </form>
  );
};
