import type { BaseAssetEntity } from '@wisp/core';

/** The fields OpenWhisk shows on every asset: namespace, name, version, publish, annotations, updated. */
export function toBaseResponse(e: BaseAssetEntity, namespace: string = e.namespace) {
  return { namespace, name: e.name, version: e.version, publish: e.publish, annotations: e.annotations, updated: e.updated };
}
