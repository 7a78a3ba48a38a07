import { buildTraceTree, flattenTrace } from './trace-tree';
import type { ActivationDoc } from './types';

const a = (id: string, name: string, start: number, extra: Partial<ActivationDoc> = {}): ActivationDoc => ({ namespace: 'guest', name, activationId: id, start, end: start + 5, duration: 5, statusCode: 0, ...extra });

describe('the trace tree', () => {
  it('nests trigger → rule activations → sequence components from cause, children by start', () => {
    const trigger = a('t', 'tick', 0);
    const kids = new Map<string, ActivationDoc[]>([
      ['t', [a('r2', 'second', 20, { cause: 't', annotations: [{ key: 'causedBy', value: 'trigger' }] }), a('r1', 'seq', 10, { cause: 't', annotations: [{ key: 'causedBy', value: 'trigger' }] })]],
      ['r1', [a('c1', 'step1', 11, { cause: 'r1', annotations: [{ key: 'causedBy', value: 'sequence' }], statusCode: 2 })]],
    ]);
    const tree = buildTraceTree(trigger, kids);
    expect(flattenTrace(tree).map(({ node, depth }) => `${depth}:${node.name}:${node.causedBy ?? '-'}:${node.outcome}`)).toEqual([
      '0:tick:-:success',
      '1:seq:trigger:success',
      '2:step1:sequence:developer error',
      '1:second:trigger:success',
    ]);
  });

  it('shows an activation once even when the data loops, and marks cuts at the bounds', () => {
    const kids = new Map<string, ActivationDoc[]>([
      ['x', [a('y', 'y', 1)]],
      ['y', [a('x', 'x', 0), a('z', 'z', 2)]],
      ['z', [a('w', 'w', 3)]],
    ]);
    const tree = buildTraceTree(a('x', 'x', 0), kids);
    expect(flattenTrace(tree).map((n) => n.node.id)).toEqual(['x', 'y', 'z', 'w']);
    const cut = buildTraceTree(a('x', 'x', 0), kids, { maxDepth: 1, maxNodes: 100 });
    expect(flattenTrace(cut).map((n) => n.node.id)).toEqual(['x', 'y']);
    expect(cut.children[0].truncated).toBe(true);
    const few = buildTraceTree(a('x', 'x', 0), kids, { maxDepth: 10, maxNodes: 2 });
    expect(flattenTrace(few)).toHaveLength(2);
  });
});
