import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { WispRequest } from '../http/request-context';
import type { Identity } from './identity';

/** Injects the authenticated {@link Identity} (routes behind {@link AuthGuard}). */
export const Caller = createParamDecorator((_: unknown, ctx: ExecutionContext): Identity => ctx.switchToHttp().getRequest<WispRequest>().identity!);

/** Injects the request's transaction id. */
export const RequestId = createParamDecorator((_: unknown, ctx: ExecutionContext): string => ctx.switchToHttp().getRequest<WispRequest>().requestId);
