import type { FormField } from '../lib/params';

/** Inputs for documented parameters, each with its doc text and its error. */
export function ParamFields({ fields, values, errors, onInput, idPrefix }: { fields: FormField[]; values: Record<string, string>; errors: Record<string, string>; onInput: (name: string, value: string) => void; idPrefix: string }) {
  if (fields.length === 0) return <p class="muted">No parameters.</p>;
  return (
    <div class="fields">
      {fields.map((f) => {
        const id = `${idPrefix}-${f.name}`;
        const err = errors[f.name];
        const common = {
          id,
          name: f.name,
          value: values[f.name] ?? '',
          'aria-describedby': `${id}-doc`,
          'aria-invalid': err ? ('true' as const) : undefined,
          required: f.required,
          placeholder: f.placeholder,
          onInput: (e: Event) => onInput(f.name, (e.currentTarget as HTMLInputElement).value),
        };
        return (
          <div class="field" key={f.name}>
            <label for={id}>
              <code>{f.label}</code>
              {f.required ? <span class="required"> required</span> : null}
              <span class="kind"> {f.kind}</span>
            </label>
            {f.kind === 'json' ? (
              <textarea rows={3} spellcheck={false} {...common} />
            ) : f.kind === 'secret' ? (
              <input type="password" autocomplete="off" spellcheck={false} {...common} />
            ) : (
              <input type="text" autocomplete="off" spellcheck={false} {...common} />
            )}
            <small id={`${id}-doc`} class="doc">
              {f.description}
            </small>
            {err ? <small class="field-error">{err}</small> : null}
          </div>
        );
      })}
    </div>
  );
}
