export * from './mqtt-feed-config';
export * from './mqtt-payload';
export * from './mqtt-connection';
export * from './mqtt-connection.pool';
export * from './mqtt.feed-provider';
export * from './mqtt-feed.module';
