import { Controller, Get, Param, Query, UseGuards } from '@nestjs/common';
import { ApiOkResponse, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ApiAuthed, ApiErrors, ApiListQuery, ApiNamespace } from '../openapi/api-docs.decorators';
import { ActivationDto, ActivationLogsDto, ActivationResponseDto } from '../openapi/schemas/activation.dto';
import { AuthGuard } from '../auth/auth.guard';
import { Caller } from '../auth/caller.decorator';
import type { Identity } from '../auth/identity';
import { assertOwner, resolveNamespace } from '../auth/namespace-access';
import { ActivationsService } from './activations.service';

/** The activations read side: list, get, logs, result. */
@ApiTags('activations')
@ApiAuthed()
@ApiNamespace()
@Controller('api/v1/namespaces/:ns/activations')
@UseGuards(AuthGuard)
export class ActivationsController {
  constructor(private readonly activations: ActivationsService) {}

  @Get()
  @ApiListQuery()
  @ApiQuery({ name: 'name', required: false, schema: { type: 'string' }, description: 'Only activations of this entity (pkg/name for a packaged action).' })
  @ApiQuery({ name: 'since', required: false, schema: { type: 'integer' }, description: 'Started at or after (epoch ms).' })
  @ApiQuery({ name: 'upto', required: false, schema: { type: 'integer' }, description: 'Started at or before (epoch ms).' })
  @ApiQuery({ name: 'docs', required: false, schema: { type: 'boolean' }, description: 'Full records (response and logs).' })
  @ApiOkResponse({ type: [ActivationDto], description: 'Newest first.' })
  list(@Caller() caller: Identity, @Param('ns') ns: string, @Query() q: Record<string, unknown>) {
    return this.activations.list(this.ownNamespace(caller, ns), q);
  }

  @Get(':id')
  @ApiOkResponse({ type: ActivationDto })
  @ApiErrors(404)
  get(@Caller() caller: Identity, @Param('ns') ns: string, @Param('id') id: string) {
    return this.activations.get(this.ownNamespace(caller, ns), id);
  }

  @Get(':id/logs')
  @ApiOkResponse({ type: ActivationLogsDto })
  @ApiErrors(404)
  logs(@Caller() caller: Identity, @Param('ns') ns: string, @Param('id') id: string) {
    return this.activations.logs(this.ownNamespace(caller, ns), id);
  }

  @Get(':id/result')
  @ApiOkResponse({ type: ActivationResponseDto })
  @ApiErrors(404)
  result(@Caller() caller: Identity, @Param('ns') ns: string, @Param('id') id: string) {
    return this.activations.result(this.ownNamespace(caller, ns), id);
  }

  private ownNamespace(caller: Identity, ns: string): string {
    const namespace = resolveNamespace(caller, ns);
    assertOwner(caller, namespace, `${namespace}/activations`);
    return namespace;
  }
}
