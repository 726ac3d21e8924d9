import { useEffect, useRef, useState } from 'preact/hooks';
import { problemMessage, type Schemas } from '@parley/api-client';
import { api } from '../../api.js';
import { firstPageOver } from './delivery-list.js';
import { LoadFailed } from './feedback.js';
import { useLoad } from './use-load.js';
import { ErrorAlert } from '../alert.js';

type Delivery = Schemas['Delivery'];
type Detail = Schemas['DeliveryDetail'];
type Status = Delivery['status'];

const STATUS_LABEL: Readonly<Record<Status, string>> = {
  pending: 'Waiting',
  in_flight: 'Sending',
  succeeded: 'Delivered',
  failed: 'Failed',
  dead: 'Stopped',
  skipped: 'Not sent',
};
const TARGET_LABEL: Readonly<Record<Delivery['target'], string>> = { open_api: 'Open API', salesforce: 'Salesforce', email: 'E-mail' };

/** An event code that a narrow column may wrap after its dots and underscores, never inside a word. */
const breakable = (code: string) => code.split(/(?<=[._])/).flatMap((part, i) => (i === 0 ? [part] : [<wbr key={i} />, part]));

/** How often the log looks again while a delivery is still waiting or being sent. */
const POLL_MS = 2000;

const when = (iso: string | null | undefined) =>
  iso ? new Date(iso).toLocaleString([], { dateStyle: 'medium', timeStyle: 'medium' }) : '–';
const isOpen = (s: Status) => s === 'pending' || s === 'in_flight';

/**
 * Every try of one delivery (when, answer, latency, error, the answer's first bytes), its payload, and
 * redelivery. It reads the delivery again when its row in the list changes (`seen`: status and tries), so the
 * list's polling is the only one.
 */
