import { useEffect, useRef, useState } from 'preact/hooks';
import { config, conversation, page, requestTranscript, t, transcript, visitorEmail } from '../store.js';
import { EMAIL } from '../../shared/protocol.js';
import { Field } from './field.js';
import { Problem } from './problem.js';

/**
 * "Send me the transcript": a button that opens a small form with the visitor's address (prefilled when
 * known, editable), checked here first, then by the server; the confirmation and any refusal are announced.
 * Not there when the server sends no e-mail (`transcriptByMail` false): the transcript would never arrive.
 */
export const TranscriptRequest = () => {
  const [open, setOpen] = useState(false);
  const [email, setEmail] = useState('');
  const [checked, setChecked] = useState(false);
  const toggle = useRef<HTMLButtonElement>(null);
  const wasOpen = useRef(false);
  const state = transcript.value;

  useEffect(() => {
    if (state.sentTo) setOpen(false);
  }, [state.sentTo]);
  // Focus moves into the form when it opens, and back to its button when it closes (sent or cancelled).
  useEffect(() => {
    if (open) document.getElementById('transcript-email')?.focus();
    else if (wasOpen.current) toggle.current?.focus();
    wasOpen.current = open;
  }, [open]);

  const show = () => {
    setEmail(state.sentTo ?? (visitorEmail.value || page.value?.visitor.email || ''));
    setChecked(false);
    transcript.value = { ...state, sentTo: null, problem: null, fields: [] };
    setOpen(true);
  };
  const hide = () => setOpen(false);
  const edit = (next: string) => {
    setEmail(next);
    if (state.fields.length) transcript.value = { ...state, fields: [] }; // the server judged the old address, not this one
  };

  const value = email.trim();
  const error = state.fields.includes('email')
    ? t(value ? 'emailInvalid' : 'fieldRequired')
    : !checked
      ? null
      : !value
        ? t('fieldRequired')
        : !EMAIL.test(value)
          ? t('emailInvalid')
          : null;

  const submit = (e: Event) => {
    e.preventDefault();
    setChecked(true);
    if (!value || !EMAIL.test(value)) {
      (e.currentTarget as HTMLFormElement).querySelector<HTMLElement>('input')?.focus();
      return;
    }
    void requestTranscript(value);
  };

  if (config.value?.transcriptByMail === false) return null;
  if (!open)
    return (
      <div class="transcript-request">
        {/* "The chat so far… ask again once it has ended" says nothing true once it has: the button asks for all of it. */}
        {state.sentTo && !(state.soFar && conversation.value.phase === 'ended') && (
          <p class="transcript-sent" role="status">
            {t(state.soFar ? 'transcriptSentSoFar' : 'transcriptSent', { email: state.sentTo })}
          </p>
        )}
        <button type="button" class="link" ref={toggle} onClick={show}>
          {t('transcriptAsk')}
        </button>
      </div>
    );
  return (
    <form
      class="transcript-form"
      noValidate
      onSubmit={submit}
      aria-labelledby="transcript-title"
      onKeyDown={(e) => e.key === 'Escape' && (e.stopPropagation(), hide())}
    >
      <h2 id="transcript-title" class="form-title">
        {t('transcriptTitle')}
      </h2>
      <Field
        id="transcript-email"
        label={t('email')}
        need="required"
        type="email"
        value={email}
        error={error}
        autoComplete="email"
        onInput={edit}
      />
      <Problem text={state.problem} />
      <div class="transcript-buttons">
        <button type="button" class="link" onClick={hide}>
          {t('cancel')}
        </button>
        <button type="submit" class="primary" disabled={state.busy}>
          {state.busy ? t('transcriptSending') : t('transcriptSend')}
        </button>
      </div>
    </form>
  );
};
