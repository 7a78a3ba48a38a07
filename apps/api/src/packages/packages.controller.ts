import { Body, Controller, Delete, Get, Param, Put, Query, UseGuards } from '@nestjs/common';
import { AuthGuard } from '../auth/auth.guard';
import { Caller } from '../auth/caller.decorator';
import type { Identity } from '../auth/identity';
import { queryFlag } from '../common/list-query';
import { PackagesService } from './packages.service';

/** `GET /namespaces/{ns}/packages` and `PUT|GET|DELETE /namespaces/{ns}/packages/{name}`. */
@Controller('api/v1/namespaces')
@UseGuards(AuthGuard)
export class PackagesController {
  constructor(private readonly packages: PackagesService) {}

  @Get(':ns/packages')
  list(@Caller() caller: Identity, @Param('ns') ns: string, @Query() q: Record<string, unknown>) {
    return this.packages.list(caller, ns, q);
  }

  @Get(':ns/packages/:name')
  get(@Caller() caller: Identity, @Param('ns') ns: string, @Param('name') name: string) {
    return this.packages.get(caller, ns, name);
  }

  @Put(':ns/packages/:name')
  put(@Caller() caller: Identity, @Param('ns') ns: string, @Param('name') name: string, @Body() body: unknown, @Query('overwrite') overwrite: unknown) {
    return this.packages.put(caller, ns, name, body, queryFlag(overwrite));
  }

  @Delete(':ns/packages/:name')
  delete(@Caller() caller: Identity, @Param('ns') ns: string, @Param('name') name: string, @Query('force') force: unknown) {
    return this.packages.delete(caller, ns, name, queryFlag(force));
  }
}
