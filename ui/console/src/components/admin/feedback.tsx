/** A field's message beside it, tied to the input by `aria-describedby`. */
export const FieldError = ({ id, message }: { readonly id: string; readonly message: string | undefined }) =>
  message ? (
    <span class="field-error" id={id}>
      {message}
    </span>
  ) : null;

/**
 * What a screen says when loading what it shows failed: the reason, announced (`role="alert"`), and a
 * Try again button that loads it again.
 */
export const LoadFailed = ({ message, onRetry }: { readonly message: string; readonly onRetry: () => unknown }) => (
  <div class="error load-failed" role="alert">
    <p>{message}</p>
    <button class="btn" type="button" onClick={() => void onRetry()}>
      Try again
    </button>
  </div>
);
