export * from './activation-record';
export * from './system-error-record';
