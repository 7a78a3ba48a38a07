import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Messages, UnauthorizedError } from '@wisp/core';
import type { WispRequest } from '../http/request-context';
import { SubjectService } from './subject.service';

/** Requires HTTP Basic `uuid:secret` and attaches the caller's {@link Identity} to the request. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(private readonly subjects: SubjectService) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const req = ctx.switchToHttp().getRequest<WispRequest>();
    const identity = await authenticateRequest(req, this.subjects);
    if (!identity) throw new UnauthorizedError(req.header('authorization') ? Messages.authInvalid : Messages.authMissing);
    req.identity = identity;
    return true;
  }
}

/** Reads Basic credentials from a request; undefined when absent or invalid. Shared with routes where auth is optional. */
export async function authenticateRequest(req: WispRequest, subjects: SubjectService) {
  const header = req.header('authorization');
  if (!header?.startsWith('Basic ')) return undefined;
  const key = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
  return subjects.authenticate(key);
}
