export * from './fake-github.server';
export * from './webhook-examples';
