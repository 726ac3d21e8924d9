/** The security admin screen (placeholder until built: lists what it will hold). */
export const SecurityScreen = (_: { readonly rest: readonly string[] }) => <p class="empty">This screen is being built.</p>;
