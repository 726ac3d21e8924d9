import { useEffect, useRef, useState } from 'preact/hooks';
import { changePassword, navigate, signedOutWhy, signIn, signUpState } from '../store.js';
import { useFocusOnShow } from './focus.js';
import { NewPasswordForm } from './PasswordForm.js';
import { ErrorAlert } from './alert.js';

/** Why a sign-in asks for a new password, in the words of the reasons the server gives. */
const EXPIRY_REASONS: Readonly<Record<string, string>> = {
  max_age_reached: 'Passwords in your account expire after a set time, and yours has.',
  requirements_raised: 'Your account’s password rules have changed since you chose yours.',
};

type Step =
  | { readonly kind: 'form' }
  | { readonly kind: 'choose'; readonly accounts: readonly { readonly id: string; readonly name: string }[] }
  | { readonly kind: 'expired'; readonly ticket: string; readonly reasons: readonly string[] };

/**
 * The sign-in form: the server sets an HttpOnly session cookie; no token is kept in JavaScript. On a server
 * without any account it gives way to the sign-up form that creates the first; where sign-up is open, it
 * links to it. An email and password that open several accounts ask which one; a password that has expired
 * (its age, or rules raised since) is replaced here, under the account's rules, before the workspace opens.
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
  const [step, setStep] = useState<Step>({ kind: 'form' });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // What was typed, kept in this form's memory only until the account is chosen.
  const typed = useRef({ email: '', password: '' });
  const attempt = async (accountId?: string) => {
    setBusy(true);
    const outcome = await signIn(typed.current.email, typed.current.password, accountId);
    setBusy(false);
    if (outcome?.kind !== 'choose') typed.current = { email: typed.current.email, password: '' };
    setError(outcome?.kind === 'refused' ? outcome.message : null);
    setStep(outcome && outcome.kind !== 'refused' ? outcome : { kind: 'form' });
  };
  const submit = (ev: Event) => {
    ev.preventDefault();
    const form = new FormData(ev.currentTarget as HTMLFormElement);
    typed.current = { email: String(form.get('email') ?? ''), password: String(form.get('password') ?? '') };
    void attempt();
  };
  const back = () => {
    typed.current = { email: typed.current.email, password: '' };
    setError(null);
    setStep({ kind: 'form' });
  };
  if (step.kind === 'expired')
    return (
      <main class="signin">
        <NewPasswordForm
          id="expired-title"
          title="Choose a new password"
          intro={
            <p class="hint">
              {step.reasons.map((r) => EXPIRY_REASONS[r]).find(Boolean) ?? 'Your password has expired.'} Choose a new one to sign in.
            </p>
          }
          username={typed.current.email}
          submitLabel="Save and sign in"
          onSubmit={(password) => changePassword({ ticket: step.ticket }, password)}
        >
          <BackToSignIn onBack={back} />
        </NewPasswordForm>
      </main>
    );
  if (step.kind === 'choose')
    return <AccountChoice accounts={step.accounts} busy={busy} error={error} onChoose={(id) => void attempt(id)} onBack={back} />;
  return <SignInForm email={typed.current.email} busy={busy} error={error} signUpOpen={signUpOpen} onSubmit={submit} />;
};

/** The form itself, its email field focused each time it shows (again after a way back), the email kept. */
const SignInForm = ({
  email,
  busy,
  error,
  signUpOpen,
  onSubmit,
}: {
  readonly email: string;
  readonly busy: boolean;
  readonly error: string | null;
  readonly signUpOpen: boolean;
  readonly onSubmit: (ev: Event) => void;
}) => {
  const field = useFocusOnShow<HTMLInputElement>();
  return (
    <main class="signin">
      <form onSubmit={onSubmit} aria-labelledby="signin-title">
        <h1 id="signin-title">Sign in to Parley</h1>
        {signedOutWhy.value && (
          <p class="notice" role="status">
            {signedOutWhy.value}
          </p>
        )}
        <div class="field">
          <label for="email">Email</label>
          <input id="email" name="email" type="email" autocomplete="username" required ref={field} defaultValue={email} />
        </div>
        <div class="field">
          <label for="password">Password</label>
          <input id="password" name="password" type="password" autocomplete="current-password" required />
        </div>
        <ErrorAlert message={error} />
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

/** The accounts an email and password open: one button each, the first focused. */
const AccountChoice = ({
  accounts,
  busy,
  error,
  onChoose,
  onBack,
}: {
  readonly accounts: readonly { readonly id: string; readonly name: string }[];
  readonly busy: boolean;
  readonly error: string | null;
  readonly onChoose: (accountId: string) => void;
  readonly onBack: () => void;
}) => {
  const first = useFocusOnShow<HTMLButtonElement>();
  return (
    <main class="signin">
      <section class="signin-card account-choice" aria-labelledby="choose-title">
        <h1 id="choose-title">Choose an account</h1>
        <p class="hint">This email and password sign in to several accounts. Which one do you want to open?</p>
        <ul>
          {accounts.map((a, i) => (
            <li key={a.id}>
              <button class="btn" type="button" disabled={busy} ref={i === 0 ? first : undefined} onClick={() => onChoose(a.id)}>
                {a.name}
              </button>
            </li>
          ))}
        </ul>
        <ErrorAlert message={error} />
        <BackToSignIn onBack={onBack} />
      </section>
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
