import { Agent, request } from 'node:http';
import { E2E } from '../support/e2e-env';

/** One GET on `agent`: its status, and whether it went over a connection the agent had kept from before. */
function get(agent: Agent, path: string): Promise<{ status: number; reused: boolean }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: E2E.port, path, agent }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, reused: req.reusedSocket }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('client connections', () => {
  it('stay open past the 5 s idle timeout Node has by default, so a client reusing one never meets a connection the server closed', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      expect(await get(agent, '/ping')).toEqual({ status: 200, reused: false });
      await new Promise((r) => setTimeout(r, 6_500));
      expect(await get(agent, '/ping')).toEqual({ status: 200, reused: true });
    } finally {
      agent.destroy();
    }
  });
});
