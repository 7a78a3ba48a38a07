import { Injectable } from '@nestjs/common';
import { ActivationStatus, Messages, mergeParameters, NotFoundError, SystemLimits, UnauthorizedError, valueOf } from '@wisp/core';
import { ActionResolver } from '../actions/action.resolver';
import { authenticateRequest } from '../auth/auth.guard';
import { SubjectService } from '../auth/subject.service';
import { WEB_PREFIX } from '../http/body-parser';
import type { WispRequest } from '../http/request-context';
import { InvocationService } from '../invocation/invocation.service';
import { Throttles } from '../invocation/throttles';
import { buildWebInput } from './web-input';
import { parseWebPath } from './web-path';
import { transcode, webError, WebMessages, type WebResponse } from './web-response';

const CORS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'OPTIONS, GET, DELETE, POST, PUT, HEAD, PATCH',
};

/**
 * Web actions: `/api/v1/web/{ns}/{pkg|default}/{action}[.ext][/rest]` runs an action exported with `web-export`
 * under its owner's identity, without an API key unless the action requires one, and turns the result into HTTP.
 */
@Injectable()
export class WebActionService {
  constructor(
    private readonly subjects: SubjectService,
    private readonly resolver: ActionResolver,
    private readonly invocations: InvocationService,
    private readonly throttles: Throttles,
  ) {}

  /** Handles one request; the answer carries the activation id when an activation ran. */
  async handle(req: WispRequest): Promise<WebResponse & { activationId?: string }> {
    const path = parseWebPath(req.path.slice(WEB_PREFIX.length));
    const owner = await this.subjects.ownerIdentity(path.namespace);
    if (!owner) throw new NotFoundError(Messages.resourceDoesNotExist);
    const resolved = await this.resolver.resolve(owner, path.namespace, path.package, path.name);
    const { annotations } = resolved.action;
    if (valueOf(annotations, 'web-export') !== true) throw new NotFoundError(Messages.resourceDoesNotExist);
    const customOptions = valueOf(annotations, 'web-custom-options') === true;
    const cors = customOptions ? {} : { ...CORS, 'access-control-allow-headers': req.header('access-control-request-headers') ?? 'Authorization, Content-Type' };
    if (req.method === 'OPTIONS' && !customOptions) return { status: 200, headers: cors, body: undefined };
    const caller = await this.checkAuth(req, valueOf(annotations, 'require-whisk-auth'));
    const defined = mergeParameters({ pkg: resolved.packageParameters, binding: resolved.bindingParameters, action: resolved.action.parameters });
    const input = buildWebInput(
      {
        method: req.method,
        headers: Object.fromEntries(Object.entries(req.headers).filter(([k]) => k !== 'authorization').map(([k, v]) => [k, String(v)])),
        query: req.query as Record<string, unknown>,
        rawQuery: req.originalUrl.includes('?') ? req.originalUrl.slice(req.originalUrl.indexOf('?') + 1) : '',
        body: Buffer.isBuffer(req.body) ? req.body : undefined,
        contentType: req.header('content-type') ?? '',
        path: path.rest,
        user: caller?.namespace,
      },
      annotations,
      defined,
    );
    await this.throttles.admitInvocation(owner.namespace);
    const run = await this.invocations.start(owner, resolved, input, true, { transactionId: req.requestId, receivedAt: Date.now() });
    const record = run.unconfirmed ? undefined : await this.invocations.waitFor(owner.namespace, run.activationId, run.done, SystemLimits.maxBlockingWaitMs);
    const answer = this.answer(path.extension, path.rest, record?.response, req.requestId);
    return { ...answer, headers: { ...cors, ...answer.headers }, activationId: run.activationId };
  }

  private answer(ext: Parameters<typeof transcode>[0], rest: string, response: { statusCode: number; result?: unknown } | undefined, requestId: string): WebResponse {
    if (!response) return webError(202, WebMessages.notReady, requestId);
    if (response.statusCode === ActivationStatus.success || response.statusCode === ActivationStatus.applicationError) {
      const value = response.statusCode === ActivationStatus.success ? response.result : (response.result as { error?: unknown })?.error;
      const out = transcode(ext, value, rest);
      if (out) return out;
      return webError(400, ext === 'http' ? WebMessages.invalidHttp : WebMessages.invalidJson, requestId);
    }
    return webError(400, WebMessages.processingError, requestId);
  }

  private async checkAuth(req: WispRequest, required: unknown) {
    const caller = await authenticateRequest(req, this.subjects);
    if (required === true && !caller) throw new UnauthorizedError(Messages.authMissing);
    if ((typeof required === 'string' || typeof required === 'number') && req.header('x-require-whisk-auth') !== String(required) && !caller) {
      throw new UnauthorizedError(Messages.authMissing);
    }
    return caller;
  }
}
