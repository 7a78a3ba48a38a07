export * from './amqp-connection';
export * from './amqp-message.context';
export * from './amqp-transport.server';
export * from './message-route';
