import { useEffect, useState } from 'preact/hooks';
import { api } from '../api.js';
import { changePassword, LINK_NO_LONGER_VALID, navigate, setPasswordWithLink } from '../store.js';
import { NewPasswordForm } from './PasswordForm.js';
import { BackToSignIn } from './SignIn.js';

const TITLE = {
  reset: 'Choose a new password',
  renew: 'Choose a new password',
  invite: 'Welcome to Parley: choose your password',
} as const;

/** Sets the password with an operator's reset link (its token is a ticket, as an expired password's sign-in gives). */
const renew = async (token: string, password: string) => {
  const refused = await changePassword({ ticket: token }, password, LINK_NO_LONGER_VALID);
  if (!refused) navigate('/app', true); // the token leaves the address and the history
  return refused;
};

/** What the server says of a mailed link before it is used: whose password it sets where, or that it is spent. */
type Link =
  | { readonly state: 'checking' | 'unknown' | 'spent' }
  | { readonly state: 'works'; readonly accountName: string; readonly email: string };

/** Asks the server what the mailed link `token` is for (the operator's `renew` ticket is not such a link). */
const useLink = (kind: 'reset' | 'invite' | 'renew', token: string): Link => {
  const [link, setLink] = useState<Link>({ state: 'checking' });
  useEffect(() => {
    if (kind === 'renew') return setLink({ state: 'unknown' });
    void api
      .POST('/api/v1/auth/links/describe', { body: { token } })
      .then(({ data, error }) =>
        setLink(
          data
            ? { state: 'works', accountName: data.accountName, email: data.email }
            : { state: (error as { code?: string } | undefined)?.code === 'invalid_token' ? 'spent' : 'unknown' },
        ),
      )
      .catch(() => setLink({ state: 'unknown' })); // the form still works; its answer will tell
  }, [kind, token]);
  return link;
};

/**
 * The page a link opens (a mailed reset or invitation, or the operator's reset the CLI prints): whose password it
 * sets in which account, then the new password twice and the server's verdict, every broken rule listed; on success
 * the server signs the user in and the workspace opens. A link used already or expired says so at once, and where a
 * new one comes from.
 */
export const SetPassword = ({ kind, token }: { readonly kind: 'reset' | 'invite' | 'renew'; readonly token: string }) => {
  const link = useLink(kind, token);
  const back = <BackToSignIn onBack={() => navigate('/app', true)} />;
  if (link.state === 'spent')
    return (
      <main class="signin">
        <section class="signin-card" aria-labelledby="set-password-title">
          <h1 id="set-password-title">{TITLE[kind]}</h1>
          <p class="error" role="alert">
            {LINK_NO_LONGER_VALID}
          </p>
          {kind === 'invite' ? (
            <p>Ask the admin who invited you to send a new invitation from the users screen.</p>
          ) : (
            <p>
              <a
                href="/app/forgot"
                onClick={(e) => {
                  e.preventDefault();
                  navigate('/app/forgot');
                }}
              >
                Ask for a new link
              </a>
            </p>
          )}
          {back}
        </section>
      </main>
    );
  return (
    <main class="signin">
      <NewPasswordForm
        id="set-password-title"
        title={TITLE[kind]}
        intro={
          link.state === 'works' ? (
            <p class="hint" id="set-password-for">
              {kind === 'invite' ? `You are joining ${link.accountName} as ${link.email}.` : `For ${link.email} at ${link.accountName}.`}
            </p>
          ) : undefined
        }
        submitLabel={kind === 'invite' ? 'Set password and sign in' : 'Save and sign in'}
        onSubmit={(password) => (kind === 'renew' ? renew(token, password) : setPasswordWithLink(kind, token, password))}
      >
        {back}
      </NewPasswordForm>
    </main>
  );
};
