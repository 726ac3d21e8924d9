import { useState } from 'preact/hooks';
import type { Schemas } from '@parley/api-client';
import { api } from '../../api.js';
import { FieldError, LoadFailed, SaveFailed } from './feedback.js';
import { formProblem } from './form.js';
import { ConfirmDialog } from './ConfirmDialog.js';
import { useIntegrationForm } from './integration-form.js';

type Salesforce = Schemas['SalesforceIntegration'];
type Mapping = Salesforce['fieldMapping'][number];
type SfEvent = Salesforce['events'][number];
type Check = Schemas['SalesforceCheck'];

const SF_EVENTS: Readonly<Record<SfEvent, string>> = {
  'offline_request.created': 'Offline request left',
  'chat.finished': 'Chat finished',
};

/** Lead fields most mappings use, offered as suggestions; any field API name (custom `__c` ones too) may be typed. */
const LEAD_FIELDS = [
  'LastName',
  'FirstName',
  'Company',
  'Email',
  'Phone',
  'Description',
  'LeadSource',
  'City',
  'State',
  'Country',
  'Website',
];
const VARIABLE = 'javascript_variables.';

/** One row of the mapping editor: the Lead field, and where its value comes from. */
interface Row {
  leadField: string;
  kind: 'field' | 'variable' | 'value';
  /** The support-request field, the custom variable's name, or the fixed value. */
  source: string;
}

const rowOf = (m: Mapping): Row =>
  'field' in m.source
    ? m.source.field.startsWith(VARIABLE)
      ? { leadField: m.leadField, kind: 'variable', source: m.source.field.slice(VARIABLE.length) }
      : { leadField: m.leadField, kind: 'field', source: m.source.field }
    : { leadField: m.leadField, kind: 'value', source: m.source.value === null ? '' : String(m.source.value) };

const mappingOf = (r: Row): Mapping => ({
  leadField: r.leadField.trim(),
  source: r.kind === 'value' ? { value: r.source } : { field: r.kind === 'variable' ? `${VARIABLE}${r.source.trim()}` : r.source },
});

interface Draft {
  enabled: boolean;
  instanceUrl: string;
  apiVersion: string;
  authFlow: Salesforce['authFlow'];
  clientId: string;
  clientSecret: string;
  refreshToken: string;
  events: SfEvent[];
  rows: Row[];
}

const draftOf = (v: Salesforce): Draft => ({
  enabled: v.configured ? v.enabled : true,
  instanceUrl: v.instanceUrl ?? '',
  apiVersion: v.apiVersion ?? 'v62.0',
  authFlow: v.authFlow,
  clientId: v.clientId ?? '',
  clientSecret: '',
  refreshToken: '',
  events: [...v.events],
  rows: v.configured ? v.fieldMapping.map(rowOf) : [{ leadField: 'LastName', kind: 'field', source: 'requester_last_name' }],
});

/**
 * The Salesforce connection of a widget: instance URL and OAuth client (secrets write-only: the form only
 * says whether they are set), which events create a Lead, and the field mapping, whose sources are the
 * support-request fields the server lists, a custom variable of the page, or a fixed value.
 */
