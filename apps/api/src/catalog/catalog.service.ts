import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { type CatalogEntryView, catalogView, installCatalog, type InstallOutcome, loadCatalog, type LoadedCatalog } from '@wisp/packages';

/**
 * The catalog of installable packages: read from `libs/packages/catalog` once, installed into the published
 * `whisk.system` namespace when the API boots (idempotently; a changed version upgrades), and described for UIs.
 */
@Injectable()
export class CatalogService implements OnApplicationBootstrap {
  private readonly logger = new Logger(CatalogService.name);
  private loaded?: LoadedCatalog;

  constructor(@Inject(DataSource) private readonly db: DataSource) {}

  async onApplicationBootstrap(): Promise<void> {
    const outcomes = await this.install();
    const changed = outcomes.filter((o) => o.outcome !== 'unchanged');
    for (const o of changed) this.logger.log(`catalog: ${o.outcome} /whisk.system/${o.name} ${o.previousVersion ? `${o.previousVersion} → ` : ''}${o.version}`);
  }

  /** Installs or upgrades every catalog package; broken packages are logged and skipped. */
  async install(): Promise<InstallOutcome[]> {
    const catalog = this.catalog();
    for (const e of catalog.errors) this.logger.error(e);
    return installCatalog(this.db, catalog.packages);
  }

  /** `GET /api/v1/catalog`. */
  view(): { packages: CatalogEntryView[] } {
    return { packages: catalogView(this.catalog().packages) };
  }

  private catalog(): LoadedCatalog {
    this.loaded ??= loadCatalog();
    return this.loaded;
  }
}
