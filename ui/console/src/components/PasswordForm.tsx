import type { ComponentChildren, Ref } from 'preact';
import { useState } from 'preact/hooks';
import type { PasswordRefusal } from '../store.js';
import { useFocusOnShow } from './focus.js';

/** Why the server refused a form: its message, and each broken rule or wrong field in its words. */
export const RefusalNotice = ({ id, refusal }: { readonly id: string; readonly refusal: PasswordRefusal }) => (
  <div class="error" role="alert" id={id}>
    <p>{refusal.message}</p>
    {refusal.rules.length > 0 && (
      <ul class="rules">
        {refusal.rules.map((r) => (
          <li key={r.code} data-code={r.code}>
            {r.message}
          </li>
        ))}
      </ul>
    )}
  </div>
);

/** The refusal of a form whose two password fields differ. */
export const NOT_THE_SAME: PasswordRefusal = { message: 'The two passwords are not the same.', rules: [] };

/** The form's password (`#password`) when its repetition (`#repeat`) is the same; else null, the repetition focused. */
export const repeatedPassword = (form: HTMLFormElement, data: FormData): string | null => {
  const password = String(data.get('password') ?? '');
  if (password === String(data.get('repeat') ?? '')) return password;
  form.querySelector<HTMLInputElement>('#repeat')?.focus();
  return null;
};

/** A password field of {@link NewPasswordForm}, tied to the refusal while it is the one to correct. */
const PasswordField = ({
  id,
  label,
  autocomplete,
  focus,
  wrong,
}: {
  readonly id: 'current' | 'password';
  readonly label: string;
  readonly autocomplete: string;
  readonly focus: Ref<HTMLInputElement> | undefined;
  readonly wrong: true | undefined;
}) => (
  <div class="field">
    <label for={id}>{label}</label>
    <input
      id={id}
      name={id}
      type="password"
      autocomplete={autocomplete}
      required
      ref={focus}
      aria-invalid={wrong}
      aria-describedby={wrong && 'password-refusal'}
    />
  </div>
);

/**
 * A form that sets a new password, typed twice: the server's verdict below it, every broken rule listed. With
 * `current`, the user's current password first (a signed-in change); `username` lets password managers file
 * the new password under the right sign-in. `onSubmit` answers the refusal, or null once the password is set.
 */
export const NewPasswordForm = ({
  id,
  title,
  intro,
  current = false,
  username,
  submitLabel,
  onSubmit,
  children,
}: {
  readonly id: string;
  readonly title: string;
  readonly intro?: ComponentChildren;
  readonly current?: boolean;
  readonly username?: string;
  readonly submitLabel: string;
  readonly onSubmit: (password: string, currentPassword: string) => Promise<PasswordRefusal | null>;
  readonly children?: ComponentChildren;
}) => {
  const [refusal, setRefusal] = useState<PasswordRefusal | null>(null);
  const [busy, setBusy] = useState(false);
  const field = useFocusOnShow<HTMLInputElement>();
  const submit = async (ev: Event) => {
    ev.preventDefault();
    const form = ev.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    const password = repeatedPassword(form, data);
    if (password === null) return setRefusal(NOT_THE_SAME);
    setBusy(true);
    const refused = await onSubmit(password, String(data.get('current') ?? ''));
    setBusy(false);
    setRefusal(refused);
    if (refused) form.querySelector<HTMLInputElement>(refused.field === 'current' ? '#current' : '#password')?.focus();
    else form.reset();
  };
  const wrong = (which: 'current' | 'password') => (refusal && (refusal.field ?? 'password') === which ? true : undefined);
  return (
    <form onSubmit={submit} aria-labelledby={id}>
      <h1 id={id}>{title}</h1>
      {intro}
      {username !== undefined && <input type="text" name="username" autocomplete="username" value={username} hidden readOnly />}
      {current && (
        <PasswordField id="current" label="Current password" autocomplete="current-password" focus={field} wrong={wrong('current')} />
      )}
      <PasswordField
        id="password"
        label="New password"
        autocomplete="new-password"
        focus={current ? undefined : field}
        wrong={wrong('password')}
      />
      <div class="field">
        <label for="repeat">New password, again</label>
        <input id="repeat" name="repeat" type="password" autocomplete="new-password" required />
      </div>
      {refusal && <RefusalNotice id="password-refusal" refusal={refusal} />}
      <button class="btn btn-primary" type="submit" disabled={busy}>
        {busy ? 'Saving…' : submitLabel}
      </button>
      {children}
    </form>
  );
};
