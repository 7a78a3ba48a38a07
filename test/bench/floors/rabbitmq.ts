import * as amqp from 'amqplib';
import { BENCH } from '../config';
import { measure, Measure, since } from '../stats';

/**
 * Raw broker floor: persistent publishes with confirms to a temporary queue for `durationMs`, keeping up to
 * `window` unconfirmed (as a pipelined publisher would). Latency is publish → confirm. The queue is deleted after.
 */
export async function rabbitPublishFloor(durationMs: number, window = 64): Promise<Measure> {
  const conn = await amqp.connect(BENCH.amqpUrl);
  try {
    const ch = await conn.createConfirmChannel();
    const { queue } = await ch.assertQueue(`wisp-bench-floor-${process.pid}`, { durable: true, autoDelete: false });
    const body = Buffer.from(JSON.stringify({ seq: 0, payload: 'x'.repeat(200) }));
    const latencies: number[] = [];
    const until = Date.now() + durationMs;
    const begin = process.hrtime.bigint();
    const one = () =>
      new Promise<void>((resolve, reject) => {
        const t = process.hrtime.bigint();
        ch.sendToQueue(queue, body, { persistent: true }, (err) => (err ? reject(err) : (latencies.push(since(t)), resolve())));
      });
    await Promise.all(
      Array.from({ length: window }, async () => {
        while (Date.now() < until) await one();
      }),
    );
    const elapsed = since(begin);
    await ch.deleteQueue(queue);
    await ch.close();
    return measure('RabbitMQ publish+confirm', latencies, latencies.length / (elapsed / 1000));
  } finally {
    await conn.close();
  }
}
