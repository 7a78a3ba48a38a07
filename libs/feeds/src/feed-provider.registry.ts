import { Injectable, Logger, type OnModuleInit, Optional } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { FEED_PROVIDER_KIND } from './feed-provider.decorator';
import type { FeedProvider } from './feed-provider';

/** A second provider claimed a kind already taken; thrown at boot so the process never starts ambiguous. */
export class DuplicateFeedKindError extends Error {}

/**
 * Every {@link FeedProvider} of the application by kind. Providers decorated with `@FeedProviderKind(kind)` are
 * discovered when the module initialises; {@link register} adds one by hand (tests, plain scripts).
 */
@Injectable()
export class FeedProviderRegistry implements OnModuleInit {
  private readonly logger = new Logger(FeedProviderRegistry.name);
  private readonly byKind = new Map<string, FeedProvider>();

  constructor(@Optional() private readonly discovery?: DiscoveryService) {}

  onModuleInit(): void {
    if (!this.discovery) return;
    for (const wrapper of this.discovery.getProviders()) {
      const { metatype, instance } = wrapper;
      if (!metatype || !instance || typeof metatype !== 'function') continue;
      const kind = Reflect.getMetadata(FEED_PROVIDER_KIND, metatype) as string | undefined;
      if (kind === undefined) continue;
      const provider = instance as FeedProvider;
      if (provider.kind !== kind) throw new DuplicateFeedKindError(`${metatype.name} is decorated with kind '${kind}' but reports kind '${provider.kind}'`);
      this.register(provider);
    }
    this.logger.log(`feed providers: ${[...this.byKind.keys()].sort().join(', ') || '(none)'}`);
  }

  /** Adds a provider. @throws DuplicateFeedKindError when its kind is taken by another instance. */
  register<C>(provider: FeedProvider<C>): void {
    const existing = this.byKind.get(provider.kind);
    if (existing === (provider as unknown)) return;
    if (existing) throw new DuplicateFeedKindError(`two feed providers claim kind '${provider.kind}': ${existing.constructor.name} and ${provider.constructor.name}`);
    // The registry hands configs around as stored JSON; each provider validated its own.
    this.byKind.set(provider.kind, provider as unknown as FeedProvider);
  }

  /** The provider of `kind`, or undefined. */
  find(kind: string): FeedProvider | undefined {
    return this.byKind.get(kind);
  }

  /** Registered kinds, sorted. */
  kinds(): string[] {
    return [...this.byKind.keys()].sort();
  }
}
