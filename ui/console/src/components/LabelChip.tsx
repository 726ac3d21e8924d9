import type { ComponentChildren } from 'preact';
import { textColorOn } from '../label-colors.js';
import type { Label } from '../model.js';

/** A label in its own colour, its text black or white, whichever reads better (at least 4.5:1). */
export const LabelChip = ({ label, children }: { label: Label; children?: ComponentChildren }) => (
  <span class="chip" style={{ background: label.color, color: textColorOn(label.color) }}>
    {label.name}
    {children}
  </span>
);
