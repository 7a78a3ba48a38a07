export * from './entity-name';
export * from './entity-path';
