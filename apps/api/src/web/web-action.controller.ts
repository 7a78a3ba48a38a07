import { All, Controller, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import type { WispRequest } from '../http/request-context';
import { WebActionService } from './web-action.service';

/** Any method on `/api/v1/web/...`: web actions. Authentication is optional here. */
@Controller('api/v1/web')
export class WebActionController {
  constructor(private readonly web: WebActionService) {}

  @All('*path')
  async handle(@Req() req: WispRequest, @Res() res: Response): Promise<void> {
    const answer = await this.web.handle(req);
    for (const [k, v] of Object.entries(answer.headers)) res.setHeader(k, v);
    if (answer.activationId) res.setHeader('x-openwhisk-activation-id', answer.activationId);
    res.status(answer.status);
    if (answer.body === undefined) res.end();
    else res.send(answer.body);
  }
}
