import type { DataSource, EntityManager } from 'typeorm';
import { ActionEntity, DEFAULT_ACTION_LIMITS, type KeyValue, NamespaceEntity, PackageEntity, resolveActionLimits } from '@wisp/core';
import type { CatalogPackage } from './catalog-loader';
import type { CatalogActionManifest, CatalogFeedManifest, ParameterDoc } from './manifest';

/** The published namespace the catalog lives in. */
export const CATALOG_NAMESPACE = 'whisk.system';
/** Annotation on feed actions naming their provider kind (read by the controller's built-in feed actions). */
export const FEED_KIND_ANNOTATION = 'wisp-feed-kind';
/** Annotation holding the digest of the installed package content. */
const DIGEST_ANNOTATION = 'wisp-catalog-digest';
/** Serialises installers of several API processes booting at once. */
const INSTALL_LOCK = 7_274_712;

/** What happened to one package. */
export interface InstallOutcome {
  name: string;
  version: string;
  outcome: 'installed' | 'upgraded' | 'unchanged';
  previousVersion?: string;
}

/** Code of an installed feed action: never run (the controller intercepts it), but honest if it ever is. */
export function feedActionCode(provider: string): string {
  return `// Built-in feed action: the Wisp controller hands its lifecycle events to the '${provider}' feed provider.\nfunction main() {\n  return { error: 'This feed action runs inside the Wisp controller, not in a container.' };\n}\n`;
}

/**
 * Installs catalog packages into `whisk.system` (published), idempotently: a package whose installed version and
 * digest match is left alone; otherwise the package and its actions and feeds are replaced (actions no longer in the
 * manifest are removed). Creates the `whisk.system` namespace when missing. One transaction per package, under an
 * advisory lock, so replicas booting together install once.
 */
export async function installCatalog(db: DataSource, packages: CatalogPackage[], now = Date.now()): Promise<InstallOutcome[]> {
  const out: InstallOutcome[] = [];
  for (const pkg of packages) {
    out.push(
      await db.transaction(async (m) => {
        await m.query('SELECT pg_advisory_xact_lock($1)', [INSTALL_LOCK]);
        await m.createQueryBuilder().insert().into(NamespaceEntity).values({ name: CATALOG_NAMESPACE, limits: {}, createdAt: now }).orIgnore().execute();
        return installPackage(m, pkg, now);
      }),
    );
  }
  return out;
}

async function installPackage(m: EntityManager, pkg: CatalogPackage, now: number): Promise<InstallOutcome> {
  const { manifest } = pkg;
  const repo = m.getRepository(PackageEntity);
  const existing = await repo.findOneBy({ namespace: CATALOG_NAMESPACE, name: manifest.name });
  const installedDigest = existing?.annotations.find((a) => a.key === DIGEST_ANNOTATION)?.value;
  if (existing && existing.version === manifest.version && installedDigest === pkg.digest && existing.publish && !existing.binding) {
    return { name: manifest.name, version: manifest.version, outcome: 'unchanged' };
  }
  const fields = {
    version: manifest.version,
    publish: true,
    binding: null,
    parameters: boundParameters(manifest.parameters),
    annotations: [
      ...docAnnotations(manifest.description, manifest.parameters),
      ...toKeyValues(manifest.annotations),
      { key: DIGEST_ANNOTATION, value: pkg.digest },
    ],
    updated: now,
  };
  if (existing) await repo.save(Object.assign(existing, fields));
  else await repo.save(repo.create({ namespace: CATALOG_NAMESPACE, name: manifest.name, ...fields }));

  const actions = m.getRepository(ActionEntity);
  const wanted = [...(manifest.actions ?? []).map((a) => actionFields(a, pkg.code[a.name])), ...(manifest.feeds ?? []).map(feedFields)];
  const current = await actions.findBy({ namespace: CATALOG_NAMESPACE, package: manifest.name });
  for (const stale of current.filter((c) => !wanted.some((w) => w.name === c.name))) await actions.delete({ id: stale.id });
  for (const w of wanted) {
    const row = current.find((c) => c.name === w.name);
    const values = { ...w, version: manifest.version, publish: false, updated: now };
    // save() bumps the revision, so warm containers of the old code are not reused.
    if (row) await actions.save(Object.assign(row, values));
    else await actions.save(actions.create({ namespace: CATALOG_NAMESPACE, package: manifest.name, ...values }));
  }
  return existing
    ? { name: manifest.name, version: manifest.version, outcome: 'upgraded', previousVersion: existing.version }
    : { name: manifest.name, version: manifest.version, outcome: 'installed' };
}

function actionFields(a: CatalogActionManifest, code: string) {
  const kind = a.kind ?? 'nodejs:20';
  return {
    name: a.name,
    exec: { kind, code, binary: false, ...(a.main ? { main: a.main } : {}) },
    parameters: boundParameters(a.parameters),
    limits: resolveActionLimits(a.limits ?? {}, DEFAULT_ACTION_LIMITS),
    annotations: [
      ...docAnnotations(a.description, a.parameters),
      { key: 'exec', value: kind },
      ...(a.sampleInput ? [{ key: 'sampleInput', value: a.sampleInput }] : []),
      ...(a.sampleOutput !== undefined ? [{ key: 'sampleOutput', value: a.sampleOutput }] : []),
      ...toKeyValues(a.annotations),
    ],
  };
}

function feedFields(f: CatalogFeedManifest) {
  return {
    name: f.name,
    exec: { kind: 'nodejs:20', code: feedActionCode(f.provider), binary: false },
    parameters: boundParameters(f.parameters),
    limits: { ...DEFAULT_ACTION_LIMITS },
    annotations: [
      { key: 'feed', value: true },
      { key: FEED_KIND_ANNOTATION, value: f.provider },
      ...docAnnotations(f.description, f.parameters),
      { key: 'exec', value: 'nodejs:20' },
      ...(f.sampleInput ? [{ key: 'sampleInput', value: f.sampleInput }] : []),
      ...toKeyValues(f.annotations),
    ],
  };
}

/** `description` and OpenWhisk's `parameters` documentation annotation. */
function docAnnotations(description: string, params: ParameterDoc[] | undefined): KeyValue[] {
  return [
    { key: 'description', value: description },
    {
      key: 'parameters',
      value: (params ?? []).map((p) => ({
        name: p.name,
        description: p.description,
        required: p.required ?? false,
        ...(p.type ? { type: p.type } : {}),
        ...(p.default !== undefined ? { defaultValue: p.default } : {}),
        ...(p.secret ? { doNotShow: true } : {}),
      })),
    },
  ];
}

function boundParameters(params: ParameterDoc[] | undefined): KeyValue[] {
  return (params ?? []).filter((p) => p.default !== undefined).map((p) => ({ key: p.name, value: p.default }));
}

function toKeyValues(record: Record<string, unknown> | undefined): KeyValue[] {
  return Object.entries(record ?? {}).map(([key, value]) => ({ key, value }));
}
