import { Inject, Injectable, Logger } from '@nestjs/common';
import { ActivationMessage, ActivationRecord, ActivationResponse, ActivationStatus, Messages, SystemLimits, WISP_CONFIG, WispConfig } from '@wisp/core';
import { CONTAINER_FACTORY, ContainerFactory, ImageMissingError, ProxyOutcome } from '../containers/container-factory';
import { InvokerMetrics } from '../observability/invoker.metrics';
import { poolKey } from '../pool/pool-key';
import { ContainerRequest, Lease, SourceRevision } from '../pool/container-lease';
import { ContainerPool } from '../pool/container-pool';
import { ActionCodeLoader, ActionRemovedError } from './action-code.loader';
import { ActivationErrors } from './error-results';
import { initBody, runBody } from './proxy-payloads';
import { buildErrorRecord, buildRecord, qualifiedActionNameOf } from './record-builder';
import { classifyInit, classifyRun } from './result-classifier';
import { runtimeImageOf } from './runtime-image';

const MB = 1024 * 1024;
const errorResponse = (statusCode: ActivationResponse['statusCode'], error: string): ActivationResponse => ({ statusCode, result: { error } });

/**
 * Runs one activation end to end in a container from the pool and returns its record. Never throws: every failure
 * becomes one of the four outcomes. The warm path is: take a warm container, `/run`, read its logs — no process
 * spawn, no database read.
 */
@Injectable()
export class ActivationRunner {
  private readonly logger = new Logger(ActivationRunner.name);

  constructor(
    @Inject(CONTAINER_FACTORY) private readonly factory: ContainerFactory,
    private readonly pool: ContainerPool,
    private readonly codeLoader: ActionCodeLoader,
    private readonly metrics: InvokerMetrics,
    @Inject(WISP_CONFIG) private readonly config: WispConfig,
  ) {}

  async run(message: ActivationMessage): Promise<ActivationRecord> {
    const request = this.requestFor(message);
    if (!request) return buildErrorRecord(message, errorResponse(ActivationStatus.internalError, ActivationErrors.unsupportedKind(message.action.exec.kind)));
    let lease: Lease;
    try {
      lease = await this.pool.acquire(request);
      this.metrics.containerStarted(lease.origin);
    } catch (e) {
      // A missing blackbox image is the developer's choice; a missing runtime image is the platform's fault.
      if (e instanceof ImageMissingError && message.action.exec.kind === 'blackbox') {
        return buildErrorRecord(message, errorResponse(ActivationStatus.developerError, Messages.blackboxImageMissing(e.image)));
      }
      this.logger.error(`[${message.transactionId}] no container for ${qualifiedActionNameOf(message.action)}: ${(e as Error).message}`);
      return buildErrorRecord(message, errorResponse(ActivationStatus.internalError, ActivationErrors.containerStartFailed));
    }
    let destroy = true;
    try {
      const { record, initialised } = await this.runIn(lease, message);
      // Developer and internal errors leave a container in doubt; one never initialised must not be reused either.
      destroy = !initialised || record.response.statusCode >= ActivationStatus.developerError;
      return record;
    } catch (e) {
      this.logger.error(`[${message.transactionId}] activation ${message.activationId} failed inside the invoker: ${(e as Error).stack}`);
      return buildErrorRecord(message, errorResponse(ActivationStatus.internalError, ActivationErrors.internal));
    } finally {
      this.pool.release(lease, { destroy });
    }
  }

  private async runIn(lease: Lease, message: ActivationMessage): Promise<{ record: ActivationRecord; initialised: boolean }> {
    const { limits } = message.action;
    const logLimit = limits.logs * MB;
    let initTime: number | undefined;
    let start: number | undefined;
    if (lease.origin === 'prewarm' || lease.origin === 'cold') {
      const code = await this.codeFor(message);
      if (!code.ok) return { record: buildErrorRecord(message, code.error), initialised: false };
      start = Date.now();
      const outcome = await this.factory.init(lease.container, initBody(message, code.code, start + limits.timeout, this.config.publicUrl), limits.timeout, logLimit);
      initTime = Date.now() - start;
      const failed = classifyInit(outcome, limits.timeout);
      if (failed) {
        const logs = await this.factory.logs(lease.container, { limitBytes: logLimit, waitForSentinels: outcome.kind === 'response' });
        const record = buildRecord(message, { start, end: Date.now(), response: failed.response, logs: logs.lines, timedOut: failed.timedOut, initTime });
        return { record, initialised: false };
      }
    }
    const runStart = Date.now();
    start ??= runStart;
    const outcome: ProxyOutcome = await this.factory.run(lease.container, runBody(message, runStart + limits.timeout), limits.timeout, SystemLimits.resultMaxBytes);
    const end = Date.now();
    const classified = classifyRun(outcome, limits.timeout, SystemLimits.resultMaxBytes);
    const logs = await this.factory.logs(lease.container, { limitBytes: logLimit, waitForSentinels: outcome.kind === 'response' });
    const record = buildRecord(message, { start, end, response: classified.response, logs: logs.lines, timedOut: classified.timedOut, initTime });
    return { record, initialised: true };
  }

  /** The code to `/init` with: inline, or read by id and revision. Returns an error response when it cannot be had. */
  private async codeFor(message: ActivationMessage): Promise<{ ok: true; code: string | undefined } | { ok: false; error: ActivationResponse }> {
    const { action } = message;
    if (action.codeInline) return { ok: true, code: action.exec.code };
    try {
      return { ok: true, code: await this.codeLoader.load(action.id, action.revision) };
    } catch (e) {
      if (e instanceof ActionRemovedError) return { ok: false, error: errorResponse(ActivationStatus.applicationError, ActivationErrors.actionRemoved) };
      this.logger.error(`[${message.transactionId}] cannot read the code of ${qualifiedActionNameOf(action)}: ${(e as Error).message}`);
      return { ok: false, error: errorResponse(ActivationStatus.internalError, ActivationErrors.actionFetchFailed) };
    }
  }

  /** Which image and pool key serve this action; undefined for kinds this invoker cannot run. */
  private requestFor(message: ActivationMessage): ContainerRequest | undefined {
    const { action } = message;
    const runtime = runtimeImageOf(action.exec, this.config);
    if (!runtime) return undefined;
    return {
      key: poolKey(message),
      kind: action.exec.kind,
      ...runtime,
      memoryMb: action.limits.memory,
      sources: sourcesOf(message),
      labels: { 'wisp.action': qualifiedActionNameOf(action), 'wisp.kind': action.exec.kind, 'wisp.namespace': message.user.namespace },
    };
  }
}

/**
 * The rows a container for `message` is initialised from: the action, and the package and binding when their
 * parameters reach `/init` (with no init parameters, package parameters go with each run and a change costs nothing).
 */
function sourcesOf(message: ActivationMessage): SourceRevision[] {
  const action: SourceRevision = { table: 'actions', id: message.action.id, revision: message.action.revision };
  if (message.initParams.length === 0) return [action];
  return [action, ...(message.packages ?? []).map((p): SourceRevision => ({ table: 'packages', ...p }))];
}
