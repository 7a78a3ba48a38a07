import { Body, Controller, Delete, Get, Param, Put, Query, UseGuards } from '@nestjs/common';
import { ApiOkResponse, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ApiAuthed, ApiErrors, ApiJsonBody, ApiListQuery, ApiNamespace, ApiOverwrite } from '../openapi/api-docs.decorators';
import { PackageDto, PackagePutDto } from '../openapi/schemas/entities.dto';
import { AuthGuard } from '../auth/auth.guard';
import { Caller } from '../auth/caller.decorator';
import type { Identity } from '../auth/identity';
import { queryFlag } from '../common/list-query';
import { PackagesService } from './packages.service';

/** `GET /namespaces/{ns}/packages` and `PUT|GET|DELETE /namespaces/{ns}/packages/{name}`. */
@ApiTags('packages')
@ApiAuthed()
@ApiNamespace()
@Controller('api/v1/namespaces')
@UseGuards(AuthGuard)
export class PackagesController {
  constructor(private readonly packages: PackagesService) {}

  @Get(':ns/packages')
  @ApiListQuery()
  @ApiQuery({ name: 'public', required: false, schema: { type: 'boolean' }, description: 'Only published packages.' })
  @ApiOkResponse({ type: [PackageDto] })
  list(@Caller() caller: Identity, @Param('ns') ns: string, @Query() q: Record<string, unknown>) {
    return this.packages.list(caller, ns, q);
  }

  @Get(':ns/packages/:name')
  @ApiOkResponse({ type: PackageDto, description: 'With its actions and feeds.' })
  @ApiErrors(404)
  get(@Caller() caller: Identity, @Param('ns') ns: string, @Param('name') name: string) {
    return this.packages.get(caller, ns, name);
  }

  @Put(':ns/packages/:name')
  @ApiOverwrite()
  @ApiJsonBody(PackagePutDto)
  @ApiOkResponse({ type: PackageDto })
  @ApiErrors(400, 404, 409, 413)
  put(@Caller() caller: Identity, @Param('ns') ns: string, @Param('name') name: string, @Body() body: unknown, @Query('overwrite') overwrite: unknown) {
    return this.packages.put(caller, ns, name, body, queryFlag(overwrite));
  }

  @Delete(':ns/packages/:name')
  @ApiQuery({ name: 'force', required: false, schema: { type: 'boolean' }, description: 'Delete its actions too.' })
  @ApiOkResponse({ type: PackageDto })
  @ApiErrors(404, 409)
  delete(@Caller() caller: Identity, @Param('ns') ns: string, @Param('name') name: string, @Query('force') force: unknown) {
    return this.packages.delete(caller, ns, name, queryFlag(force));
  }
}
