import type { Schemas } from '@parley/api-client';

type Delivery = Schemas['Delivery'];

/**
 * The newest page read again over the list shown: its deliveries replace theirs (and come first), and the
 * older ones loaded by hand stay, so a poll never closes what the admin opened further down.
 */
export const firstPageOver = (shown: readonly Delivery[] | null, page: readonly Delivery[]): Delivery[] => {
  const oldest = page.at(-1);
  if (!shown || !oldest || shown.length <= page.length) return [...page];
  // The list is newest first by id (ids grow with time): what is older than the page's last stays.
  return [...page, ...shown.filter((d) => d.id < oldest.id)];
};
