import type { InputHTMLAttributes } from 'preact';

/** A field's message beside it, tied to the input by `aria-describedby`. */
export const FieldError = ({ id, message }: { readonly id: string; readonly message: string | undefined }) =>
  message ? (
    <span class="field-error" id={id}>
      {message}
    </span>
  ) : null;

/**
 * A labelled input of an admin form with its message beside it ({@link FieldError}, id `<id>-error`), tied to it by
 * `aria-describedby` while there is one; every other attribute goes to the input.
 */
export const InputField = ({
  id,
  label,
  error,
  ...input
}: { readonly id: string; readonly label: string; readonly error: string | undefined } & InputHTMLAttributes<HTMLInputElement>) => (
  <div class="field">
    <label for={id}>{label}</label>
    <input id={id} {...input} aria-describedby={error ? `${id}-error` : undefined} />
    <FieldError id={`${id}-error`} message={error} />
  </div>
);

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

/**
 * What a form says when a save was refused as a whole (`SaveProblem`, `FormProblem` of `form.ts`): the message,
 * announced, and when someone else saved first (`stale`) a Reload button that shows their version to edit again.
 * Nothing while there is no message.
 */
export const SaveFailed = ({
  problem,
  onReload,
}: {
  readonly problem: { readonly message: string | null; readonly stale: boolean } | null;
  readonly onReload?: () => unknown;
}) =>
  problem?.message ? (
    <div class="error" role="alert">
      <p>{problem.message}</p>
      {problem.stale && onReload && (
        <button class="btn" type="button" onClick={() => void onReload()}>
          Reload
        </button>
      )}
    </div>
  ) : null;