const DeliveryDetailView = ({ id, seen, onChanged }: { id: string; seen: string; onChanged: () => void }) => {
  const [detail, setDetail] = useState<Detail | null>(null);
  /** A refused redelivery: said beside its button, the tries shown stay. */
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const { loadError, load } = useLoad(async () => {
    const { data, error: e } = await api.GET('/api/v1/deliveries/{id}', { params: { path: { id } } });
    if (e || !data) return problemMessage(e, 'This delivery could not be loaded.');
    setDetail(data);
  }, [id, seen]);

  if (loadError) return <LoadFailed message={loadError} onRetry={load} />;
  if (!detail) return <p aria-busy="true">Loading…</p>;

  const redeliver = async () => {
    setBusy(true);
    setError(null);
    const { error: e } = await api.POST('/api/v1/deliveries/{id}/redeliver', { params: { path: { id } } });
    setBusy(false);
    if (e) return setError(problemMessage(e));
    await load();
    onChanged();
  };

  const tries = detail.attemptLog ?? [];
  return (
    <div class="delivery-detail">
      <p>
        {detail.target === 'open_api' ? <code>webhook-id</code> : 'Delivery'} <code>{detail.id}</code> · {detail.attempts}{' '}
        {detail.attempts === 1 ? 'try' : 'tries'} since queued
        {detail.nextAttemptAt && detail.status === 'pending' ? ` · next try ${when(detail.nextAttemptAt)}` : ''}
      </p>
      {tries.length === 0 ? (
        <p class="empty">No try yet.</p>
      ) : (
        <table class="tries">
          <caption class="visually-hidden">Tries of this delivery</caption>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Answer</th>
              <th scope="col">Time</th>
              <th scope="col">Error or answer</th>
            </tr>
          </thead>
          <tbody>
            {tries.map((t, i) => (
              <tr key={t.id ?? i}>
                <td>{when(t.startedAt)}</td>
                <td>
                  {/* A mail has no HTTP status: taken by the mail server, or not reached. */}
                  <span class={`delivery-status ${t.ok ? 'is-ok' : 'is-bad'}`}>{t.status ?? (t.ok ? 'accepted' : 'no answer')}</span>
                </td>
                <td>{t.latencyMs === undefined ? '–' : `${t.latencyMs} ms`}</td>
                <td class="snippet">
                  {t.error && <span class="try-error">{t.error}</span>}
                  {t.responseSnippet && <span class="try-answer">{t.responseSnippet}</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <details>
        <summary>Payload sent</summary>
        <pre>{JSON.stringify(detail.payload, null, 2)}</pre>
      </details>
      {detail.status !== 'in_flight' && (
        <button type="button" class="btn" disabled={busy} onClick={() => void redeliver()}>
          {detail.status === 'pending' ? 'Send now' : 'Redeliver now'}
        </button>
      )}
      <ErrorAlert message={error} />
    </div>
  );
};

/**
 * The widget's deliveries (webhooks, Salesforce leads, mails), or with no widget the account's own mails
 * (invitations, password resets, lockout notices), newest first, filtered by status and paged with the
 * server's cursor; it looks again every few seconds while one is waiting or being sent. Each opens with every
 * try and can be sent again.
 */
export const DeliveryLog = ({ widgetId, refresh }: { widgetId: string | null; refresh: number }) => {
  const [status, setStatus] = useState<'' | Status>('');
  const [items, setItems] = useState<Delivery[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const asked = useRef(0);

  /** A page: the next older one (`cursor`), the first one afresh, or (`poll`) the first one again over the list shown. */
  const load = async (cursor: string | null, poll = false) => {
    const n = ++asked.current;
    const query = { ...(status ? { status } : {}), ...(cursor ? { cursor } : {}), limit: 25 };
    const { data, error: e } = widgetId
      ? await api.GET('/api/v1/widgets/{id}/deliveries', { params: { path: { id: widgetId }, query } })
      : await api.GET('/api/v1/account/deliveries', { params: { query } });
    if (n !== asked.current) return;
    if (e || !data) return setError(problemMessage(e));
    setError(null);
    setItems((prev) => (cursor ? [...(prev ?? []), ...data.items] : poll ? firstPageOver(prev, data.items) : data.items));
    if (!poll || !items || items.length <= data.items.length) setNext(data.nextCursor ?? null);
  };
  useEffect(() => {
    void load(null);
  }, [widgetId, status, refresh]);
  useEffect(() => {
    if (!items?.some((d) => isOpen(d.status))) return;
    const t = setTimeout(() => void load(null, true), POLL_MS);
    return () => clearTimeout(t);
  }, [items]);

  return (
    <section class="card" aria-labelledby="deliveries-title">
      {widgetId ? (
        <h2 id="deliveries-title">Delivery log</h2>
      ) : (
        <>
          <h2 id="deliveries-title">Mails to users</h2>
          <p class="hint">Invitations, password resets and the notices of users locked until unlocked, newest first.</p>
        </>
      )}
      <div class="field delivery-filter">
        <label for="delivery-status">Status</label>
        <select id="delivery-status" value={status} onChange={(e) => setStatus((e.target as HTMLSelectElement).value as '' | Status)}>
          <option value="">All</option>
          {(Object.keys(STATUS_LABEL) as Status[]).map((s) => (
            <option key={s} value={s}>
              {STATUS_LABEL[s]}
            </option>
          ))}
        </select>
      </div>
      <ErrorAlert message={error} />
      {!items ? (
        <p aria-busy="true">Loading…</p>
      ) : items.length === 0 ? (
        <p class="empty">Nothing sent yet{status ? ' with this status' : ''}.</p>
      ) : (
        <ul class="deliveries" aria-live="polite">
          {items.map((d) => (
            <li key={d.id}>
              <button type="button" class="delivery-row" aria-expanded={open === d.id} onClick={() => setOpen(open === d.id ? null : d.id)}>
                <span class={`delivery-status status-${d.status}`}>{STATUS_LABEL[d.status]}</span>
                <span class="delivery-event">
                  {TARGET_LABEL[d.target]} · <code>{breakable(d.eventType)}</code>
                  {d.test && <span class="delivery-test">Test event</span>}
                </span>
                <span class="delivery-when">{when(d.createdAt)}</span>
                <span class="delivery-last">
                  {d.attempts} {d.attempts === 1 ? 'try' : 'tries'}
                  {d.lastStatus ? ` · last answer ${d.lastStatus}` : d.lastError ? ` · ${d.lastError}` : ''}
                </span>
              </button>
              {open === d.id && <DeliveryDetailView id={d.id} seen={`${d.status}:${d.attempts}`} onChanged={() => void load(null, true)} />}
            </li>
          ))}
        </ul>
      )}
      {next && (
        <button type="button" class="btn" onClick={() => void load(next)}>
          Show older deliveries
        </button>
      )}
    </section>
  );
};
