import { useEffect, useState } from 'preact/hooks';
import { problemMessage, type Schemas } from '@parley/api-client';
import { api, allUsers } from '../../api.js';
import { userName } from '../../model.js';
import { messagesByPointer } from './form.js';
import { ExpiresField, instantOfLocal, NameField, RevocableForm, RevocableList } from './revocable-list.js';
import { dateTime as when } from '../../clock.js';
import { useLoad } from './use-load.js';

type Token = Schemas['ApiToken'];
type Scope = Token['scope'];

const SCOPE_LABEL: Record<Scope, string> = { read: 'Read', full: 'Full' };

/** The list of tokens: what it says, its columns after the name, and how a token is revoked. */
const API_TOKENS = {
  what: 'API tokens',
  columns: ['Scope', 'Created by', 'Expires', 'Last used'],
  revoke: (t: Token) => api.DELETE('/api/v1/account/api-tokens/{id}', { params: { path: { id: t.id } } }),
  consequence: 'Scripts using it stop working at once; this cannot be undone.',
};

/**
 * Personal access tokens for scripts and BI tools: created with a name, a scope (`read`: GET on the API with a
 * supervisor's rights; `full`: also the compatible APIs' writes) and an optional expiry; the secret is shown once.
 * The list shows each token's creator, scope, expiry and last use; revoking (after a confirmation) stops it at once.
 */
export const TokensScreen = (_: { readonly rest: readonly string[] }) => {
  const [tokens, setTokens] = useState<Token[] | null>(null);
  const [people, setPeople] = useState<Record<string, string>>({});
  const [label, setLabel] = useState('');
  const [scope, setScope] = useState<Scope>('read');
  const [expires, setExpires] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [created, setCreated] = useState<{ label: string; secret: string } | null>(null);

  const loaded = useLoad(async () => {
    const { data, error } = await api.GET('/api/v1/account/api-tokens');
    if (error || !data) return problemMessage(error, 'The API tokens could not be loaded.');
    setTokens((data as { items: Token[] }).items);
  }, []);
  useEffect(() => {
    void allUsers().then((users) => setPeople(Object.fromEntries((users ?? []).map((u) => [u.id, userName(u)]))));
  }, []);

  const create = async (ev: Event) => {
    ev.preventDefault();
    setErrors({});
    const body = { label: label.trim() || 'API token', scope, expiresAt: instantOfLocal(expires) };
    const { data, error } = await api.POST('/api/v1/account/api-tokens', { body: body as never });
    if (error || !data) return setErrors(messagesByPointer(error));
    const made = data as { token: Token; secret: string };
    setCreated({ label: made.token.label, secret: made.secret });
    setLabel('');
    setExpires('');
    setScope('read');
    void loaded.load();
  };

  const cells = (t: Token) => [
    SCOPE_LABEL[t.scope],
    `${people[t.createdBy] ?? 'Someone'}, ${when(t.createdAt)}`,
    t.expiresAt ? (Date.parse(t.expiresAt) <= Date.now() ? `Expired ${when(t.expiresAt)}` : when(t.expiresAt)) : 'Never',
    t.lastUsedAt ? when(t.lastUsedAt) : 'Never',
  ];

  return (
    <section class="tokens" aria-labelledby="tokens-title">
      <h1 id="tokens-title">API tokens</h1>
      <p class="hint">
        Tokens let scripts and BI tools call the API without a person’s sign-in: send <code>Authorization: Bearer &lt;token&gt;</code>. A
        read token may GET everything a supervisor sees (audit log, reports, chats); no token may change settings.
      </p>
      <RevocableForm
        class="token-form"
        onSubmit={create}
        error={errors['']}
        submit="Create token"
        created={created && { title: `Token “${created.label}”`, value: created.secret }}
        onDismiss={() => setCreated(null)}
      >
        <NameField id="token-label" value={label} placeholder="Reporting script" error={errors['/label']} onInput={setLabel} />
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
          {errors['/scope'] && (
            <p class="field-error" id="token-scope-error">
              {errors['/scope']}
            </p>
          )}
        </fieldset>
        <ExpiresField id="token-expires" empty="until revoked" value={expires} error={errors['/expiresAt']} onInput={setExpires} />
      </RevocableForm>
      <RevocableList items={tokens} {...loaded} {...API_TOKENS} cells={cells} />
    </section>
  );
};
