/** The tokens admin screen (placeholder until built: lists what it will hold). */
export const TokensScreen = (_: { readonly rest: readonly string[] }) => <p class="empty">This screen is being built.</p>;
