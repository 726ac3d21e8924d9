import { useEffect, useState } from 'preact/hooks';
import { problemMessage, type Schemas } from '@parley/api-client';
import { api } from '../../api.js';
import { LoadFailed } from './feedback.js';
import { ConfirmDialog } from './ConfirmDialog.js';
import { formProblem, ifMatch, type FormProblem } from './form.js';
import { Secret } from './Secret.js';

type OpenApi = Schemas['OpenApiIntegration'];
type EventType = OpenApi['events'][number];

/** Every event the webhook can push, in the words the admin sees (a new server event is a compile error here until named). */
export const EVENT_LABELS: Readonly<Record<EventType, string>> = {
  'offline_request.created': 'Offline request left',
  'chat.started': 'Chat started',
  'chat.finished': 'Chat finished (with transcript)',
  'conversation.queued': 'Chat queued',
  'conversation.assigned': 'Chat assigned to an agent',
  'conversation.responded': 'First agent reply',
  'conversation.transferred': 'Chat transferred',
  'conversation.closed': 'Chat closed',
  'conversation.labeled': 'Labels changed',
  'conversation.surveyed': 'Visitor rated the chat',
  'agent.status_changed': 'Agent status changed',
};

interface Draft {
  url: string;
  enabled: boolean;
  events: EventType[];
  authHeader: string;
  /** A new token to send; empty keeps the current one. */
  authToken: string;
  removeToken: boolean;
}

const draftOf = (v: OpenApi): Draft => ({
  url: v.url ?? '',
  enabled: v.configured ? v.enabled : true,
  events: [...v.events],
  authHeader: v.authHeader,
  authToken: '',
  removeToken: false,
});

/**
 * The Open API webhook of a widget: where Parley POSTs signed JSON, which events, and an optional static
 * token in a header of the admin's choice (write-only). The first save and each rotation show the signing
 * secret once. "Send test event" queues a sample offline request through the delivery log.
 */
