import type { Schemas } from '@parley/api-client';
import { problemMessage } from '@parley/api-client';
import { INPUT_LIMITS as L } from '@parley/core/limits';
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, allWidgets, allUsers } from '../../api.js';
import type { User } from '../../model.js';
import { me, navigate } from '../../store.js';
import { FieldError, InputField, LoadFailed } from './feedback.js';
import { useLoad } from './use-load.js';
import { ConfirmDialog } from './ConfirmDialog.js';
import { goTo } from '../links.js';
import { addressQuery } from './address.js';
import { ifMatch, saveProblem, type SaveProblem } from './form.js';
import { matchesUser, userStatus, type Role, ROLES, ROLE_NAMES } from './user-rules.js';
import { SearchField } from './search-field.js';
import { DeliveryLog } from './DeliveryLog.js';
import { dateTime as when } from '../../clock.js';

type Widget = Schemas['Widget'];

/** As every list of the admin screens writes a time ("Dec 7, 2026, 11:59 AM"). */
const lastSignIn = (iso: string | null | undefined) => (iso ? when(iso) : 'Never');
const STATUS_TEXT: Readonly<Record<ReturnType<typeof userStatus>, string>> = {
  active: 'Active',
  locked: 'Locked',
  invited: 'Invited',
  'password expired': 'Password expired',
  'not signed in yet': 'Not signed in yet',
  deactivated: 'Deactivated',
};

/** A user's state in words; a lock that ends by itself says when, as the sign-in page does ("Locked until Dec 7, 2026, 11:59 AM"). */
const statusText = (u: User): string => {
  const state = userStatus(u);
  return state === 'locked' && u.lockedUntil ? `Locked until ${when(u.lockedUntil)}` : STATUS_TEXT[state];
};

/** Adds the user to each widget (its agents, under the widget's current version); answers the names of those it failed for. */
const serveWidgets = async (userId: string, widgetIds: readonly string[]): Promise<string[]> => {
  const failed: string[] = [];
  for (const id of widgetIds) {
    const { data: w } = await api.GET('/api/v1/widgets/{id}', { params: { path: { id } } });
    const r = w
      ? await api.PUT('/api/v1/widgets/{id}/agents', {
          params: { path: { id }, header: ifMatch(w.version) },
          body: { agentIds: [...w.agentIds.filter((a) => a !== userId), userId] },
        })
      : null;
    if (!r?.data) failed.push(w?.name ?? id);
  }
  return failed;
};

/** "Acme Support", "Acme Support and Billing", "Acme Support, Billing and Sales". */
const namesText = (names: readonly string[]) =>
  names.length < 2 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;

/**
 * The form that adds a user: invited by e-mail to choose a password, or given one by the admin, and the widgets
 * they serve (ticked already where the account has one widget), assigned once they are added. Once added, it is
 * cleared and hands what to say (the widgets they serve; an invitation: where its mail shows whether it went out)
 * to the new user's details, which open.
 */
