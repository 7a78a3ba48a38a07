import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { ActivationStatus, valueOf } from '@wisp/core';
import { FeedValidationError } from '@wisp/feeds';
import { CATALOG_NAMESPACE, FEED_KIND_ANNOTATION } from '@wisp/packages';
import type { ResolvedAction } from '../actions/resolved-action';
import { BuiltinActions, type BuiltinAction, type BuiltinOutcome, type BuiltinRun } from './builtin-actions';
import { FeedLifecycle, FeedLifecycleError } from './feed-lifecycle.service';
import { FeedRequestError, parseFeedRequest } from './feed-request';
import { TriggerEvents } from './trigger-events';

/**
 * Makes the catalog's feed actions (actions of `whisk.system` annotated `feed: true` and `wisp-feed-kind: <kind>`)
 * built-in: their invocations run the feed lifecycle in this controller. Also runs DELETE server-side when a trigger
 * with a feed is deleted directly.
 */
@Injectable()
export class FeedActionHandler implements BuiltinAction, OnModuleInit {
  private readonly logger = new Logger(FeedActionHandler.name);

  constructor(
    private readonly builtins: BuiltinActions,
    private readonly lifecycle: FeedLifecycle,
    private readonly triggerEvents: TriggerEvents,
  ) {}

  onModuleInit(): void {
    this.builtins.register(this);
    this.triggerEvents.onDeleted(async (namespace, name) => {
      await this.lifecycle.deleteOf(namespace, name);
    });
  }

  matches(resolved: ResolvedAction): boolean {
    return resolved.ref.namespace === CATALOG_NAMESPACE && typeof valueOf(resolved.action.annotations, FEED_KIND_ANNOTATION) === 'string';
  }

  async run({ caller, resolved, params }: BuiltinRun): Promise<BuiltinOutcome> {
    const kind = valueOf(resolved.action.annotations, FEED_KIND_ANNOTATION) as string;
    try {
      const req = parseFeedRequest(params, caller.namespace);
      const { result, reply } = await this.lifecycle.handle(kind, req);
      return { statusCode: ActivationStatus.success, result, ...(reply ? { reply } : {}), logs: [logLine(`${req.event} /${req.namespace}/${req.name}: ok`)] };
    } catch (e) {
      if (e instanceof FeedValidationError || e instanceof FeedLifecycleError || e instanceof FeedRequestError || isUserError(e)) {
        return { statusCode: ActivationStatus.applicationError, result: { error: (e as Error).message }, logs: [logLine((e as Error).message, 'stderr')] };
      }
      this.logger.error(`feed action ${kind} failed: ${(e as Error).stack}`);
      return { statusCode: ActivationStatus.applicationError, result: { error: `The feed action failed: ${(e as Error).message}` }, logs: [logLine((e as Error).message, 'stderr')] };
    }
  }
}

/** Domain errors with a 4xx status (conflict: the trigger already has a feed). */
function isUserError(e: unknown): boolean {
  const status = (e as { httpStatus?: number }).httpStatus;
  return typeof status === 'number' && status < 500;
}

function logLine(text: string, stream: 'stdout' | 'stderr' = 'stdout'): string {
  return `${new Date().toISOString()} ${stream}: ${text}`;
}
