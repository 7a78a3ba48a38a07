import type { ParameterDoc } from './types';

/** How a documented parameter is edited in a form. */
export type FieldKind = 'text' | 'secret' | 'integer' | 'boolean' | 'json' | 'list' | 'date';

/** One form field derived from a parameter's documentation. */
export interface FormField {
  name: string;
  label: string;
  description: string;
  kind: FieldKind;
  required: boolean;
  /** The documented default, as the field's initial text. */
  initial: string;
  placeholder?: string;
}

/** Maps the catalog's informal `type` (and `secret`) to a field kind. */
export function fieldKind(doc: ParameterDoc): FieldKind {
  if (doc.secret) return 'secret';
  const t = (doc.type ?? 'string').toLowerCase();
  if (t === 'integer' || t === 'number') return 'integer';
  if (t === 'boolean') return 'boolean';
  if (t === 'date') return 'date';
  if (t === 'object' || t.includes('object')) return 'json';
  if (t.includes('array')) return 'list';
  return 'text';
}

function initialText(value: unknown): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** Form fields for a list of parameter docs, required ones first (keeping the documented order otherwise). */
export function fieldsOf(docs: readonly ParameterDoc[], sample?: unknown): FormField[] {
  const example = (sample && typeof sample === 'object' ? sample : {}) as Record<string, unknown>;
  const fields = docs.map((d) => ({
    name: d.name,
    label: d.name,
    description: d.description,
    kind: fieldKind(d),
    required: d.required === true,
    initial: initialText(d.default),
    ...(example[d.name] !== undefined && !d.secret ? { placeholder: initialText(example[d.name]) } : {}),
  }));
  return [...fields.filter((f) => f.required), ...fields.filter((f) => !f.required)];
}

/** Parameters read from a form, or the errors that stop it, by field name. */
export type FormResult = { ok: true; params: Record<string, unknown> } | { ok: false; errors: Record<string, string> };

/** Reads one field's text as the value the API expects; undefined for an empty optional field. */
export function parseField(field: FormField, raw: string): { value?: unknown; error?: string } {
  const text = field.kind === 'secret' ? raw : raw.trim();
  if (text === '') return field.required ? { error: `${field.name} is required.` } : {};
  switch (field.kind) {
    case 'integer':
      if (!/^-?\d+$/.test(text) || !Number.isSafeInteger(Number(text))) return { error: `${field.name} must be an integer.` };
      return { value: Number(text) };
    case 'boolean':
      if (text !== 'true' && text !== 'false') return { error: `${field.name} must be true or false.` };
      return { value: text === 'true' };
    case 'json':
      if (!/^[[{"]/.test(text)) return { value: text };
      try {
        return { value: JSON.parse(text) };
      } catch {
        return { error: `${field.name} is not valid JSON.` };
      }
    case 'list':
      if (text.startsWith('[')) {
        try {
          const list = JSON.parse(text);
          if (Array.isArray(list)) return { value: list };
        } catch {
          /* not a JSON list: read it as a comma-separated one below */
        }
      }
      return { value: text.split(',').map((s) => s.trim()).filter((s) => s !== '') };
    default:
      if (field.name === 'deleteAfterFire' && (text === 'true' || text === 'false')) return { value: text === 'true' };
      return { value: text };
  }
}

/** Reads every field of a form; fields left empty and optional are not sent. */
export function paramsFromForm(fields: readonly FormField[], values: Readonly<Record<string, string>>): FormResult {
  const params: Record<string, unknown> = {};
  const errors: Record<string, string> = {};
  for (const f of fields) {
    const r = parseField(f, values[f.name] ?? '');
    if (r.error) errors[f.name] = r.error;
    else if (r.value !== undefined) params[f.name] = r.value;
  }
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, params };
}

/**
 * Parses the JSON object typed for an invoke or a fire; blank means `{}`.
 * @returns the object, or an error text naming what is wrong.
 */
export function parseJsonObject(text: string, what = 'Parameters'): { ok: true; value: Record<string, unknown> } | { ok: false; error: string } {
  if (text.trim() === '') return { ok: true, value: {} };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { ok: false, error: `${what}: not valid JSON (${(e as Error).message}).` };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return { ok: false, error: `${what} must be a JSON object, like {"name": "Ada"}.` };
  return { ok: true, value: value as Record<string, unknown> };
}
