export * from './activation-record';
