import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query, UseGuards } from '@nestjs/common';
import { AuthGuard } from '../auth/auth.guard';
import { Caller } from '../auth/caller.decorator';
import type { Identity } from '../auth/identity';
import { RulesService } from './rules.service';

/** `/api/v1/namespaces/{ns}/rules[/{name}]`. */
@Controller('api/v1/namespaces')
@UseGuards(AuthGuard)
export class RulesController {
  constructor(private readonly rules: RulesService) {}

  @Get(':ns/rules')
  list(@Caller() caller: Identity, @Param('ns') ns: string, @Query() query: Record<string, unknown>) {
    return this.rules.list(caller, ns, query);
  }

  @Get(':ns/rules/:name')
  get(@Caller() caller: Identity, @Param('ns') ns: string, @Param('name') name: string) {
    return this.rules.get(caller, ns, name);
  }

  @Put(':ns/rules/:name')
  put(@Caller() caller: Identity, @Param('ns') ns: string, @Param('name') name: string, @Body() body: unknown, @Query() query: Record<string, unknown>) {
    return this.rules.put(caller, ns, name, body, query);
  }

  /** Enable/disable: 200 with an empty body, as OpenWhisk answers. */
  @Post(':ns/rules/:name')
  @HttpCode(200)
  setStatus(@Caller() caller: Identity, @Param('ns') ns: string, @Param('name') name: string, @Body() body: unknown): Promise<void> {
    return this.rules.setStatus(caller, ns, name, body);
  }

  @Delete(':ns/rules/:name')
  delete(@Caller() caller: Identity, @Param('ns') ns: string, @Param('name') name: string) {
    return this.rules.delete(caller, ns, name);
  }
}
