import type { ComponentChildren } from 'preact';
// The widget's rule for text on an admin-picked colour (black or white, whichever contrasts more: always
// at least 4.5:1), so both apps read the same on any colour.
import { accentColors } from '@parley/design/contrast';
import type { Label } from '../model.js';
import { labels } from '../store.js';

/** A label in its own colour, its text black or white, whichever reads better. */
export const LabelChip = ({ label, children }: { label: Label; children?: ComponentChildren }) => (
  <span class="chip" style={{ background: label.color, color: accentColors(label.color).onAccent }}>
    {label.name}
    {children}
  </span>
);

/** The labels of a chat, small, in a list (ids of deleted labels are left out). */
export const LabelChips = ({ ids }: { ids: readonly string[] }) => {
  const on = ids.flatMap((id) => labels.value.find((l) => l.id === id) ?? []);
  return on.length ? (
    <span class="chips">
      {on.map((l) => (
        <LabelChip key={l.id} label={l} />
      ))}
    </span>
  ) : null;
};
