import { BadRequestError, Messages, NotFoundError } from '@wisp/core';

/** Response kinds selected by the action name's extension. */
export const WEB_EXTENSIONS = ['http', 'json', 'html', 'svg', 'text'] as const;

/** One of the supported web extensions. */
export type WebExtension = (typeof WEB_EXTENSIONS)[number];

/** A parsed `/api/v1/web/{ns}/{pkg}/{action}[.ext][/rest]` path. */
export interface WebPath {
  namespace: string;
  /** Undefined for the `default` package. */
  package?: string;
  name: string;
  extension: WebExtension;
  /** Unmatched suffix after the action name (`__ow_path`), with its leading slash, or ''. */
  rest: string;
}

/**
 * Parses the part of a web-action URL after `/api/v1/web/`.
 * @throws NotFoundError for fewer than three segments; BadRequestError when a name segment is not valid %-encoded UTF-8.
 */
export function parseWebPath(afterPrefix: string): WebPath {
  const segments = afterPrefix.split('/');
  if (segments.length < 3 || segments.slice(0, 3).some((s) => s === '')) throw new NotFoundError(Messages.resourceDoesNotExist);
  const [namespace, pkg, last, ...rest] = segments.map((s, i) => (i < 3 ? decodeSegment(s) : s));
  let name = last;
  let extension: WebExtension = 'http';
  const dot = last.lastIndexOf('.');
  if (dot > 0 && (WEB_EXTENSIONS as readonly string[]).includes(last.slice(dot + 1))) {
    name = last.slice(0, dot);
    extension = last.slice(dot + 1) as WebExtension;
  }
  return { namespace, package: pkg === 'default' ? undefined : pkg, name, extension, rest: rest.length ? `/${rest.join('/')}` : '' };
}

function decodeSegment(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    throw new BadRequestError(Messages.malformedRequest(`Failed to decode param '${s.slice(0, 64)}'`));
  }
}
