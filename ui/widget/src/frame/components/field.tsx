import { INPUT_LIMITS } from '@parley/core/limits';
import type { AskField } from '../api.js';
import { t } from '../store.js';

interface FieldProps {
  readonly id: string;
  readonly label: string;
  readonly need: Exclude<AskField, 'off'>;
  readonly type?: 'text' | 'email';
  readonly multiline?: boolean;
  readonly value: string;
  readonly error: string | null;
  readonly readOnly?: boolean;
  readonly autoComplete?: string;
  readonly onInput: (value: string) => void;
}

/** A labelled form field; says whether it is required, and why it was refused, to screen readers too. */
export const Field = ({ id, label, need, type = 'text', multiline, value, error, readOnly, autoComplete, onInput }: FieldProps) => {
  const errorId = `${id}-error`;
  const common = {
    id,
    name: id,
    value,
    readOnly,
    required: need === 'required',
    'aria-invalid': error ? true : undefined,
    'aria-describedby': error ? errorId : undefined,
    onInput: (e: Event) => onInput((e.currentTarget as HTMLInputElement).value),
  };
  return (
    <div class="field">
      <label for={id}>
        {label} <span class="need">({t(need)})</span>
      </label>
      {multiline ? (
        <textarea {...common} rows={3} maxLength={INPUT_LIMITS.message} />
      ) : type === 'email' ? (
        <input {...common} type="email" autoComplete={autoComplete} maxLength={INPUT_LIMITS.email} />
      ) : (
        <input {...common} type="text" autoComplete={autoComplete} maxLength={INPUT_LIMITS.name} />
      )}
      {error && (
        <p class="field-error" id={errorId}>
          {error}
        </p>
      )}
    </div>
  );
};
