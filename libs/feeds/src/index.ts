export * from './feed-provider';
