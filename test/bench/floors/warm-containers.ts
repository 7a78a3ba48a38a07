import { join } from 'node:path';
import Docker from 'dockerode';
import { BENCH } from '../config';
import { ProxySocket } from './proxy-socket';

/**
 * The running containers the bench invoker holds for `/namespace/action`, found by the labels the Docker container
 * factory sets (`wisp.invoker`, `wisp.action`); each proxy socket lives at `<WISP_CONTAINER_DIR>/<name>/proxy.sock`.
 */
export async function warmSockets(docker: Docker, actionPath: string): Promise<ProxySocket[]> {
  const list = await docker.listContainers({ filters: { label: [`wisp.invoker=${BENCH.invokerId}`, `wisp.action=${actionPath}`], status: ['running'] } });
  return list.map((c) => new ProxySocket(join(BENCH.containerDir, c.Names[0].replace(/^\//, ''), 'proxy.sock')));
}
