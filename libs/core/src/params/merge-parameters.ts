import { BadRequestError, Messages } from '../errors';
import { KeyValue, toObject, valueOf } from './key-value';

/** The parameter layers of one invocation, lowest precedence first. */
export interface ParameterLayers {
  /** The package's own parameters. */
  pkg?: readonly KeyValue[];
  /** The binding's parameters, when invoked through one. */
  binding?: readonly KeyValue[];
  /** The action's parameters. */
  action?: readonly KeyValue[];
  /** Annotations of the action (for `final`). */
  annotations?: readonly KeyValue[];
}

/**
 * Merges parameters as OpenWhisk does: package < binding < action < request.
 * When the action is annotated `final: true`, a request may not redefine an already-defined parameter.
 * @throws BadRequestError with OpenWhisk's "reserved properties" text on such an override.
 */
export function mergeParameters(layers: ParameterLayers, request: Record<string, unknown> = {}): Record<string, unknown> {
  const defined = { ...toObject(layers.pkg), ...toObject(layers.binding), ...toObject(layers.action) };
  if (valueOf(layers.annotations, 'final') === true) {
    for (const key of Object.keys(request)) if (key in defined) throw new BadRequestError(Messages.finalParams);
  }
  return { ...defined, ...request };
}

/** Names of parameters flagged `init: true`, which go to `/init` as environment. */
export function initParameterNames(...layers: (readonly KeyValue[] | undefined)[]): string[] {
  return [...new Set(layers.flatMap((l) => (l ?? []).filter((kv) => kv.init).map((kv) => kv.key)))];
}
