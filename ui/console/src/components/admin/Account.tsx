import type { Schemas } from '@parley/api-client';
import { problemMessage } from '@parley/api-client';
import { INPUT_LIMITS as L } from '@parley/core/limits';
import { useState } from 'preact/hooks';
import { api } from '../../api.js';
import { FieldError, LoadFailed, SaveFailed } from './feedback.js';
import { useLoad } from './use-load.js';
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

/**
 * The account: its name and how long the audit log is kept are edited here (saved with If-Match, audited by the
 * server); the plan is shown only, since the host's operator sets it.
 */
export const AccountScreen = (_: { readonly rest: readonly string[] }) => {
  const [account, setAccount] = useState<Account | null>(null);
  const [name, setName] = useState('');
  const [retention, setRetention] = useState('');
  const [problem, setProblem] = useState<SaveProblem | null>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);

  const { loadError, load } = useLoad(async () => {
    setProblem(null);
    const { data, error } = await api.GET('/api/v1/account');
    if (!data) return problemMessage(error, 'The account could not be loaded.');
    setAccount(data);
    setName(data.name);
    setRetention(data.settings.auditRetentionDays == null ? '' : String(data.settings.auditRetentionDays));
  }, []);

  const save = async (ev: Event) => {
    ev.preventDefault();
    if (!account) return;
    setBusy(true);
    setSaved(false);
    const days = retention.trim() === '' ? null : Number(retention);
    const { data, error, response } = await api.PATCH('/api/v1/account', {
      params: { header: ifMatch(account.version) },
      body: { name, settings: { auditRetentionDays: days } },
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
        <div class="field">
          <label for="account-retention">Keep the audit log for (days)</label>
          <input
            id="account-retention"
            name="auditRetentionDays"
            type="number"
            inputMode="numeric"
            min={L.auditRetentionDays.min}
            max={L.auditRetentionDays.max}
            value={retention}
            aria-invalid={fields.auditRetentionDays ? 'true' : undefined}
            aria-describedby={fields.auditRetentionDays ? 'account-retention-error account-retention-hint' : 'account-retention-hint'}
            onInput={(e) => setRetention(e.currentTarget.value)}
          />
          <span class="hint" id="account-retention-hint">
            Leave empty to keep every entry.
          </span>
          <FieldError id="account-retention-error" message={fields.auditRetentionDays} />
        </div>
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
    </section>
  );
};
