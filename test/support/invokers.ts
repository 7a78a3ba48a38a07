import { readFileSync, writeFileSync } from 'node:fs';
import type { ChildProcess } from 'node:child_process';
import Docker from 'dockerode';
import { E2E } from './e2e-env';
import { waitForInvoker } from './invoker-health';
import { stackEnv, startProcess } from './stack';

const docker = new Docker({ socketPath: '/var/run/docker.sock' });

/** Starts one more invoker process with its own id (and `extra` settings) and records its pid for teardown. */
export async function startExtraInvoker(invokerId: string, extra: Record<string, string> = {}): Promise<ChildProcess> {
  const child = startProcess(invokerId, 'dist/apps/invoker/src/main.js', stackEnv({ ...extra, WISP_INVOKER_ID: invokerId }));
  recordPid(child.pid!);
  await waitForInvoker(invokerId, 60_000);
  return child;
}

/** Adds a pid to the e2e state file so teardown stops it. */
export function recordPid(pid: number): void {
  const state = JSON.parse(readFileSync(E2E.stateFile, 'utf8')) as { pids: number[]; invokerPid?: number };
  state.pids.push(pid);
  writeFileSync(E2E.stateFile, JSON.stringify(state));
}

/** Pid of the invoker e2e-setup started. */
export function mainInvokerPid(): number {
  const { pids } = JSON.parse(readFileSync(E2E.stateFile, 'utf8')) as { pids: number[] };
  return pids[1];
}

/** Replaces the main invoker's pid in the state file (after a restart). */
export function setMainInvokerPid(pid: number): void {
  const state = JSON.parse(readFileSync(E2E.stateFile, 'utf8')) as { pids: number[] };
  state.pids[1] = pid;
  writeFileSync(E2E.stateFile, JSON.stringify(state));
}

/** Containers (running or not) labelled as belonging to `invokerId`. */
export async function containersOf(invokerId: string): Promise<Docker.ContainerInfo[]> {
  return docker.listContainers({ all: true, filters: { label: [`wisp.invoker=${invokerId}`] } });
}
