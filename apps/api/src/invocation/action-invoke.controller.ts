import { applyDecorators, Body, Controller, Param, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import { ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ApiAuthed, ApiErrors, ApiNamespace, ApiParametersBody } from '../openapi/api-docs.decorators';
import { ActivationDto } from '../openapi/schemas/activation.dto';
import { ActivationIdDto } from '../openapi/schemas/common.dto';
import type { Response } from 'express';
import { Messages, PayloadTooLargeError, SystemLimits } from '@wisp/core';
import { AuthGuard } from '../auth/auth.guard';
import { Caller } from '../auth/caller.decorator';
import type { Identity } from '../auth/identity';
import type { WispRequest } from '../http/request-context';
import { parseInvokeOptions } from './invoke-options';
import type { InvokeResponse } from './invoke-response';
import { InvocationService } from './invocation.service';

/** The invoke routes' query options, body and answers. */
function ApiInvoke(): MethodDecorator {
  return applyDecorators(
    ApiQuery({ name: 'blocking', required: false, schema: { type: 'boolean', default: false }, description: 'Wait for the result (at most min(timeout, 60 s)).' }),
    ApiQuery({ name: 'result', required: false, schema: { type: 'boolean', default: false }, description: 'With blocking: answer the result only.' }),
    ApiQuery({ name: 'timeout', required: false, schema: { type: 'integer' }, description: 'How long a blocking call waits, ms.' }),
    ApiParametersBody('Parameters of this activation (over the action\'s and its package\'s).'),
    ApiResponse({ status: 200, type: ActivationDto, description: 'Blocking: the activation record (or its result with result=true).' }),
    ApiResponse({ status: 202, type: ActivationIdDto, description: 'Accepted: non-blocking, or blocking past its wait.' }),
    ApiErrors(400, 404, 413, 429, 502),
  );
}

/** `POST /namespaces/{ns}/actions/[{pkg}/]{name}`: invoke. */
@ApiTags('actions')
@ApiAuthed()
@ApiNamespace()
@Controller('api/v1/namespaces/:ns/actions')
@UseGuards(AuthGuard)
export class ActionInvokeController {
  constructor(private readonly invocations: InvocationService) {}

  @Post(':name')
  @ApiInvoke()
  async invoke(@Caller() c: Identity, @Param('ns') ns: string, @Param('name') name: string, @Query() q: Record<string, unknown>, @Body() body: unknown, @Req() req: WispRequest, @Res() res: Response) {
    send(res, await this.run(c, ns, undefined, name, q, body, req));
  }

  @Post(':pkg/:name')
  @ApiInvoke()
  async invokePackaged(
    @Caller() c: Identity,
    @Param('ns') ns: string,
    @Param('pkg') pkg: string,
    @Param('name') name: string,
    @Query() q: Record<string, unknown>,
    @Body() body: unknown,
    @Req() req: WispRequest,
    @Res() res: Response,
  ) {
    send(res, await this.run(c, ns, pkg, name, q, body, req));
  }

  private run(c: Identity, ns: string, pkg: string | undefined, name: string, q: Record<string, unknown>, body: unknown, req: WispRequest) {
    const length = Number(req.header('content-length') ?? 0);
    if (length > SystemLimits.payloadMaxBytes) throw new PayloadTooLargeError(Messages.requestTooLarge(length, SystemLimits.payloadMaxBytes));
    return this.invocations.invoke(c, ns, pkg, name, body, parseInvokeOptions(q), { transactionId: req.requestId, receivedAt: Date.now() });
  }
}

function send(res: Response, r: InvokeResponse): void {
  res.setHeader('x-openwhisk-activation-id', r.activationId);
  res.status(r.status).json(r.body);
}
