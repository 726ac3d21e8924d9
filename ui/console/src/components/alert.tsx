/** A failure said where it happened and announced at once (`role="alert"`); nothing while there is none. */
export const ErrorAlert = ({ message }: { readonly message: string | null | undefined }) =>
  message ? (
    <p class="error" role="alert">
      {message}
    </p>
  ) : null;
