import { useEffect, useRef, useState } from 'preact/hooks';
import { busy, config, fieldErrors, formDraft, lastGiven, page, problem, proactivePrompt, queueFull, startChat, t } from '../store.js';
import { Field } from './field.js';
import { Problem } from './problem.js';
import { EMAIL } from '../../shared/protocol.js';

/** A proactive invitation, shown as the agent's first message: the visitor's answer starts the chat. */
const Invitation = ({ from, text }: { readonly from: string; readonly text: string }) => (
  <ol class="lines invitation">
    <li class="msg agent">
      <span class="who">{from}</span>
      <p class="text">{text}</p>
    </li>
  </ol>
);

/**
 * The pre-chat form (name and email as the widget asks, then the first message), or the offline form
 * (email required: the answer goes there). Checked here first, then by the server.
 */
export const ChatForm = ({ offline }: { readonly offline: boolean }) => {
  const cfg = config.value!;
  const visitor = page.value?.visitor ?? {};
  // What the visitor typed before the window was minimised; else what the page says of the visitor, else what they
  // gave on this page before (a chat that ended, a request sent). An address the page locked stays the page's.
  const draft = formDraft.peek();
  const locked = visitor.emailLocked === true && !!visitor.email;
  const [name, setName] = useState(draft?.name ?? visitor.name ?? lastGiven.value.name);
  const [email, setEmail] = useState(locked ? visitor.email! : (draft?.email ?? visitor.email ?? lastGiven.value.email));
  const [message, setMessage] = useState(draft?.message ?? page.value?.description ?? '');
  const [checked, setChecked] = useState(false);
  const description = page.value?.description;
  const takenIn = useRef(draft?.description);
  useEffect(() => {
    // Set by the page (startChat, setDescription) while the form is shown, or since the draft was kept.
    if (description && description !== takenIn.current) setMessage(description);
    takenIn.current = description ?? undefined;
  }, [description]);
  // Kept as the visitor types, not after the render: a window minimised at once would lose the last key. Only
  // once they type: until then the page's details (setVisitor) may still change what the form starts with.
  const keep = (field: 'name' | 'email' | 'message', set: (value: string) => void) => (value: string) => {
    set(value);
    const described = takenIn.current !== undefined ? { description: takenIn.current } : {};
    formDraft.value = { name, email, message, ...described, [field]: value };
  };
  // The form comes in place of what had the focus ("Start a new chat", "Leave a message instead"), which took it
  // along: it lands on the form's first field, online or offline, where the visitor goes on. Not for an invitation,
  // which opens the window unasked (see App).
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => {
    const lost = document.activeElement === null || document.activeElement === document.body;
    if (document.hasFocus() && lost && proactivePrompt.peek() === null)
      form.current?.querySelector<HTMLElement>('input:not([readonly]), textarea')?.focus();
  }, []);
  const askName = cfg.preChat.askName;
  const askEmail = offline ? 'required' : cfg.preChat.askEmail;

  const errorOf = (field: 'name' | 'email' | 'message', value: string, need: string): string | null => {
    if (fieldErrors.value.includes(field)) return field === 'email' ? t('emailInvalid') : t('fieldRequired');
    if (!checked) return null;
    if (need === 'required' && !value.trim()) return t('fieldRequired');
    if (field === 'email' && value.trim() && !EMAIL.test(value.trim())) return t('emailInvalid');
    return null;
  };
  const errors = {
    name: askName === 'off' ? null : errorOf('name', name, askName),
    email: askEmail === 'off' ? null : errorOf('email', email, askEmail),
    message: errorOf('message', message, 'required'),
  };

  const submit = (e: Event) => {
    e.preventDefault();
    setChecked(true);
    const bad =
      (askName === 'required' && !name.trim()) ||
      (askEmail === 'required' && !email.trim()) ||
      (askEmail !== 'off' && email.trim() !== '' && !EMAIL.test(email.trim())) ||
      !message.trim();
    if (bad) {
      // Focus the first field to fix, so keyboard and screen reader users land on it.
      (e.currentTarget as HTMLFormElement).querySelector<HTMLElement>('[aria-invalid=true], :invalid')?.focus();
      return;
    }
    void startChat(
      {
        message: message.trim(),
        ...(askName !== 'off' && name.trim() ? { name: name.trim() } : {}),
        ...(askEmail !== 'off' && email.trim() ? { email: email.trim() } : {}),
      },
      proactivePrompt.value !== null,
    );
  };

  const invitation = proactivePrompt.value || null;
  return (
    <form class="chat-form" ref={form} noValidate onSubmit={submit} aria-labelledby="form-title">
      {offline ? (
        <>
          <h2 id="form-title" class="form-title">
            {queueFull.value ? t('queueFullTitle') : t('offlineTitle')}
          </h2>
          <p class="intro">{queueFull.value ? t('queueFullIntro') : t('offlineIntro')}</p>
          {invitation !== null && <Invitation from={cfg.name} text={invitation} />}
        </>
      ) : invitation !== null ? (
        <>
          <h2 id="form-title" class="sr-only">
            {cfg.name}
          </h2>
          <Invitation from={cfg.name} text={invitation} />
        </>
      ) : (
        <h2 id="form-title" class="greeting">
          {cfg.greeting}
        </h2>
      )}
      {askName !== 'off' && (
        <Field
          id="name"
          label={t('name')}
          need={askName}
          value={name}
          error={errors.name}
          autoComplete="name"
          onInput={keep('name', setName)}
        />
      )}
      {askEmail !== 'off' && (
        <Field
          id="email"
          label={t('email')}
          need={askEmail}
          type="email"
          value={email}
          error={errors.email}
          readOnly={locked}
          autoComplete="email"
          onInput={keep('email', setEmail)}
        />
      )}
      <Field
        id="message"
        label={t('message')}
        need="required"
        multiline
        value={message}
        error={errors.message}
        onInput={keep('message', setMessage)}
      />
      <Problem text={problem.value} />
      <button class="primary" type="submit" disabled={busy.value}>
        {busy.value ? t('starting') : offline ? t('offlineSend') : t('startChat')}
      </button>
    </form>
  );
};
