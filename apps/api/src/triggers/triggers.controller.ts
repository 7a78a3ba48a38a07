import { Body, Controller, Delete, Get, Param, Put, Query, UseGuards } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ApiAuthed, ApiErrors, ApiJsonBody, ApiListQuery, ApiNamespace, ApiOverwrite } from '../openapi/api-docs.decorators';
import { EntityPathDto } from '../openapi/schemas/common.dto';
import { TriggerDto, TriggerPutDto, TriggerRuleDto } from '../openapi/schemas/entities.dto';
import { AuthGuard } from '../auth/auth.guard';
import { Caller } from '../auth/caller.decorator';
import type { Identity } from '../auth/identity';
import { TriggersService } from './triggers.service';

/** `/api/v1/namespaces/{ns}/triggers[/{name}]` (firing, `POST …/triggers/{name}`, is routed elsewhere). */
@ApiTags('triggers')
@ApiExtraModels(TriggerRuleDto, EntityPathDto)
@ApiAuthed()
@ApiNamespace()
@Controller('api/v1/namespaces')
@UseGuards(AuthGuard)
export class TriggersController {
  constructor(private readonly triggers: TriggersService) {}

  @Get(':ns/triggers')
  @ApiListQuery()
  @ApiOkResponse({ type: [TriggerDto] })
  list(@Caller() caller: Identity, @Param('ns') ns: string, @Query() query: Record<string, unknown>) {
    return this.triggers.list(caller, ns, query);
  }

  @Get(':ns/triggers/:name')
  @ApiOkResponse({ type: TriggerDto, description: 'With its rules.' })
  @ApiErrors(404)
  get(@Caller() caller: Identity, @Param('ns') ns: string, @Param('name') name: string) {
    return this.triggers.get(caller, ns, name);
  }

  @Put(':ns/triggers/:name')
  @ApiOverwrite()
  @ApiJsonBody(TriggerPutDto, 'A feed annotation (feed: /whisk.system/alarms/alarm) makes the feed action run with the parameters.')
  @ApiOkResponse({ type: TriggerDto })
  @ApiErrors(400, 409, 413, 429)
  put(@Caller() caller: Identity, @Param('ns') ns: string, @Param('name') name: string, @Body() body: unknown, @Query() query: Record<string, unknown>) {
    return this.triggers.put(caller, ns, name, body, query);
  }

  @Delete(':ns/triggers/:name')
  @ApiOkResponse({ type: TriggerDto })
  @ApiErrors(404, 409)
  delete(@Caller() caller: Identity, @Param('ns') ns: string, @Param('name') name: string) {
    return this.triggers.delete(caller, ns, name);
  }
}
