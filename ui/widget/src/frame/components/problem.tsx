/** What went wrong with the last request, announced at once. */
export const Problem = ({ text }: { readonly text: string | null }) => (
  <p class="problem" role="alert">
    {text ?? ''}
  </p>
);
