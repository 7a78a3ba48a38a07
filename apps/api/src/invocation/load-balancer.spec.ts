import { javaHash, LoadBalancer, probeOrder, stepSizes } from './load-balancer';
import type { InvokerRegistry } from './invoker-registry';
import type { InvokerState } from './invoker-state';

const inv = (id: string, over: Partial<InvokerState> = {}): InvokerState => ({ id, queue: `q.${id}`, userMemoryMb: 1024, memoryInUseMb: 0, lastSeen: 1, healthy: true, ...over });
const balancer = (list: InvokerState[]) => new LoadBalancer({ all: () => list, get: (id: string) => list.find((i) => i.id === id) } as unknown as InvokerRegistry);

describe('load balancing', () => {
  it('hashes like Java', () => {
    expect(javaHash('guest')).toBe(98708952);
    expect(javaHash('')).toBe(0);
  });

  it('probes every invoker exactly once from the home invoker', () => {
    for (const n of [1, 2, 3, 5, 8]) {
      const order = probeOrder('guest', 'guest/hello', n);
      expect([...order].sort()).toEqual([...Array(n).keys()]);
    }
    expect(stepSizes(6)).toEqual([1, 5]);
  });

  it('keeps an action on its home invoker while it has room, then steps on', () => {
    const list = [inv('a'), inv('b'), inv('c')];
    const lb = balancer(list);
    const home = lb.acquire('guest', 'guest/x', 512).id;
    expect(lb.acquire('guest', 'guest/x', 512).id).toBe(home);
    const third = lb.acquire('guest', 'guest/x', 512).id;
    expect(third).not.toBe(home);
    lb.release(home, 512);
    expect(list.find((i) => i.id === home)!.memoryInUseMb).toBe(512);
  });

  it('skips unhealthy invokers and fails with 503 when none is healthy', () => {
    const lb = balancer([inv('a', { healthy: false }), inv('b')]);
    for (let i = 0; i < 5; i++) expect(lb.acquire('ns', `ns/a${i}`, 128).id).toBe('b');
    expect(() => balancer([inv('a', { healthy: false })]).acquire('ns', 'ns/a', 128)).toThrow('No invokers available.');
  });

  it('overloads the emptiest healthy invoker when all are full', () => {
    const lb = balancer([inv('a', { memoryInUseMb: 1024 }), inv('b', { memoryInUseMb: 900 })]);
    expect(lb.acquire('ns', 'ns/a', 256).id).toBe('b');
  });
});
