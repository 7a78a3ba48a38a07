import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { connectAsync, type MqttClient } from 'mqtt';

export const BROKER_URL = 'mqtt://127.0.0.1:1883';
const PID_FILE = '/run/mosquitto/mosquitto.pid';

/** A plain publisher, as a device would be. */
export async function publisher(clientId?: string): Promise<MqttClient> {
  return connectAsync(BROKER_URL, { clientId: clientId ?? `it-pub-${Math.random().toString(16).slice(2, 10)}`, clean: clientId === undefined, reconnectPeriod: 200 });
}

async function answers(): Promise<boolean> {
  try {
    const c = await connectAsync(BROKER_URL, { reconnectPeriod: 0, connectTimeout: 1000 });
    await c.endAsync(true);
    return true;
  } catch {
    return false;
  }
}

/**
 * Restarts the machine's Mosquitto (shared: be quick). The broker saves its persistent sessions on SIGTERM; it is
 * stopped by the pid in its pid file, then started again with its configuration.
 */
export async function restartMosquitto(downMs = 500): Promise<void> {
  const pid = Number(readFileSync(PID_FILE, 'utf8').trim());
  process.kill(pid, 'SIGTERM');
  for (let i = 0; i < 100; i++) {
    try {
      process.kill(pid, 0);
      await sleep(50);
    } catch {
      break;
    }
  }
  await sleep(downMs);
  execFileSync('mosquitto', ['-d', '-c', '/etc/mosquitto/mosquitto.conf']);
  for (let i = 0; i < 100 && !(await answers()); i++) await sleep(100);
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
