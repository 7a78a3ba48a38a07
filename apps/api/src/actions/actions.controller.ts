import { Body, Controller, Delete, Get, Param, Put, Query, Req, UseGuards } from '@nestjs/common';
import { ApiOkResponse, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ApiAuthed, ApiErrors, ApiJsonBody, ApiListQuery, ApiNamespace, ApiOverwrite } from '../openapi/api-docs.decorators';
import { ActionDto, ActionPutDto } from '../openapi/schemas/action.dto';
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
@ApiTags('actions')
@ApiAuthed()
@ApiNamespace()
@Controller('api/v1/namespaces')
@UseGuards(AuthGuard)
export class ActionsController {
  constructor(private readonly actions: ActionsService) {}

  @Get(':ns/actions')
  @ApiListQuery()
  @ApiOkResponse({ type: [ActionDto], description: 'Actions of the namespace (no code, no parameters).' })
  list(@Caller() caller: Identity, @Param('ns') ns: string, @Query() q: Record<string, unknown>) {
    return this.actions.list(caller, ns, q);
  }

  /** Express matches `…/actions/pkg/` here too; the trailing slash is what makes it a package listing. */
  @Get(':ns/actions/:name')
  @ApiQuery({ name: 'code', required: false, schema: { type: 'boolean', default: true }, description: 'false leaves out exec.code.' })
  @ApiOkResponse({ type: ActionDto, description: 'The action (with a trailing slash: the actions of package {name}, as a list).' })
  @ApiErrors(404)
  get(@Caller() caller: Identity, @Param('ns') ns: string, @Param('name') name: string, @Query() q: Record<string, unknown>, @Req() req: WispRequest) {
    if (req.path.endsWith('/')) return this.actions.listInPackage(caller, ns, name, q);
    return this.actions.get(caller, ns, undefined, name, q.code === undefined || queryFlag(q.code));
  }

  @Get(':ns/actions/:pkg/:name')
  @ApiQuery({ name: 'code', required: false, schema: { type: 'boolean', default: true } })
  @ApiOkResponse({ type: ActionDto })
  @ApiErrors(404)
  getPackaged(@Caller() caller: Identity, @Param('ns') ns: string, @Param('pkg') pkg: string, @Param('name') name: string, @Query('code') code: unknown) {
    return this.actions.get(caller, ns, pkg, name, code === undefined || queryFlag(code));
  }

  @Put(':ns/actions/:name')
  @ApiOverwrite()
  @ApiJsonBody(ActionPutDto)
  @ApiOkResponse({ type: ActionDto, description: 'Created or updated.' })
  @ApiErrors(400, 409, 413)
  put(@Caller() caller: Identity, @Param('ns') ns: string, @Param('name') name: string, @Body() body: unknown, @Query('overwrite') overwrite: unknown) {
    return this.actions.put(caller, ns, undefined, name, body, queryFlag(overwrite));
  }

  @Put(':ns/actions/:pkg/:name')
  @ApiOverwrite()
  @ApiJsonBody(ActionPutDto)
  @ApiOkResponse({ type: ActionDto })
  @ApiErrors(400, 404, 409, 413)
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
  @ApiOkResponse({ type: ActionDto, description: 'The deleted action.' })
  @ApiErrors(404, 409)
  delete(@Caller() caller: Identity, @Param('ns') ns: string, @Param('name') name: string) {
    return this.actions.delete(caller, ns, undefined, name);
  }

  @Delete(':ns/actions/:pkg/:name')
  @ApiOkResponse({ type: ActionDto })
  @ApiErrors(404, 409)
  deletePackaged(@Caller() caller: Identity, @Param('ns') ns: string, @Param('pkg') pkg: string, @Param('name') name: string) {
    return this.actions.delete(caller, ns, pkg, name);
  }
}
