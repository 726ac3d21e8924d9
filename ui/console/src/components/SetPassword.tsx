import { useState } from 'preact/hooks';
import { navigate, setPasswordWithLink, type PasswordRefusal } from '../store.js';
import { useFocusOnShow } from './focus.js';
import { BackToSignIn } from './SignIn.js';

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

const TITLE = { reset: 'Choose a new password', invite: 'Welcome to Parley: choose your password' } as const;

/**
 * The page a mailed link opens (a reset or an invitation): the new password twice, then the server's
 * verdict, every broken rule listed; on success the server signs the user in and the workspace opens.
 */
export const SetPassword = ({ kind, token }: { readonly kind: 'reset' | 'invite'; readonly token: string }) => {
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
    const refused = await setPasswordWithLink(kind, token, password);
    setBusy(false);
    setRefusal(refused);
    if (refused) form.querySelector<HTMLInputElement>('#password')?.focus();
  };
  return (
    <main class="signin">
      <form onSubmit={submit} aria-labelledby="set-password-title">
        <h1 id="set-password-title">{TITLE[kind]}</h1>
        <div class="field">
          <label for="password">New password</label>
          <input
            id="password"
            name="password"
            type="password"
            autocomplete="new-password"
            required
            ref={field}
            aria-invalid={refusal ? true : undefined}
            aria-describedby={refusal ? 'password-refusal' : undefined}
          />
        </div>
        <div class="field">
          <label for="repeat">New password, again</label>
          <input id="repeat" name="repeat" type="password" autocomplete="new-password" required />
        </div>
        {refusal && <RefusalNotice id="password-refusal" refusal={refusal} />}
        <button class="btn btn-primary" type="submit" disabled={busy}>
          {busy ? 'Saving…' : kind === 'invite' ? 'Set password and sign in' : 'Save and sign in'}
        </button>
        <BackToSignIn onBack={() => navigate('/app', true)} />
      </form>
    </main>
  );
};
