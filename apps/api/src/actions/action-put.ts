import { type ActionEntity, type ActionExec, BadRequestError, type KeyValue, Messages, resolveActionLimits } from '@wisp/core';
import { type AssetBody, mergeAnnotations, nextVersion, parseAssetBody } from '../common/asset-body';
import { parseExec } from './action-exec';

/** Annotation the controller always (re)writes with the kind, so lists can show it. */
export const EXEC_ANNOTATION = 'exec';
/** Annotation added on create (when absent) so actions get no API key unless they ask for one. */
export const PROVIDE_API_KEY_ANNOTATION = 'provide-api-key';
/** Parameter under which a sequence's components are shown, as OpenWhisk stores them. */
export const SEQUENCE_ACTIONS_PARAMETER = '_actions';

/** A validated action PUT body; absent fields stay undefined so an update keeps the stored values. */
export interface ActionPut extends AssetBody {
  exec?: ActionExec;
  /** Requested limits as sent (validated; merged over the stored or default limits when saved). */
  limits?: unknown;
  /** Annotation keys to remove on update. */
  delAnnotations?: string[];
}

/** The stored fields of an action, without identity, place and revision. */
export type ActionFields = Pick<ActionEntity, 'exec' | 'parameters' | 'limits' | 'version' | 'publish' | 'annotations' | 'updated'>;

/**
 * Validates an action PUT body: shared asset fields, `exec`, `limits` (range-checked now so a bad value is a 400
 * whatever else happens), `delAnnotations`.
 * @throws BadRequestError / PayloadTooLargeError with OpenWhisk's texts.
 */
export function parseActionPut(body: unknown, callerNamespace: string): ActionPut {
  const b = parseAssetBody(body);
  const out: ActionPut = { version: b.version, publish: b.publish, annotations: b.annotations, parameters: b.parameters };
  if (b.exec !== undefined && b.exec !== null) out.exec = parseExec(b.exec, callerNamespace);
  if (b.limits !== undefined && b.limits !== null) {
    resolveActionLimits(b.limits);
    out.limits = b.limits;
  }
  if (b.delAnnotations !== undefined) {
    if (!Array.isArray(b.delAnnotations) || !b.delAnnotations.every((k) => typeof k === 'string')) {
      throw new BadRequestError(Messages.malformedRequest("'delAnnotations' must be an array of strings"));
    }
    out.delAnnotations = b.delAnnotations;
  }
  return out;
}

function withExecAnnotation(annotations: KeyValue[], exec: ActionExec): KeyValue[] {
  return [...annotations.filter((a) => a.key !== EXEC_ANNOTATION), { key: EXEC_ANNOTATION, value: exec.kind }];
}

/** A sequence's only parameter: its components. */
function sequenceParameters(exec: ActionExec): KeyValue[] {
  return [{ key: SEQUENCE_ACTIONS_PARAMETER, value: [...(exec.components ?? [])] }];
}

/**
 * Fields of a new action: default limits under the requested ones, `provide-api-key: false` unless given, the
 * `exec` annotation; a sequence's parameters are its components.
 * @throws BadRequestError when `exec` is missing.
 */
export function newActionFields(content: ActionPut, now: number): ActionFields {
  const exec = content.exec;
  if (!exec) throw new BadRequestError(Messages.malformedRequest("'exec' must be defined when creating an action"));
  const given = content.annotations ?? [];
  const annotations = given.some((a) => a.key === PROVIDE_API_KEY_ANNOTATION) ? given : [...given, { key: PROVIDE_API_KEY_ANNOTATION, value: false }];
  return {
    exec,
    parameters: exec.kind === 'sequence' ? sequenceParameters(exec) : (content.parameters ?? []),
    limits: resolveActionLimits(content.limits),
    version: nextVersion(content.version, undefined),
    publish: content.publish ?? false,
    annotations: withExecAnnotation(annotations, exec),
    updated: now,
  };
}

/**
 * Changes an update (`overwrite=true`) makes, as OpenWhisk merges them: absent fields keep their values, limits merge
 * field by field, annotations merge (after `delAnnotations`), the version is bumped. Sequence parameters are
 * special: they are the components and never leak into or out of a non-sequence action.
 */
export function updatedActionFields(existing: ActionEntity, content: ActionPut, now: number): ActionFields {
  const exec = content.exec ?? existing.exec;
  let parameters: KeyValue[];
  if (content.exec?.kind === 'sequence') parameters = sequenceParameters(content.exec);
  else if (content.exec) parameters = content.parameters ?? (existing.exec.kind === 'sequence' ? [] : existing.parameters);
  else parameters = existing.exec.kind === 'sequence' ? existing.parameters : (content.parameters ?? existing.parameters);
  return {
    exec,
    parameters,
    limits: resolveActionLimits(content.limits, existing.limits),
    version: nextVersion(content.version, existing.version),
    publish: content.publish ?? existing.publish,
    annotations: withExecAnnotation(mergeAnnotations(existing.annotations, content.annotations, content.delAnnotations), exec),
    updated: now,
  };
}
