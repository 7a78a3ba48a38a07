import { Body, Controller, Delete, Get, Param, Put, Query, UseGuards } from '@nestjs/common';
import { AuthGuard } from '../auth/auth.guard';
import { Caller } from '../auth/caller.decorator';
import type { Identity } from '../auth/identity';
import { TriggersService } from './triggers.service';

/** `/api/v1/namespaces/{ns}/triggers[/{name}]` (firing, `POST …/triggers/{name}`, is routed elsewhere). */
@Controller('api/v1/namespaces')
@UseGuards(AuthGuard)
export class TriggersController {
  constructor(private readonly triggers: TriggersService) {}

  @Get(':ns/triggers')
  list(@Caller() caller: Identity, @Param('ns') ns: string, @Query() query: Record<string, unknown>) {
    return this.triggers.list(caller, ns, query);
  }

  @Get(':ns/triggers/:name')
  get(@Caller() caller: Identity, @Param('ns') ns: string, @Param('name') name: string) {
    return this.triggers.get(caller, ns, name);
  }

  @Put(':ns/triggers/:name')
  put(@Caller() caller: Identity, @Param('ns') ns: string, @Param('name') name: string, @Body() body: unknown, @Query() query: Record<string, unknown>) {
    return this.triggers.put(caller, ns, name, body, query);
  }

  @Delete(':ns/triggers/:name')
  delete(@Caller() caller: Identity, @Param('ns') ns: string, @Param('name') name: string) {
    return this.triggers.delete(caller, ns, name);
  }
}