const AddUser = ({
  onAdded,
  mail,
  widgets,
}: {
  readonly onAdded: (u: User, confirmation: string) => void;
  readonly mail: boolean | null;
  readonly widgets: readonly Widget[];
}) => {
  // A server that sends no e-mail cannot deliver an invitation: the password is set here instead.
  const [how, setHow] = useState<'invite' | 'password'>(mail === false ? 'password' : 'invite');
  useEffect(() => {
    if (mail === false) setHow('password');
  }, [mail]);
  const [problem, setProblem] = useState<SaveProblem | null>(null);
  const [role, setRole] = useState<Exclude<Role, 'owner'>>('agent');
  const [busy, setBusy] = useState(false);
  /** The widgets the new user is to serve: the only one there is, unless unticked. */
  const [serves, setServes] = useState<Readonly<Record<string, boolean>>>({});
  const only = widgets.length === 1 ? widgets[0]!.id : null;
  const serving = (id: string) => serves[id] ?? id === only;
  const submit = async (ev: Event) => {
    ev.preventDefault();
    // Kept before the request: the event's currentTarget is gone once it answers.
    const el = ev.currentTarget as HTMLFormElement;
    const form = new FormData(el);
    const body = {
      name: String(form.get('name') ?? ''),
      email: String(form.get('email') ?? ''),
      role,
      ...(how === 'password' ? { password: String(form.get('password') ?? '') } : {}),
    };
    setBusy(true);
    const { data, error, response } = await api.POST('/api/v1/users', { body });
    if (!data) {
      setBusy(false);
      return setProblem(saveProblem(error, response.status));
    }
    const chosen = widgets.filter((w) => serving(w.id));
    const failed = await serveWidgets(
      data.id,
      chosen.map((w) => w.id),
    );
    setBusy(false);
    setProblem(null);
    el.reset();
    setRole('agent');
    setServes({});
    const served = chosen.filter((w) => !failed.includes(w.name)).map((w) => w.name);
    const password =
      how === 'invite'
        ? `An invitation to choose a password is on its way to ${data.email}; “Mails to users” below shows whether it went out.`
        : 'Tell them the password you set: they sign in with it, and can change it then.';
    const widgetsText =
      (served.length > 0
        ? `They serve ${namesText(served)}.`
        : widgets.length === 0
          ? 'They serve no widget yet: the account has none.'
          : 'They serve no widget yet: tick the widgets they serve below.') +
      (failed.length > 0 ? ` They could not be added to ${namesText(failed)}: tick it below to try again.` : '');
    onAdded(data, `Added ${data.name}. ${widgetsText} ${password}`);
  };
  const f = problem?.fields ?? {};
  return (
    <form class="admin-form admin-add" onSubmit={submit} aria-labelledby="add-user-title">
      <h2 id="add-user-title">Add a user</h2>
      <div class="admin-grid">
        <InputField id="new-user-name" label="Name" error={f.name} name="name" required maxLength={L.name} />
        <InputField id="new-user-email" label="E-mail" error={f.email} name="email" type="email" required maxLength={L.email} />
        <div class="field">
          <label for="new-user-role">Role</label>
          <select id="new-user-role" value={role} onChange={(e) => setRole(e.currentTarget.value as Exclude<Role, 'owner'>)}>
            {ROLES.filter((r) => r !== 'owner').map((r) => (
              <option key={r} value={r}>
                {ROLE_NAMES[r]}
              </option>
            ))}
          </select>
        </div>
      </div>
      <fieldset class="admin-choice">
        <legend>Password</legend>
        <label>
          <input
            type="radio"
            name="how"
            checked={how === 'invite'}
            disabled={mail === false}
            aria-describedby={mail === false ? 'no-mail' : undefined}
            onChange={() => setHow('invite')}
          />{' '}
          E-mail an invitation (the link works 72 hours)
        </label>
        <label>
          <input type="radio" name="how" checked={how === 'password'} onChange={() => setHow('password')} /> Set an initial password
        </label>
        {mail === false && (
          <p class="hint" id="no-mail">
            This server is not set up to send e-mail (its operator sets PARLEY_SMTP_URL), so an invitation would not reach anyone: set a
            password and tell them yourself.
          </p>
        )}
      </fieldset>
      {how === 'password' && (
        <InputField
          id="new-user-password"
          label="Initial password"
          error={f.password}
          name="password"
          type="password"
          autocomplete="new-password"
          required
        />
      )}
      {widgets.length > 0 && (
        <fieldset class="admin-choice admin-add-widgets">
          <legend>Widgets they serve</legend>
          {widgets.map((w) => (
            <label key={w.id}>
              <input
                type="checkbox"
                checked={serving(w.id)}
                onChange={(e) => {
                  const on = e.currentTarget.checked;
                  setServes((x) => ({ ...x, [w.id]: on }));
                }}
              />{' '}
              {w.name}
            </label>
          ))}
        </fieldset>
      )}
      {problem?.message && (
        <p class="error" role="alert">
          {problem.message}
        </p>
      )}
      <button class="btn btn-primary" type="submit" disabled={busy}>
        {how === 'invite' ? 'Add and invite' : 'Add user'}
      </button>
    </form>
  );
};

