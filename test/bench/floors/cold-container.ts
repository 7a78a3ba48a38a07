import Docker from 'dockerode';
import { since } from '../stats';
import { FloorContainer } from './floor-container';

/**
 * The bare cold-start floor: create + start a container of the runtime image through the Docker API with the invoker's
 * hardening and read-only socket directory, wait for its proxy to connect, then time to the first `/init` answer. The
 * container is removed afterwards.
 */
export async function coldContainerMs(docker: Docker, code: string, memoryMb: number): Promise<number> {
  const t = process.hrtime.bigint();
  const floor = await FloorContainer.start(docker, memoryMb);
  try {
    await floor.init(code);
    return since(t);
  } finally {
    await floor.remove();
  }
}
