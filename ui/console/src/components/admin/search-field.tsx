/**
 * The search field of an admin list: a labelled `type=search` input whose every keystroke goes to `onInput`. The
 * widgets and users lists filter with `matchesWords` (`search.ts`); the canned responses are searched by the server.
 */
export const SearchField = (props: {
  readonly id: string;
  readonly value: string;
  readonly placeholder: string;
  readonly onInput: (value: string) => void;
}) => (
  <div class="field">
    <label for={props.id}>Search</label>
    <input
      id={props.id}
      type="search"
      value={props.value}
      placeholder={props.placeholder}
      onInput={(e) => props.onInput(e.currentTarget.value)}
    />
  </div>
);
