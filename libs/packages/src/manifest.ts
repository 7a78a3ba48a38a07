import { z } from 'zod';

/**
 * Documentation of one parameter, shown in the `parameters` annotation as OpenWhisk's catalog does
 * (`[{name, description, required}]`) and by `GET /api/v1/catalog` and `wisp catalog show`.
 */
export interface ParameterDoc {
  name: string;
  description: string;
  /** The action or feed cannot work without it. Default false. */
  required?: boolean;
  /** Informal type for people and UIs: `string`, `integer`, `date`, `object`, … */
  type?: string;
  /** A value bound on the package, action or feed when installed (users may override it, e.g. through a binding). */
  default?: unknown;
  /** A secret (a UI should mask it); OpenWhisk's catalog calls it `doNotShow`. */
  secret?: boolean;
}

/** One action of a catalog package; its code is a plain Node.js file in the package folder. */
export interface CatalogActionManifest {
  name: string;
  description: string;
  /** Path of the action's source, relative to the package folder (e.g. `actions/echo.js`); it exports `main`. */
  source: string;
  /** Runtime kind. Default `nodejs:20`. */
  kind?: string;
  /** Entry function. Default `main`. */
  main?: string;
  parameters?: ParameterDoc[];
  /** Limits overriding the defaults (timeout, memory, logs, concurrency). */
  limits?: { timeout?: number; memory?: number; logs?: number; concurrency?: number };
  /** Extra annotations (e.g. `{"web-export": true}`). */
  annotations?: Record<string, unknown>;
  sampleInput?: Record<string, unknown>;
  sampleOutput?: unknown;
}

/**
 * One feed of a catalog package: installed as an action annotated `feed: true` and `wisp-feed-kind: <provider>`,
 * whose invocations the controller hands to the registered `FeedProvider` of that kind (no code runs in a container).
 */
export interface CatalogFeedManifest {
  name: string;
  description: string;
  /** Kind of the `FeedProvider` that serves this feed (`alarm`, `once`, `interval`, `github`, `mqtt`, `postgres`). */
  provider: string;
  /** The feed's parameters (passed with CREATE/UPDATE as `-p key value`). */
  parameters?: ParameterDoc[];
  annotations?: Record<string, unknown>;
  sampleInput?: Record<string, unknown>;
}

/**
 * A catalog package: the file `libs/packages/catalog/<folder>/manifest.json` beside its action sources. Every folder
 * with a manifest is discovered and installed into the published `whisk.system` namespace at API boot; a changed
 * `version` (or content) upgrades the installed package.
 */
export interface CatalogManifest {
  /** Package name in `whisk.system` (letters, digits, `_`, `-`, `.`; usually the folder name). */
  name: string;
  /** SemVer; bump it when anything in the package changes. */
  version: string;
  description: string;
  /** Package-level parameters (every action and feed sees them); `default` values are bound on the package. */
  parameters?: ParameterDoc[];
  actions?: CatalogActionManifest[];
  feeds?: CatalogFeedManifest[];
  annotations?: Record<string, unknown>;
}

const name = z.string().regex(/^[A-Za-z0-9_][A-Za-z0-9_@.\- ]*$/, 'not a valid entity name');
const parameterDoc = z.object({
  name: z.string().min(1),
  description: z.string(),
  required: z.boolean().optional(),
  type: z.string().optional(),
  default: z.unknown().optional(),
  secret: z.boolean().optional(),
});
const annotations = z.record(z.unknown()).optional();

/** Validates a parsed `manifest.json`; errors name the field. */
export const catalogManifestSchema = z.object({
  name,
  version: z.string().regex(/^\d+\.\d+\.\d+(?:[-+].*)?$/, 'must be a SemVer version such as 1.0.0'),
  description: z.string(),
  parameters: z.array(parameterDoc).optional(),
  actions: z
    .array(
      z.object({
        name,
        description: z.string(),
        source: z.string().min(1),
        kind: z.string().optional(),
        main: z.string().optional(),
        parameters: z.array(parameterDoc).optional(),
        limits: z.object({ timeout: z.number().int(), memory: z.number().int(), logs: z.number().int(), concurrency: z.number().int() }).partial().optional(),
        annotations,
        sampleInput: z.record(z.unknown()).optional(),
        sampleOutput: z.unknown().optional(),
      }),
    )
    .optional(),
  feeds: z
    .array(
      z.object({
        name,
        description: z.string(),
        provider: z.string().min(1),
        parameters: z.array(parameterDoc).optional(),
        annotations,
        sampleInput: z.record(z.unknown()).optional(),
      }),
    )
    .optional(),
  annotations,
}) satisfies z.ZodType<CatalogManifest>;
