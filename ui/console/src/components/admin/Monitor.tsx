import { useEffect, useState } from 'preact/hooks';
import { problemMessage, type Schemas } from '@parley/api-client';
import { INPUT_LIMITS as L } from '@parley/core/limits';
import { allWidgets, api } from '../../api.js';
import { LoadFailed } from './feedback.js';
import { me } from '../../store.js';
import { ConfirmDialog } from './ConfirmDialog.js';
import { Secret } from './Secret.js';

type Link = Schemas['MonitorShareLink'];
type Named = { id: string; name: string };

const when = (iso: string) => new Date(iso).toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' });
/** A `datetime-local` value (the browser's zone) as the API's instant; '' for none. */
export const instantOfLocal = (local: string): string | null => (local ? new Date(local).toISOString() : null);

const STATE_LABEL: Record<Link['state'], string> = { active: 'Active', expired: 'Expired', revoked: 'Revoked' };

/**
 * The monitor: a link to the live monitor, and (owners, admins) its share links, which show an anonymized monitor
 * to anyone who has them, e.g. an office screen. A new link is shown once, to copy; the list shows each one's
 * state, and revoking (after a confirmation) stops its open monitors at once.
 */
export const MonitorScreen = (_: { readonly rest: readonly string[] }) => {
  const mayShare = me.value?.role === 'owner' || me.value?.role === 'admin';
  const [links, setLinks] = useState<Link[] | null>(null);
  const [widgets, setWidgets] = useState<Named[]>([]);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [label, setLabel] = useState('');
  const [expires, setExpires] = useState('');
  const [chosen, setChosen] = useState<string[]>([]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [created, setCreated] = useState<{ label: string; url: string } | null>(null);
  const [revoking, setRevoking] = useState<Link | null>(null);

  const load = async () => {
    setLoadError(null);
    const { data, error } = await api.GET('/api/v1/monitor/share-links');
    if (error || !data) setLoadError(problemMessage(error, 'The share links could not be loaded.'));
    else setLinks((data as { items: Link[] }).items);
  };
  useEffect(() => {
    if (!mayShare) return;
    void load();
    void allWidgets().then((all) => setWidgets((all ?? []).map((w) => ({ id: w.id, name: w.name }))));
  }, [mayShare]);

  const create = async (ev: Event) => {
    ev.preventDefault();
    setErrors({});
    const body = { label: label.trim() || 'Shared monitor', widgetIds: chosen.length ? chosen : null, expiresAt: instantOfLocal(expires) };
    const { data, error } = await api.POST('/api/v1/monitor/share-links', { body: body as never });
    if (error || !data) {
      const byField: Record<string, string> = {};
      for (const d of (error as { errors?: { path?: string; message: string }[] } | undefined)?.errors ?? [])
        byField[d.path ?? ''] = d.message;
      if (!Object.keys(byField).length) byField[''] = problemMessage(error);
      setErrors(byField);
      return;
    }
    const made = data as { link: Link; url: string };
    setCreated({ label: made.link.label, url: new URL(made.url, location.origin).href });
    setLabel('');
    setExpires('');
    setChosen([]);
    void load();
  };

  const widgetName = (id: string) => widgets.find((w) => w.id === id)?.name ?? id;

  return (
    <section class="monitor-admin" aria-labelledby="monitor-title">
      <h1 id="monitor-title">Monitor</h1>
      <p>
        <a class="btn btn-primary" href="/monitor">
          Open the live monitor
        </a>
      </p>
      {!mayShare ? (
        <p class="empty">Owners and admins can share the monitor with a link.</p>
      ) : (
        <>
          <h2>Share links</h2>
          <p class="hint">
            A share link shows the monitor without visitor names, e-mails, addresses or messages to anyone who has it, e.g. an office
            screen.
          </p>
          <form class="share-form" onSubmit={create} noValidate>
            <div class="field">
              <label for="share-label">Name</label>
              <input
                id="share-label"
                maxLength={L.name}
                value={label}
                placeholder="Office screen"
                onInput={(ev) => setLabel((ev.currentTarget as HTMLInputElement).value)}
              />
              {errors['/label'] && <p class="field-error">{errors['/label']}</p>}
            </div>
            <div class="field">
              <label for="share-expires">Expires (empty: never)</label>
              <input
                id="share-expires"
                type="datetime-local"
                value={expires}
                aria-describedby={errors['/expiresAt'] ? 'share-expires-error' : undefined}
                onInput={(ev) => setExpires((ev.currentTarget as HTMLInputElement).value)}
              />
              {errors['/expiresAt'] && (
                <p class="field-error" id="share-expires-error">
                  {errors['/expiresAt']}
                </p>
              )}
            </div>
            <fieldset class="share-widgets">
              <legend>Widgets (none chosen: all, including new ones)</legend>
              {widgets.map((w) => (
                <label key={w.id} class="check">
                  <input
                    type="checkbox"
                    checked={chosen.includes(w.id)}
                    onChange={(ev) =>
                      setChosen((ev.currentTarget as HTMLInputElement).checked ? [...chosen, w.id] : chosen.filter((id) => id !== w.id))
                    }
                  />{' '}
                  {w.name}
                </label>
              ))}
              {errors['/widgetIds'] && <p class="field-error">{errors['/widgetIds']}</p>}
            </fieldset>
            {errors[''] && (
              <p class="error" role="alert">
                {errors['']}
              </p>
            )}
            <div class="form-actions">
              <button class="btn btn-primary" type="submit">
                Create share link
              </button>
            </div>
          </form>
          {created && (
            <Secret
              title={`Share link “${created.label}”`}
              value={created.url}
              note="Copy it now: it is shown only this once."
              onDismiss={() => setCreated(null)}
            />
          )}
          {loadError && <LoadFailed message={loadError} onRetry={load} />}
          {!links && !loadError && <p class="empty">Loading the share links…</p>}
          {links && links.length === 0 && <p class="empty">No share links yet.</p>}
          {links && links.length > 0 && (
            <div class="table-scroll">
              <table class="admin-table">
                <caption class="visually-hidden">Share links</caption>
                <thead>
                  <tr>
                    <th scope="col">Name</th>
                    <th scope="col">Widgets</th>
                    <th scope="col">Created</th>
                    <th scope="col">Expires</th>
                    <th scope="col">State</th>
                    <th scope="col">
                      <span class="visually-hidden">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {links.map((l) => (
                    <tr key={l.id}>
                      <td>{l.label}</td>
                      <td>{l.widgetIds ? l.widgetIds.map(widgetName).join(', ') : 'All'}</td>
                      <td>{when(l.createdAt)}</td>
                      <td>{l.expiresAt ? when(l.expiresAt) : 'Never'}</td>
                      <td>
                        <span class={`state state-${l.state}`}>{STATE_LABEL[l.state]}</span>
                      </td>
                      <td>
                        {l.state !== 'revoked' && (
                          <button class="btn btn-danger" type="button" aria-label={`Revoke ${l.label}`} onClick={() => setRevoking(l)}>
                            Revoke
                          </button>
                        )}
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
                const { error } = await api.DELETE('/api/v1/monitor/share-links/{id}', { params: { path: { id: revoking.id } } });
                if (error) return problemMessage(error);
                void load();
                return null;
              }}
            >
              <p>Screens showing this link stop at once, and it never works again.</p>
            </ConfirmDialog>
          )}
        </>
      )}
    </section>
  );
};
