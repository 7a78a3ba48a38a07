import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { finalize, mergeMap, type Observable } from 'rxjs';
import type { Request } from 'express';
import { EntityCache } from './entity-cache';
import { EntityChangeListener } from './entity-change.listener';

/** Requests that change entities: every PUT and DELETE, and POST on rules (enable/disable). */
function changesEntities(req: Request): boolean {
  return req.method === 'PUT' || req.method === 'DELETE' || (req.method === 'POST' && /\/rules\//.test(req.path));
}

/**
 * Clears the entity cache when a changing request finishes, before its response is written, so a client that changed
 * an entity here reads its own write here. Other processes learn of it through NOTIFY; the answer waits until this
 * process heard its own change come round ({@link EntityChangeListener.settle}), so they have been told too.
 */
@Injectable()
export class CacheInvalidationInterceptor implements NestInterceptor {
  constructor(
    private readonly cache: EntityCache,
    private readonly listener: EntityChangeListener,
  ) {}

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = ctx.switchToHttp().getRequest<Request>();
    if (!changesEntities(req)) return next.handle();
    return next.handle().pipe(
      mergeMap(async (value) => {
        this.cache.clear();
        await this.listener.settle();
        return value;
      }),
      finalize(() => this.cache.clear()),
    );
  }
}
