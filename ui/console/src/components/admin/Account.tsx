import type { Schemas } from '@parley/api-client';
import { problemMessage } from '@parley/api-client';
import { INPUT_LIMITS as L } from '@parley/core/limits';
import type { Ref } from 'preact';
import { useRef, useState } from 'preact/hooks';
import { api } from '../../api.js';
import { me } from '../../store.js';
import { retentionDaysError, retentionDaysValue } from '../../chat-deletion.js';
import { FieldError, LoadFailed, SaveFailed } from './feedback.js';
import { useLoad } from './use-load.js';
import { useLeaveWarning } from './leave-warning.js';
import { ifMatch, saveProblem, type SaveProblem } from './form.js';

type Account = Schemas['Account'];

const PLAN_NAMES: Readonly<Record<Account['plan'], string>> = {
  free: 'Free',
  basic: 'Basic',
  plus: 'Plus',
  premier: 'Premier',
  unlimited: 'Unlimited',
  enterprise: 'Enterprise',
};

/** A number of days as its field shows it: empty for none (kept forever). */
const daysText = (days: number | null | undefined): string => (days == null ? '' : String(days));

/**
 * The account: its name, how long the audit log is kept and after how many days ended chats are deleted are edited
 * here (saved with If-Match, audited by the server; the chats' days checked here first, as the server will); the
 * plan is shown only, since the host's operator sets it.
 */
export const AccountScreen = (_: { readonly rest: readonly string[] }) => {
  const owner = me.value?.role === 'owner';
  const [account, setAccount] = useState<Account | null>(null);
  const [name, setName] = useState('');
  const [retention, setRetention] = useState('');
  const [chatRetention, setChatRetention] = useState('');
  const chatRetentionInput = useRef<HTMLInputElement>(null);
  const [problem, setProblem] = useState<SaveProblem | null>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);

  const { loadError, load } = useLoad(async () => {
    setProblem(null);
    const { data, error } = await api.GET('/api/v1/account');
    if (!data) return problemMessage(error, 'The account could not be loaded.');
    setAccount(data);
    setName(data.name);
    setRetention(daysText(data.settings.auditRetentionDays));
    setChatRetention(daysText(data.settings.chatRetentionDays));
  }, []);
  const dirty =
    account !== null &&
    (name !== account.name ||
      retention !== daysText(account.settings.auditRetentionDays) ||
      chatRetention !== daysText(account.settings.chatRetentionDays));
  const leaving = useLeaveWarning(dirty, 'the account', '/app/admin/account');

  const save = async (ev: Event) => {
    ev.preventDefault();
    if (!account) return;
    setSaved(false);
    // What is not a number at all reads as '' from a number field: it must not pass for "keep forever".
    const chatDaysError = retentionDaysError(chatRetention, { unreadable: chatRetentionInput.current?.validity.badInput });
    if (chatDaysError) {
      setProblem({ fields: { chatRetentionDays: chatDaysError }, message: null, stale: false });
      chatRetentionInput.current?.focus();
      return;
    }
    setBusy(true);
    const days = retention.trim() === '' ? null : Number(retention);
    const { data, error, response } = await api.PATCH('/api/v1/account', {
      params: { header: ifMatch(account.version) },
      // The audit log's keeping is the owner's: another sends it not at all.
      body: { name, settings: { ...(owner ? { auditRetentionDays: days } : {}), chatRetentionDays: retentionDaysValue(chatRetention) } },
    });
    setBusy(false);
    if (!data) return setProblem(saveProblem(error, response.status));
    setProblem(null);
    setAccount(data);
    setSaved(true);
  };

  if (loadError)
    return (
      <section aria-labelledby="account-title">
        <h1 id="account-title">Account</h1>
        <LoadFailed message={loadError} onRetry={load} />
      </section>
    );
  if (!account)
    return (
      <section aria-labelledby="account-title" aria-busy="true">
        <h1 id="account-title">Account</h1>
        <p class="empty">Loading…</p>
      </section>
    );

  const fields = problem?.fields ?? {};
  return (
    <section aria-labelledby="account-title" class="admin-account">
      <h1 id="account-title">Account</h1>
      <form class="admin-form" onSubmit={save} noValidate>
        <div class="field">
          <label for="account-name">Name</label>
          <input
            id="account-name"
            name="name"
            required
            maxLength={L.name}
            value={name}
            aria-invalid={fields.name ? 'true' : undefined}
            aria-describedby={fields.name ? 'account-name-error' : undefined}
            onInput={(e) => setName(e.currentTarget.value)}
          />
          <FieldError id="account-name-error" message={fields.name} />
        </div>
        <div class="field">
          <label for="account-plan">Plan</label>
          <input id="account-plan" readOnly value={PLAN_NAMES[account.plan]} aria-describedby="account-plan-hint" />
          <span class="hint" id="account-plan-hint">
            The plan is set by the operator of this Parley server; ask them to change it.
          </span>
        </div>
        <DaysField
          id="account-retention"
          name="auditRetentionDays"
          label="Keep the audit log for (days)"
          hint={owner ? 'Leave empty to keep every entry.' : 'Only the account’s owner changes how long the audit log is kept.'}
          readOnly={!owner}
          limits={L.auditRetentionDays}
          value={retention}
          error={fields.auditRetentionDays}
          onInput={setRetention}
        />
        <DaysField
          id="account-chat-retention"
          name="chatRetentionDays"
          label="Delete ended chats after (days)"
          hint="Ended chats are deleted for good this long after their last change. Leave empty to keep every chat."
          limits={L.chatRetentionDays}
          value={chatRetention}
          error={fields.chatRetentionDays}
          onInput={setChatRetention}
          inputRef={chatRetentionInput}
        />
        <SaveFailed problem={problem} onReload={load} />
        {saved && (
          <p class="saved" role="status">
            Saved.
          </p>
        )}
        <div class="dialog-actions">
          <button class="btn btn-primary" type="submit" disabled={busy}>
            Save
          </button>
        </div>
      </form>
      {leaving}
    </section>
  );
};

/** A number of days of the account's settings, empty for "forever", with its hint and the server's error beside it. */
const DaysField = (props: {
  id: string;
  name: string;
  label: string;
  hint: string;
  limits: { min: number; max: number };
  value: string;
  error: string | undefined;
  onInput: (value: string) => void;
  inputRef?: Ref<HTMLInputElement>;
  /** Shown, not changed here (another's setting). */
  readOnly?: boolean;
}) => (
  <div class="field">
    <label for={props.id}>{props.label}</label>
    <input
      ref={props.inputRef}
      id={props.id}
      name={props.name}
      readOnly={props.readOnly}
      type="number"
      inputMode="numeric"
      min={props.limits.min}
      max={props.limits.max}
      value={props.value}
      aria-invalid={props.error ? 'true' : undefined}
      aria-describedby={props.error ? `${props.id}-error ${props.id}-hint` : `${props.id}-hint`}
      onInput={(e) => props.onInput(e.currentTarget.value)}
    />
    <span class="hint" id={`${props.id}-hint`}>
      {props.hint}
    </span>
    <FieldError id={`${props.id}-error`} message={props.error} />
  </div>
);
