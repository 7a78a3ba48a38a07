import { type ActivationMessage, initParameterNames, type KeyValue, newActivationId, valueOf } from '@wisp/core';
import type { ResolvedAction } from '../actions/resolved-action';
import type { Identity } from '../auth/identity';

/** Inline action code up to this size; larger code is loaded by the invoker on a cold start. */
const CODE_INLINE_MAX = 256 * 1024;

/** Everything the controller knows when it builds an activation message. */
export interface ActivationMessageInput {
  caller: Identity;
  resolved: ResolvedAction;
  params: Record<string, unknown>;
  blocking: boolean;
  transactionId: string;
  controllerId: string;
  replyQueue: string;
  receivedAt: number;
  cause?: string;
  extraAnnotations?: KeyValue[];
  /** Id of the activation; a new one when absent. */
  activationId?: string;
  /** The activation key minted for this activation (see {@link providesApiKey}); never the caller's own key. */
  apiKey?: string;
}

/**
 * True when the action gets an activation key: it is annotated `provide-api-key` (or, as in OpenWhisk, carries no such
 * annotation) and the caller presented a key. Web actions and feed fires run with no presented key and get none.
 */
export function providesApiKey(caller: Identity, action: ResolvedAction['action']): boolean {
  const provideKey = valueOf(action.annotations, 'provide-api-key');
  return caller.apiKey !== '' && (provideKey === undefined || provideKey === true || provideKey === 'true');
}

/** Builds the wire message for one activation. */
export function buildActivationMessage(i: ActivationMessageInput): ActivationMessage {
  const { action, ref } = i.resolved;
  const codeInline = (action.exec.code?.length ?? 0) <= CODE_INLINE_MAX;
  return {
    v: 1,
    type: 'activation',
    transactionId: i.transactionId,
    activationId: i.activationId ?? newActivationId(),
    controllerId: i.controllerId,
    replyQueue: i.replyQueue,
    blocking: i.blocking,
    receivedAt: i.receivedAt,
    action: {
      id: action.id,
      namespace: ref.namespace,
      package: ref.package,
      name: ref.name,
      version: action.version,
      revision: action.revision,
      exec: codeInline ? action.exec : { ...action.exec, code: undefined },
      codeInline,
      limits: action.limits,
      annotations: action.annotations,
    },
    binding: i.resolved.bindingPath,
    user: {
      namespace: i.caller.namespace,
      subject: i.caller.subject,
      apiKey: i.apiKey,
    },
    params: i.params,
    initParams: initParameterNames(i.resolved.packageParameters, i.resolved.bindingParameters, action.parameters),
    ...(i.resolved.packages.length > 0 ? { packages: i.resolved.packages } : {}),
    cause: i.cause,
    extraAnnotations: i.extraAnnotations,
  };
}
