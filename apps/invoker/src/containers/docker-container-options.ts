import type Docker from 'dockerode';

/** Unprivileged uid/gid every action container (and relay) runs as. */
export const ACTION_UID = 1000;
/**
 * Where the per-container directory appears inside the container, read-only; the invoker listens on `proxy.sock` there
 * and the proxy connects out to it.
 */
export const SOCKET_MOUNT = '/run/wisp';
export const SOCKET_FILE = 'proxy.sock';
/**
 * The only writable place in a container: memory-backed, size-limited, and nothing there can be executed. IPC is
 * `none`, so there is no /dev/shm, and Docker's writable /dev/mqueue is replaced by an empty read-only tmpfs.
 */
const TMPFS = {
  '/tmp': 'rw,noexec,nosuid,nodev,size=64m,mode=1777',
  '/dev/mqueue': 'ro,noexec,nosuid,nodev,size=4k,mode=755',
};
/**
 * A native action must run the executable it brought, so its container (and only its) gets one exec-allowed tmpfs:
 * memory-backed (charged to the container's memory limit), size-limited, nosuid and nodev; /tmp stays noexec.
 */
const EXEC_TMPFS = 'rw,exec,nosuid,nodev,size=128m,mode=1777';
/** The relay holds one reply of at most a few MB; it never needs the action's memory. */
const RELAY_MEMORY_MB = 128;

/** What one container is to run and how it is held. */
export interface HardenedOptions {
  name: string;
  image: string;
  memoryMb: number;
  labels: Record<string, string>;
  env: string[];
  /** Host socket directory bind-mounted read-only at {@link SOCKET_MOUNT}; none for an action behind a relay. */
  socketDir?: string;
  networkMode: string;
  /** Mount point of an exec-allowed tmpfs (native actions, images behind the relay). */
  execDir?: string;
  cmd?: string[];
}

/**
 * The hardening DESIGN.md promises for every container: unprivileged user, no capabilities, no new privileges,
 * memory = swap, CPU shares by memory, bounded pids and files, read-only root, only tmpfs writable, capped logs.
 */
export function hardenedOptions(o: HardenedOptions): Docker.ContainerCreateOptions {
  const memory = o.memoryMb * 1024 * 1024;
  return {
    name: o.name,
    Image: o.image,
    ...(o.cmd ? { Cmd: o.cmd } : {}),
    User: `${ACTION_UID}:${ACTION_UID}`,
    Env: o.env,
    Labels: o.labels,
    HostConfig: {
      ...(o.socketDir ? { Binds: [`${o.socketDir}:${SOCKET_MOUNT}:ro`] } : {}),
      NetworkMode: o.networkMode,
      CapDrop: ['ALL'],
      SecurityOpt: ['no-new-privileges'],
      Memory: memory,
      MemorySwap: memory,
      // 256 MB gets Docker's default weight of 1024; shares scale with memory as OpenWhisk's do.
      CpuShares: Math.max(2, o.memoryMb * 4),
      PidsLimit: 512,
      ReadonlyRootfs: true,
      Tmpfs: o.execDir ? { ...TMPFS, [o.execDir]: EXEC_TMPFS } : TMPFS,
      IpcMode: 'none',
      Ulimits: [{ Name: 'nofile', Soft: 1024, Hard: 1024 }],
      LogConfig: { Type: 'json-file', Config: { 'max-size': '32m', 'max-file': '2' } },
    },
  };
}

/**
 * The relay beside an action image that serves OpenWhisk's HTTP protocol on :8080: it joins the action container's
 * network namespace (so it reaches 127.0.0.1:8080 there, under `--network none` too) and dials the invoker's socket.
 */
export function relayOptions(o: { name: string; image: string; cmd: string[]; actionId: string; socketDir: string; token: string; labels: Record<string, string> }) {
  const options = hardenedOptions({
    name: o.name,
    image: o.image,
    cmd: o.cmd,
    memoryMb: RELAY_MEMORY_MB,
    labels: o.labels,
    env: [`WISP_PROXY_TOKEN=${o.token}`],
    socketDir: o.socketDir,
    networkMode: `container:${o.actionId}`,
  });
  options.HostConfig!.PidsLimit = 16;
  return options;
}

/** True when an image runs Wisp's own proxy (labelled so, or started from a Wisp image's proxy). */
export function speaksWispProtocol(info: Docker.ImageInspectInfo): boolean {
  if (info.Config?.Labels?.['wisp.protocol'] === 'socket') return true;
  const words = (v: string | string[] | null | undefined) => (v == null ? [] : Array.isArray(v) ? v : [v]);
  const command = [...words(info.Config?.Entrypoint), ...words(info.Config?.Cmd)].join(' ');
  return command.includes('/opt/wisp/');
}
