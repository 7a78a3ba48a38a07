import { Controller, Get, Param, Query, UseGuards } from '@nestjs/common';
import { AuthGuard } from '../auth/auth.guard';
import { Caller } from '../auth/caller.decorator';
import type { Identity } from '../auth/identity';
import { assertOwner, resolveNamespace } from '../auth/namespace-access';
import { ActivationsService } from './activations.service';

/** The activations read side: list, get, logs, result. */
@Controller('api/v1/namespaces/:ns/activations')
@UseGuards(AuthGuard)
export class ActivationsController {
  constructor(private readonly activations: ActivationsService) {}

  @Get()
  list(@Caller() caller: Identity, @Param('ns') ns: string, @Query() q: Record<string, unknown>) {
    return this.activations.list(this.ownNamespace(caller, ns), q);
  }

  @Get(':id')
  get(@Caller() caller: Identity, @Param('ns') ns: string, @Param('id') id: string) {
    return this.activations.get(this.ownNamespace(caller, ns), id);
  }

  @Get(':id/logs')
  logs(@Caller() caller: Identity, @Param('ns') ns: string, @Param('id') id: string) {
    return this.activations.logs(this.ownNamespace(caller, ns), id);
  }

  @Get(':id/result')
  result(@Caller() caller: Identity, @Param('ns') ns: string, @Param('id') id: string) {
    return this.activations.result(this.ownNamespace(caller, ns), id);
  }

  private ownNamespace(caller: Identity, ns: string): string {
    const namespace = resolveNamespace(caller, ns);
    assertOwner(caller, namespace, `${namespace}/activations`);
    return namespace;
  }
}
