import { type ActionExec, RUNTIME_MANIFEST, type WispConfig } from '@wisp/core';
import type { ContainerSpec } from '../containers/container-factory';

/** The container an action's kind runs in: image and how it is reached. */
export type RuntimeImage = Pick<ContainerSpec, 'image' | 'execDir' | 'protocol'>;

/**
 * Picks the image of an action from the runtimes manifest: a code kind's image (nodejs:20's may be retagged with
 * WISP_RUNTIME_IMAGE); a blackbox naming a well-known image (OpenWhisk's docker skeleton, any registry prefix or tag)
 * gets Wisp's local stand-in; any other blackbox image is used as it is, speaking Wisp's protocol or OpenWhisk's HTTP
 * one on :8080. Undefined for kinds this invoker cannot run.
 */
export function runtimeImageOf(exec: ActionExec, config: Pick<WispConfig, 'runtimeImage'>): RuntimeImage | undefined {
  if (exec.kind === 'blackbox') {
    if (!exec.image) return undefined;
    const known = RUNTIME_MANIFEST.blackbox(exec.image);
    return known ? { image: known.image, execDir: known.execDir, protocol: 'socket' } : { image: exec.image, protocol: 'detect' };
  }
  const runtime = RUNTIME_MANIFEST.runtime(exec.kind);
  if (!runtime) return undefined;
  return { image: runtime.kind === 'nodejs:20' ? config.runtimeImage : runtime.image, protocol: 'socket' };
}

/** One kind of stem cell the pool keeps: `count` prewarmed containers of `image` at `memoryMb`. */
export interface StemCellSpec {
  kind: string;
  image: string;
  memoryMb: number;
  count: number;
}

/**
 * The stem cells of the manifest. WISP_PREWARM_COUNT is the count of the default nodejs kind's stem cells (OpenWhisk's
 * one prewarmed runtime), and 0 turns stem cells off for every kind; other kinds keep their manifest counts.
 */
export function stemCellsOf(config: Pick<WispConfig, 'runtimeImage' | 'prewarmCount'>): StemCellSpec[] {
  if (config.prewarmCount === 0) return [];
  const nodeDefault = RUNTIME_MANIFEST.resolveKind('nodejs:default');
  return RUNTIME_MANIFEST.runtimes.flatMap((r) =>
    r.stemCells
      .map((s) => ({ kind: r.kind, image: r.kind === 'nodejs:20' ? config.runtimeImage : r.image, memoryMb: s.memory, count: r.kind === nodeDefault ? config.prewarmCount : s.count }))
      .filter((s) => s.count > 0),
  );
}
