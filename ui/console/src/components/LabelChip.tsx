import type { ComponentChildren } from 'preact';
// The widget's rule for text on an admin-picked colour (black or white, whichever contrasts more: always
// at least 4.5:1), so both apps read the same on any colour.
import { accentColors } from '../../../widget/src/frame/accent.js';
import type { Label } from '../model.js';

/** A label in its own colour, its text black or white, whichever reads better. */
export const LabelChip = ({ label, children }: { label: Label; children?: ComponentChildren }) => (
  <span class="chip" style={{ background: label.color, color: accentColors(label.color).onAccent }}>
    {label.name}
    {children}
  </span>
);
