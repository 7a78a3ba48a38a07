import { type ActionExec, BadRequestError, type EntityRef, isImageReference, Messages, parseQualifiedName, PayloadTooLargeError, qualifiedNameOf, SystemLimits } from '@wisp/core';
import { resolveKind } from '../common/runtimes';

const BASE64 = /^([A-Za-z0-9+/]{4})*([A-Za-z0-9+/]{4}|[A-Za-z0-9+/]{3}=|[A-Za-z0-9+/]{2}==)$/;

/** OpenWhisk's rule: code is a base64 zip iff, trimmed, it is non-empty, a multiple of 4 long and base64. */
export function isBinaryCode(code: string): boolean {
  const t = code.trim();
  return t.length > 0 && t.length % 4 === 0 && BASE64.test(t);
}

const malformed = (detail: string) => new BadRequestError(Messages.malformedRequest(detail));

/** The FQN error OpenWhisk's deserializer gives for a bad sequence component. */
const COMPONENT_TEXT = "'components' must be an array of fully qualified action names";

/**
 * Validates a PUT body's `exec` as OpenWhisk deserialises it: kind lower-cased and `<family>:default` resolved;
 * `binary` computed from the code; blackbox needs `image`; sequence components fully qualified with `_` resolved to
 * `callerNamespace` and stored with a leading slash.
 * @throws BadRequestError with OpenWhisk's texts; PayloadTooLargeError when the code exceeds 48 MB.
 */
export function parseExec(raw: unknown, callerNamespace: string): ActionExec {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw malformed("'exec' must be an object");
  const e = raw as Record<string, unknown>;
  if (typeof e.kind !== 'string') throw malformed("'kind' must be a string defined in 'exec'");
  const kind = resolveKind(e.kind.trim());
  if (e.main !== undefined && typeof e.main !== 'string') throw malformed(`if defined, 'main' be a string in 'exec' for '${kind}' actions`);
  const main = e.main as string | undefined;

  if (kind === 'sequence') return { kind, components: parseComponents(e.components, callerNamespace).map(qualifiedNameOf) };

  if (kind === 'blackbox') {
    if (typeof e.image !== 'string' || e.image.trim() === '') throw malformed("'image' must be a string defined in 'exec' for 'blackbox' actions");
    if (!isImageReference(e.image.trim())) throw malformed("'image' must be a Docker image reference such as 'openwhisk/dockerskeleton' or 'registry:5000/team/image:tag'");
    if (e.code !== undefined && e.code !== null && typeof e.code !== 'string') throw malformed("'code' must be a string defined in 'exec' for 'blackbox' actions");
    const code = typeof e.code === 'string' && e.code.trim() !== '' ? e.code : undefined;
    return withMain({ kind, image: e.image.trim(), ...(code === undefined ? {} : { code: checkCodeSize(code) }), binary: code ? isBinaryCode(code) : false }, main);
  }

  if (typeof e.code !== 'string') throw malformed(`'code' must be a string or attachment object defined in 'exec' for '${kind}' actions`);
  return withMain({ kind, code: checkCodeSize(e.code), binary: isBinaryCode(e.code) }, main);
}

/** Parses sequence components into resolved references (order kept, duplicates allowed). */
export function parseComponents(raw: unknown, callerNamespace: string): EntityRef[] {
  if (raw === undefined) throw malformed("'components' must be defined for sequence kind");
  if (!Array.isArray(raw)) throw malformed("'components' must be an array");
  return raw.map((c) => parseQualifiedName(c, callerNamespace, Messages.malformedRequest(COMPONENT_TEXT)));
}

function withMain(exec: ActionExec, main: string | undefined): ActionExec {
  return main === undefined ? exec : { ...exec, main };
}

function checkCodeSize(code: string): string {
  const size = Buffer.byteLength(code, 'utf8');
  if (size > SystemLimits.codeMaxBytes) throw new PayloadTooLargeError(Messages.fieldTooLarge('exec', size, SystemLimits.codeMaxBytes));
  return code;
}
