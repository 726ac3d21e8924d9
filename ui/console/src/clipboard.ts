/**
 * Puts `text` on the clipboard; false where the browser refuses (no permission, or a page not served over HTTPS,
 * where `navigator.clipboard` does not exist), so that the caller can say so and offer the text selected instead.
 */
export const copyText = async (text: string): Promise<boolean> => {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
};
