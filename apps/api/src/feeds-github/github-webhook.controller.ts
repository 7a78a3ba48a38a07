import { Controller, Param, Post, Req, Res } from '@nestjs/common';
import { ApiBody, ApiHeader, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../openapi/api-docs.decorators';
import type { Response } from 'express';
import type { WispRequest } from '../http/request-context';
import { GithubWebhookService } from './github-webhook.service';

/**
 * `POST /api/v1/feeds/github/{subscriptionId}`: GitHub's deliveries for a `github` feed. No API key: the
 * `X-Hub-Signature-256` HMAC over the raw body (kept raw by the body parser for this path) authenticates them.
 */
@ApiTags('feeds')
@Controller('api/v1/feeds/github')
export class GithubWebhookController {
  constructor(private readonly webhooks: GithubWebhookService) {}

  @Post(':subscriptionId')
  @ApiHeader({ name: 'X-Hub-Signature-256', required: true, description: 'sha256=HMAC of the raw body with the feed secret.' })
  @ApiHeader({ name: 'X-GitHub-Event', required: true })
  @ApiHeader({ name: 'X-GitHub-Delivery', required: true })
  @ApiBody({ description: "GitHub's webhook payload.", schema: { type: 'object' } })
  @ApiResponse({ status: 200, description: 'Delivered (or a duplicate delivery, acknowledged).', schema: { type: 'object' } })
  @ApiResponse({ status: 202, description: 'Accepted: fired.', schema: { type: 'object' } })
  @ApiErrors(400, 401, 404, 413, 503)
  async receive(@Param('subscriptionId') subscriptionId: string, @Req() req: WispRequest, @Res() res: Response): Promise<void> {
    const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const answer = await this.webhooks.receive(subscriptionId, req.headers, body, req.requestId);
    res.status(answer.status).json(answer.body);
  }
}
