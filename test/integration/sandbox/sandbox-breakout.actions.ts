/**
 * Action sources for the breakout suite (#13 §5): each tries one way out of its container from inside and reports
 * what happened, so the test can assert on facts rather than on the absence of a crash.
 */

/** Reads its own credentials, capabilities, mounts and cgroup limits as the kernel reports them. */
export const SELF_INSPECTION = `
function main() {
  const fs = require('fs');
  const status = Object.fromEntries(fs.readFileSync('/proc/self/status', 'utf8').trim().split('\\n').map((l) => l.split(':\\t').map((s) => s.trim())));
  const mounts = fs.readFileSync('/proc/self/mountinfo', 'utf8').trim().split('\\n').map((line) => {
    const [left, right] = line.split(' - ');
    const f = left.split(' ');
    const r = right.split(' ');
    return { point: f[4], options: f[5].split(','), fstype: r[0], superOptions: (r[2] || '').split(',') };
  });
  const read = (p) => { try { return fs.readFileSync(p, 'utf8').trim(); } catch (e) { return null; } };
  return {
    uid: status.Uid.split(/\\s+/), gid: status.Gid.split(/\\s+/), capEff: status.CapEff, capPrm: status.CapPrm, capBnd: status.CapBnd,
    noNewPrivs: status.NoNewPrivs, seccomp: status.Seccomp,
    root: mounts.find((m) => m.point === '/'), tmp: mounts.find((m) => m.point === '/tmp'),
    pidsMax: read('/sys/fs/cgroup/pids.max') || read('/sys/fs/cgroup/pids/pids.max'),
    memoryMax: read('/sys/fs/cgroup/memory.max') || read('/sys/fs/cgroup/memory/memory.limit_in_bytes'),
  };
}`;

/** Starts processes until the kernel refuses (or the container dies), then reports how far it got. */
export const FORK_BOMB = `
function main() {
  const { spawn } = require('child_process');
  const children = [];
  let error = null;
  for (let i = 0; i < 2000 && !error; i++) {
    try {
      const c = spawn(process.execPath, ['--max-old-space-size=4', '-e', 'setInterval(() => {}, 1e9)'], { stdio: 'ignore' });
      c.on('error', (e) => { error = error || e.code; });
      children.push(c);
    } catch (e) { error = e.code || e.message; }
  }
  return new Promise((resolve) => setTimeout(() => {
    const alive = children.filter((c) => c.pid && c.exitCode === null).length;
    for (const c of children) { try { c.kill('SIGKILL'); } catch (e) {} }
    resolve({ started: children.length, alive, error });
  }, 1000));
}`;

/** Allocates and touches memory without end. */
export const MEMORY_HOG = `
function main() {
  const hoard = [];
  for (;;) hoard.push(Buffer.alloc(16 * 1024 * 1024, 1));
}`;

/**
 * Tries Wisp's own services and the host from inside: TCP to loopback ports (API, PostgreSQL, RabbitMQ, Redis,
 * MQTT), the private and public addresses given, and the Docker socket and host paths by name.
 */
export const REACH_OUT = `
function main(p) {
  const net = require('net');
  const fs = require('fs');
  const tryConnect = (target) => new Promise((resolve) => {
    const s = net.connect(target);
    const done = (outcome) => { s.destroy(); resolve(outcome); };
    s.setTimeout(2000, () => done('timeout'));
    s.on('connect', () => done('connected'));
    s.on('error', (e) => done(e.code));
  });
  const targets = [
    ...p.ports.map((port) => ({ name: '127.0.0.1:' + port, target: { host: '127.0.0.1', port } })),
    { name: 'docker.sock', target: { path: '/var/run/docker.sock' } },
    { name: 'host docker.sock via /proc/1/root', target: { path: '/proc/1/root/var/run/docker.sock' } },
  ];
  const paths = ['/var/run/docker.sock', '/run/docker.sock', '/var/lib/postgresql', '/etc/rabbitmq', '/root'];
  return Promise.all(targets.map(async (t) => ({ name: t.name, outcome: await tryConnect(t.target) }))).then((connections) => ({
    connections,
    paths: paths.map((path) => ({ path, exists: fs.existsSync(path) })),
    interfaces: Object.keys(require('os').networkInterfaces()),
  }));
}`;

/** Everything in its environment and in pid 1's initial one. */
export const ENVIRONMENT = `
function main() {
  let initial = '';
  try { initial = require('fs').readFileSync('/proc/1/environ', 'utf8'); } catch (e) { initial = 'unreadable: ' + e.code; }
  return { env: Object.keys(process.env), values: JSON.stringify(process.env), initial };
}`;

/** Blocks its event loop for good: only the invoker's deadline can end it. */
export const BUSY_FOREVER = `
function main() {
  for (;;) {}
}`;
