export * from './log-context';
export * from './secret-scrubber';
export * from './wisp.logger';
export * from './metrics.registry';
export * from './health-checks';
