import { BadRequestError, createDataSource, loadConfig, NotFoundError } from '@wisp/core';
import { catalogView, describePackage, installCatalog, loadCatalog } from '@wisp/packages';
import type { DataSource } from 'typeorm';
import { SubjectService } from '../auth/subject.service';
import { PackageResolver } from '../packages/package.resolver';
import { PackageStore } from '../packages/package.store';
import { PackagesService } from '../packages/packages.service';
import { installCatalogBinding, parseCatalogArgs } from './catalog-binding';

export const CATALOG_USAGE = `  catalog list                   list the catalog's packages with their actions and feeds
  catalog show NAME              a package's actions and feeds with their parameter docs
  catalog install NAME [--as BINDING] [--namespace NS] [-p KEY VALUE]...
                                 bind /whisk.system/NAME into namespace NS (default guest) as BINDING`;

/** Runs `wisp catalog …` on `db`, or on a data source of its own when none is given. */
export async function runCatalogCommand(args: string[], db?: DataSource): Promise<string> {
  const [verb, ...rest] = args;
  const { positional, options, params } = parseCatalogArgs(rest);
  const { packages, errors } = loadCatalog();
  const views = catalogView(packages);
  if (verb === 'list') {
    const lines = views.map((v) => {
      const items = [...v.actions.map((a) => a.name), ...v.feeds.map((f) => `${f.name} (feed)`)];
      return `${v.path.padEnd(28)} ${v.version.padEnd(8)} ${v.description}\n${' '.repeat(30)}${items.join(', ')}`;
    });
    return [...lines, ...errors.map((e) => `! ${e}`)].join('\n') || '(empty catalog)';
  }
  const name = positional[0];
  if (verb === 'show' && name) {
    const view = views.find((v) => v.name === name);
    if (!view) throw new NotFoundError(`No catalog package named ${name}.`);
    return describePackage(view);
  }
  if (verb === 'install' && name) {
    if (!views.some((v) => v.name === name)) throw new NotFoundError(`No catalog package named ${name}.`);
    return withDb(db, async (d) => {
      // The API installs the catalog at boot; installing here too makes the command work before the first boot.
      await installCatalog(d, packages.filter((p) => p.manifest.name === name));
      const store = new PackageStore(d);
      const namespace = options.namespace ?? 'guest';
      const binding = await installCatalogBinding({ name, as: options.as, namespace, params }, new SubjectService(d), new PackagesService(store, new PackageResolver(store)));
      return `bound /${namespace}/${binding.name} to /whisk.system/${name}`;
    });
  }
  throw new BadRequestError(`usage:\n${CATALOG_USAGE}`);
}

async function withDb<T>(db: DataSource | undefined, work: (db: DataSource) => Promise<T>): Promise<T> {
  if (db) return work(db);
  const own = await createDataSource(loadConfig().databaseUrl, 2).initialize();
  try {
    return await work(own);
  } finally {
    await own.destroy();
  }
}
