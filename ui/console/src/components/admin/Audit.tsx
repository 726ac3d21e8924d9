/** The audit admin screen (placeholder until built: lists what it will hold). */
export const AuditScreen = (_: { readonly rest: readonly string[] }) => <p class="empty">This screen is being built.</p>;
