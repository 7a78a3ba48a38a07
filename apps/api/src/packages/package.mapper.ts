import { type KeyValue, type PackageEntity } from '@wisp/core';
import { toBaseResponse } from '../common/asset-response';
import type { PackageContent } from './package.store';

/** What a GET of one package adds: its actions and feeds, and the parameters shown (binding params merged). */
export interface PackageView {
  parameters?: KeyValue[];
  contents?: PackageContent[];
}

const isFeed = (a: PackageContent) => a.annotations.some((kv) => kv.key === 'feed');
const contentItem = (a: PackageContent) => ({ name: a.name, version: a.version, annotations: a.annotations });

/**
 * The wire form of a package or binding: `binding` is `{}` for a package, `{namespace, name}` for a binding.
 * With `contents`, actions annotated `feed` are listed as `feeds`, the others as `actions` (as OpenWhisk splits them).
 */
export function toPackageResponse(p: PackageEntity, view: PackageView = {}) {
  const out: Record<string, unknown> = {
    ...toBaseResponse(p),
    binding: p.binding ? { namespace: p.binding.namespace, name: p.binding.name } : {},
    parameters: view.parameters ?? p.parameters,
  };
  if (view.contents) {
    out.actions = view.contents.filter((a) => !isFeed(a)).map(contentItem);
    out.feeds = view.contents.filter(isFeed).map(contentItem);
  }
  return out;
}

/** A package list item: no parameters; `binding` is `false` or `{namespace, name}`. */
export function toPackageSummary(p: PackageEntity) {
  return { ...toBaseResponse(p), binding: p.binding ? { namespace: p.binding.namespace, name: p.binding.name } : false };
}
