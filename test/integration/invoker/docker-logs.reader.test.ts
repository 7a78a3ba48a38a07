import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DockerLogsReader, LogSink } from '../../../apps/invoker/src/containers/docker-logs.reader';

/** Collects what a reader delivers; copies each chunk, since the reader reuses its buffer. */
class RecordingSink implements LogSink {
  chunks: Buffer[] = [];
  ended = 0;
  write(chunk: Buffer): void {
    this.chunks.push(Buffer.from(chunk));
  }
  end(): void {
    this.ended++;
  }
  get text(): string {
    return Buffer.concat(this.chunks).toString('latin1');
  }
}

const until = async (done: () => boolean) => {
  for (let i = 0; i < 200 && !done(); i++) await new Promise((r) => setTimeout(r, 10));
};

/** A stand-in engine on a unix socket of this test (never the real docker.sock): `handler` answers the logs request. */
describe('DockerLogsReader against an HTTP server on a unix socket', () => {
  let dir: string;
  let server: Server;
  let requests: string[];
  let handler: (req: IncomingMessage, res: ServerResponse) => void;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'wisp-logs-reader-'));
    requests = [];
    server = createServer((req, res) => {
      requests.push(req.url!);
      handler(req, res);
    });
    await new Promise<void>((resolve) => server.listen(join(dir, 'engine.sock'), resolve));
  });

  afterEach(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  it('asks for the followed, timestamped stdout and stderr, and decodes a chunked body written in pieces', async () => {
    const pieces = ['a'.repeat(70_000), 'b', 'c'.repeat(200_000)];
    handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/vnd.docker.multiplexed-stream' });
      let i = 0;
      const next = () => (i < pieces.length ? res.write(pieces[i++], next) : res.end());
      next();
    };
    const sink = new RecordingSink();
    await new DockerLogsReader(join(dir, 'engine.sock'), 'abc123').follow(sink);
    await until(() => sink.ended > 0);
    expect(requests).toEqual(['/containers/abc123/logs?follow=1&stdout=1&stderr=1&timestamps=1']);
    expect(sink.text).toBe(pieces.join(''));
    expect(sink.ended).toBe(1);
  });

  it('refuses a non-200 answer with the engine\'s status', async () => {
    handler = (_req, res) => res.writeHead(404, { 'content-type': 'application/json' }).end('{"message":"No such container: gone"}');
    await expect(new DockerLogsReader(join(dir, 'engine.sock'), 'gone').follow(new RecordingSink())).rejects.toThrow(/404/);
  });

  it('ends the sink once when the engine drops the connection mid-body, and stop ends it too', async () => {
    handler = (_req, res) => {
      res.writeHead(200);
      res.write('partial', () => res.destroy());
    };
    const dropped = new RecordingSink();
    await new DockerLogsReader(join(dir, 'engine.sock'), 'x').follow(dropped);
    await until(() => dropped.ended > 0);
    expect(dropped.text).toBe('partial');
    expect(dropped.ended).toBe(1);

    handler = (_req, res) => res.writeHead(200).write('hello');
    const stopped = new RecordingSink();
    const reader = new DockerLogsReader(join(dir, 'engine.sock'), 'y');
    await reader.follow(stopped);
    await until(() => stopped.text === 'hello');
    reader.stop();
    reader.stop();
    expect(stopped.ended).toBe(1);
  });
});
