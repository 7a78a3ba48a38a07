import { fromKeyValues, toKeyValues } from './annotations';
import { parseJsonObject } from './params';
import type { ActionDoc } from './types';

/** The action editor's fields, as text (what the inputs hold). */
export interface ActionForm {
  name: string;
  kind: string;
  code: string;
  main: string;
  /** Blackbox kinds: the local image. */
  image: string;
  timeout: string;
  memory: string;
  logs: string;
  concurrency: string;
  /** The action's default parameters as a JSON object. */
  parameters: string;
  webExport: boolean;
}

/** What an action's body would be if it were invoked with nothing: a starting point for a new action. */
export const NEW_ACTION_CODE = `function main(params) {\n  return { greeting: \`Hello \${params.name || 'world'}\` };\n}\n`;

/** The editor's fields for an existing action, or the defaults of a new one. */
export function actionToForm(a?: ActionDoc): ActionForm {
  const limits = a?.limits ?? {};
  const text = (n: number | undefined) => (n === undefined ? '' : String(n));
  return {
    name: a?.name ?? '',
    kind: a?.exec?.kind ?? 'nodejs:20',
    code: a?.exec?.code ?? (a ? '' : NEW_ACTION_CODE),
    main: a?.exec?.main ?? '',
    image: a?.exec?.image ?? '',
    timeout: text(limits.timeout),
    memory: text(limits.memory),
    logs: text(limits.logs),
    concurrency: text(limits.concurrency),
    parameters: JSON.stringify(fromKeyValues(a?.parameters), null, 2),
    webExport: a?.annotations?.some((x) => x.key === 'web-export' && x.value === true) ?? false,
  };
}

/** The PUT body for an action, or the field errors that stop it. Empty limits are left to the server's defaults. */
export function formToActionBody(f: ActionForm, existing?: ActionDoc): { ok: true; body: Record<string, unknown> } | { ok: false; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const limits: Record<string, number> = {};
  for (const k of ['timeout', 'memory', 'logs', 'concurrency'] as const) {
    const raw = f[k].trim();
    if (raw === '') continue;
    if (!/^\d+$/.test(raw) || !Number.isSafeInteger(Number(raw))) errors[k] = `${k} must be a whole number.`;
    else limits[k] = Number(raw);
  }
  const params = parseJsonObject(f.parameters, 'Parameters');
  if (!params.ok) errors.parameters = params.error;
  const blackbox = f.kind === 'blackbox';
  if (blackbox && f.image.trim() === '') errors.image = 'A blackbox action needs an image.';
  if (!blackbox && f.code.trim() === '') errors.code = 'The code is empty.';
  if (Object.keys(errors).length || !params.ok) return { ok: false, errors };
  const exec: Record<string, unknown> = { kind: f.kind };
  if (blackbox) exec.image = f.image.trim();
  if (f.code.trim() !== '') exec.code = f.code;
  if (f.main.trim() !== '') exec.main = f.main.trim();
  const annotations = (existing?.annotations ?? []).filter((a) => a.key !== 'web-export' && a.key !== 'exec');
  if (f.webExport) annotations.push({ key: 'web-export', value: true });
  return { ok: true, body: { exec, limits, parameters: toKeyValues(params.value), annotations } };
}
