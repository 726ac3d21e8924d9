import { useState } from 'preact/hooks';
import { expiryDate } from '../password-expiry.js';
import { changePassword, me, passwordExpiresAt } from '../store.js';
import { NewPasswordForm } from './PasswordForm.js';

/**
 * The signed-in user's own password (`/app/password`, from their name in the top bar): the current one, then
 * the new one twice, under the account's rules. The server ends every session of the user and opens a fresh
 * one for this page, so the workspace stays open here and other browsers are signed out.
 */
export const OwnPassword = () => {
  const [changed, setChanged] = useState(false);
  return (
    <main class="signin" id="content" tabIndex={-1}>
      <NewPasswordForm
        id="own-password-title"
        title="Change your password"
        intro={
          <p class="hint">
            {passwordExpiresAt.value && `Your password expires on ${expiryDate(passwordExpiresAt.value)}. `}
            Once it is changed, you stay signed in here and every other session of yours is signed out.
          </p>
        }
        current
        username={me.value?.email ?? ''}
        submitLabel="Change password"
        onSubmit={async (password, currentPassword) => {
          setChanged(false);
          const refused = await changePassword({ currentPassword }, password);
          setChanged(refused === null);
          return refused;
        }}
      >
        {changed && (
          <p class="confirmation" role="status">
            Your password is changed. Your other sessions are signed out.
          </p>
        )}
      </NewPasswordForm>
    </main>
  );
};
