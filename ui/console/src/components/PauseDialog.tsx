import { INPUT_LIMITS } from '@parley/core/limits';
import { useEffect, useRef, useState } from 'preact/hooks';
import { setStatus } from '../store.js';
import { ErrorAlert } from './alert.js';

/** The reasons offered for a pause, as sent to the server; anything else is the agent's own words. */
export const PAUSE_REASONS: Readonly<Record<string, string>> = { lunch: 'Lunch', training: 'Training', meeting: 'Meeting' };

/** How a reason reads in the top bar. */
export const reasonLabel = (reason: string): string => PAUSE_REASONS[reason] ?? reason;

/** Asks why the agent pauses (optional), then pauses: open chats stay, no new ones come. */
export const PauseDialog = ({ onClose }: { onClose: () => void }) => {
  const dialog = useRef<HTMLDialogElement>(null);
  const [choice, setChoice] = useState('');
  const [other, setOther] = useState('');
  const [error, setError] = useState<string | null>(null);
  useEffect(() => dialog.current?.showModal(), []);

  const submit = async (ev: Event) => {
    ev.preventDefault();
    const reason = choice === 'other' ? other.trim() : choice;
    const failed = await setStatus('paused', reason || null);
    if (failed) setError(failed);
    else dialog.current?.close();
  };

  return (
    <dialog ref={dialog} class="dialog" aria-labelledby="pause-title" onClose={onClose}>
      <h2 id="pause-title">Pause</h2>
      <form onSubmit={submit}>
        <fieldset class="pause-reasons">
          <legend>Reason (optional)</legend>
          {[...Object.entries(PAUSE_REASONS), ['other', 'Other'] as const].map(([value, label]) => (
            <label key={value}>
              <input type="radio" name="reason" value={value} checked={choice === value} onChange={() => setChoice(value)} /> {label}
            </label>
          ))}
          {choice === 'other' && (
            <div class="field">
              <label for="pause-other">Your reason</label>
              <input
                id="pause-other"
                maxLength={INPUT_LIMITS.statusReason}
                required
                value={other}
                onInput={(ev) => setOther((ev.currentTarget as HTMLInputElement).value)}
              />
            </div>
          )}
        </fieldset>
        <ErrorAlert message={error} />
        <div class="dialog-actions">
          <button class="btn btn-primary" type="submit">
            Pause
          </button>
          <button class="btn" type="button" onClick={() => dialog.current?.close()}>
            Cancel
          </button>
        </div>
      </form>
    </dialog>
  );
};
