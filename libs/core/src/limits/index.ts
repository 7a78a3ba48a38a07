export * from './system-limits';
export * from './action-limits';
export * from './namespace-limits';