/**
 * How many chats the user takes at once in every widget they serve: a number of their own, or (left empty) each
 * widget's maximum. Checked here as the server checks it; saved on its own, like the role.
 */
const ChatLimit = (p: { readonly user: User; readonly disabled: boolean; readonly save: (max: number | null) => Promise<void> }) => {
  const stored = p.user.maxConcurrentChats ?? null;
  const [value, setValue] = useState(stored === null ? '' : String(stored));
  useEffect(() => setValue(stored === null ? '' : String(stored)), [p.user.id, stored]);
  const { min, max } = L.maxConcurrentChats;
  const wanted = value.trim() === '' ? null : Number(value);
  const bad = wanted !== null && !(Number.isInteger(wanted) && wanted >= min && wanted <= max);
  return (
    <form
      class="admin-row"
      onSubmit={(ev) => {
        ev.preventDefault();
        if (!bad && wanted !== stored) void p.save(wanted);
      }}
    >
      <div class="field">
        <label for="user-max-chats">Chats at once</label>
        <input
          id="user-max-chats"
          type="number"
          min={min}
          max={max}
          placeholder="Each widget’s"
          value={value}
          disabled={p.disabled}
          aria-invalid={bad}
          aria-describedby={`user-max-chats-hint${bad ? ' user-max-chats-error' : ''}`}
          onInput={(e) => setValue(e.currentTarget.value)}
        />
        <FieldError id="user-max-chats-error" message={bad ? `A whole number from ${min} to ${max}, or empty.` : undefined} />
      </div>
      <button class="btn" type="submit" disabled={p.disabled || bad || wanted === stored}>
        Save chats at once
      </button>
      <p class="hint" id="user-max-chats-hint">
        {`In every widget ${p.user.name} serves, instead of the widget’s own maximum. Empty: each widget’s.`}
      </p>
    </form>
  );
};

/**
 * A new password for the user, set by an owner or admin (an invitation that cannot arrive, a forgotten password on a
 * server that sends no e-mail): judged by the account's password rules, audited without the password, and the user
 * signed out everywhere. Parley tells them nothing: the admin gives it to them.
 */
const NewPassword = (p: {
  readonly user: User;
  readonly disabled: boolean;
  readonly save: (password: string) => Promise<{ error?: unknown; response: Response }>;
}) => {
  const [problem, setProblem] = useState<SaveProblem | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  const submit = async (ev: Event) => {
    ev.preventDefault();
    const form = ev.currentTarget as HTMLFormElement;
    const password = String(new FormData(form).get('password') ?? '');
    setBusy(true);
    const r = await p.save(password);
    setBusy(false);
    if (r.error !== undefined || !r.response.ok) {
      setProblem(saveProblem(r.error, r.response.status));
      setDone(false);
      form.querySelector<HTMLInputElement>('#user-new-password')?.focus();
      return;
    }
    setProblem(null);
    setDone(true);
    form.reset();
  };
  const error = problem?.fields.password ?? problem?.message ?? undefined;
  return (
    <form class="admin-row" onSubmit={(ev) => void submit(ev)}>
      <div class="field">
        <label for="user-new-password">New password</label>
        <input
          id="user-new-password"
          name="password"
          type="password"
          autocomplete="new-password"
          required
          disabled={p.disabled}
          aria-invalid={error !== undefined}
          aria-describedby={`user-new-password-hint${error !== undefined ? ' user-new-password-error' : ''}`}
          onInput={() => setDone(false)}
        />
        <FieldError id="user-new-password-error" message={error} />
      </div>
      <button class="btn" type="submit" disabled={p.disabled || busy}>
        Set password
      </button>
      <p class="hint" id="user-new-password-hint" role="status">
        {done
          ? `Password set: ${p.user.name} is signed out everywhere and signs in with it. Tell them yourself; nothing is mailed.`
          : `${p.user.name} is signed out everywhere and signs in with it; nothing is mailed, so tell them yourself.`}
      </p>
    </form>
  );
};

