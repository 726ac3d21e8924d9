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

/**
 * The page a link opens (a mailed reset or invitation, or the operator's reset the CLI prints): the new password
 * twice, then the server's verdict, every broken rule listed; on success the server signs the user in and the
 * workspace opens.
 */
export const SetPassword = ({ kind, token }: { readonly kind: 'reset' | 'invite' | 'renew'; readonly token: string }) => (
  <main class="signin">
    <NewPasswordForm
      id="set-password-title"
      title={TITLE[kind]}
      submitLabel={kind === 'invite' ? 'Set password and sign in' : 'Save and sign in'}
      onSubmit={(password) => (kind === 'renew' ? renew(token, password) : setPasswordWithLink(kind, token, password))}
    >
      <BackToSignIn onBack={() => navigate('/app', true)} />
    </NewPasswordForm>
  </main>
);
