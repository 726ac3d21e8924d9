/**
 * A labelled choice of one of the account’s widgets, by name (the history’s, the audit log’s and the reports’ filters, the
 * widget whose integrations are shown, the widget a canned response is for). `onChange` gets the chosen widget's id.
 */
export const WidgetSelect = (props: {
  readonly id: string;
  /** 'Widget' unless told. */
  readonly label?: string;
  readonly widgets: readonly { readonly id: string; readonly name: string }[];
  readonly value: string;
  /** First offer no widget in particular (value ''), worded “All widgets” or as given. */
  readonly any?: true | string;
  readonly onChange: (id: string) => void;
  /** A class of the field besides `field`. */
  readonly class?: string;
}) => (
  <div class={props.class ? `field ${props.class}` : 'field'}>
    <label for={props.id}>{props.label ?? 'Widget'}</label>
    <select id={props.id} value={props.value} onChange={(e) => props.onChange(e.currentTarget.value)}>
      {props.any && <option value="">{props.any === true ? 'All widgets' : props.any}</option>}
      {props.widgets.map((w) => (
        <option key={w.id} value={w.id}>
          {w.name}
        </option>
      ))}
    </select>
  </div>
);
