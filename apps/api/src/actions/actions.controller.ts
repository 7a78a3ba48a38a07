import { Body, Controller, Delete, Get, Param, Put, Query, Req, UseGuards } from '@nestjs/common';
import { AuthGuard } from '../auth/auth.guard';
import { Caller } from '../auth/caller.decorator';
import type { Identity } from '../auth/identity';
import { queryFlag } from '../common/list-query';
import type { WispRequest } from '../http/request-context';
import { ActionsService } from './actions.service';

/**
 * `GET /namespaces/{ns}/actions`, `GET …/actions/{pkg}/` (a package's actions) and `PUT|GET|DELETE
 * …/actions/[{pkg}/]{name}`. Invocation (POST) lives in the invocation module.
 */
@Controller('api/v1/namespaces')
@UseGuards(AuthGuard)
export class ActionsController {
  constructor(private readonly actions: ActionsService) {}

  @Get(':ns/actions')
  list(@Caller() caller: Identity, @Param('ns') ns: string, @Query() q: Record<string, unknown>) {
    return this.actions.list(caller, ns, q);
  }

  /** Express matches `…/actions/pkg/` here too; the trailing slash is what makes it a package listing. */
  @Get(':ns/actions/:name')
  get(@Caller() caller: Identity, @Param('ns') ns: string, @Param('name') name: string, @Query() q: Record<string, unknown>, @Req() req: WispRequest) {
    if (req.path.endsWith('/')) return this.actions.listInPackage(caller, ns, name, q);
    return this.actions.get(caller, ns, undefined, name, q.code === undefined || queryFlag(q.code));
  }

  @Get(':ns/actions/:pkg/:name')
  getPackaged(@Caller() caller: Identity, @Param('ns') ns: string, @Param('pkg') pkg: string, @Param('name') name: string, @Query('code') code: unknown) {
    return this.actions.get(caller, ns, pkg, name, code === undefined || queryFlag(code));
  }

  @Put(':ns/actions/:name')
  put(@Caller() caller: Identity, @Param('ns') ns: string, @Param('name') name: string, @Body() body: unknown, @Query('overwrite') overwrite: unknown) {
    return this.actions.put(caller, ns, undefined, name, body, queryFlag(overwrite));
  }

  @Put(':ns/actions/:pkg/:name')
  putPackaged(
    @Caller() caller: Identity,
    @Param('ns') ns: string,
    @Param('pkg') pkg: string,
    @Param('name') name: string,
    @Body() body: unknown,
    @Query('overwrite') overwrite: unknown,
  ) {
    return this.actions.put(caller, ns, pkg, name, body, queryFlag(overwrite));
  }

  @Delete(':ns/actions/:name')
  delete(@Caller() caller: Identity, @Param('ns') ns: string, @Param('name') name: string) {
    return this.actions.delete(caller, ns, undefined, name);
  }

  @Delete(':ns/actions/:pkg/:name')
  deletePackaged(@Caller() caller: Identity, @Param('ns') ns: string, @Param('pkg') pkg: string, @Param('name') name: string) {
    return this.actions.delete(caller, ns, pkg, name);
  }
}
