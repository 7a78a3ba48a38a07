import { Module } from '@nestjs/common';
import { CatalogController } from './catalog.controller';
import { CatalogService } from './catalog.service';

/** The catalog: installed into `whisk.system` at boot, browsable at `GET /api/v1/catalog`. */
@Module({ controllers: [CatalogController], providers: [CatalogService] })
export class CatalogModule {}
