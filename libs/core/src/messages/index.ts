export * from './message-error';
export * from './parse-message';
export * from './activation.message';
export * from './completion.message';
export * from './invoker-ping.message';
export * from './entity-change.message';
export * from './topology';
export * from './message-patterns';
