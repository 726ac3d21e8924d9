import { useEffect, useRef } from 'preact/hooks';

/** A confirmation for a destructive action: says what happens, and does it only on the explicit button. */
export const Confirm = (props: {
  readonly title: string;
  readonly text: string;
  readonly action: string;
  readonly onConfirm: () => void;
  readonly onClose: () => void;
}) => {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => dialog.current?.showModal(), []);
  return (
    <dialog ref={dialog} class="dialog" aria-labelledby="confirm-title" aria-describedby="confirm-text" onClose={props.onClose}>
      <h2 id="confirm-title">{props.title}</h2>
      <p id="confirm-text">{props.text}</p>
      <div class="dialog-actions">
        <button
          class="btn btn-primary btn-destructive"
          type="button"
          onClick={() => {
            props.onConfirm();
            dialog.current?.close();
          }}
        >
          {props.action}
        </button>
        <button class="btn" type="button" onClick={() => dialog.current?.close()}>
          Cancel
        </button>
      </div>
    </dialog>
  );
};
