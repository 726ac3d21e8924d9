/**
 * A labelled choice of one of a list of named things (`id`, `name`), by name: a widget, an agent, whoever acted.
 * `onChange` gets the chosen one's id; with `any`, the first choice is none in particular (value '').
 */
export const NamedSelect = (props: {
  readonly id: string;
  readonly label: string;
  readonly choices: readonly { readonly id: string; readonly name: string }[];
  readonly value: string;
  /** The wording of the first choice, none in particular (value ''); absent: there is none. */
  readonly any?: string;
  readonly onChange: (id: string) => void;
  /** A class of the field besides `field`. */
  readonly class?: string;
}) => (
  <div class={props.class ? `field ${props.class}` : 'field'}>
    <label for={props.id}>{props.label}</label>
    <select id={props.id} value={props.value} onChange={(e) => props.onChange(e.currentTarget.value)}>
      {props.any !== undefined && <option value="">{props.any}</option>}
      {props.choices.map((c) => (
        <option key={c.id} value={c.id}>
          {c.name}
        </option>
      ))}
    </select>
  </div>
);

/**
 * A labelled choice of one of the account’s widgets, by name (the history’s, the audit log’s and the reports’ filters, the
 * widget whose integrations are shown, the widget a canned response is for). `onChange` gets the chosen widget's id.
 */
export const WidgetSelect = ({
  widgets,
  label = 'Widget',
  any,
  ...rest
}: {
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
}) => <NamedSelect {...rest} label={label} choices={widgets} {...(any ? { any: any === true ? 'All widgets' : any } : {})} />;
