import type { ComponentChildren } from 'preact';
import { useRef, useState } from 'preact/hooks';
import { problemMessage, type Schemas } from '@parley/api-client';
// The server's own rule parser (pure, no imports), so the browser accepts exactly what the server does.
import { parseIpRule } from '@parley/core/ip-rules';
import { SECURITY_LIMITS as L } from '@parley/core/limits';
// The server's own test of stricter password rules (pure), so the screen asks exactly when a save signs everyone out.
import { raisedRequirements } from '@parley/core/security-raise';
import { api } from '../../api.js';
import { LoadFailed } from './feedback.js';
import { useLoad } from './use-load.js';
import { ifMatch } from './form.js';
import { ConfirmDialog } from './ConfirmDialog.js';
import { useInvalidFocus } from './edit-focus.js';

type Doc = Omit<Schemas['SecuritySettings'], 'version'>;
type Reuse = Doc['password']['reuse'];
type Errors = Record<string, string>;

/** Plans on which the settings are enforced (the API answers `plan_required` on the others). */
const SECURITY_PLANS = ['premier', 'unlimited', 'enterprise'];

/** The rules written one a line, blank lines dropped. */
const rulesOf = (text: string): string[] =>
  text
    .split('\n')
    .map((r) => r.trim())
    .filter(Boolean);

/** Client-side check of each rule; keys are the API's JSON Pointers (`/ipRules/2`). */
const ruleErrors = (rules: readonly string[]): Errors => {
  const out: Errors = {};
  rules.forEach((r, i) => {
    if (!parseIpRule(r))
      out[`/ipRules/${i}`] = `“${r}” is not an IPv4/IPv6 address, wildcard (203.0.113.*) or CIDR range (10.0.0.0/8, 2001:db8::/32).`;
  });
  return out;
};

const numberOr = (v: string, none: number | null): number | null => (v.trim() === '' ? none : Number(v));

/** The errors under a pointer (`/password` gets `/password/minLength` and deeper ones). */
const FieldError = ({ errors, at }: { errors: Errors; at: string }) => {
  const found = Object.entries(errors).filter(([p]) => p === at || p.startsWith(`${at}/`));
  if (!found.length) return null;
  return (
    <p class="field-error" id={`err-${at.replace(/\//g, '-')}`}>
      {found.map(([, m]) => m).join(' ')}
    </p>
  );
};

const describedBy = (errors: Errors, at: string) =>
  Object.keys(errors).some((p) => p === at || p.startsWith(`${at}/`)) ? `err-${at.replace(/\//g, '-')}` : undefined;

/** A number field of the form, in its range, with the errors under its pointer (`at`) beside it. */
const NumberField = (props: {
  readonly id: string;
  readonly label: ComponentChildren;
  readonly range: { readonly min: number; readonly max: number };
  readonly value: number | '';
  readonly disabled?: boolean;
  readonly errors: Errors;
  readonly at: string;
  readonly onInput: (value: string) => void;
}) => (
  <div class="field">
    <label for={props.id}>{props.label}</label>
    <input
      id={props.id}
      type="number"
      min={props.range.min}
      max={props.range.max}
      value={props.value}
      disabled={props.disabled}
      aria-invalid={describedBy(props.errors, props.at) ? true : undefined}
      aria-describedby={describedBy(props.errors, props.at)}
      onInput={(ev) => props.onInput(ev.currentTarget.value)}
    />
    <FieldError errors={props.errors} at={props.at} />
  </div>
);

/** The password rules that are on or off, as the form words them. */
const PASSWORD_CHECKS = [
  ['requireMixedCase', 'Upper- and lower-case letters'],
  ['requireSpecialChar', 'A special character'],
  ['forbidUserInfo', 'No part of the user’s e-mail or name'],
] as const;

/**
 * The owner's security policy as one form: password rules, reuse, expiry, lockout, IP rules and inactivity.
 * Saved whole with If-Match (a 412 says someone else changed it and offers a reload). IP rules are checked in the
 * browser, and the server is asked whether they would shut out the owner's own address before saving. Errors the
 * API returns show beside their fields. On a plan without security settings the form shows, with why it cannot
 * be saved.
 */
