import { BadRequestError, type KeyValue, Messages, parseQualifiedName } from '@wisp/core';
import { type AssetBody, parseAssetBody } from '../common/asset-body';

/** A validated trigger PUT body; absent fields stay undefined so `overwrite=true` keeps the stored values. */
export interface TriggerPut extends AssetBody {
  /** Stored as given; OpenWhisk defines no trigger limits. */
  limits?: Record<string, unknown>;
}

/**
 * Parses a trigger PUT body. `limits` must be an object (kept as given); a `feed` annotation must name a fully
 * qualified entity (`/ns/[pkg/]name`).
 * @throws BadRequestError / PayloadTooLargeError with OpenWhisk's texts.
 */
export function parseTriggerPut(body: unknown, callerNamespace: string): TriggerPut {
  const b = parseAssetBody(body);
  const limits = b.limits ?? undefined;
  if (limits !== undefined && (typeof limits !== 'object' || Array.isArray(limits))) {
    throw new BadRequestError(Messages.malformedRequest(`'limits' must be an object`));
  }
  if (b.annotations) assertFeedAnnotation(b.annotations, callerNamespace);
  return { version: b.version, publish: b.publish, annotations: b.annotations, parameters: b.parameters, limits: limits as Record<string, unknown> | undefined };
}

/** @throws BadRequestError `Feed name is not valid` when a `feed` annotation is not a fully qualified entity path. */
export function assertFeedAnnotation(annotations: readonly KeyValue[], callerNamespace: string): void {
  const feed = annotations.find((a) => a.key === 'feed');
  if (feed) parseQualifiedName(feed.value, callerNamespace, Messages.feedNameInvalid);
}
