export * from './postgres-feed-config';
export * from './postgres-row';
export * from './postgres-changes.admin';
export * from './logical-change.stream';
export * from './notify-change.stream';
export * from './postgres.feed-provider';
export * from './postgres-feed.module';
