import { ChildProcess, fork } from 'node:child_process';
import { join } from 'node:path';

/** `npm start`: runs the API and one invoker as child processes, restarting a crashed one after a second. */
const children: Record<string, string> = {
  api: join(__dirname, 'main.js'),
  invoker: join(__dirname, '..', '..', 'invoker', 'src', 'main.js'),
};
const running = new Map<string, ChildProcess>();
let stopping = false;

function launch(name: string): void {
  const child = fork(children[name], { stdio: 'inherit' });
  running.set(name, child);
  child.on('exit', (code, signal) => {
    running.delete(name);
    if (stopping) {
      if (running.size === 0) process.exit(0);
      return;
    }
    console.error(`wisp: ${name} exited (${signal ?? code}); restarting in 1 s`);
    setTimeout(() => launch(name), 1000);
  });
}

function stop(): void {
  stopping = true;
  if (running.size === 0) process.exit(0);
  for (const child of running.values()) child.kill('SIGTERM');
  setTimeout(() => process.exit(1), 20_000).unref();
}

process.on('SIGINT', stop);
process.on('SIGTERM', stop);
for (const name of Object.keys(children)) launch(name);
