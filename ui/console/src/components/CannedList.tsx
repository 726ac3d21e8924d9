import type { CannedResponse } from '../canned.js';

export const CANNED_LIST_ID = 'canned-list';
export const cannedOptionId = (r: CannedResponse) => `canned-${r.id}`;

/**
 * The canned responses matching what follows `/` or `#` in the reply box. Focus stays in the reply box
 * (which points here with `aria-controls` and at the active option with `aria-activedescendant`): arrow keys
 * move, Enter or Tab inserts, Escape closes. A click inserts too, without taking focus from the reply box.
 */
export const CannedList = ({
  items,
  active,
  onPick,
}: {
  items: readonly CannedResponse[];
  active: number;
  onPick: (r: CannedResponse) => void;
}) => (
  <ul id={CANNED_LIST_ID} class="canned-list" role="listbox" aria-label="Canned responses">
    {items.map((r, i) => (
      <li
        key={r.id}
        id={cannedOptionId(r)}
        role="option"
        aria-selected={i === active}
        onMouseDown={(ev) => {
          ev.preventDefault();
          onPick(r);
        }}
      >
        <span class="canned-shortcut">/{r.shortcut}</span> <span class="canned-title">{r.title}</span>
        <span class="canned-text">{r.text}</span>
      </li>
    ))}
  </ul>
);
