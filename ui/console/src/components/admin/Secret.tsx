import { useEffect, useRef, useState } from 'preact/hooks';
import { copyText } from '../../clipboard.js';

/**
 * A secret shown once (an API token, a share link): read-only, selected on focus, with a Copy button that says
 * when it worked, and a button to put it away.
 */
export const Secret = ({ title, value, note, onDismiss }: { title: string; value: string; note: string; onDismiss: () => void }) => {
  // Put away, the region and its button go: the focus would fall to the page, so it goes to the screen's heading.
  const done = () => {
    const heading = document.querySelector<HTMLElement>('.admin-body h1, .admin-body h2');
    onDismiss();
    if (heading) {
      heading.tabIndex = -1;
      heading.focus();
    }
  };
  const field = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState<'yes' | 'no' | null>(null);
  useEffect(() => field.current?.focus(), [value]);
  const copy = async () => {
    if (await copyText(value)) return setCopied('yes');
    field.current?.select();
    setCopied('no');
  };
  return (
    <div class="secret" role="region" aria-labelledby="secret-title">
      <h3 id="secret-title">{title}</h3>
      <p>{note}</p>
      <div class="secret-row">
        <label class="visually-hidden" for="secret-value">
          {title}
        </label>
        <input
          id="secret-value"
          ref={field}
          class="secret-value"
          readOnly
          value={value}
          onFocus={(ev) => (ev.currentTarget as HTMLInputElement).select()}
        />
        <button class="btn" type="button" onClick={copy}>
          Copy
        </button>
      </div>
      <p role="status" class="hint">
        {copied === 'yes' ? 'Copied.' : copied === 'no' ? 'Copying was not allowed: it is selected, press Ctrl+C (⌘C).' : ''}
      </p>
      <button class="btn" type="button" onClick={done}>
        Done
      </button>
    </div>
  );
};
