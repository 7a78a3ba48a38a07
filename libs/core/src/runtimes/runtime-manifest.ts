import { z } from 'zod';
import manifestJson from '../../../../runtimes/runtimes.json';

const stemCell = z.object({ count: z.number().int().min(0).max(16), memory: z.number().int().min(128) });
const runtime = z.object({
  kind: z.string().regex(/^[a-z0-9]+:[a-z0-9.]+$/),
  default: z.boolean(),
  image: z.string().min(1),
  folder: z.string().regex(/^[a-z0-9-]+$/),
  requireMain: z.boolean(),
  stemCells: z.array(stemCell),
  deprecated: z.boolean().optional(),
});
const blackbox = z.object({ name: z.string().min(1), image: z.string().min(1), folder: z.string().regex(/^[a-z0-9-]+$/), execDir: z.string().startsWith('/').optional() });
const schema = z.object({
  description: z.string(),
  runtimes: z.record(z.array(runtime).min(1)),
  blackboxes: z.array(blackbox),
  relay: z.object({ image: z.string().min(1), cmd: z.array(z.string()).min(1), execDir: z.string().startsWith('/') }),
});

/** One code runtime of the manifest (`runtimes/runtimes.json`), with its family. */
export interface RuntimeEntry {
  kind: string;
  family: string;
  default: boolean;
  image: string;
  /** Folder under runtimes/ that builds its image. */
  folder: string;
  requireMain: boolean;
  deprecated: boolean;
  /** Prewarmed containers kept per memory size. */
  stemCells: { count: number; memory: number }[];
}

/** A well-known blackbox image (OpenWhisk's docker skeleton) that Wisp builds locally and serves under its public name. */
export interface BlackboxEntry {
  /** Public image name without registry and tag, e.g. `openwhisk/dockerskeleton`. */
  name: string;
  /** The local image that stands in for it. */
  image: string;
  folder: string;
  /** An exec-allowed, size-limited tmpfs the container gets here (the skeleton runs the action's own binary). */
  execDir?: string;
}

/** How an image that serves OpenWhisk's HTTP protocol on :8080 is reached under `--network none`. */
export interface RelayEntry {
  image: string;
  cmd: string[];
  /** Exec-allowed tmpfs given to the action container (OpenWhisk images unpack and run code there). */
  execDir: string;
}

/** Kinds that are not code runtimes. */
export const SPECIAL_KINDS = ['blackbox', 'sequence'] as const;

/**
 * The runtimes manifest, parsed and validated once: the single list of kinds, images, defaults per family, stem cells
 * and well-known blackbox images. The API validates kinds and answers `GET /` from it, the invoker picks images and
 * stem cells from it, and `runtimes/build-images.sh` builds every image it names.
 */
export class RuntimeManifest {
  readonly runtimes: readonly RuntimeEntry[];
  readonly blackboxes: readonly BlackboxEntry[];
  readonly relay: RelayEntry;

  constructor(raw: unknown) {
    const m = schema.parse(raw);
    this.runtimes = Object.entries(m.runtimes).flatMap(([family, list]) =>
      list.map((r): RuntimeEntry => ({ ...r, family, deprecated: r.deprecated ?? false })),
    );
    for (const [family, list] of Object.entries(m.runtimes)) {
      if (list.filter((r) => r.default).length !== 1) throw new Error(`runtimes manifest: family ${family} needs exactly one default kind`);
    }
    this.blackboxes = m.blackboxes;
    this.relay = m.relay;
  }

  /** Every kind an action may have, code runtimes first. */
  kinds(): string[] {
    return [...this.runtimes.map((r) => r.kind), ...SPECIAL_KINDS];
  }

  /** The runtime of a stored kind (already resolved), or undefined. */
  runtime(kind: string): RuntimeEntry | undefined {
    return this.runtimes.find((r) => r.kind === kind);
  }

  /** Lower-cases a kind and resolves `<family>:default`; undefined for unknown kinds. */
  resolveKind(kind: string): string | undefined {
    const k = kind.toLowerCase();
    if ((SPECIAL_KINDS as readonly string[]).includes(k)) return k;
    const [family, version] = k.split(':');
    const found = version === 'default' ? this.runtimes.find((r) => r.family === family && r.default) : this.runtime(k);
    return found?.kind;
  }

  /**
   * The well-known blackbox an image name stands for, whatever its registry prefix and tag (`openwhisk/dockerskeleton`,
   * `openwhisk/dockerskeleton:nightly`, `docker.io/openwhisk/dockerskeleton:1.14.0`).
   */
  blackbox(image: string): BlackboxEntry | undefined {
    const name = image
      .trim()
      .toLowerCase()
      .replace(/^(docker\.io|index\.docker\.io|registry-1\.docker\.io)\//, '')
      .replace(/@sha256:[0-9a-f]+$/, '')
      .replace(/:[\w.-]+$/, '');
    return this.blackboxes.find((b) => b.name === name);
  }

  /** True for images Wisp builds (they speak its socket protocol). */
  isWispImage(image: string): boolean {
    return this.runtimes.some((r) => r.image === image) || this.blackboxes.some((b) => b.image === image);
  }
}

/** The manifest shipped in `runtimes/runtimes.json`. */
export const RUNTIME_MANIFEST = new RuntimeManifest(manifestJson);
