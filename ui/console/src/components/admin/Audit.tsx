import { useEffect, useRef, useState } from 'preact/hooks';
import { DateRangeFields } from '../date-range.js';
import { problemMessage, type Schemas } from '@parley/api-client';
import { api, allWidgets, allUsers } from '../../api.js';
import { isManager, userName } from '../../model.js';
import { LoadFailed } from './feedback.js';
import {
  AUDIT_TYPE_LABELS,
  auditApiQuery,
  auditExportHref,
  auditFiltersOf,
  auditSearchOf,
  auditTarget,
  auditLines,
  type AuditLine,
  auditPathLabel,
  auditValue,
  type AuditFilters,
  type AuditNames,
  AUDIT_WHO_SYSTEM,
  auditWhoFilter,
  auditWhoOf,
} from '../../audit-filters.js';
import { me, navigate, route } from '../../store.js';
import { NamedSelect, WidgetSelect } from '../widget-select.js';
import { ErrorAlert } from '../alert.js';

type Entry = Schemas['AuditEntry'];
type Named = { id: string; name: string };
type Verify = {
  intact: boolean;
  checked: number;
  headSeq: number;
  firstBroken: { id?: string | null; seq?: number; reason?: string } | null;
};

const PAGE = 50;
const when = (iso: string) => new Date(iso).toLocaleString([], { dateStyle: 'medium', timeStyle: 'medium' });

const actorName = (e: Entry): string =>
  e.actor.kind === 'system'
    ? 'Parley'
    : e.actor.kind === 'api_token'
      ? `API token ${e.actor.apiTokenId ?? ''}`.trim()
      : (e.actor.email ?? 'Someone');

/** One changed field, as “path: before → after”; secrets only say that they changed. */
const ChangeLine = ({ c, names, reverse = false }: { c: AuditLine; names: AuditNames; reverse?: boolean }) => (
  <li>
    <span class="audit-path" title={c.path}>
      {auditPathLabel(c.path)}
    </span>
    :{' '}
    {c.redacted ? (
      <span class="audit-redacted">redacted</span>
    ) : (
      <>
        <span class="audit-from">{auditValue(reverse ? c.to : c.from, names, c.path)}</span> →{' '}
        <span class="audit-to">{auditValue(reverse ? c.from : c.to, names, c.path)}</span>
      </>
    )}
  </li>
);

