import type { Child } from 'hono/jsx';
import { t } from './i18n.ts';

/** What a form shows again after a failed send: what was typed, and the problem of each field. */
export interface FormState {
  readonly values?: Readonly<Record<string, string>>;
  readonly errors?: Readonly<Record<string, string>>;
  /** A problem of the whole form (wrong password, expired link), said in the summary. */
  readonly problem?: string;
}

/** The summary on top of a form: every problem, each linking to its field. Focused by the page's script-free anchor. */
export function ErrorSummary({
  state,
  labels,
}: {
  state: FormState;
  labels: Record<string, string>;
}) {
  const fields = Object.entries(state.errors ?? {});
  if (fields.length === 0 && !state.problem) return null;
  return (
    <div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex={-1}>
      <h2 id="error-summary-title">{t('forms.problemsTitle')}</h2>
      <ul>
        {state.problem ? <li>{state.problem}</li> : null}
        {fields.map(([name, message]) => (
          <li>
            <a href={`#field-${name}`}>
              {labels[name] ?? name}: {message}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** A field's hint and problem, with the ids its control's aria-describedby names. */
export function FieldNotes({ id, hint, error }: { id: string; hint?: string; error?: string }) {
  return (
    <>
      {hint ? (
        <p class="field-hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p class="field-problem" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
    </>
  );
}

/** A labelled input with its hint and its problem, tied together for screen readers. */
export function Field(props: {
  name: string;
  label: string;
  state: FormState;
  type?: string;
  hint?: string;
  autocomplete?: string;
  required?: boolean;
  value?: string;
}) {
  const error = props.state.errors?.[props.name];
  const id = `field-${props.name}`;
  const described = [props.hint ? `${id}-hint` : '', error ? `${id}-error` : '']
    .filter((x) => x !== '')
    .join(' ');
  const type = props.type ?? 'text';
  return (
    <div class={error ? 'field field-error' : 'field'}>
      <label for={id}>{props.label}</label>
      <FieldNotes id={id} hint={props.hint} error={error} />
      <input
        id={id}
        name={props.name}
        type={type}
        autocomplete={props.autocomplete}
        required={props.required}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={described || undefined}
        // Passwords are never sent back into the page.
        value={type === 'password' ? undefined : (props.state.values?.[props.name] ?? props.value)}
      />
    </div>
  );
}

/** A form that changes something: POST with the CSRF token every such form carries. */
export function PostForm(props: {
  action: string;
  csrf: string;
  children: Child;
  class?: string;
  id?: string;
}) {
  return (
    <form method="post" action={props.action} class={props.class ?? 'stacked-form'} id={props.id}>
      <input type="hidden" name="_csrf" value={props.csrf} />
      {props.children}
    </form>
  );
}

/** A table in a keyboard-scrollable region: its caption names both; `keys` are its column headings' i18n keys. */
export function ScrollTable(p: {
  caption: string;
  hideCaption?: boolean;
  keys: readonly string[];
  children: Child;
}) {
  return (
    <div class="table-scroll" role="region" aria-label={p.caption} tabindex={0}>
      <table>
        <caption class={p.hideCaption ? 'visually-hidden' : undefined}>{p.caption}</caption>
        <thead>
          <tr>
            {p.keys.map((k) => (
              <th scope="col">{t(k)}</th>
            ))}
          </tr>
        </thead>
        <tbody>{p.children}</tbody>
      </table>
    </div>
  );
}
