/**
 * Hostile action sources for the sandbox-attack suite (plain nodejs, run by the real runtime image). Each returns a
 * report of what it managed, so a test asserts on facts seen from inside the container.
 */

/** Every mount point of the container with its options (from /proc/self/mountinfo), as action code sees them. */
const MOUNTS = `
function mounts() {
  return require('fs').readFileSync('/proc/self/mountinfo', 'utf8').trim().split('\\n').map((line) => {
    const [left, right] = line.split(' - ');
    const f = left.split(' ');
    const r = right.split(' ');
    return { point: f[4], options: f[5].split(','), fstype: r[0], superOptions: (r[2] || '').split(',') };
  });
}
function places() {
  const extra = ['/', '/run/wisp', '/run', '/etc', '/opt/wisp/proxy', '/usr/local/bin', '/var', '/home', '/dev', '/dev/shm', '/dev/mqueue', '/tmp'];
  return [...new Set([...mounts().map((m) => m.point), ...extra])];
}
function mountOf(path) {
  return mounts().filter((m) => path === m.point || path.startsWith(m.point === '/' ? '/' : m.point + '/')).sort((a, b) => b.point.length - a.point.length)[0];
}
`;

/** Destroys the proxy's connection to the invoker (every socket of the process but stdout and stderr). */
const CUT_CONNECTION = `
function cutConnection() {
  for (const h of process._getActiveHandles()) {
    if (h instanceof require('net').Socket && h !== process.stdout && h !== process.stderr) h.destroy();
  }
}
`;

/**
 * (a) Writes up to `mb` MB (1 MB chunks) into every mount point and well-known directory, and keeps what it wrote.
 * Reports per place: bytes written, the error that stopped it, and the mount it landed on.
 */
export const WRITE_EVERYWHERE = `${MOUNTS}
function main(p) {
  const fs = require('fs');
  const chunk = Buffer.alloc(1024 * 1024, 120);
  const report = [];
  for (const dir of places()) {
    const file = (dir === '/' ? '' : dir) + '/wisp-attack-fill.bin';
    let bytes = 0;
    let error = null;
    let fd;
    try {
      fd = fs.openSync(file, 'w');
      while (bytes < p.mb * chunk.length) bytes += fs.writeSync(fd, chunk);
    } catch (e) {
      error = e.code || String(e);
    } finally {
      if (fd !== undefined) fs.closeSync(fd);
    }
    report.push({ dir, bytes, error, mount: mountOf(dir) });
  }
  return { report };
}`;

/**
 * (b) Writes an executable script into every place it can write and tries to run it. Reports per writable place
 * whether the script ran (it prints a marker) or the error exec gave.
 */
export const EXEC_EVERYWHERE = `${MOUNTS}
function main() {
  const fs = require('fs');
  const { spawnSync } = require('child_process');
  const report = [];
  for (const dir of places()) {
    const file = (dir === '/' ? '' : dir) + '/wisp-attack-exec';
    try {
      fs.writeFileSync(file, '#!/usr/local/bin/node\\nconsole.log("EXECUTED")\\n', { mode: 0o755 });
      fs.chmodSync(file, 0o755);
    } catch (e) {
      continue;
    }
    const run = spawnSync(file, [], { encoding: 'utf8' });
    const executed = run.status === 0 && String(run.stdout).includes('EXECUTED');
    report.push({ dir, executed, error: run.error ? run.error.code : null, mount: mountOf(dir) });
  }
  return { report };
}`;

/**
 * (c) Tries to replace the socket the invoker talks to: rename it, then put a symlink to the canary (p.canary), a
 * directory, or a regular file in its place; schedules dropping the invoker's connection right after it answered, so
 * the next invoke has to connect again; returns what each step gave. With p.benign it only returns.
 */
export const REPLACE_SOCKET = `${CUT_CONNECTION}
function main(p) {
  if (p.benign) return { benign: true };
  const fs = require('fs');
  const sock = '/run/wisp/proxy.sock';
  const steps = {};
  const attempt = (name, fn) => { try { fn(); steps[name] = 'ok'; } catch (e) { steps[name] = e.code || String(e); } };
  attempt('rename', () => fs.renameSync(sock, '/run/wisp/moved.sock'));
  attempt('unlink', () => fs.unlinkSync(sock));
  if (p.how === 'symlink') attempt('replace', () => fs.symlinkSync(p.canary, sock));
  if (p.how === 'directory') attempt('replace', () => fs.mkdirSync(sock));
  if (p.how === 'file') attempt('replace', () => fs.writeFileSync(sock, 'not a socket'));
  setTimeout(cutConnection, 50);
  return { steps };
}`;

/**
 * (e) Counts its runs; with p.drop it answers, then cuts its proxy connection 50 ms later, while its container is idle
 * in the pool and no activation of it runs.
 */
export const CUT_WHEN_IDLE = `${CUT_CONNECTION}
let runs = 0;
function main(p) {
  if (p.drop) setTimeout(cutConnection, 50);
  return { runs: ++runs };
}`;

/**
 * (d) In the middle of a run, reads the proxy's token from the initial environment, kills its own proxy connection and
 * tries to connect again as the proxy would (HELLO with the token). It never answers.
 */
export const KILL_CONNECTION = `
function main(p) {
  if (p.benign) return { benign: true };
  const net = require('net');
  const environ = require('fs').readFileSync('/proc/self/environ', 'utf8').split('\\0');
  const token = (environ.find((e) => e.startsWith('WISP_PROXY_TOKEN=')) || '=').split('=')[1];
  for (const h of process._getActiveHandles()) {
    if (h instanceof net.Socket && h !== process.stdout && h !== process.stderr) h.destroy();
  }
  // Keep the process alive without its connection, so a second connection could pose as the proxy.
  process.exit = () => undefined;
  const again = net.connect('/run/wisp/proxy.sock');
  again.on('connect', () => {
    const header = Buffer.alloc(8);
    header.writeUInt32BE(0, 0);
    header.writeUInt32BE(Buffer.byteLength(token), 4);
    again.write(Buffer.concat([header, Buffer.from(token)]));
    console.log('RECONNECTED');
  });
  again.on('error', (e) => console.log('reconnect failed: ' + e.code));
  return new Promise(() => {});
}`;
