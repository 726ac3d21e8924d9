import { useEffect, useState } from 'preact/hooks';
import { problemMessage, type Schemas } from '@parley/api-client';
import { INPUT_LIMITS as L } from '@parley/core/limits';
import { api, allUsers } from '../../api.js';
import { LoadFailed } from './feedback.js';
import { ConfirmDialog } from './ConfirmDialog.js';
import { instantOfLocal } from './Monitor.js';
import { Secret } from './Secret.js';

type Token = Schemas['ApiToken'];
type Scope = Token['scope'];

const when = (iso: string) => new Date(iso).toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' });

const SCOPE_LABEL: Record<Scope, string> = { read: 'Read', full: 'Full' };

/**
 * Personal access tokens for scripts and BI tools: created with a name, a scope (`read`: GET on the API with a
 * supervisor's rights; `full`: also the compatible APIs' writes) and an optional expiry; the secret is shown once.
 * The list shows each token's creator, scope, expiry and last use; revoking (after a confirmation) stops it at once.
 */
export const TokensScreen = (_: { readonly rest: readonly string[] }) => {
  const [tokens, setTokens] = useState<Token[] | null>(null);
  const [people, setPeople] = useState<Record<string, string>>({});
  const [loadError, setLoadError] = useState<string | null>(null);
  const [label, setLabel] = useState('');
  const [scope, setScope] = useState<Scope>('read');
  const [expires, setExpires] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [created, setCreated] = useState<{ label: string; secret: string } | null>(null);
  const [revoking, setRevoking] = useState<Token | null>(null);

  const load = async () => {
    setLoadError(null);
    const { data, error } = await api.GET('/api/v1/account/api-tokens');
    if (error || !data) setLoadError(problemMessage(error, 'The API tokens could not be loaded.'));
    else setTokens((data as { items: Token[] }).items);
  };
  useEffect(() => {
    void load();
    void allUsers().then((users) => setPeople(Object.fromEntries((users ?? []).map((u) => [u.id, u.name || u.email]))));
  }, []);

  const create = async (ev: Event) => {
    ev.preventDefault();
    setErrors({});
    const body = { label: label.trim() || 'API token', scope, expiresAt: instantOfLocal(expires) };
    const { data, error } = await api.POST('/api/v1/account/api-tokens', { body: body as never });
    if (error || !data) {
      const byField: Record<string, string> = {};
      for (const d of (error as { errors?: { path?: string; message: string }[] } | undefined)?.errors ?? [])
        byField[d.path ?? ''] = d.message;
      if (!Object.keys(byField).length) byField[''] = problemMessage(error);
      setErrors(byField);
      return;
    }
    const made = data as { token: Token; secret: string };
    setCreated({ label: made.token.label, secret: made.secret });
    setLabel('');
    setExpires('');
    setScope('read');
    void load();
  };

  const fieldError = (path: string) =>
    errors[path] ? (
      <p class="field-error" id={`token-err-${path.slice(1)}`}>
        {errors[path]}
      </p>
    ) : null;

  return (
    <section class="tokens" aria-labelledby="tokens-title">
      <h1 id="tokens-title">API tokens</h1>
      <p class="hint">
        Tokens let scripts and BI tools call the API without a person’s sign-in: send <code>Authorization: Bearer &lt;token&gt;</code>. A
        read token may GET everything a supervisor sees (audit log, reports, chats); no token may change settings.
      </p>
      <form class="token-form" onSubmit={create} noValidate>
        <div class="field">
          <label for="token-label">Name</label>
          <input
            id="token-label"
            maxLength={L.name}
            value={label}
            placeholder="Reporting script"
            aria-describedby={errors['/label'] ? 'token-err-label' : undefined}
            onInput={(ev) => setLabel((ev.currentTarget as HTMLInputElement).value)}
          />
          {fieldError('/label')}
        </div>
        <fieldset class="token-scope">
          <legend>Scope</legend>
          <label class="check">
            <input type="radio" name="scope" value="read" checked={scope === 'read'} onChange={() => setScope('read')} /> Read: GET on the
            API, as a supervisor
          </label>
          <label class="check">
            <input type="radio" name="scope" value="full" checked={scope === 'full'} onChange={() => setScope('full')} /> Full: also sets
            agents’ status through the compatible APIs
          </label>
          {fieldError('/scope')}
        </fieldset>
        <div class="field">
          <label for="token-expires">Expires (empty: until revoked)</label>
          <input
            id="token-expires"
            type="datetime-local"
            value={expires}
            aria-describedby={errors['/expiresAt'] ? 'token-err-expiresAt' : undefined}
            onInput={(ev) => setExpires((ev.currentTarget as HTMLInputElement).value)}
          />
          {fieldError('/expiresAt')}
        </div>
        {errors[''] && (
          <p class="error" role="alert">
            {errors['']}
          </p>
        )}
        <div class="form-actions">
          <button class="btn btn-primary" type="submit">
            Create token
          </button>
        </div>
      </form>
      {created && (
        <Secret
          title={`Token “${created.label}”`}
          value={created.secret}
          note="Copy it now: it is shown only this once."
          onDismiss={() => setCreated(null)}
        />
      )}
      {loadError && <LoadFailed message={loadError} onRetry={load} />}
      {!tokens && !loadError && <p class="empty">Loading the API tokens…</p>}
      {tokens && tokens.length === 0 && <p class="empty">No API tokens yet.</p>}
      {tokens && tokens.length > 0 && (
        <div class="table-scroll">
          <table class="admin-table">
            <caption class="visually-hidden">API tokens</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Scope</th>
                <th scope="col">Created by</th>
                <th scope="col">Expires</th>
                <th scope="col">Last used</th>
                <th scope="col">
                  <span class="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {tokens.map((t) => (
                <tr key={t.id}>
                  <td>{t.label}</td>
                  <td>{SCOPE_LABEL[t.scope]}</td>
                  <td>
                    {people[t.createdBy] ?? 'Someone'}, {when(t.createdAt)}
                  </td>
                  <td>
                    {t.expiresAt ? (Date.parse(t.expiresAt) <= Date.now() ? `Expired ${when(t.expiresAt)}` : when(t.expiresAt)) : 'Never'}
                  </td>
                  <td>{t.lastUsedAt ? when(t.lastUsedAt) : 'Never'}</td>
                  <td>
                    <button class="btn btn-danger" type="button" aria-label={`Revoke ${t.label}`} onClick={() => setRevoking(t)}>
                      Revoke
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {revoking && (
        <ConfirmDialog
          title={`Revoke “${revoking.label}”?`}
          action="Revoke"
          onClose={() => setRevoking(null)}
          onConfirm={async () => {
            const { error } = await api.DELETE('/api/v1/account/api-tokens/{id}', { params: { path: { id: revoking.id } } });
            if (error) return problemMessage(error);
            void load();
            return null;
          }}
        >
          <p>Scripts using it stop working at once; this cannot be undone.</p>
        </ConfirmDialog>
      )}
    </section>
  );
};
