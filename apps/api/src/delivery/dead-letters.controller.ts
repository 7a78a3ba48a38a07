import { Controller, Delete, Get, Inject, Param, Query, UseGuards } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ApiAuthed, ApiErrors, ApiListQuery, ApiNamespace } from '../openapi/api-docs.decorators';
import { DeadLetterDto } from '../openapi/schemas/misc.dto';
import { DataSource } from 'typeorm';
import { DeadLetterEntity, Messages, NotFoundError } from '@wisp/core';
import { AuthGuard } from '../auth/auth.guard';
import { Caller } from '../auth/caller.decorator';
import type { Identity } from '../auth/identity';
import { assertOwner, resolveNamespace } from '../auth/namespace-access';
import { parseListQuery } from '../common/list-query';

/** Wisp extension: `GET|DELETE /namespaces/{ns}/deadletters[/{id}]` — events rules could not deliver. */
@ApiTags('dead letters')
@ApiAuthed()
@ApiNamespace()
@Controller('api/v1/namespaces/:ns/deadletters')
@UseGuards(AuthGuard)
export class DeadLettersController {
  constructor(@Inject(DataSource) private readonly db: DataSource) {}

  @Get()
  @ApiListQuery()
  @ApiOkResponse({ type: [DeadLetterDto], description: 'Newest first.' })
  async list(@Caller() caller: Identity, @Param('ns') ns: string, @Query() q: Record<string, unknown>) {
    const namespace = this.own(caller, ns);
    const page = parseListQuery(q, 'deadletters');
    const repo = this.db.getRepository(DeadLetterEntity);
    if (page.count) return { deadletters: await repo.countBy({ namespace }) };
    return repo.find({ where: { namespace }, order: { created: 'DESC' }, skip: page.skip, take: page.limit });
  }

  @Get(':id')
  @ApiOkResponse({ type: DeadLetterDto })
  @ApiErrors(404)
  async get(@Caller() caller: Identity, @Param('ns') ns: string, @Param('id') id: string) {
    return this.find(this.own(caller, ns), id);
  }

  @Delete(':id')
  @ApiOkResponse({ type: DeadLetterDto, description: 'The deleted dead letter.' })
  @ApiErrors(404)
  async remove(@Caller() caller: Identity, @Param('ns') ns: string, @Param('id') id: string) {
    const letter = await this.find(this.own(caller, ns), id);
    await this.db.getRepository(DeadLetterEntity).delete({ id: letter.id });
    return letter;
  }

  private async find(namespace: string, id: string): Promise<DeadLetterEntity> {
    const valid = /^[0-9a-f-]{36}$/.test(id);
    const found = valid ? await this.db.getRepository(DeadLetterEntity).findOneBy({ id, namespace }) : null;
    if (!found) throw new NotFoundError(Messages.resourceDoesNotExist);
    return found;
  }

  private own(caller: Identity, ns: string): string {
    const namespace = resolveNamespace(caller, ns);
    assertOwner(caller, namespace, `${namespace}/deadletters`);
    return namespace;
  }
}
