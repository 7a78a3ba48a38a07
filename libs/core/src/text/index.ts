export * from './unsafe-text';
export * from './storable-json';
