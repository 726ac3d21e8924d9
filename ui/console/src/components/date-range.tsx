/**
 * The "From" and "To" days of a list's filters (the history, the audit log): each bounds the other's picker, and a
 * range that ends before it starts is said beside "To" (marked invalid, described by the message), naming what
 * cannot match (`nothing`: "no chat", "no entry"). Ids are `<idPrefix>-from`, `<idPrefix>-to`, `<idPrefix>-to-error`.
 */
export const DateRangeFields = (p: {
  readonly idPrefix: string;
  readonly from: string;
  readonly to: string;
  readonly nothing: string;
  readonly onFrom: (ev: Event) => void;
  readonly onTo: (ev: Event) => void;
}) => {
  /** The range ends before it starts (the days compare as ISO text). */
  const reversed = p.from !== '' && p.to !== '' && p.to < p.from;
  const error = `${p.idPrefix}-to-error`;
  return (
    <>
      <div class="field">
        <label for={`${p.idPrefix}-from`}>From</label>
        <input id={`${p.idPrefix}-from`} type="date" value={p.from} max={p.to || undefined} onChange={p.onFrom} />
      </div>
      <div class="field">
        <label for={`${p.idPrefix}-to`}>To</label>
        <input
          id={`${p.idPrefix}-to`}
          type="date"
          value={p.to}
          min={p.from || undefined}
          onChange={p.onTo}
          {...(reversed ? { 'aria-invalid': true, 'aria-describedby': error } : {})}
        />
        {reversed && (
          <span class="field-error" id={error}>
            Before “From”: {p.nothing} can match.
          </span>
        )}
      </div>
    </>
  );
};
