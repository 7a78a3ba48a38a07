export * from './runtime-manifest';
