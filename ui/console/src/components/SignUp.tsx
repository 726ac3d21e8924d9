import { INPUT_LIMITS as L } from '@parley/core/limits';
import { useEffect, useState } from 'preact/hooks';
import { navigate, PASSWORD_REFUSED, signUp, signUpState, type PasswordRefusal } from '../store.js';
import { useFocusOnShow } from './focus.js';
import { NOT_THE_SAME, RefusalNotice, repeatedPassword } from './PasswordForm.js';
import { BackToSignIn } from './SignIn.js';

/**
 * The sign-up form: an account and its owner. On a fresh server (`setup`) it is the first page a visitor sees,
 * titled so; the server's refusal lists every broken password rule or wrong field. Once created, the owner is
 * signed in and lands on the widgets screen, where a team's first ten minutes go on.
 */
export const SignUp = () => {
  const [state, setState] = useState<{ open: boolean; setup: boolean } | null | undefined>(undefined);
  useEffect(() => void signUpState().then(setState), []);
  if (state === undefined)
    return (
      <p class="empty" aria-busy="true">
        Loading…
      </p>
    );
  if (!state?.open)
    return (
      <main class="signin">
        <div class="signin-card">
          <h1>No new accounts</h1>
          <p>This server takes no new accounts. Ask its operator for one, or sign in.</p>
          <BackToSignIn onBack={() => navigate('/app')} />
        </div>
      </main>
    );
  return <SignUpForm setup={state.setup} />;
};

const SignUpForm = ({ setup }: { readonly setup: boolean }) => {
  const [refusal, setRefusal] = useState<PasswordRefusal | null>(null);
  const [busy, setBusy] = useState(false);
  const field = useFocusOnShow<HTMLInputElement>();
  const submit = async (ev: Event) => {
    ev.preventDefault();
    const form = ev.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    const text = (name: string) => String(data.get(name) ?? '').trim();
    const password = repeatedPassword(form, data);
    if (password === null) return setRefusal(NOT_THE_SAME);
    setBusy(true);
    const refused = await signUp({ accountName: text('accountName'), name: text('name'), email: text('email'), password });
    setBusy(false);
    setRefusal(refused);
    // The field to fix: the password when a rule refused it, else the first (the notice lists what was wrong).
    if (refused) form.querySelector<HTMLInputElement>(refused.message === PASSWORD_REFUSED ? '#password' : '#accountName')?.focus();
    else navigate('/app/admin/widgets', true);
  };
  return (
    <main class="signin">
      <form onSubmit={submit} aria-labelledby="signup-title" aria-describedby={setup ? 'signup-intro' : undefined}>
        <h1 id="signup-title">{setup ? 'Welcome to Parley' : 'Create an account'}</h1>
        {setup && (
          <p id="signup-intro" class="hint">
            This server has no account yet. Create yours: you will be its owner, and can then add widgets and your team.
          </p>
        )}
        <div class="field">
          <label for="accountName">Company or team</label>
          <input id="accountName" name="accountName" autocomplete="organization" required maxLength={L.name} ref={field} />
        </div>
        <div class="field">
          <label for="name">Your name</label>
          <input id="name" name="name" autocomplete="name" required maxLength={L.name} />
        </div>
        <div class="field">
          <label for="email">Email</label>
          <input id="email" name="email" type="email" autocomplete="username" required maxLength={L.email} />
        </div>
        <div class="field">
          <label for="password">Password</label>
          <input
            id="password"
            name="password"
            type="password"
            autocomplete="new-password"
            required
            aria-invalid={refusal?.rules.length ? true : undefined}
            aria-describedby={refusal ? 'signup-password-hint signup-refusal' : 'signup-password-hint'}
          />
          {/* A new account's rules: the default ones, whose minimum is 8 (the owner may raise them later). */}
          <span class="hint" id="signup-password-hint">
            At least 8 characters; a few words that belong together make a strong one.
          </span>
        </div>
        <div class="field">
          <label for="repeat">Password, again</label>
          <input id="repeat" name="repeat" type="password" autocomplete="new-password" required />
        </div>
        {refusal && <RefusalNotice id="signup-refusal" refusal={refusal} />}
        <button class="btn btn-primary" type="submit" disabled={busy}>
          {busy ? 'Creating…' : 'Create account'}
        </button>
        {!setup && <BackToSignIn onBack={() => navigate('/app')} />}
      </form>
    </main>
  );
};
