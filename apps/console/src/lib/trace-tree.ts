import { annotation } from './annotations';
import { outcomeOf, type Outcome } from './outcome';
import type { ActivationDoc } from './types';

/** One node of a trace: an activation and the activations it caused (rule activations, sequence components, …). */
export interface TraceNode {
  id: string;
  name: string;
  outcome: Outcome;
  start: number;
  duration?: number;
  /** Why it ran: `trigger`, `sequence`, … (its `causedBy` annotation). */
  causedBy?: string;
  children: TraceNode[];
  /** True when the tree was cut here (depth or size bound): the node has children not shown. */
  truncated?: boolean;
}

/** Bounds that keep a hostile or huge trace from freezing the page. */
export interface TraceBounds {
  maxDepth: number;
  maxNodes: number;
}

const DEFAULT_BOUNDS: TraceBounds = { maxDepth: 8, maxNodes: 200 };

/**
 * Builds the trace tree under `root` from `childrenOf` (activation id → activations whose `cause` is that id).
 * Children are ordered by start; an id seen twice is shown once (a cycle cannot loop).
 */
export function buildTraceTree(root: ActivationDoc, childrenOf: ReadonlyMap<string, readonly ActivationDoc[]>, bounds: TraceBounds = DEFAULT_BOUNDS): TraceNode {
  const seen = new Set<string>();
  let count = 0;
  const visit = (a: ActivationDoc, depth: number): TraceNode => {
    seen.add(a.activationId);
    count++;
    const causedBy = annotation(a.annotations, 'causedBy');
    const node: TraceNode = { id: a.activationId, name: a.name, outcome: outcomeOf(a), start: a.start, children: [], ...(a.duration !== undefined ? { duration: a.duration } : {}), ...(typeof causedBy === 'string' ? { causedBy } : {}) };
    const kids = [...(childrenOf.get(a.activationId) ?? [])].filter((c) => !seen.has(c.activationId)).sort((x, y) => x.start - y.start);
    for (const kid of kids) {
      if (depth + 1 > bounds.maxDepth || count >= bounds.maxNodes) {
        node.truncated = true;
        break;
      }
      if (seen.has(kid.activationId)) continue;
      node.children.push(visit(kid, depth + 1));
    }
    return node;
  };
  return visit(root, 0);
}

/** Every node of a tree, depth first, with its depth (for an indented, keyboard-friendly list). */
export function flattenTrace(node: TraceNode, depth = 0): { node: TraceNode; depth: number }[] {
  return [{ node, depth }, ...node.children.flatMap((c) => flattenTrace(c, depth + 1))];
}
