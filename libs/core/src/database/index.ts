export * from './data-source';
export * from './database.module';
export * from './activation-writer';
export * from './activation-claims';
export * from './activation-partitions';
