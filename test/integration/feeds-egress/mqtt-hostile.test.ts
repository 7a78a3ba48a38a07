import { randomUUID } from 'node:crypto';
import { createServer, type Server, type Socket } from 'node:net';
import { MqttFeedProvider, type FeedSubscription, type MqttFeedConfig } from '@wisp/feeds';
import { testEgress } from '../../../libs/feeds/src/testing/test-egress';

/** A broker on 127.0.0.2 that accepts any CONNECT, then sends a PUBLISH claiming 200 MB and keeps writing it. */
async function floodingBroker(): Promise<{ port: number; sent: number[]; close(): Promise<void> }> {
  const sent: number[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    const index = sent.push(0) - 1;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    const write = (b: Buffer) => {
      sent[index] += b.length;
      return socket.write(b);
    };
    socket.once('data', () => {
      write(Buffer.from([0x20, 0x02, 0x00, 0x00]));
      write(Buffer.from([0x30, 0x80, 0x80, 0x80, 0x64, 0x00, 0x01, 0x74]));
      const chunk = Buffer.alloc(64 * 1024, 0x41);
      const pump = () => {
        while (!socket.destroyed && write(chunk));
        if (!socket.destroyed) socket.once('drain', pump);
      };
      pump();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.2', () => resolve()));
  return {
    port: (server.address() as { port: number }).port,
    sent,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe('MQTT feeds against a hostile broker', () => {
  it('cut a connection whose broker announces a packet past the limit, before its body is buffered', async () => {
    const broker = await floodingBroker();
    const provider = new MqttFeedProvider();
    const sub: FeedSubscription<MqttFeedConfig> = {
      id: randomUUID(),
      target: { namespace: 'it', name: 't', ownerUuid: randomUUID() },
      config: provider.validate({ url: `mqtt://127.0.0.2:${broker.port}`, topic: 'flood', qos: 1 }),
      egress: testEgress({ allow: '127.0.0.2' }).connectorFor('it', 100),
    };
    try {
      const reports: string[] = [];
      await provider.start(sub, async () => undefined, (reason) => void reports.push(reason));
      for (let i = 0; i < 400 && !reports.some((r) => /packet of/.test(r)); i++) await new Promise((r) => setTimeout(r, 25));
      await provider.stop(sub);
      expect(reports).toContainEqual(expect.stringMatching(/The MQTT broker sent a packet of 209715200 bytes; feeds accept at most 4194304/));
      expect(broker.sent.length).toBeGreaterThan(0);
      for (const bytes of broker.sent) expect(bytes).toBeLessThan(64 * 1024 * 1024);
    } finally {
      await provider.onApplicationShutdown();
      await broker.close();
    }
  });
});
