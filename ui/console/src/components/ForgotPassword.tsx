import { useState } from 'preact/hooks';
import { forgotPassword, navigate } from '../store.js';
import { useFocusOnShow } from './focus.js';
import { BackToSignIn } from './SignIn.js';
import { ErrorAlert } from './alert.js';

/** The same words whatever the address; focused, so the keyboard and screen reader are where the news is. */
const Confirmation = () => (
  <p class="confirmation" role="status" tabIndex={-1} ref={useFocusOnShow<HTMLParagraphElement>()}>
    If this address belongs to a Parley user, a mail with a link to choose a new password is on its way. The link works once, for 30
    minutes.
  </p>
);

/**
 * Asks for a reset link by e-mail. The confirmation is the same whatever the address, as the server's
 * answer is: neither tells whether someone uses it.
 */
export const ForgotPassword = () => {
  const field = useFocusOnShow<HTMLInputElement>();
  const [sent, setSent] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (ev: Event) => {
    ev.preventDefault();
    const email = String(new FormData(ev.currentTarget as HTMLFormElement).get('email') ?? '').trim();
    setBusy(true);
    const failure = await forgotPassword(email);
    setBusy(false);
    setError(failure);
    setSent(failure === null);
  };
  return (
    <main class="signin">
      <form onSubmit={submit} aria-labelledby="forgot-title">
        <h1 id="forgot-title">Reset your password</h1>
        {sent ? (
          <Confirmation />
        ) : (
          <>
            <p class="hint">Enter the email address you sign in with. We will mail you a link to choose a new password.</p>
            <div class="field">
              <label for="email">Email</label>
              <input id="email" name="email" type="email" autocomplete="username" required ref={field} />
            </div>
            <ErrorAlert message={error} />
            <button class="btn btn-primary" type="submit" disabled={busy}>
              {busy ? 'Sending…' : 'Send me a link'}
            </button>
          </>
        )}
        <BackToSignIn onBack={() => navigate('/app')} />
      </form>
    </main>
  );
};
