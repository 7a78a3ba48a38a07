export * from './entity-name';
export * from './entity-path';
export * from './image-reference';
