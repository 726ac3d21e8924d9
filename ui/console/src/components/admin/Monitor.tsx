import { useEffect, useState } from 'preact/hooks';
import { problemMessage, type Schemas } from '@parley/api-client';
import { allWidgets, api } from '../../api.js';
import { isManager } from '../../model.js';
import { me } from '../../store.js';
import { messagesByPointer } from './form.js';
import { ExpiresField, instantOfLocal, NameField, RevocableForm, RevocableList } from './revocable-list.js';
import { dateTime as when } from '../../clock.js';
import { useLoad } from './use-load.js';

type Link = Schemas['MonitorShareLink'];
type Named = { id: string; name: string };

const STATE_LABEL: Record<Link['state'], string> = { active: 'Active', expired: 'Expired', revoked: 'Revoked' };

/** The list of share links: what it says, its columns after the name, which links may be revoked and how. */
const SHARE_LINKS = {
  what: 'share links',
  columns: ['Widgets', 'Created', 'Expires', 'State'],
  revocable: (l: Link) => l.state !== 'revoked',
  revoke: (l: Link) => api.DELETE('/api/v1/monitor/share-links/{id}', { params: { path: { id: l.id } } }),
  consequence: 'Screens showing this link stop at once, and it never works again.',
};

/**
 * The monitor: a link to the live monitor, and (owners, admins) its share links, which show an anonymized monitor
 * to anyone who has them, e.g. an office screen. A new link is shown once, to copy; the list shows each one's
 * state, and revoking (after a confirmation) stops its open monitors at once.
 */
export const MonitorScreen = (_: { readonly rest: readonly string[] }) => {
  const mayShare = isManager(me.value);
  const [links, setLinks] = useState<Link[] | null>(null);
  const [widgets, setWidgets] = useState<Named[]>([]);
  const [label, setLabel] = useState('');
  const [expires, setExpires] = useState('');
  const [chosen, setChosen] = useState<string[]>([]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [created, setCreated] = useState<{ label: string; url: string } | null>(null);

  const loaded = useLoad(async () => {
    if (!mayShare) return;
    const { data, error } = await api.GET('/api/v1/monitor/share-links');
    if (error || !data) return problemMessage(error, 'The share links could not be loaded.');
    setLinks((data as { items: Link[] }).items);
  }, [mayShare]);
  useEffect(() => {
    if (mayShare) void allWidgets().then((all) => setWidgets((all ?? []).map((w) => ({ id: w.id, name: w.name }))));
  }, [mayShare]);

  const create = async (ev: Event) => {
    ev.preventDefault();
    setErrors({});
    const body = { label: label.trim() || 'Shared monitor', widgetIds: chosen.length ? chosen : null, expiresAt: instantOfLocal(expires) };
    const { data, error } = await api.POST('/api/v1/monitor/share-links', { body: body as never });
    if (error || !data) return setErrors(messagesByPointer(error));
    const made = data as { link: Link; url: string };
    setCreated({ label: made.link.label, url: new URL(made.url, location.origin).href });
    setLabel('');
    setExpires('');
    setChosen([]);
    void loaded.load();
  };

  const widgetName = (id: string) => widgets.find((w) => w.id === id)?.name ?? id;
  const cells = (l: Link) => [
    l.widgetIds ? l.widgetIds.map(widgetName).join(', ') : 'All',
    when(l.createdAt),
    l.expiresAt ? when(l.expiresAt) : 'Never',
    <span key="state" class={`state state-${l.state}`}>
      {STATE_LABEL[l.state]}
    </span>,
  ];

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
          <RevocableForm
            class="share-form"
            onSubmit={create}
            error={errors['']}
            submit="Create share link"
            created={created && { title: `Share link “${created.label}”`, value: created.url }}
            onDismiss={() => setCreated(null)}
          >
            <NameField id="share-label" value={label} placeholder="Office screen" error={errors['/label']} onInput={setLabel} />
            <ExpiresField id="share-expires" empty="never" value={expires} error={errors['/expiresAt']} onInput={setExpires} />
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
          </RevocableForm>
          <RevocableList items={links} {...loaded} {...SHARE_LINKS} cells={cells} />
        </>
      )}
    </section>
  );
};