/**
 * One user's details: role, widgets, status, unlock, a new invitation for one who has not signed in yet, delete
 * and (for the owner) the ownership transfer. `onMailed`: an invitation was sent (the mail log looks again).
 */
const UserDetail = (props: {
  readonly user: User;
  readonly widgets: readonly Widget[];
  /** Whether the server sends e-mail (null: not known). */
  readonly mail: boolean | null;
  readonly reload: () => Promise<void>;
  readonly onMailed: () => void;
  /** What adding the user did, said at the top of their details, which then take the focus. */
  readonly added?: string | null;
}) => {
  const { user, widgets } = props;
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (props.added) heading.current?.focus();
  }, []);
  const self = me.value!;
  const [message, setMessage] = useState<{ text: string; stale: boolean; ok: boolean } | null>(null);
  const [confirm, setConfirm] = useState<'delete' | 'transfer' | 'deactivate' | null>(null);
  const [role, setRole] = useState<Role>(user.role);
  useEffect(() => setRole(user.role), [user.id, user.role]);

  const isOwner = user.role === 'owner';
  const isSelf = user.id === self.id;
  /** An active user who has never signed in may be sent a (new) invitation. */
  const neverSignedIn = user.lastLoginAt === null && user.status === 'active' && !isSelf && !isOwner;
  const mails = props.mail !== false;
  const [inviting, setInviting] = useState(false);
  const reinvite = async () => {
    setInviting(true);
    const r = await api.POST('/api/v1/users/{id}/invitation', { params: { path: { id: user.id } } });
    setInviting(false);
    if (r.data) props.onMailed();
    await done(
      r,
      `Invitation sent to ${user.email}; it works until ${r.data?.invitationExpiresAt ? when(r.data.invitationExpiresAt) : 'three days from now'}. “Mails to users” below shows whether it went out.`,
    );
  };
  /** Why this user's settings are not the signed-in user's to change, or null. */
  const locked =
    isOwner && self.role !== 'owner'
      ? 'Only the owner can change the owner.'
      : isSelf
        ? 'You cannot change your own role or status here.'
        : null;

  const done = async (r: { error?: unknown; response: Response }, ok: string) => {
    if (r.error !== undefined || !r.response.ok) {
      const p = saveProblem(r.error, r.response.status);
      setMessage({ text: p.message ?? Object.values(p.fields)[0] ?? problemMessage(r.error), stale: p.stale, ok: false });
    } else setMessage({ text: ok, stale: false, ok: true });
    await props.reload();
  };
  const patch = (body: { role?: Role; status?: 'active' | 'deactivated'; maxConcurrentChats?: number | null }, ok: string) =>
    api.PATCH('/api/v1/users/{id}', { params: { path: { id: user.id }, header: ifMatch(user.version) }, body }).then((r) => done(r, ok));
  /** A box ticked or cleared shows so at once, while the change is saved; the reload then says what was stored. */
  const [wanted, setWanted] = useState<Readonly<Record<string, boolean>>>({});
  const toggleWidget = (w: Widget, on: boolean) => {
    setWanted((x) => ({ ...x, [w.id]: on }));
    const agentIds = on ? [...w.agentIds, user.id] : w.agentIds.filter((a) => a !== user.id);
    return api
      .PUT('/api/v1/widgets/{id}/agents', { params: { path: { id: w.id }, header: ifMatch(w.version) }, body: { agentIds } })
      .then((r) => done(r, on ? `Now serves ${w.name}.` : `No longer serves ${w.name}.`))
      .finally(() =>
        setWanted((x) => {
          const { [w.id]: _done, ...rest } = x;
          return rest;
        }),
      );
  };

  return (
    <section class="admin-detail" aria-labelledby="user-detail-title">
      <h2 id="user-detail-title" ref={heading} tabIndex={-1} aria-describedby={props.added ? 'user-added' : undefined}>
        {user.name}
      </h2>
      {props.added && (
        <p class="saved" id="user-added" role="status">
          {props.added}
        </p>
      )}
      <p class="hint">
        {user.email} · {statusText(user)} · last sign-in {lastSignIn(user.lastLoginAt)}
      </p>
      {user.passwordExpired ? (
        <p class="hint">The password has expired: {user.name} sets a new one at the next sign-in.</p>
      ) : (
        // An invited user has no password of their own yet: nothing of it expires.
        user.passwordExpiresAt && userStatus(user) !== 'invited' && <p class="hint">The password expires {when(user.passwordExpiresAt)}.</p>
      )}
      {neverSignedIn && !mails && (
        <p class="hint" id="user-invitation">
          {`${user.name} has not signed in yet. If they were not given a password, or lost it, set one below and tell them: this server sends no e-mail, so an invitation would not reach them.`}
        </p>
      )}
      {neverSignedIn && mails && (
        <p class="hint" id="user-invitation">
          {user.invitationExpiresAt
            ? `${user.name} has not signed in yet. The invitation to choose a password works until ${when(user.invitationExpiresAt)}; if it went astray, send a new one (the links sent before then stop working).`
            : `${user.name} has not signed in yet, and no invitation is waiting. If they were not given a password, or lost it, send one: they choose their own from its link.`}
        </p>
      )}
      {locked && <p class="hint">{locked}</p>}
      <form
        class="admin-row"
        onSubmit={(ev) => {
          ev.preventDefault();
          if (role !== user.role) void patch({ role }, `Role changed to ${ROLE_NAMES[role]}.`);
        }}
      >
        <div class="field">
          <label for="user-role">Role</label>
          <select id="user-role" disabled={!!locked || isOwner} value={role} onChange={(e) => setRole(e.currentTarget.value as Role)}>
            {ROLES.filter((r) => r !== 'owner' || isOwner).map((r) => (
              <option key={r} value={r}>
                {ROLE_NAMES[r]}
              </option>
            ))}
          </select>
        </div>
        <button class="btn" type="submit" disabled={!!locked || isOwner || role === user.role}>
          Change role
        </button>
      </form>
      <ChatLimit
        user={user}
        disabled={isOwner && self.role !== 'owner'}
        save={(max) =>
          patch(
            { maxConcurrentChats: max },
            max === null ? 'Takes as many chats at once as each widget allows.' : `Takes at most ${max} chats at once in every widget.`,
          )
        }
      />
      {!isSelf && (
        <NewPassword
          user={user}
          disabled={!!locked}
          save={async (password) => {
            const r = await api.PATCH('/api/v1/users/{id}', {
              params: { path: { id: user.id }, header: ifMatch(user.version) },
              body: { password },
            });
            if (r.response.ok) await props.reload();
            return r;
          }}
        />
      )}
      <fieldset class="admin-choice">
        <legend>Widgets this user serves</legend>
        {widgets.length === 0 && <p class="hint">The account has no widgets yet.</p>}
        {widgets.map((w) => (
          <label key={w.id}>
            <input
              type="checkbox"
              checked={wanted[w.id] ?? w.agentIds.includes(user.id)}
              onChange={(e) => void toggleWidget(w, e.currentTarget.checked)}
            />{' '}
            {w.name}
          </label>
        ))}
      </fieldset>
      <div class="dialog-actions admin-actions">
        {user.locked && (
          <button
            class="btn"
            type="button"
            onClick={() =>
              void api.POST('/api/v1/users/{id}/unlock', { params: { path: { id: user.id } } }).then((r) => done(r, 'Unlocked.'))
            }
          >
            Unlock
          </button>
        )}
        {neverSignedIn && mails && (
          <button class="btn" type="button" aria-describedby="user-invitation" disabled={inviting} onClick={() => void reinvite()}>
            {user.invitationExpiresAt ? 'Send a new invitation' : 'Send an invitation'}
          </button>
        )}
        {user.status === 'active' ? (
          <button class="btn" type="button" disabled={!!locked} onClick={() => setConfirm('deactivate')}>
            Deactivate
          </button>
        ) : (
          <button class="btn" type="button" disabled={!!locked} onClick={() => void patch({ status: 'active' }, 'Reactivated.')}>
            Reactivate
          </button>
        )}
        {self.role === 'owner' && !isSelf && user.status === 'active' && (
          <button class="btn" type="button" onClick={() => setConfirm('transfer')}>
            Transfer ownership
          </button>
        )}
        <button class="btn btn-danger" type="button" disabled={!!locked || isOwner} onClick={() => setConfirm('delete')}>
          Delete
        </button>
      </div>
      {self.role !== 'owner' && <p class="hint">Only the owner can transfer ownership.</p>}
      {message && (
        <div class={message.ok ? 'saved' : 'error'} role={message.ok ? 'status' : 'alert'}>
          <p>{message.text}</p>
          {message.stale && (
            <button class="btn" type="button" onClick={() => void props.reload().then(() => setMessage(null))}>
              Reload
            </button>
          )}
        </div>
      )}
      {confirm === 'delete' && (
        <ConfirmDialog
          title={`Delete ${user.name}?`}
          action="Delete user"
          focusCancel
          onClose={() => setConfirm(null)}
          onConfirm={async () => {
            await api.DELETE('/api/v1/users/{id}', { params: { path: { id: user.id } } }).then(async (r) => {
              await done(r, 'Deleted.');
              if (r.response.ok) navigate(`/app/admin/users${location.search}`);
            });
            return null;
          }}
        >
          <p>They can no longer sign in and are removed from every widget. Their past chats stay. This cannot be undone.</p>
        </ConfirmDialog>
      )}
      {confirm === 'deactivate' && (
        <ConfirmDialog
          title={`Deactivate ${user.name}?`}
          action="Deactivate"
          onClose={() => setConfirm(null)}
          onConfirm={async () => {
            await patch({ status: 'deactivated' }, 'Deactivated.');
            return null;
          }}
        >
          <p>They are signed out and cannot sign in until reactivated. Nothing is deleted.</p>
        </ConfirmDialog>
      )}
      {confirm === 'transfer' && (
        <ConfirmDialog
          title={`Make ${user.name} the owner?`}
          action="Transfer ownership"
          onClose={() => setConfirm(null)}
          onConfirm={async () => {
            await api
              .PATCH('/api/v1/users/{id}', { params: { path: { id: user.id }, header: ifMatch(user.version) }, body: { role: 'owner' } })
              .then(async (r) => {
                await done(r, 'Ownership transferred. You are now an admin.');
                const { data } = await api.GET('/api/v1/me');
                if (data) me.value = data;
              });
            return null;
          }}
        >
          <p>
            {`${user.name} becomes the account's owner and you become an admin: ` +
              'you can no longer change the security settings or transfer ownership back yourself.'}
          </p>
        </ConfirmDialog>
      )}
    </section>
  );
};

