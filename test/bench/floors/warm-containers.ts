import Docker from 'dockerode';
import { BENCH } from '../config';
import { FloorContainer } from './floor-container';

/**
 * Warm floor twins of the containers the bench invoker holds for `/namespace/action` (found by the labels the Docker
 * container factory sets, `wisp.invoker` and `wisp.action`): as many containers of the same image and memory, each
 * initialised with `code`, so the floor is a direct `/run` on a warm container over the same transport. At least one.
 */
export async function warmFloors(docker: Docker, actionPath: string, code: string, memoryMb: number): Promise<FloorContainer[]> {
  const list = await docker.listContainers({ filters: { label: [`wisp.invoker=${BENCH.invokerId}`, `wisp.action=${actionPath}`], status: ['running'] } });
  const floors = await Promise.all(Array.from({ length: Math.max(1, list.length) }, () => FloorContainer.start(docker, memoryMb)));
  await Promise.all(floors.map((f) => f.init(code)));
  return floors;
}
