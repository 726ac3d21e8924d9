/** The zones this browser knows, offered as a time zone is typed (the server checks the name itself). */
export const TIME_ZONES: readonly string[] = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];

/** What the clock reads in the zone now ("It is Mon 14:05 there."), so that a wrong zone shows; nothing for an unknown one. */
export const zoneClock = (timezone: string, now: Date): string => {
  try {
    const there = new Intl.DateTimeFormat(undefined, { timeZone: timezone, weekday: 'short', hour: '2-digit', minute: '2-digit' }).format(
      now,
    );
    return `It is ${there} there.`;
  } catch {
    return '';
  }
};

/** The list a time zone field offers (`list={id}` on the field). */
export const TimeZoneList = ({ id }: { readonly id: string }) => (
  <datalist id={id}>
    {TIME_ZONES.map((z) => (
      <option key={z} value={z} />
    ))}
  </datalist>
);
