import { applyDecorators, Injectable, SetMetadata } from '@nestjs/common';

/** Metadata key under which {@link FeedProviderKind} records a provider's kind. */
export const FEED_PROVIDER_KIND = 'wisp:feed-provider-kind';

/**
 * Marks a class as the {@link FeedProvider} of `kind` and makes it injectable. Listing the class among the providers
 * of any module of the application is enough: {@link FeedProviderRegistry} discovers it at boot and refuses a second
 * provider of the same kind.
 */
export function FeedProviderKind(kind: string): ClassDecorator {
  return applyDecorators(SetMetadata(FEED_PROVIDER_KIND, kind), Injectable());
}
