import { type ActionEntity, type ActionExec, type ActionLimits, entityNamespaceOf, type KeyValue } from '@wisp/core';
import { toBaseResponse } from '../common/asset-response';

/** How a GET shows an action: without code (`code=false`), with package/binding parameters merged in. */
export interface ActionView {
  code?: boolean;
  parameters?: KeyValue[];
}

/** The wire form of `exec` per kind, as OpenWhisk writes it (`main` and blackbox `code` only when present). */
export function toExecResponse(exec: ActionExec, withCode = true): Record<string, unknown> {
  if (exec.kind === 'sequence') return { kind: exec.kind, components: [...(exec.components ?? [])] };
  const out: Record<string, unknown> = { kind: exec.kind };
  if (exec.kind === 'blackbox') out.image = exec.image;
  if (withCode && exec.code !== undefined) out.code = exec.code;
  out.binary = exec.binary ?? false;
  if (exec.main !== undefined) out.main = exec.main;
  return out;
}

/** Limits in OpenWhisk's field order (jsonb does not keep key order), extra fields such as `instances` kept. */
export function toLimitsResponse(l: ActionLimits): Record<string, unknown> {
  const { timeout, memory, logs, concurrency, ...rest } = l as ActionLimits & Record<string, unknown>;
  return { timeout, memory, logs, concurrency, ...rest };
}

/** `ns` at top level, `ns/pkg` for a packaged action. */
export function actionNamespace(a: Pick<ActionEntity, 'namespace' | 'package'>): string {
  return entityNamespaceOf({ namespace: a.namespace, package: a.package || undefined });
}

/** The full wire form of an action (GET, PUT, DELETE). */
export function toActionResponse(a: ActionEntity, view: ActionView = {}) {
  return {
    ...toBaseResponse(a, actionNamespace(a)),
    exec: toExecResponse(a.exec, view.code ?? true),
    parameters: view.parameters ?? a.parameters,
    limits: toLimitsResponse(a.limits),
  };
}

/** A list item: no code, no parameters; `exec` carries only `binary`. */
export function toActionSummary(a: ActionEntity) {
  return { ...toBaseResponse(a, actionNamespace(a)), limits: toLimitsResponse(a.limits), exec: { binary: a.exec.binary ?? false } };
}