export const OpenApiForm = ({ widgetId, onQueued }: { widgetId: string; onQueued: () => void }) => {
  const [view, setView] = useState<OpenApi | null>(null);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const [busy, setBusy] = useState(false);
  const [secret, setSecret] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [rotating, setRotating] = useState(false);

  const load = async () => {
    setLoadError(null);
    const { data, error } = await api.GET('/api/v1/widgets/{id}/integrations/open-api', { params: { path: { id: widgetId } } });
    if (error || !data) return setLoadError(problemMessage(error, 'The Open API settings could not be loaded.'));
    setView(data);
    setDraft(draftOf(data));
    setProblem(null);
  };
  useEffect(() => {
    void load();
  }, [widgetId]);

  if (loadError) return <LoadFailed message={loadError} onRetry={load} />;
  if (!view || !draft) return <p aria-busy="true">Loading the Open API settings…</p>;

  const set = (patch: Partial<Draft>) => setDraft({ ...draft, ...patch });
  const err = (path: string) => problem?.fields[path];
  const described = (path: string, id: string) => (err(path) ? { 'aria-invalid': true, 'aria-describedby': id } : {});

  const save = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setNotice(null);
    const body = {
      url: draft.url.trim(),
      enabled: draft.enabled,
      events: draft.events,
      authHeader: draft.authHeader.trim() || 'Authorization',
      ...(draft.removeToken ? { authToken: null } : draft.authToken ? { authToken: draft.authToken } : {}),
    };
    const { data, error, response } = await api.PUT('/api/v1/widgets/{id}/integrations/open-api', {
      params: { path: { id: widgetId } },
      body,
      headers: ifMatch(view.version),
    });
    setBusy(false);
    if (error || !data) return setProblem(formProblem(error, response.status));
    setView(data);
    setDraft(draftOf(data));
    setProblem(null);
    if (data.secret) setSecret(data.secret);
    setNotice('Saved.');
  };

  /** Makes a new signing secret; answers the error to show in the confirmation, or null when done. */
  const rotate = async (): Promise<string | null> => {
    const { data, error, response } = await api.POST('/api/v1/widgets/{id}/integrations/open-api/rotate-secret', {
      params: { path: { id: widgetId } },
      headers: ifMatch(view.version),
    });
    if (error || !data) return formProblem(error, response.status).message;
    setView(data);
    setDraft(draftOf(data));
    if (data.secret) setSecret(data.secret);
    return null;
  };

  const sendTest = async () => {
    setBusy(true);
    setNotice(null);
    const { error } = await api.POST('/api/v1/widgets/{id}/integrations/open-api/test', { params: { path: { id: widgetId } } });
    setBusy(false);
    if (error) return setProblem(formProblem(error));
    setNotice('Test event queued: its tries show in the delivery log below.');
    onQueued();
  };

  const toggleEvent = (ev: EventType, on: boolean) =>
    set({ events: (Object.keys(EVENT_LABELS) as EventType[]).filter((k) => (k === ev ? on : draft.events.includes(k))) });

  return (
    <section class="card" aria-labelledby="open-api-title">
      <h2 id="open-api-title">Open API webhook</h2>
      <p class="hint">
        Parley POSTs signed JSON (<code>webhook-id</code>, <code>webhook-timestamp</code>, <code>webhook-signature</code> headers) to your
        endpoint for the events you pick, and retries for about three days until it answers 2xx.
      </p>
      {secret && (
        <Secret
          title="Signing secret"
          value={secret}
          note="Copy it now into your receiver: it is shown only this once; rotate it if it is lost."
          onDismiss={() => setSecret(null)}
        />
      )}
      <form onSubmit={save} noValidate>
        <div class="field">
          <label for="oa-url">Endpoint URL</label>
          <input
            id="oa-url"
            type="url"
            inputMode="url"
            placeholder="https://example.com/parley-hook"
            required
            value={draft.url}
            onInput={(e) => set({ url: (e.target as HTMLInputElement).value })}
            {...described('/url', 'oa-url-error')}
          />
          {err('/url') && (
            <span class="field-error" id="oa-url-error">
              {err('/url')}
            </span>
          )}
        </div>
        <label class="check">
          <input type="checkbox" checked={draft.enabled} onChange={(e) => set({ enabled: (e.target as HTMLInputElement).checked })} /> Send
          events (off: nothing is sent, test events excepted)
        </label>
        <fieldset class="events" {...described('/events', 'oa-events-error')}>
          <legend>Events</legend>
          {(Object.keys(EVENT_LABELS) as EventType[]).map((ev) => (
            <label class="check" key={ev}>
              <input
                type="checkbox"
                checked={draft.events.includes(ev)}
                onChange={(e) => toggleEvent(ev, (e.target as HTMLInputElement).checked)}
              />{' '}
              {EVENT_LABELS[ev]} <code>{ev}</code>
            </label>
          ))}
          {err('/events') && (
            <span class="field-error" id="oa-events-error">
              {err('/events')}
            </span>
          )}
        </fieldset>
        <div class="field-row">
          <div class="field">
            <label for="oa-header">Authentication header</label>
            <input
              id="oa-header"
              value={draft.authHeader}
              onInput={(e) => set({ authHeader: (e.target as HTMLInputElement).value })}
              {...described('/authHeader', 'oa-header-error')}
            />
            {err('/authHeader') && (
              <span class="field-error" id="oa-header-error">
                {err('/authHeader')}
              </span>
            )}
          </div>
          <div class="field">
            <label for="oa-token">Authentication token</label>
            <input
              id="oa-token"
              type="password"
              autoComplete="off"
              placeholder={view.authTokenSet ? 'Set: type to replace it' : 'None'}
              value={draft.authToken}
              disabled={draft.removeToken}
              onInput={(e) => set({ authToken: (e.target as HTMLInputElement).value })}
              {...described('/authToken', 'oa-token-error')}
            />
            {err('/authToken') && (
              <span class="field-error" id="oa-token-error">
                {err('/authToken')}
              </span>
            )}
            {view.authTokenSet && (
              <label class="check">
                <input
                  type="checkbox"
                  checked={draft.removeToken}
                  onChange={(e) => set({ removeToken: (e.target as HTMLInputElement).checked })}
                />{' '}
                Remove the token
              </label>
            )}
          </div>
        </div>
        {view.previousSecretExpiresAt && (
          <p class="hint">The previous signing secret also signs until {new Date(view.previousSecretExpiresAt).toLocaleString()}.</p>
        )}
        {problem && (
          <div class="error" role="alert">
            <p>{problem.message}</p>
            {problem.stale && (
              <button type="button" class="btn" onClick={() => void load()}>
                Reload
              </button>
            )}
          </div>
        )}
        {notice && (
          <p class="notice" role="status">
            {notice}
          </p>
        )}
        <div class="dialog-actions">
          <button type="submit" class="btn btn-primary" disabled={busy}>
            {view.configured ? 'Save' : 'Set up the webhook'}
          </button>
          {view.configured && (
            <>
              <button type="button" class="btn" disabled={busy} onClick={() => void sendTest()}>
                Send test event
              </button>
              <button type="button" class="btn" disabled={busy} onClick={() => setRotating(true)}>
                Rotate signing secret
              </button>
            </>
          )}
        </div>
      </form>
      {rotating && (
        <ConfirmDialog title="Make a new signing secret?" action="Rotate the secret" onConfirm={rotate} onClose={() => setRotating(false)}>
          <p>The current secret keeps signing for 24 hours, so you can update your receiver; the new one is shown once.</p>
        </ConfirmDialog>
      )}
    </section>
  );
};
