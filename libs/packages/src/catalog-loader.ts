import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import { type CatalogActionManifest, type CatalogManifest, catalogManifestSchema } from './manifest';

/** A catalog package read from disk: its manifest, folder, action sources and a digest of all of it. */
export interface CatalogPackage {
  manifest: CatalogManifest;
  dir: string;
  /** Action sources by action name. */
  code: Record<string, string>;
  /** SHA-256 over the manifest and the sources: a change without a version bump still upgrades. */
  digest: string;
}

/** What {@link loadCatalog} found: the packages, and one message per folder it could not use. */
export interface LoadedCatalog {
  packages: CatalogPackage[];
  errors: string[];
}

/** The catalog folder: `libs/packages/catalog` in the sources, `dist/libs/packages/catalog` in a build (copied there). */
export function defaultCatalogDir(): string {
  return resolve(__dirname, '..', 'catalog');
}

/** Reads every `<dir>/<folder>/manifest.json`, sorted by package name. A broken package is reported, not fatal. */
export function loadCatalog(dir = defaultCatalogDir()): LoadedCatalog {
  const packages: CatalogPackage[] = [];
  const errors: string[] = [];
  if (!existsSync(dir)) return { packages, errors: [`catalog folder ${dir} does not exist`] };
  for (const folder of readdirSync(dir).sort()) {
    const pkgDir = join(dir, folder);
    if (!statSync(pkgDir).isDirectory() || !existsSync(join(pkgDir, 'manifest.json'))) continue;
    try {
      packages.push(loadPackage(pkgDir));
    } catch (e) {
      errors.push(`catalog package ${folder}: ${(e as Error).message}`);
    }
  }
  const seen = new Set<string>();
  const unique = packages.filter((p) => {
    if (seen.has(p.manifest.name)) {
      errors.push(`catalog package ${p.manifest.name} is defined twice (${p.dir})`);
      return false;
    }
    seen.add(p.manifest.name);
    return true;
  });
  return { packages: unique.sort((a, b) => a.manifest.name.localeCompare(b.manifest.name)), errors };
}

/** Reads and validates one package folder. @throws Error naming the bad field or missing file. */
export function loadPackage(pkgDir: string): CatalogPackage {
  const raw = JSON.parse(readFileSync(join(pkgDir, 'manifest.json'), 'utf8')) as unknown;
  const parsed = catalogManifestSchema.safeParse(raw);
  if (!parsed.success) throw new Error(parsed.error.issues.map((i) => `${i.path.join('.') || 'manifest'}: ${i.message}`).join('; '));
  const manifest = parsed.data as CatalogManifest;
  const code: Record<string, string> = {};
  const names = new Set<string>();
  for (const entry of [...(manifest.actions ?? []), ...(manifest.feeds ?? [])]) {
    if (names.has(entry.name)) throw new Error(`two actions or feeds are named ${entry.name}`);
    names.add(entry.name);
  }
  for (const action of manifest.actions ?? []) code[action.name] = readSource(pkgDir, action);
  const digest = createHash('sha256')
    .update(JSON.stringify(manifest))
    .update(JSON.stringify(code))
    .digest('hex');
  return { manifest, dir: pkgDir, code, digest };
}

function readSource(pkgDir: string, action: CatalogActionManifest): string {
  const file = resolve(pkgDir, action.source);
  if (!file.startsWith(resolve(pkgDir) + sep)) throw new Error(`action ${action.name}: source ${action.source} lies outside the package folder`);
  if (!existsSync(file)) throw new Error(`action ${action.name}: source ${action.source} not found`);
  return readFileSync(file, 'utf8');
}
