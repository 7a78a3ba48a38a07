export * from './github-feed-config';
export * from './github-hooks.client';
export * from './github-delivery';
export * from './github.feed-provider';
export * from './github-feed.module';
