import { Controller, Get, Param, UseGuards } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ApiAuthed, ApiNamespace } from '../openapi/api-docs.decorators';
import { NamespaceLimitsDto } from '../openapi/schemas/misc.dto';
import { toUserLimits } from '@wisp/core';
import { AuthGuard } from '../auth/auth.guard';
import { Caller } from '../auth/caller.decorator';
import type { Identity } from '../auth/identity';
import { assertOwner, resolveNamespace } from '../auth/namespace-access';
import { NamespaceLimitsService } from './namespace-limits.service';

/** `GET /namespaces` and `GET /namespaces/{ns}/limits`. */
@ApiTags('namespaces')
@ApiAuthed()
@Controller('api/v1/namespaces')
@UseGuards(AuthGuard)
export class NamespacesController {
  constructor(private readonly limits: NamespaceLimitsService) {}

  @Get()
  @ApiOkResponse({ type: [String], description: "The key's namespaces." })
  list(@Caller() caller: Identity): string[] {
    return [caller.namespace];
  }

  @Get(':ns/limits')
  @ApiNamespace()
  @ApiOkResponse({ type: NamespaceLimitsDto })
  async limitsOf(@Caller() caller: Identity, @Param('ns') ns: string) {
    const namespace = resolveNamespace(caller, ns);
    assertOwner(caller, namespace, `${namespace}/limits`);
    return toUserLimits(await this.limits.throttlesOf(namespace));
  }
}
