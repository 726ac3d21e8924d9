import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { problemMessage } from '@parley/api-client';
import { INPUT_LIMITS as L } from '@parley/core/limits';
import { ConfirmDialog } from './ConfirmDialog.js';
import { InputField, LoadFailed } from './feedback.js';
import { Secret } from './Secret.js';
import { ErrorAlert } from '../alert.js';

/** An {@link ExpiresField}'s value (`datetime-local`, the browser's zone) as the API's instant; '' for none. */
export const instantOfLocal = (local: string): string | null => (local ? new Date(local).toISOString() : null);

/**
 * A list of named secrets that stop working once revoked (monitor share links, API tokens): while it loads, why
 * it could not load (with Try again), that there are none yet, or a table whose rows each end with a Revoke
 * button named after the row for screen readers. Revoking asks first, saying what it stops; a refusal is said in
 * the confirmation, and once done the list loads again. One component, so both lists revoke the same way.
 */
export const RevocableList = <T extends { readonly id: string; readonly label: string }>(props: {
  /** The list; null until it has loaded. */
  readonly items: readonly T[] | null;
  /** Why it could not load, and how to read it again: what `useLoad` answers. */
  readonly loadError: string | null;
  readonly load: () => Promise<void>;
  /** What the list holds, as in “No API tokens yet.”; capitalised, it is the table's caption. */
  readonly what: string;
  /** The headings of the columns `cells` fills, between the Name (the row's label) and the Revoke buttons. */
  readonly columns: readonly string[];
  /**
   * A row's cells between its label and its Revoke button, one per column: each is put in a `<td>` named after its
   * column (`data-label`), which a phone, stacking the cells without the header row, shows above it.
   */
  readonly cells: (item: T) => readonly ComponentChildren[];
  /** Whether a row may still be revoked; every row when omitted. */
  readonly revocable?: (item: T) => boolean;
  /** Revokes (the API's DELETE), answering its error if any. */
  readonly revoke: (item: T) => Promise<{ readonly error?: unknown }>;
  /** What revoking does, said in the confirmation. */
  readonly consequence: string;
}) => {
  const { items, loadError, load, what } = props;
  const [revoking, setRevoking] = useState<T | null>(null);
  /** What was revoked last: said, and focused, since the Revoke button pressed is gone. */
  const [revoked, setRevoked] = useState<{ readonly label: string } | null>(null);
  const revokedNote = useRef<HTMLParagraphElement>(null);
  useEffect(() => revokedNote.current?.focus(), [revoked]);
  return (
    <>
      {revoked && (
        <p class="saved" role="status" tabIndex={-1} ref={revokedNote}>
          Revoked “{revoked.label}”.
        </p>
      )}
      {loadError && <LoadFailed message={loadError} onRetry={load} />}
      {!items && !loadError && <p class="empty">{`Loading the ${what}…`}</p>}
      {items && items.length === 0 && <p class="empty">{`No ${what} yet.`}</p>}
      {items && items.length > 0 && (
        <div class="table-scroll">
          <table class="admin-table">
            <caption class="visually-hidden">{what.charAt(0).toUpperCase() + what.slice(1)}</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                {props.columns.map((c) => (
                  <th key={c} scope="col">
                    {c}
                  </th>
                ))}
                <th scope="col">
                  <span class="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((item) => (
                <tr key={item.id}>
                  <td>{item.label}</td>
                  {props.cells(item).map((cell, i) => (
                    <td key={props.columns[i]} data-label={props.columns[i]}>
                      {cell}
                    </td>
                  ))}
                  <td>
                    {(props.revocable?.(item) ?? true) && (
                      <button class="btn btn-danger" type="button" aria-label={`Revoke ${item.label}`} onClick={() => setRevoking(item)}>
                        Revoke
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {revoking && (
        <ConfirmDialog
          title={`Revoke “${revoking.label}”?`}
          action="Revoke"
          focusCancel
          onClose={() => setRevoking(null)}
          onConfirm={async () => {
            const { error } = await props.revoke(revoking);
            if (error) return problemMessage(error);
            setRevoked({ label: revoking.label });
            void load();
            return null;
          }}
        >
          <p>{props.consequence}</p>
        </ConfirmDialog>
      )}
    </>
  );
};

/**
 * The form that creates one of a {@link RevocableList}'s secrets: its fields (`children`), the error that is about
 * none of them (announced), the submit button, and below the form the new secret, shown only this once to copy.
 */
export const RevocableForm = (props: {
  readonly class: string;
  readonly onSubmit: (ev: Event) => unknown;
  readonly children: ComponentChildren;
  /** Why creating failed, when it is about no one field. */
  readonly error: string | undefined;
  readonly submit: string;
  /** The secret just created, with the title it is shown under; null once put away. */
  readonly created: { readonly title: string; readonly value: string } | null;
  readonly onDismiss: () => void;
}) => (
  <>
    <form class={props.class} onSubmit={props.onSubmit} noValidate>
      {props.children}
      <ErrorAlert message={props.error} />
      <div class="form-actions">
        <button class="btn btn-primary" type="submit">
          {props.submit}
        </button>
      </div>
    </form>
    {props.created && (
      <Secret
        title={props.created.title}
        value={props.created.value}
        note="Copy it now: it is shown only this once."
        onDismiss={props.onDismiss}
      />
    )}
  </>
);

/** What a {@link RevocableForm}'s field is told: its value, the server's message for it, and where keystrokes go. */
interface FieldProps {
  readonly id: string;
  readonly value: string;
  readonly error: string | undefined;
  readonly onInput: (value: string) => void;
}

/** The name of a new secret of a {@link RevocableForm}, the list's first column and the Revoke buttons' name. */
export const NameField = (props: FieldProps & { readonly placeholder: string }) => (
  <InputField
    id={props.id}
    label="Name"
    error={props.error}
    maxLength={L.name}
    value={props.value}
    placeholder={props.placeholder}
    onInput={(ev) => props.onInput(ev.currentTarget.value)}
  />
);

/** When a new secret of a {@link RevocableForm} stops working, in the browser's zone; `empty` says how long it works without. */
export const ExpiresField = (props: FieldProps & { readonly empty: string }) => (
  <InputField
    id={props.id}
    label={`Expires (empty: ${props.empty})`}
    error={props.error}
    type="datetime-local"
    value={props.value}
    onInput={(ev) => props.onInput(ev.currentTarget.value)}
  />
);