export const SalesforceForm = ({ widgetId }: { widgetId: string }) => {
  const { view, draft, set, loadError, load, save, removeWith, problem, setProblem, notice, setNotice, busy, setBusy, err, invalid } =
    useIntegrationForm({
      read: () => api.GET('/api/v1/widgets/{id}/integrations/salesforce', { params: { path: { id: widgetId } } }),
      draftOf,
      failed: 'The Salesforce settings could not be loaded.',
      deps: [widgetId],
    });
  const [check, setCheck] = useState<Check | null>(null);
  /** Whether the last action was the check (its result is said), not a save; its Lead fields stay for the mapping. */
  const [checkSaid, setCheckSaid] = useState(false);
  const [removing, setRemoving] = useState(false);

  if (loadError) return <LoadFailed message={loadError} onRetry={load} />;
  if (!view || !draft) return <p aria-busy="true">Loading the Salesforce settings…</p>;

  const setRow = (i: number, patch: Partial<Row>) => set({ rows: draft.rows.map((r, j) => (j === i ? { ...r, ...patch } : r)) });

  const submit = async (e: Event) => {
    e.preventDefault();
    const body = {
      enabled: draft.enabled,
      instanceUrl: draft.instanceUrl.trim(),
      apiVersion: draft.apiVersion.trim(),
      authFlow: draft.authFlow,
      clientId: draft.clientId.trim(),
      ...(draft.clientSecret ? { clientSecret: draft.clientSecret } : {}),
      ...(draft.refreshToken ? { refreshToken: draft.refreshToken } : {}),
      events: draft.events,
      fieldMapping: draft.rows.map(mappingOf),
    };
    setCheckSaid(false);
    await save((headers) => api.PUT('/api/v1/widgets/{id}/integrations/salesforce', { params: { path: { id: widgetId } }, body, headers }));
  };

  const test = async () => {
    setBusy(true);
    setCheck(null);
    setNotice(null);
    setCheckSaid(true);
    const { data, error } = await api.POST('/api/v1/widgets/{id}/integrations/salesforce/test', { params: { path: { id: widgetId } } });
    setBusy(false);
    if (error || !data) return setProblem(formProblem(error));
    setProblem(null);
    setCheck(data);
  };
  /** The org's own Lead fields once a check listed them, else the usual ones. */
  const leadFields = check?.leadFields ?? LEAD_FIELDS;

  return (
    <section class="card" aria-labelledby="salesforce-title">
      <h2 id="salesforce-title">Salesforce</h2>
      <p class="hint">
        Each chosen event creates a Lead through a Connected App (OAuth 2.0), retried like webhooks; tries show in the delivery log.
      </p>
      <form onSubmit={submit} noValidate>
        <label class="check">
          <input type="checkbox" checked={draft.enabled} onChange={(e) => set({ enabled: (e.target as HTMLInputElement).checked })} />{' '}
          Create leads
        </label>
        <div class="field-row">
          <div class="field">
            <label for="sf-url">Instance URL</label>
            <input
              id="sf-url"
              type="url"
              placeholder="https://acme.my.salesforce.com"
              value={draft.instanceUrl}
              onInput={(e) => set({ instanceUrl: (e.target as HTMLInputElement).value })}
              {...invalid('/instanceUrl', 'sf-url-error')}
            />
            <FieldError id="sf-url-error" message={err('/instanceUrl')} />
          </div>
          <div class="field">
            <label for="sf-version">API version</label>
            <input
              id="sf-version"
              value={draft.apiVersion}
              onInput={(e) => set({ apiVersion: (e.target as HTMLInputElement).value })}
              {...invalid('/apiVersion', 'sf-version-error')}
            />
            <FieldError id="sf-version-error" message={err('/apiVersion')} />
          </div>
        </div>
        <fieldset class="events">
          <legend>Sign-in flow</legend>
          <label class="check">
            <input
              type="radio"
              name="sf-flow"
              checked={draft.authFlow === 'client_credentials'}
              onChange={() => set({ authFlow: 'client_credentials' })}
            />{' '}
            Client credentials
          </label>
          <label class="check">
            <input
              type="radio"
              name="sf-flow"
              checked={draft.authFlow === 'refresh_token'}
              onChange={() => set({ authFlow: 'refresh_token' })}
            />{' '}
            Refresh token
          </label>
        </fieldset>
        <div class="field-row">
          <div class="field">
            <label for="sf-client">Consumer key</label>
            <input
              id="sf-client"
              autoComplete="off"
              value={draft.clientId}
              onInput={(e) => set({ clientId: (e.target as HTMLInputElement).value })}
              {...invalid('/clientId', 'sf-client-error')}
            />
            <FieldError id="sf-client-error" message={err('/clientId')} />
          </div>
          <div class="field">
            <label for="sf-secret">Consumer secret</label>
            <input
              id="sf-secret"
              type="password"
              autoComplete="off"
              placeholder={view.clientSecretSet ? 'Set: type to replace it' : ''}
              value={draft.clientSecret}
              onInput={(e) => set({ clientSecret: (e.target as HTMLInputElement).value })}
              {...invalid('/clientSecret', 'sf-secret-error')}
            />
            <FieldError id="sf-secret-error" message={err('/clientSecret')} />
          </div>
        </div>
        {draft.authFlow === 'refresh_token' && (
          <div class="field">
            <label for="sf-refresh">Refresh token</label>
            <input
              id="sf-refresh"
              type="password"
              autoComplete="off"
              placeholder={view.refreshTokenSet ? 'Set: type to replace it' : ''}
              value={draft.refreshToken}
              onInput={(e) => set({ refreshToken: (e.target as HTMLInputElement).value })}
              {...invalid('/refreshToken', 'sf-refresh-error')}
            />
            <FieldError id="sf-refresh-error" message={err('/refreshToken')} />
          </div>
        )}
        <fieldset class="events">
          <legend>Create a Lead when</legend>
          {(Object.keys(SF_EVENTS) as SfEvent[]).map((ev) => (
            <label class="check" key={ev}>
              <input
                type="checkbox"
                checked={draft.events.includes(ev)}
                onChange={(e) =>
                  set({
                    events: (Object.keys(SF_EVENTS) as SfEvent[]).filter((k) =>
                      k === ev ? (e.target as HTMLInputElement).checked : draft.events.includes(k),
                    ),
                  })
                }
              />{' '}
              {SF_EVENTS[ev]}
            </label>
          ))}
        </fieldset>
        <fieldset class="mapping">
          <legend>Field mapping</legend>
          <datalist id="lead-fields">
            {leadFields.map((f) => (
              <option key={f} value={f} />
            ))}
          </datalist>
          <p class="hint" id="map-hint">
            Every Lead gets the visitor’s first and last name, e-mail and message (Description) and LeadSource “Chat”; LastName and Company,
            which Salesforce requires, are “[not provided]” when unknown. A mapped field adds to these or replaces one.
          </p>
          {draft.rows.length === 0 && <p class="empty">No fields mapped: Leads get the fields above.</p>}
          <ol>
            {draft.rows.map((r, i) => (
              <li key={i} class="mapping-row">
                <div class="field">
                  <label for={`map-lead-${i}`}>Lead field</label>
                  <input
                    id={`map-lead-${i}`}
                    list="lead-fields"
                    value={r.leadField}
                    onInput={(e) => setRow(i, { leadField: (e.target as HTMLInputElement).value })}
                    {...invalid(`/fieldMapping/${i}/leadField`, `map-lead-${i}-error`)}
                  />
                  <FieldError id={`map-lead-${i}-error`} message={err(`/fieldMapping/${i}/leadField`)} />
                </div>
                <div class="field">
                  <label for={`map-kind-${i}`}>Takes</label>
                  <select
                    id={`map-kind-${i}`}
                    value={r.kind}
                    onChange={(e) => {
                      const kind = (e.target as HTMLSelectElement).value as Row['kind'];
                      setRow(i, { kind, source: kind === 'field' ? (view.sourceFields[0] ?? '') : '' });
                    }}
                  >
                    <option value="field">A chat field</option>
                    <option value="variable">A page variable</option>
                    <option value="value">A fixed value</option>
                  </select>
                </div>
                <div class="field">
                  <label for={`map-source-${i}`}>
                    {r.kind === 'field' ? 'Chat field' : r.kind === 'variable' ? 'Variable name' : 'Value'}
                  </label>
                  {r.kind === 'field' ? (
                    <select
                      id={`map-source-${i}`}
                      value={r.source}
                      onChange={(e) => setRow(i, { source: (e.target as HTMLSelectElement).value })}
                      {...invalid(`/fieldMapping/${i}/source/field`, `map-source-${i}-error`)}
                    >
                      {view.sourceFields.map((f) => (
                        <option key={f} value={f}>
                          {f}
                        </option>
                      ))}
                    </select>
                  ) : (
                    <input
                      id={`map-source-${i}`}
                      value={r.source}
                      onInput={(e) => setRow(i, { source: (e.target as HTMLInputElement).value })}
                      {...invalid(`/fieldMapping/${i}/source/${r.kind === 'value' ? 'value' : 'field'}`, `map-source-${i}-error`)}
                    />
                  )}
                  <FieldError
                    id={`map-source-${i}-error`}
                    message={err(`/fieldMapping/${i}/source/${r.kind === 'value' ? 'value' : 'field'}`)}
                  />
                </div>
                <button
                  type="button"
                  class="btn btn-danger"
                  aria-label={`Remove the mapping of ${r.leadField || `row ${i + 1}`}`}
                  onClick={() => set({ rows: draft.rows.filter((_, j) => j !== i) })}
                >
                  Remove
                </button>
              </li>
            ))}
          </ol>
          <button
            type="button"
            class="btn"
            onClick={() => set({ rows: [...draft.rows, { leadField: '', kind: 'field', source: view.sourceFields[0] ?? '' }] })}
          >
            Add a field
          </button>
        </fieldset>
        <SaveFailed problem={problem} onReload={load} />
        {notice && (
          <p class="saved" role="status">
            {notice}
          </p>
        )}
        {check && checkSaid && (
          <p class={check.ok ? 'saved' : 'error'} role="status">
            {check.ok
              ? `Connected: Salesforce granted a token and lists ${check.leadFields?.length ?? 0} Lead fields you can map (${check.latencyMs} ms).`
              : `The connection does not work: ${check.error ?? 'no answer'}.`}
          </p>
        )}
        <div class="dialog-actions">
          <button type="submit" class="btn btn-primary" disabled={busy}>
            {view.configured ? 'Save' : 'Connect Salesforce'}
          </button>
          {view.configured && (
            <>
              <button type="button" class="btn" disabled={busy} onClick={() => void test()}>
                Test connection
              </button>
              <button type="button" class="btn btn-danger" disabled={busy} onClick={() => setRemoving(true)}>
                Disconnect Salesforce
              </button>
            </>
          )}
        </div>
      </form>
      {removing && (
        <ConfirmDialog
          title="Disconnect Salesforce?"
          action="Disconnect"
          focusCancel
          onConfirm={async () => {
            const failed = await removeWith((headers) =>
              api.DELETE('/api/v1/widgets/{id}/integrations/salesforce', { params: { path: { id: widgetId } }, headers }),
            );
            if (!failed) setCheck(null);
            return failed;
          }}
          onClose={() => setRemoving(false)}
        >
          <p>
            No more Leads are created in <strong>{view.instanceUrl}</strong>; those still waiting to be sent are dropped. The consumer
            secret, the refresh token and the field mapping are deleted for good. The delivery log stays.
          </p>
        </ConfirmDialog>
      )}
    </section>
  );
};
