import { Controller, Get, UseGuards } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ApiAuthed } from '../openapi/api-docs.decorators';
import { CatalogDto } from '../openapi/schemas/misc.dto';
import { AuthGuard } from '../auth/auth.guard';
import { CatalogService } from './catalog.service';

/** `GET /api/v1/catalog`: the installable packages with versions, actions, feeds and parameter docs (for UIs). */
@ApiTags('catalog')
@ApiAuthed()
@Controller('api/v1/catalog')
@UseGuards(AuthGuard)
export class CatalogController {
  constructor(private readonly catalog: CatalogService) {}

  @Get()
  @ApiOkResponse({ type: CatalogDto })
  list() {
    return this.catalog.view();
  }
}
