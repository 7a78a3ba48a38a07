import { Body, Controller, Param, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiResponse, ApiTags } from '@nestjs/swagger';
import { ApiAuthed, ApiErrors, ApiNamespace, ApiParametersBody } from '../openapi/api-docs.decorators';
import { ActivationIdDto } from '../openapi/schemas/common.dto';
import type { Response } from 'express';
import { AuthGuard } from '../auth/auth.guard';
import { Caller } from '../auth/caller.decorator';
import type { Identity } from '../auth/identity';
import type { WispRequest } from '../http/request-context';
import { TriggerFireService } from './trigger-fire.service';

/** `POST /namespaces/{ns}/triggers/{name}`: fire. 202 with the trigger activation id, 204 when no rule is active. */
@ApiTags('triggers')
@ApiAuthed()
@ApiNamespace()
@Controller('api/v1/namespaces/:ns/triggers')
@UseGuards(AuthGuard)
export class TriggerFireController {
  constructor(private readonly fires: TriggerFireService) {}

  @Post(':name')
  @ApiParametersBody('The event: its fields are merged over the trigger\'s parameters.')
  @ApiResponse({ status: 202, type: ActivationIdDto, description: 'Fired: the trigger\'s activation id.' })
  @ApiResponse({ status: 204, description: 'No active rule: nothing fired, no record.' })
  @ApiErrors(400, 404, 413, 429)
  async fire(@Caller() caller: Identity, @Param('ns') ns: string, @Param('name') name: string, @Body() body: unknown, @Req() req: WispRequest, @Res() res: Response): Promise<void> {
    const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
    const result = await this.fires.fire(caller, ns, name, body, headers, req.requestId);
    if (!result) {
      res.status(204).end();
      return;
    }
    res.setHeader('x-openwhisk-activation-id', result.activationId);
    res.status(202).json(result);
  }
}