export const SecurityScreen = (_: { readonly rest: readonly string[] }) => {
  const [doc, setDoc] = useState<Doc | null>(null);
  /** The document as last loaded or saved: what the server compares a save's password rules with. */
  const [savedDoc, setSavedDoc] = useState<Doc | null>(null);
  /** A save of stricter password rules waits for the owner's yes (it signs everyone out). */
  const [asking, setAsking] = useState(false);
  /** The Save button is being pressed (from pointer down until release anywhere): see the IP rules' blur check. */
  const pressingSave = useRef(false);
  const [version, setVersion] = useState(0);
  const [rulesText, setRulesText] = useState('');
  const [plan, setPlan] = useState<string | null>(null);
  const [errors, setErrors] = useState<Errors>({});
  const [message, setMessage] = useState<{ kind: 'ok' | 'error' | 'stale'; text: string } | null>(null);
  const [lockout, setLockout] = useState<{ address: string | null } | null>(null);
  const [busy, setBusy] = useState(false);
  /** Saves refused with fields marked: each takes the focus to the first of them. */
  const [refusals, setRefusals] = useState(0);
  const form = useInvalidFocus(refusals);

  const { loadError, load } = useLoad(async () => {
    setMessage(null);
    setErrors({});
    setLockout(null);
    const [{ data, error }, account] = await Promise.all([api.GET('/api/v1/account/security'), api.GET('/api/v1/account')]);
    if (error || !data) return problemMessage(error, 'The security settings could not be loaded.');
    const { version: v, ...rest } = data as Schemas['SecuritySettings'];
    setDoc(rest as Doc);
    setSavedDoc(rest as Doc);
    setVersion(v);
    setRulesText(rest.ipRules.join('\n'));
    setPlan((account.data as { plan?: string } | undefined)?.plan ?? null);
  }, []);

  if (loadError)
    return (
      <section aria-labelledby="security-title">
        <h1 id="security-title">Security</h1>
        <LoadFailed message={loadError} onRetry={load} />
      </section>
    );
  if (!doc)
    return (
      <section aria-labelledby="security-title">
        <h1 id="security-title">Security</h1>
        <p class="empty">Loading the security settings…</p>
      </section>
    );

  const enforced = plan === null || SECURITY_PLANS.includes(plan);
  // An edit after a save: the form no longer shows what was saved, so its "Saved." goes.
  const edited = () => setMessage((m) => (m?.kind === 'ok' ? null : m));
  const set = (patch: Partial<Doc>) => {
    setDoc({ ...doc, ...patch });
    edited();
  };
  const setPassword = (patch: Partial<Doc['password']>) => set({ password: { ...doc.password, ...patch } });
  const setLock = (patch: Partial<Doc['lockout']>) => set({ lockout: { ...doc.lockout, ...patch } });
  const value = (ev: Event) => (ev.currentTarget as HTMLInputElement).value;
  const checked = (ev: Event) => (ev.currentTarget as HTMLInputElement).checked;

  const setReuseMode = (mode: Reuse['mode']) =>
    setPassword({ reuse: (mode === 'off' ? { mode, value: null } : mode === 'lastN' ? { mode, value: 5 } : { mode, value: 6 }) as Reuse });

  // Stricter password rules end every session, the owner's too: asked first, as the server decides "stricter".
  const raises = () => savedDoc !== null && raisedRequirements(savedDoc.password, doc.password).length > 0;
  const submit = (ev: Event) => {
    ev.preventDefault();
    if (raises()) setAsking(true);
    else void save();
  };

  const save = async () => {
    setMessage(null);
    const ipRules = rulesOf(rulesText);
    const local = ruleErrors(ipRules);
    setBusy(true);
    // Whether the rules would shut the owner out, once they are all addresses; the save below is sent anyway, so
    // that every other field's problem is said in the same round (the server refuses rules that exclude you).
    let excluded: { address: string | null } | null = null;
    if (ipRules.length && Object.keys(local).length === 0) {
      const { data } = await api.POST('/api/v1/account/security/ip-check', { body: { ipRules } });
      const check = data as { address: string | null; allowed: boolean } | undefined;
      if (check && !check.allowed) excluded = { address: check.address };
    }
    setLockout(excluded);
    const { data, error, response } = await api.PUT('/api/v1/account/security', {
      body: { ...doc, ipRules } as never,
      headers: ifMatch(version),
    });
    setBusy(false);
    if (data) {
      const { version: v, ...rest } = data as Schemas['SecuritySettings'];
      setDoc(rest as Doc);
      setSavedDoc(rest as Doc);
      setVersion(v);
      setRulesText(rest.ipRules.join('\n'));
      setErrors({}); // what the last refusal marked is saved now
      setMessage({ kind: 'ok', text: 'Saved.' });
      return;
    }
    const problem = (error ?? {}) as { code?: string; errors?: { path?: string; message: string }[] };
    if (response.status === 412) {
      setMessage({
        kind: 'stale',
        text: 'These settings were changed by someone else since you opened them. Reload to see their version; your edits are not saved.',
      });
      return;
    }
    const byField: Errors = {};
    for (const d of problem.errors ?? []) if (d.path) byField[d.path] = d.message;
    // Rules that exclude the owner: the warning above says it, with its "Add my address"; else beside the rules.
    if (problem.code === 'ip_rules_exclude_you') {
      for (const p of Object.keys(byField)) if (p === '/ipRules' || p.startsWith('/ipRules/')) delete byField[p];
      if (!excluded) byField['/ipRules'] = problemMessage(error);
    }
    // This page's own words for a line that is no address, with the server's for every other field.
    Object.assign(byField, local);
    setErrors(byField);
    // Each field's own message stands under it; said again here, it would read twice.
    const marked = Object.keys(byField).length > 0;
    if (marked) setRefusals((n) => n + 1);
    if (excluded && !marked) return setMessage(null); // the warning above is the answer
    setMessage({
      kind: 'error',
      text: marked ? 'Fix the settings marked above.' : problemMessage(error, 'The settings could not be saved.'),
    });
  };

  const addMyAddress = () => {
    if (lockout?.address) setRulesText(`${rulesText.trim()}\n${lockout.address}`.trim());
    setLockout(null);
  };

  return (
    <section class="security" aria-labelledby="security-title">
      <h1 id="security-title">Security</h1>
      {!enforced && (
        <p class="notice" role="note">
          Your plan ({plan}) shows these settings but does not enforce them; saving them needs the Premier, Unlimited or Enterprise plan.
        </p>
      )}
      <p class="notice" role="note">
        Raising a password requirement (longer, mixed case, special characters, no personal details) expires every user’s password and signs
        everyone out, you included: each person sets a new password at their next sign-in. Reuse rules apply at each person’s next password
        change; an expiry applies at once to passwords older than it.
      </p>
      <form ref={form} class="security-form" onSubmit={submit} noValidate>
        <fieldset>
          <legend>Passwords</legend>
          <NumberField
            id="sec-min"
            label={`Minimum length (${L.minLength.min}–${L.minLength.max})`}
            range={L.minLength}
            value={doc.password.minLength}
            errors={errors}
            at="/password/minLength"
            onInput={(v) => setPassword({ minLength: Number(v) })}
          />
          {PASSWORD_CHECKS.map(([rule, text]) => (
            <label key={rule} class="check">
              <input type="checkbox" checked={doc.password[rule]} onChange={(ev) => setPassword({ [rule]: checked(ev) })} /> {text}
            </label>
          ))}
          <div class="field-row">
            <div class="field">
              <label for="sec-reuse">Reuse of old passwords</label>
              <select
                id="sec-reuse"
                value={doc.password.reuse.mode}
                aria-invalid={describedBy(errors, '/password/reuse') ? true : undefined}
                aria-describedby={describedBy(errors, '/password/reuse')}
                onChange={(ev) => setReuseMode(value(ev) as Reuse['mode'])}
              >
                <option value="off">Allowed</option>
                <option value="lastN">Not the last N passwords</option>
                <option value="months">Not those of the last months</option>
              </select>
            </div>
            {doc.password.reuse.mode === 'lastN' && (
              <div class="field">
                <label for="sec-reuse-n">
                  Last N ({L.reuseLastN.min}–{L.reuseLastN.max})
                </label>
                <input
                  id="sec-reuse-n"
                  type="number"
                  min={L.reuseLastN.min}
                  max={L.reuseLastN.max}
                  value={doc.password.reuse.value ?? 5}
                  onInput={(ev) => setPassword({ reuse: { mode: 'lastN', value: Number(value(ev)) } as Reuse })}
                />
              </div>
            )}
            {doc.password.reuse.mode === 'months' && (
              <div class="field">
                <label for="sec-reuse-m">Months</label>
                <select
                  id="sec-reuse-m"
                  value={String(doc.password.reuse.value)}
                  onChange={(ev) => setPassword({ reuse: { mode: 'months', value: Number(value(ev)) } as Reuse })}
                >
                  {L.reuseMonths.map((m) => (
                    <option key={m} value={m}>
                      {m}
                    </option>
                  ))}
                </select>
              </div>
            )}
          </div>
          <FieldError errors={errors} at="/password/reuse" />
          <div class="field">
            <label for="sec-expiry">Passwords expire after</label>
            <select
              id="sec-expiry"
              value={doc.password.expiryMonths === null ? '' : String(doc.password.expiryMonths)}
              aria-invalid={describedBy(errors, '/password/expiryMonths') ? true : undefined}
              aria-describedby={describedBy(errors, '/password/expiryMonths')}
              onChange={(ev) => setPassword({ expiryMonths: numberOr(value(ev), null) })}
            >
              <option value="">Never</option>
              {L.expiryMonths.map((m) => (
                <option key={m} value={m}>
                  {m} {m === 1 ? 'month' : 'months'}
                </option>
              ))}
            </select>
            <FieldError errors={errors} at="/password/expiryMonths" />
          </div>
        </fieldset>

        <fieldset>
          <legend>Lockout after failed sign-ins</legend>
          <div class="field-row">
            <NumberField
              id="sec-attempts"
              label={
                <>
                  Failed attempts ({L.maxFailedAttempts.min}–{L.maxFailedAttempts.max}; empty: never lock)
                </>
              }
              range={L.maxFailedAttempts}
              value={doc.lockout.maxFailedAttempts ?? ''}
              errors={errors}
              at="/lockout/maxFailedAttempts"
              onInput={(v) => setLock({ maxFailedAttempts: numberOr(v, null) })}
            />
            <NumberField
              id="sec-lock-minutes"
              label={`Locked for minutes (${L.lockMinutes.min}–${L.lockMinutes.max}; empty: until unlocked)`}
              range={L.lockMinutes}
              value={doc.lockout.lockMinutes ?? ''}
              disabled={doc.lockout.maxFailedAttempts === null}
              errors={errors}
              at="/lockout/lockMinutes"
              onInput={(v) => setLock({ lockMinutes: numberOr(v, null) })}
            />
          </div>
        </fieldset>

        <fieldset>
          <legend>Sign-in addresses</legend>
          <div class="field">
            <label for="sec-ip">Allowed IP addresses, one a line (empty: anywhere)</label>
            <textarea
              id="sec-ip"
              rows={5}
              spellcheck={false}
              value={rulesText}
              placeholder={'203.0.113.*\n10.0.0.0/8\n2001:db8::/32'}
              aria-invalid={describedBy(errors, '/ipRules') ? true : undefined}
              aria-describedby={['sec-ip-hint', describedBy(errors, '/ipRules')].filter(Boolean).join(' ')}
              onInput={(ev) => {
                setRulesText((ev.currentTarget as HTMLTextAreaElement).value);
                setLockout(null);
                edited();
              }}
              onBlur={(ev) => {
                // Leaving for the Save button: the save checks the rules itself. Checked here too, the message would
                // appear between the press and the release and move the button from under the pointer: no click.
                // By focus (keyboard, Chromium, Firefox) or by the press itself (Safari focuses no button it presses).
                if (pressingSave.current || (ev.relatedTarget as HTMLElement | null)?.getAttribute('type') === 'submit') return;
                setErrors({
                  ...Object.fromEntries(Object.entries(errors).filter(([p]) => !p.startsWith('/ipRules'))),
                  ...ruleErrors(rulesOf(rulesText)),
                });
              }}
            />
            <p class="hint" id="sec-ip-hint">
              Addresses (203.0.113.10, 2001:db8::1), IPv4 wildcards (203.0.113.*) and CIDR ranges (10.0.0.0/8, 2001:db8::/32).
            </p>
            <FieldError errors={errors} at="/ipRules" />
          </div>
          {lockout && (
            <div class="warning" role="alert">
              <p>
                These rules would lock you out: your current address{lockout.address ? ` (${lockout.address})` : ''} matches none of them,
                and the server refuses rules that exclude you.
              </p>
              {lockout.address && (
                <button class="btn" type="button" onClick={addMyAddress}>
                  Add my address
                </button>
              )}
            </div>
          )}
        </fieldset>

        <fieldset>
          <legend>Inactive users</legend>
          <NumberField
            id="sec-inactive"
            label={
              <>
                Deactivate users (not owners) inactive for days ({L.inactivityDays.min}–{L.inactivityDays.max}; empty: never)
              </>
            }
            range={L.inactivityDays}
            value={doc.inactivityDays ?? ''}
            errors={errors}
            at="/inactivityDays"
            onInput={(v) => set({ inactivityDays: numberOr(v, null) })}
          />
        </fieldset>

        {message && (
          <div class={message.kind === 'ok' ? 'saved' : 'error'} role={message.kind === 'ok' ? 'status' : 'alert'}>
            <p>{message.text}</p>
            {message.kind === 'stale' && (
              <button class="btn" type="button" onClick={load}>
                Reload
              </button>
            )}
          </div>
        )}
        <div class="form-actions">
          <button
            class="btn btn-primary"
            type="submit"
            disabled={busy}
            onPointerDown={() => {
              pressingSave.current = true;
              const released = () => (pressingSave.current = false);
              window.addEventListener('pointerup', released, { once: true, capture: true });
              window.addEventListener('pointercancel', released, { once: true, capture: true });
            }}
          >
            Save security settings
          </button>
        </div>
      </form>
      {asking && (
        <ConfirmDialog
          title="Sign everyone out?"
          action="Save and sign everyone out"
          focusCancel
          onConfirm={async () => {
            await save();
            return null;
          }}
          onClose={() => setAsking(false)}
        >
          <p>
            These password rules are stricter than the saved ones. Saving them signs everyone out, you included, and each person must choose
            a password that meets the new rules at their next sign-in.
          </p>
        </ConfirmDialog>
      )}
    </section>
  );
};
