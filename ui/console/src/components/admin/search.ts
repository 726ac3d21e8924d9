/** Whether a search finds `text`: every word of `query` in it, without regard to case; an empty query finds all. */
export const matchesWords = (text: string, query: string): boolean => {
  const hay = text.toLowerCase();
  return query
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .every((w) => hay.includes(w));
};
