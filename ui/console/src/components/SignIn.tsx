import { useEffect, useState } from 'preact/hooks';
import { navigate, signIn, signUpState } from '../store.js';
import { useFocusOnShow } from './focus.js';

/**
 * The sign-in form: the server sets an HttpOnly session cookie; no token is kept in JavaScript. On a server
 * without any account it gives way to the sign-up form that creates the first; where sign-up is open, it
 * links to it.
 */
export const SignIn = () => {
  const [signUpOpen, setSignUpOpen] = useState(false);
  useEffect(
    () =>
      void signUpState().then((s) => {
        if (s?.open && s.setup) navigate('/app/signup', true);
        else setSignUpOpen(s?.open ?? false);
      }),
    [],
  );
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const field = useFocusOnShow<HTMLInputElement>();
  const submit = async (ev: Event) => {
    ev.preventDefault();
    const form = new FormData(ev.currentTarget as HTMLFormElement);
    setBusy(true);
    setError(await signIn(String(form.get('email') ?? ''), String(form.get('password') ?? '')));
    setBusy(false);
  };
  return (
    <main class="signin">
      <form onSubmit={submit} aria-labelledby="signin-title">
        <h1 id="signin-title">Sign in to Parley</h1>
        <div class="field">
          <label for="email">Email</label>
          <input id="email" name="email" type="email" autocomplete="username" required ref={field} />
        </div>
        <div class="field">
          <label for="password">Password</label>
          <input id="password" name="password" type="password" autocomplete="current-password" required />
        </div>
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
        <button class="btn btn-primary" type="submit" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
        <p class="aside">
          <a
            href="/app/forgot"
            onClick={(e) => {
              e.preventDefault();
              navigate('/app/forgot');
            }}
          >
            Forgot your password?
          </a>
        </p>
        {signUpOpen && (
          <p class="aside">
            New to Parley?{' '}
            <a
              href="/app/signup"
              onClick={(e) => {
                e.preventDefault();
                navigate('/app/signup');
              }}
            >
              Create an account
            </a>
          </p>
        )}
      </form>
    </main>
  );
};

/** The way back from the password pages to the sign-in form (a link, as it goes to another address). */
export const BackToSignIn = ({ onBack }: { readonly onBack: () => void }) => (
  <p class="aside">
    <a
      href="/app"
      onClick={(e) => {
        e.preventDefault();
        onBack();
      }}
    >
      Back to sign-in
    </a>
  </p>
);
