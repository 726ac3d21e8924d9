/**
 * How many messages wait unread, as a badge beside a name: the number shown, and "(N unread)" to a screen reader
 * (a name read as "Inbox1" says nothing; `aria-label` on a plain span is not read at all).
 */
export const UnreadBadge = ({ count }: { count: number }) =>
  count > 0 ? (
    <span class="badge">
      <span aria-hidden="true">{count}</span>
      <span class="visually-hidden">({count} unread)</span>
    </span>
  ) : null;
