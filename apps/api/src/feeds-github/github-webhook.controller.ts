import { Controller, Param, Post, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import type { WispRequest } from '../http/request-context';
import { GithubWebhookService } from './github-webhook.service';

/**
 * `POST /api/v1/feeds/github/{subscriptionId}`: GitHub's deliveries for a `github` feed. No API key: the
 * `X-Hub-Signature-256` HMAC over the raw body (kept raw by the body parser for this path) authenticates them.
 */
@Controller('api/v1/feeds/github')
export class GithubWebhookController {
  constructor(private readonly webhooks: GithubWebhookService) {}

  @Post(':subscriptionId')
  async receive(@Param('subscriptionId') subscriptionId: string, @Req() req: WispRequest, @Res() res: Response): Promise<void> {
    const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const answer = await this.webhooks.receive(subscriptionId, req.headers, body, req.requestId);
    res.status(answer.status).json(answer.body);
  }
}
