import { Controller, Get, UseGuards } from '@nestjs/common';
import { AuthGuard } from '../auth/auth.guard';
import { CatalogService } from './catalog.service';

/** `GET /api/v1/catalog`: the installable packages with versions, actions, feeds and parameter docs (for UIs). */
@Controller('api/v1/catalog')
@UseGuards(AuthGuard)
export class CatalogController {
  constructor(private readonly catalog: CatalogService) {}

  @Get()
  list() {
    return this.catalog.view();
  }
}
