import * as os from 'node:os';
import * as amqp from 'amqplib';
import type Docker from 'dockerode';
import type { Client } from 'pg';
import { BENCH } from './config';

/** The machine a run measured: figures only compare within one run, but the README names where they came from. */
export interface Machine {
  cpus: number;
  cpuModel: string;
  memoryGb: number;
  os: string;
  node: string;
  docker: string;
  postgres: string;
  rabbitmq: string;
}

export async function describeMachine(docker: Docker, db: Client): Promise<Machine> {
  const version = await docker.version();
  const pg = await db.query<{ server_version: string }>('SHOW server_version');
  const conn = await amqp.connect(BENCH.amqpUrl);
  const rabbit = String((conn.connection as unknown as { serverProperties?: { version?: string } }).serverProperties?.version ?? 'unknown');
  await conn.close();
  return {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    memoryGb: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    docker: version.Version,
    postgres: pg.rows[0].server_version,
    rabbitmq: rabbit,
  };
}
