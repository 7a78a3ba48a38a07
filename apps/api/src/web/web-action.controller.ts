import { All, Controller, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { WispRequest } from '../http/request-context';
import { WebActionService } from './web-action.service';

/** Any method on `/api/v1/web/...`: web actions. Authentication is optional here. */
@ApiTags('web actions')
@Controller('api/v1/web')
export class WebActionController {
  constructor(private readonly web: WebActionService) {}

  @All('*path')
  @ApiOperation({ summary: 'Web action', description: 'Runs /{namespace}/{package}/{action}[.ext] annotated web-export; the action shapes the answer (any method, any content type).' })
  @ApiParam({ name: 'path', description: 'namespace/package/action(.json|.html|.text|.http|.svg)', schema: { type: 'string' } })
  @ApiResponse({ status: 200, description: "The action's answer." })
  @ApiResponse({ status: 404, description: 'No such web action.' })
  async handle(@Req() req: WispRequest, @Res() res: Response): Promise<void> {
    const answer = await this.web.handle(req);
    for (const [k, v] of Object.entries(answer.headers)) res.setHeader(k, v);
    if (answer.activationId) res.setHeader('x-openwhisk-activation-id', answer.activationId);
    res.status(answer.status);
    if (answer.body === undefined) res.end();
    else res.send(answer.body);
  }
}