/**
 * The account's users: a list filtered by role (in the address, `?role=agent&q=ann`, so reload and back keep it),
 * the form to add one, and the chosen user's details at `/app/admin/users/<id>`.
 */
export const UsersScreen = ({ rest }: { readonly rest: readonly string[] }) => {
  const [users, setUsers] = useState<User[] | null>(null);
  const [widgets, setWidgets] = useState<Widget[]>([]);
  const params = addressQuery();
  const roleFilter = (params.get('role') ?? '') as Role | '';
  const q = params.get('q') ?? '';
  const [query, setQuery] = useState(q);
  /** The user just added, and what adding them did: said in their details. */
  const [added, setAdded] = useState<{ id: string; text: string } | null>(null);
  /** Users added or invited again here: each may have mailed an invitation, so the mail log looks again. */
  const [mailed, setMailed] = useState(0);

  /** Whether this server sends e-mail (null: not known, as when the question failed). */
  const [mail, setMail] = useState<boolean | null>(null);
  const { loadError, load: reload } = useLoad(async () => {
    const [u, w, server] = await Promise.all([allUsers(), allWidgets(), api.GET('/api/v1/server').catch(() => null)]);
    setMail(server?.data?.mail ?? null);
    if (!u) return 'The users could not be loaded.';
    setUsers(u);
    setWidgets(w ?? []);
  }, []);

  // Said once: another user's details, then this one's again, no longer speak of adding them.
  useEffect(() => {
    if (added && rest[0] !== added.id) setAdded(null);
  }, [rest[0]]);

  const setFilter = (next: { role?: string; q?: string }) => {
    const p = new URLSearchParams(location.search);
    for (const [k, v] of Object.entries(next)) v ? p.set(k, v) : p.delete(k);
    const s = p.toString();
    navigate(`/app/admin/users${rest[0] ? `/${rest[0]}` : ''}${s ? `?${s}` : ''}`, 'q' in next);
  };

  const header = <h1 id="users-title">Users</h1>;
  if (loadError)
    return (
      <section aria-labelledby="users-title">
        {header}
        <LoadFailed message={loadError} onRetry={reload} />
      </section>
    );
  if (!users)
    return (
      <section aria-labelledby="users-title" aria-busy="true">
        {header}
        <p class="empty">Loading…</p>
      </section>
    );

  const shown = users.filter((u) => (!roleFilter || u.role === roleFilter) && matchesUser(u, q));
  const open = rest[0] ? users.find((u) => u.id === rest[0]) : undefined;
  const search = location.search;
  return (
    <section aria-labelledby="users-title" class="admin-users">
      {header}
      <div class="admin-filters" role="search">
        <SearchField
          id="users-q"
          value={query}
          placeholder="Name or e-mail"
          onInput={(value) => {
            setQuery(value);
            setFilter({ q: value.trim() });
          }}
        />
        <div class="field">
          <label for="users-role">Role</label>
          <select id="users-role" value={roleFilter} onChange={(e) => setFilter({ role: e.currentTarget.value })}>
            <option value="">Every role</option>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {ROLE_NAMES[r]}
              </option>
            ))}
          </select>
        </div>
      </div>
      {shown.length === 0 ? (
        <p class="empty">No user matches. Clear the search or pick another role.</p>
      ) : (
        <div class="table-scroll">
          <table class="admin-table">
            <caption class="visually-hidden">Users</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Role</th>
                <th scope="col">Status</th>
                <th scope="col">Last sign-in</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((u) => (
                <tr key={u.id} aria-current={u.id === open?.id ? 'true' : undefined}>
                  <td>
                    <a href={`/app/admin/users/${u.id}${search}`} onClick={(e) => goTo(e, `/app/admin/users/${u.id}${search}`)}>
                      {u.name}
                    </a>
                    <span class="hint admin-sub">{u.email}</span>
                  </td>
                  <td data-label="Role">{ROLE_NAMES[u.role]}</td>
                  <td data-label="Status" data-status={userStatus(u)}>
                    {statusText(u)}
                  </td>
                  <td data-label="Last sign-in">{lastSignIn(u.lastLoginAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {rest[0] && !open && <p class="error">This user no longer exists.</p>}
      {open && (
        <UserDetail
          key={open.id}
          user={open}
          widgets={widgets}
          mail={mail}
          reload={reload}
          onMailed={() => setMailed((n) => n + 1)}
          added={added?.id === open.id ? added.text : null}
        />
      )}
      <AddUser
        mail={mail}
        widgets={widgets}
        onAdded={async (u, text) => {
          setAdded({ id: u.id, text });
          setMailed((n) => n + 1);
          // Listed first, so that the details open with the new user (and the widgets they serve) in them.
          await reload();
          navigate(`/app/admin/users/${u.id}${search}`);
        }}
      />
      <DeliveryLog widgetId={null} refresh={mailed} />
    </section>
  );
};
