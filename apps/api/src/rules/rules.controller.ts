import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query, UseGuards } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ApiAuthed, ApiErrors, ApiJsonBody, ApiListQuery, ApiNamespace, ApiOverwrite } from '../openapi/api-docs.decorators';
import { RuleDto, RulePutDto, RuleStatusDto } from '../openapi/schemas/entities.dto';
import { AuthGuard } from '../auth/auth.guard';
import { Caller } from '../auth/caller.decorator';
import type { Identity } from '../auth/identity';
import { RulesService } from './rules.service';

/** `/api/v1/namespaces/{ns}/rules[/{name}]`. */
@ApiTags('rules')
@ApiAuthed()
@ApiNamespace()
@Controller('api/v1/namespaces')
@UseGuards(AuthGuard)
export class RulesController {
  constructor(private readonly rules: RulesService) {}

  @Get(':ns/rules')
  @ApiListQuery()
  @ApiOkResponse({ type: [RuleDto] })
  list(@Caller() caller: Identity, @Param('ns') ns: string, @Query() query: Record<string, unknown>) {
    return this.rules.list(caller, ns, query);
  }

  @Get(':ns/rules/:name')
  @ApiOkResponse({ type: RuleDto })
  @ApiErrors(404)
  get(@Caller() caller: Identity, @Param('ns') ns: string, @Param('name') name: string) {
    return this.rules.get(caller, ns, name);
  }

  @Put(':ns/rules/:name')
  @ApiOverwrite()
  @ApiJsonBody(RulePutDto)
  @ApiOkResponse({ type: RuleDto })
  @ApiErrors(400, 404, 409)
  put(@Caller() caller: Identity, @Param('ns') ns: string, @Param('name') name: string, @Body() body: unknown, @Query() query: Record<string, unknown>) {
    return this.rules.put(caller, ns, name, body, query);
  }

  /** Enable/disable: 200 with an empty body, as OpenWhisk answers. */
  @Post(':ns/rules/:name')
  @ApiBody({ type: RuleStatusDto })
  @ApiOkResponse({ description: 'Status set (empty body).' })
  @ApiErrors(400, 404)
  @HttpCode(200)
  setStatus(@Caller() caller: Identity, @Param('ns') ns: string, @Param('name') name: string, @Body() body: unknown): Promise<void> {
    return this.rules.setStatus(caller, ns, name, body);
  }

  @Delete(':ns/rules/:name')
  @ApiOkResponse({ type: RuleDto })
  @ApiErrors(404)
  delete(@Caller() caller: Identity, @Param('ns') ns: string, @Param('name') name: string) {
    return this.rules.delete(caller, ns, name);
  }
}
