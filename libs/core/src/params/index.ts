export * from './key-value';
export * from './merge-parameters';
