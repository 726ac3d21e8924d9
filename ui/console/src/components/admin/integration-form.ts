import { problemMessage } from '@parley/api-client';
import { type Inputs, useState } from 'preact/hooks';
import { formProblem, ifMatch, type FormProblem } from './form.js';
import { useLoad } from './use-load.js';

/** An API answer carrying settings, or the problem why not. */
type Answer<V> = { readonly data?: V; readonly error?: unknown };

/**
 * The state of a widget integration's settings form (the Open API webhook, Salesforce), which both load, edit and
 * save alike: the settings read (`view`, whose version the save sends as If-Match, so a stale save is refused and
 * offers a reload), the admin's `draft` of them (`set` changes some of it), what a refused save said (`problem`,
 * with its fields' messages by JSON Pointer: `err` and `invalid` tie them to the fields), a `notice` of what
 * worked, and `busy` while a request runs.
 */
export const useIntegrationForm = <V extends { readonly version: number }, D>(options: {
  /** Reads the settings (the API's GET). */
  readonly read: () => Promise<Answer<V>>;
  /** The form's draft of settings read. */
  readonly draftOf: (view: V) => D;
  /** What failed when they could not be read, e.g. 'The Salesforce settings could not be loaded.' */
  readonly failed: string;
  /** Read again whenever these change (the widget). */
  readonly deps: Inputs;
}) => {
  const [view, setView] = useState<V | null>(null);
  const [draft, setDraft] = useState<D | null>(null);
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  /** Shows settings the server answered, the draft starting again from them. */
  const accept = (data: V) => {
    setView(data);
    setDraft(options.draftOf(data));
  };
  const { loadError, load } = useLoad(async () => {
    const { data, error } = await options.read();
    if (error || !data) return problemMessage(error, options.failed);
    accept(data);
    setProblem(null);
  }, options.deps);

  /** Saves through `write` (the API's PUT, sent these If-Match headers): answers the settings saved, or null when refused. */
  const save = async (write: (headers: ReturnType<typeof ifMatch>) => Promise<Answer<V> & { readonly response: Response }>) => {
    if (!view) return null;
    setBusy(true);
    setNotice(null);
    const { data, error, response } = await write(ifMatch(view.version));
    setBusy(false);
    if (error || !data) {
      setProblem(formProblem(error, response.status));
      return null;
    }
    accept(data);
    setProblem(null);
    setNotice('Saved.');
    return data;
  };

  /**
   * Removes the integration through `remove` (the API's DELETE, sent these If-Match headers) and shows what is left
   * (the defaults): answers the error to show in the confirmation, or null when done.
   */
  const removeWith = async (
    remove: (headers: ReturnType<typeof ifMatch>) => Promise<{ readonly error?: unknown; readonly response: Response }>,
  ): Promise<string | null> => {
    if (!view) return null;
    const { error, response } = await remove(ifMatch(view.version));
    if (error || !response.ok) return formProblem(error, response.status).message;
    await load();
    setProblem(null);
    setNotice('Removed: nothing more is sent, and its stored secrets are deleted.');
    return null;
  };

  const set = (patch: Partial<D>) => setDraft((d) => d && { ...d, ...patch });
  /** The message of the field at this JSON Pointer, if the last save was refused because of it. */
  const err = (path: string) => problem?.fields[path];
  /** A field's attributes that mark it invalid and point at its message (`id`), while it has one. */
  const invalid = (path: string, id: string) => (err(path) ? { 'aria-invalid': true, 'aria-describedby': id } : {});

  return {
    view,
    draft,
    set,
    loadError,
    load,
    accept,
    save,
    removeWith,
    problem,
    setProblem,
    notice,
    setNotice,
    busy,
    setBusy,
    err,
    invalid,
  };
};
