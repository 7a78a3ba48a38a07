import type { ActionEntity, EntityRef, KeyValue } from '@wisp/core';

/** An action found for invocation, with the parameter layers of its package and binding. */
export interface ResolvedAction {
  /** The stored action. */
  action: ActionEntity;
  /** Where the action really lives (the bound package's namespace and name when invoked through a binding). */
  ref: EntityRef;
  /** Parameters of the action's package (empty at top level). */
  packageParameters: KeyValue[];
  /** Parameters of the binding it was invoked through (empty otherwise). */
  bindingParameters: KeyValue[];
  /** Id and revision of the package and the binding the parameter layers came from (empty at top level). */
  packages: { id: string; revision: number }[];
  /** `ns/binding` when invoked through a binding. */
  bindingPath?: string;
}
