import { execFileSync } from 'node:child_process';

/**
 * Creates a RabbitMQ vhost once (idempotent) and returns its URL, so a test stack's invokers and controllers only ever
 * see each other: invokers announce themselves on a fanout, and a controller on a shared vhost would send work to a
 * stranger (an e2e stack, the benchmark, a developer's `npm start`).
 */
export function ensureVhost(vhost: string): string {
  const vhosts = execFileSync('rabbitmqctl', ['-q', 'list_vhosts'], { encoding: 'utf8' });
  if (!vhosts.split('\n').some((line) => line.trim() === vhost)) {
    execFileSync('rabbitmqctl', ['-q', 'add_vhost', vhost]);
    execFileSync('rabbitmqctl', ['-q', 'set_permissions', '-p', vhost, 'guest', '.*', '.*', '.*']);
  }
  return `amqp://guest:guest@127.0.0.1:5672/${encodeURIComponent(vhost)}`;
}

/**
 * Deletes and recreates a vhost: a test stack that starts from a fresh database must not also inherit messages a
 * previous run left in its durable queues (they would run against the new stack).
 */
export function resetVhost(vhost: string): string {
  const vhosts = execFileSync('rabbitmqctl', ['-q', 'list_vhosts'], { encoding: 'utf8' });
  if (vhosts.split('\n').some((line) => line.trim() === vhost)) execFileSync('rabbitmqctl', ['-q', 'delete_vhost', vhost]);
  return ensureVhost(vhost);
}
