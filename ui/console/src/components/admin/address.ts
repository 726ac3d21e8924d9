import { route } from '../../store.js';

/** The address's query (`?role=agent`), read through the route so the screen renders again when it changes. */
export const addressQuery = (): URLSearchParams => {
  void route.value;
  return new URLSearchParams(location.search);
};
