import { BadRequestError, jsonSize, type KeyValue, Messages, parseKeyValues, PayloadTooLargeError, SystemLimits } from '@wisp/core';
import { bumpPatch, isSemver } from './semver';

/** The fields every PUT body for an asset may carry. */
export interface AssetBody {
  version?: string;
  publish?: boolean;
  annotations?: KeyValue[];
  parameters?: KeyValue[];
}

/**
 * Validates a PUT body's shared fields (`version`, `publish`, `annotations`, `parameters`) and size-checks parameters.
 * Fields absent from the body stay undefined so `overwrite=true` keeps the stored values.
 * @throws BadRequestError / PayloadTooLargeError with OpenWhisk's texts.
 */
export function parseAssetBody(body: unknown): AssetBody & Record<string, unknown> {
  if (body === undefined || body === null || body === '') return {};
  if (typeof body !== 'object' || Array.isArray(body)) throw new BadRequestError(Messages.malformedRequest('the body must be a JSON object'));
  const b = body as Record<string, unknown>;
  const out: AssetBody & Record<string, unknown> = { ...b };
  if (b.version !== undefined && !isSemver(b.version)) throw new BadRequestError(Messages.malformedRequest(`'version' must be a semantic version such as 0.0.1`));
  if (b.publish !== undefined && typeof b.publish !== 'boolean') throw new BadRequestError(Messages.malformedRequest(`'publish' must be a boolean`));
  out.annotations = b.annotations === undefined ? undefined : parseKeyValues(b.annotations, 'annotations');
  out.parameters = b.parameters === undefined ? undefined : parseKeyValues(b.parameters, 'parameters');
  for (const field of ['parameters', 'annotations'] as const) {
    const size = out[field] ? jsonSize(out[field]) : 0;
    if (size > SystemLimits.payloadMaxBytes) throw new PayloadTooLargeError(Messages.fieldTooLarge(field, size, SystemLimits.payloadMaxBytes));
  }
  return out;
}

/** The version a saved asset gets: the body's when given, else the next patch of the stored one (or 0.0.1 when new). */
export function nextVersion(requested: string | undefined, stored: string | undefined): string {
  if (requested) return requested;
  return stored ? bumpPatch(stored) : '0.0.1';
}

/** Removes then merges annotations as OpenWhisk does on update (`delAnnotations` first, given keys replace old ones). */
export function mergeAnnotations(stored: KeyValue[], given: KeyValue[] | undefined, remove: unknown): KeyValue[] {
  const drop = Array.isArray(remove) ? remove.filter((k): k is string => typeof k === 'string') : [];
  const kept = stored.filter((a) => !drop.includes(a.key));
  if (!given) return kept;
  const byKey = new Map(kept.map((a) => [a.key, a]));
  for (const a of given) byKey.set(a.key, a);
  return [...byKey.values()];
}
