import { FeedEgressMessages } from '@wisp/core';
import { FeedValidationError } from '../feed-provider';

/**
 * Percent-decodes one part of a tenant's feed URL (host, user, password, database). Malformed escapes (`%E0`,
 * `%zz`) are the tenant's error, a 400-style {@link FeedValidationError} naming the parameter and the part.
 */
export function decodeUrlPart(text: string, param: string, part: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw new FeedValidationError(FeedEgressMessages.malformedEncoding(param, part));
  }
}
