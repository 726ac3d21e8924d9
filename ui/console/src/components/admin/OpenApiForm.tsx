import { useState } from 'preact/hooks';
import type { Schemas } from '@parley/api-client';
import { api } from '../../api.js';
import { dateTime } from '../../clock.js';
import { FieldError, LoadFailed, SaveFailed } from './feedback.js';
import { ConfirmDialog } from './ConfirmDialog.js';
import { formProblem, ifMatch } from './form.js';
import { useIntegrationForm } from './integration-form.js';
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
  const {
    view,
    draft,
    set,
    loadError,
    load,
    accept,
    save,
    removeWith,
    problem,
    setProblem,
    notice,
    setNotice,
    busy,
    setBusy,
    err,
    invalid,
  } = useIntegrationForm({
    read: () => api.GET('/api/v1/widgets/{id}/integrations/open-api', { params: { path: { id: widgetId } } }),
    draftOf,
    failed: 'The Open API settings could not be loaded.',
    deps: [widgetId],
  });
  const [secret, setSecret] = useState<string | null>(null);
  const [rotating, setRotating] = useState(false);
  const [removing, setRemoving] = useState(false);

  if (loadError) return <LoadFailed message={loadError} onRetry={load} />;
  if (!view || !draft) return <p aria-busy="true">Loading the Open API settings…</p>;

  const submit = async (e: Event) => {
    e.preventDefault();
    const body = {
      url: draft.url.trim(),
      enabled: draft.enabled,
      events: draft.events,
      authHeader: draft.authHeader.trim() || 'Authorization',
      ...(draft.removeToken ? { authToken: null } : draft.authToken ? { authToken: draft.authToken } : {}),
    };
    const data = await save((headers) =>
      api.PUT('/api/v1/widgets/{id}/integrations/open-api', { params: { path: { id: widgetId } }, body, headers }),
    );
    if (data?.secret) setSecret(data.secret);
  };

  /** Makes a new signing secret; answers the error to show in the confirmation, or null when done. */
  const rotate = async (): Promise<string | null> => {
    const { data, error, response } = await api.POST('/api/v1/widgets/{id}/integrations/open-api/rotate-secret', {
      params: { path: { id: widgetId } },
      headers: ifMatch(view.version),
    });
    if (error || !data) return formProblem(error, response.status).message;
    accept(data);
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
      <form onSubmit={submit} noValidate>
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
            {...invalid('/url', 'oa-url-error')}
          />
          <FieldError id="oa-url-error" message={err('/url')} />
        </div>
        <label class="check">
          <input type="checkbox" checked={draft.enabled} onChange={(e) => set({ enabled: (e.target as HTMLInputElement).checked })} /> Send
          events (off: nothing is sent, test events excepted)
        </label>
        <fieldset class="events" {...invalid('/events', 'oa-events-error')}>
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
          <FieldError id="oa-events-error" message={err('/events')} />
        </fieldset>
        <div class="field-row">
          <div class="field">
            <label for="oa-header">Authentication header</label>
            <input
              id="oa-header"
              value={draft.authHeader}
              onInput={(e) => set({ authHeader: (e.target as HTMLInputElement).value })}
              {...invalid('/authHeader', 'oa-header-error')}
            />
            <FieldError id="oa-header-error" message={err('/authHeader')} />
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
              {...invalid('/authToken', 'oa-token-error')}
            />
            <FieldError id="oa-token-error" message={err('/authToken')} />
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
          <p class="hint">The previous signing secret also signs until {dateTime(view.previousSecretExpiresAt)}.</p>
        )}
        <SaveFailed problem={problem} onReload={load} />
        {notice && (
          <p class="saved" role="status">
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
              <button type="button" class="btn btn-danger" disabled={busy} onClick={() => setRemoving(true)}>
                Remove the webhook
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
      {removing && (
        <ConfirmDialog
          title="Remove the webhook?"
          action="Remove the webhook"
          focusCancel
          onConfirm={() =>
            removeWith((headers) =>
              api.DELETE('/api/v1/widgets/{id}/integrations/open-api', { params: { path: { id: widgetId } }, headers }),
            )
          }
          onClose={() => setRemoving(false)}
        >
          <p>
            Nothing more is sent to <strong>{view.url}</strong>; events still waiting to be sent are dropped. The signing secret and the
            token are deleted for good, so setting the webhook up again makes a new secret. The delivery log stays.
          </p>
        </ConfirmDialog>
      )}
    </section>
  );
};