/** Asks before a revert, showing exactly what goes back; a conflict lists the fields changed since. */
const RevertDialog = ({
  entry,
  names,
  onDone,
  onClose,
}: {
  entry: Entry;
  names: AuditNames;
  onDone: (revert: Entry) => void;
  onClose: () => void;
}) => {
  const dialog = useRef<HTMLDialogElement>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [conflicts, setConflicts] = useState<string[]>([]);
  /** The revert met a conflict: tried again it could only fail again, so Revert goes and Close takes the focus. */
  const [conflicted, setConflicted] = useState(false);
  const close = useRef<HTMLButtonElement>(null);
  useEffect(() => dialog.current?.showModal(), []);
  useEffect(() => {
    if (conflicted) close.current?.focus();
  }, [conflicted]);
  const target = auditTarget(entry, names);

  const confirm = async () => {
    setBusy(true);
    setError(null);
    const { data, error: e } = await api.POST('/api/v1/audit/{id}/revert', { params: { path: { id: entry.id } } });
    setBusy(false);
    if (!e && data) {
      dialog.current?.close();
      onDone(data as Entry);
      return;
    }
    const problem = e as { code?: string; errors?: { path?: string }[] };
    if (problem.code === 'revert_conflict') {
      setConflicts((problem.errors ?? []).map((d) => d.path ?? '').filter(Boolean));
      setConflicted(true);
    }
    setError(problem.code === 'revert_conflict' ? 'These fields changed after this entry, so nothing was reverted:' : problemMessage(e));
  };

  return (
    <dialog ref={dialog} class="dialog" aria-labelledby="revert-title" onClose={onClose}>
      <h2 id="revert-title">Revert this change?</h2>
      <p>
        {entry.action}
        {target ? ` of ${target}` : ''} by {actorName(entry)}, {when(entry.createdAt)}. These values go back:
      </p>
      <ul class="audit-changes">
        {entry.changes.flatMap(auditLines).map((c) => (
          <ChangeLine key={c.path} c={c} names={names} reverse />
        ))}
      </ul>
      {error && (
        <div class="error" role="alert">
          <p>{error}</p>
          {conflicts.length > 0 && (
            <ul class="audit-conflicts">
              {conflicts.map((p) => (
                <li key={p} title={p}>
                  {auditPathLabel(p)}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      <div class="dialog-actions">
        {!conflicted && (
          <button class="btn btn-danger" type="button" disabled={busy} onClick={confirm}>
            Revert
          </button>
        )}
        <button ref={close} class="btn" type="button" onClick={() => dialog.current?.close()}>
          {conflicted ? 'Close' : 'Cancel'}
        </button>
      </div>
    </dialog>
  );
};

/**
 * The audit log, newest first, loaded a page at a time as the end of the list scrolls into view (the server's
 * cursor keeps pages stable while entries arrive). Filters (days, type, widget, actor) live in the address; the
 * downloads use the same filters. Owners and admins may revert an entry after a confirmation showing what goes
 * back; supervisors read only. "Verify integrity" checks the hash chain on the server.
 */
export const AuditScreen = (_: { readonly rest: readonly string[] }) => {
  void route.value; // re-render when the address (and so the filters) changes
  const filters = auditFiltersOf(location.search);
  const key = auditSearchOf(filters);
  // Owners and admins; the security settings are the owner's alone, so are their changes' reverts.
  const mayRevert = isManager(me.value);
  const [items, setItems] = useState<Entry[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [state, setState] = useState<'loading' | 'ready' | 'error'>('loading');
  const [error, setError] = useState<string | null>(null);
  const [widgets, setWidgets] = useState<Named[]>([]);
  const [actors, setActors] = useState<Named[]>([]);
  /** Users' and widgets' names by id, for targets and values (supervisors, who may not list users: widgets only). */
  const [names, setNames] = useState<AuditNames>(new Map());
  const [reverting, setReverting] = useState<Entry | null>(null);
  /** The last revert done here: said, and focused once shown (the Revert button pressed went with its list). */
  const [reverted, setReverted] = useState<{ of: number; by: number } | null>(null);
  const revertedNote = useRef<HTMLParagraphElement>(null);
  useEffect(() => revertedNote.current?.focus(), [reverted]);
  const [verify, setVerify] = useState<Verify | 'checking' | null>(null);
  /** Why the check could not run (it says nothing of the chain). */
  const [verifyError, setVerifyError] = useState<string | null>(null);
  const [reloads, setReloads] = useState(0);
  const asked = useRef(0);
  const end = useRef<HTMLLIElement>(null);

  useEffect(() => {
    const addNames = (more: readonly (readonly [string, string])[]) => setNames((cur) => new Map([...cur, ...more]));
    void allWidgets().then((widgets) => {
      setWidgets((widgets ?? []).map((w) => ({ id: w.id, name: w.name })));
      addNames((widgets ?? []).map((w) => [w.id, w.name]));
    });
    // Supervisors may not list users: the actor filter then offers only what the entries show.
    void allUsers().then((users) => {
      setActors((users ?? []).map((u) => ({ id: u.id, name: u.name ? `${u.name} (${u.email})` : u.email })));
      addNames((users ?? []).map((u) => [u.id, userName(u)]));
    });
  }, []);

  const load = async (cursor: string | null) => {
    const mine = ++asked.current;
    if (!cursor) setState('loading');
    const query = { ...auditApiQuery(filters), limit: PAGE, ...(cursor ? { cursor } : {}) };
    const { data, error: e } = await api.GET('/api/v1/audit', { params: { query: query as never } });
    if (mine !== asked.current) return;
    if (e || !data) {
      setError(problemMessage(e, 'The audit log could not be loaded.'));
      setState('error');
      return;
    }
    const page = data as { items: Entry[]; nextCursor: string | null };
    setItems((cur) => (cursor ? [...cur, ...page.items] : page.items));
    setNext(page.nextCursor);
    setState('ready');
  };

  useEffect(() => {
    setItems([]);
    setNext(null);
    void load(null);
  }, [key, reloads]);

  // Infinite scroll: the next page loads when the end of the list comes into view.
  useEffect(() => {
    const target = end.current;
    if (!target || !next || typeof IntersectionObserver === 'undefined') return;
    const seen = new IntersectionObserver((es) => {
      if (es.some((x) => x.isIntersecting)) void load(next);
    });
    seen.observe(target);
    return () => seen.disconnect();
  }, [next, items.length]);

  const setFilter = (patch: Partial<AuditFilters>) => navigate(`/app/admin/audit${auditSearchOf({ ...filters, ...patch })}`);
  const input = (k: keyof AuditFilters) => (ev: Event) => setFilter({ [k]: (ev.currentTarget as HTMLInputElement).value });

  const runVerify = async () => {
    setVerify('checking');
    setVerifyError(null);
    const { data, error: e } = await api.GET('/api/v1/audit/verify');
    if (e || !data) {
      setVerify(null);
      setVerifyError(problemMessage(e, 'The integrity check could not run.'));
    } else setVerify(data as Verify);
  };

  /** The loaded entries' numbers, and which of them a loaded revert undid, so each says so and offers no second revert. */
  const seqById = new Map(items.map((e) => [e.id, e.seq]));
  const revertedBy = new Map(items.flatMap((e) => (e.revertOf ? [[e.revertOf, e.seq] as const] : [])));

  const actorChoices = actors.length
    ? actors
    : [
        ...new Map(
          items
            .filter((e) => e.actor.userId)
            .map((e) => [e.actor.userId!, { id: e.actor.userId!, name: e.actor.email ?? e.actor.userId! }]),
        ).values(),
      ];

  return (
    <section class="audit" aria-labelledby="audit-title">
      <div class="admin-head">
        <h1 id="audit-title">Audit log</h1>
        <div class="admin-actions">
          <a class="btn" href={auditExportHref(filters, 'csv')} download>
            Download CSV
          </a>
          <a class="btn" href={auditExportHref(filters, 'jsonl')} download>
            Download JSON Lines
          </a>
          <button class="btn" type="button" onClick={runVerify} disabled={verify === 'checking'}>
            Verify integrity
          </button>
        </div>
      </div>
      {verify && verify !== 'checking' && (
        <p class={verify.intact ? 'audit-verify ok' : 'audit-verify broken'} role="status">
          {verify.intact
            ? `Intact: ${verify.checked} entries checked, the hash chain is unbroken up to #${verify.headSeq}.`
            : `Broken at entry #${verify.firstBroken?.seq ?? '?'} (${verify.firstBroken?.reason ?? 'hash mismatch'}): ` +
              `${verify.checked} entries checked.`}
        </p>
      )}
      <ErrorAlert message={verifyError} />
      {reverted && (
        <p class="saved" role="status" tabIndex={-1} ref={revertedNote}>
          Reverted #{reverted.of}: entry #{reverted.by} records the values put back.
        </p>
      )}
      <form class="filters audit-filters" aria-label="Filters" onSubmit={(ev) => ev.preventDefault()}>
        <DateRangeFields
          idPrefix="audit"
          from={filters.from}
          to={filters.to}
          nothing="no entry"
          onFrom={input('from')}
          onTo={input('to')}
        />
        <div class="field">
          <label for="audit-type">Type</label>
          <select id="audit-type" value={filters.type} onChange={input('type')}>
            <option value="">All types</option>
            {Object.entries(AUDIT_TYPE_LABELS).map(([v, l]) => (
              <option key={v} value={v}>
                {l}
              </option>
            ))}
          </select>
        </div>
        <WidgetSelect id="audit-widget" widgets={widgets} value={filters.widgetId} any onChange={(widgetId) => setFilter({ widgetId })} />
        <NamedSelect
          id="audit-actor"
          label="Who"
          // Parley itself first (the CLI, timed jobs, automatic deactivation), then the users. One the address names
          // but the list does not know (another page's, or gone) is offered by its id.
          choices={[
            { id: AUDIT_WHO_SYSTEM, name: 'Parley itself' },
            ...(filters.actorId && !actorChoices.some((a) => a.id === filters.actorId)
              ? [{ id: filters.actorId, name: filters.actorId }, ...actorChoices]
              : actorChoices),
          ]}
          value={auditWhoOf(filters)}
          any="Anyone"
          onChange={(who) => setFilter(auditWhoFilter(who))}
        />
        {key && (
          <button class="btn" type="button" onClick={() => navigate('/app/admin/audit')}>
            Clear filters
          </button>
        )}
      </form>
      {state === 'loading' && items.length === 0 && <p class="empty">Loading the audit log…</p>}
      {state === 'error' && <LoadFailed message={error ?? 'The audit log could not be loaded.'} onRetry={() => setReloads((n) => n + 1)} />}
      {state === 'ready' && items.length === 0 && (
        <p class="empty">{key ? 'No entries match these filters.' : 'Nothing has been recorded yet.'}</p>
      )}
      {items.length > 0 && (
        <ol class="audit-list">
          {items.map((e) => {
            const target = auditTarget(e, names);
            return (
              <li key={e.id} class="audit-entry">
                <div class="audit-meta">
                  <strong>{e.action}</strong>
                  {target && <span class="audit-target">{target}</span>}
                  <span class="audit-type">{AUDIT_TYPE_LABELS[e.type] ?? e.type}</span>
                  <span>
                    by {actorName(e)}
                    {e.actor.ip ? ` from ${e.actor.ip}` : ''}
                  </span>
                  <time dateTime={e.createdAt}>{when(e.createdAt)}</time>
                  <span class="audit-seq">#{e.seq}</span>
                  {e.revertOf && (
                    <span class="audit-revert">
                      reverts {seqById.has(e.revertOf) ? `#${seqById.get(e.revertOf)}` : 'an earlier change'}
                    </span>
                  )}
                  {revertedBy.has(e.id) && <span class="audit-revert">reverted by #{revertedBy.get(e.id)}</span>}
                </div>
                {e.changes.length > 0 && (
                  <ul class="audit-changes">
                    {e.changes.flatMap(auditLines).map((c) => (
                      <ChangeLine key={c.path} c={c} names={names} />
                    ))}
                  </ul>
                )}
                {mayRevert && e.revertible && !revertedBy.has(e.id) && (e.type !== 'security' || me.value?.role === 'owner') && (
                  <button class="btn" type="button" onClick={() => setReverting(e)} aria-label={`Revert ${e.action} #${e.seq}`}>
                    Revert
                  </button>
                )}
              </li>
            );
          })}
          <li ref={end} class="audit-end">
            {next ? (
              <button class="btn" type="button" onClick={() => void load(next)}>
                Load older entries
              </button>
            ) : (
              <span class="empty">The beginning of the log.</span>
            )}
          </li>
        </ol>
      )}
      {reverting && (
        <RevertDialog
          entry={reverting}
          names={names}
          onClose={() => setReverting(null)}
          onDone={(revert) => {
            setReverted({ of: reverting.seq, by: revert.seq });
            setReloads((n) => n + 1);
          }}
        />
      )}
    </section>
  );
};
