import { NotFoundError } from '@wisp/core';
import { type CatalogEntryView, catalogView, describePackage, installCatalog, loadCatalog } from '@wisp/packages';
import type { DataSource } from 'typeorm';
import { SubjectService } from '../auth/subject.service';
import { PackageResolver } from '../packages/package.resolver';
import { PackageStore } from '../packages/package.store';
import { PackagesService } from '../packages/packages.service';
import { type CatalogInstallRequest, installCatalogBinding } from './catalog-binding';

/** The catalog as shipped: its packages' views and the manifests that failed to load. */
export function catalogListing(): { views: CatalogEntryView[]; errors: string[] } {
  const { packages, errors } = loadCatalog();
  return { views: catalogView(packages), errors };
}

/** `wisp catalog list` as text. */
export function catalogListText(views: CatalogEntryView[], errors: string[]): string {
  const lines = views.map((v) => {
    const items = [...v.actions.map((a) => a.name), ...v.feeds.map((f) => `${f.name} (feed)`)];
    return `${v.path.padEnd(28)} ${v.version.padEnd(8)} ${v.description}\n${' '.repeat(30)}${items.join(', ')}`;
  });
  return [...lines, ...errors.map((e) => `! ${e}`)].join('\n') || '(empty catalog)';
}

/** One package's view. @throws NotFoundError */
export function catalogEntry(name: string): { view: CatalogEntryView; text: string } {
  const view = catalogListing().views.find((v) => v.name === name);
  if (!view) throw new NotFoundError(`No catalog package named ${name}.`);
  return { view, text: describePackage(view) };
}

/**
 * `wisp catalog install`: installs the package into /whisk.system (the API does it at boot; doing it here too makes
 * the command work before the first boot), then binds it into the namespace. `progress` hears each stage.
 */
export async function installCatalogPackage(db: DataSource, req: CatalogInstallRequest, progress: (line: string) => void): Promise<string> {
  const { packages } = loadCatalog();
  const chosen = packages.filter((p) => p.manifest.name === req.name);
  if (chosen.length === 0) throw new NotFoundError(`No catalog package named ${req.name}.`);
  progress(`installing /whisk.system/${req.name} (${chosen[0].manifest.actions?.length ?? 0} action(s))`);
  await installCatalog(db, chosen);
  progress(`binding it into ${req.namespace} as ${req.as ?? req.name}`);
  const store = new PackageStore(db);
  const binding = await installCatalogBinding(req, new SubjectService(db), new PackagesService(store, new PackageResolver(store)));
  return `bound /${req.namespace}/${binding.name} to /whisk.system/${req.name}`;
}
