import { loadConfig } from '@wisp/core';
import type { ControllerAmqp } from './controller-amqp.provider';
import { InvokerRegistry } from './invoker-registry';

const ping = (invokerId: string, at: number) => Buffer.from(JSON.stringify({ v: 1, type: 'ping', invokerId, queue: `q.${invokerId}`, userMemoryMb: 1024, enabled: true, at }));

/** The registry's ping handler and sweep, driven by hand (they are private: the consumer and a timer call them). */
function harness() {
  const amqp = { connected: true } as unknown as ControllerAmqp & { connected: boolean };
  const registry = new InvokerRegistry(amqp, loadConfig({ WISP_INVOKER_OFFLINE_MS: '1000' }));
  const internals = registry as unknown as { onPing(b: Buffer): void; sweep(): void };
  const offline: string[] = [];
  registry.on('offline', (id: string) => offline.push(id));
  return { amqp, registry, onPing: (id: string) => internals.onPing(ping(id, Date.now())), sweep: () => internals.sweep(), offline };
}

describe('InvokerRegistry', () => {
  afterEach(() => jest.useRealTimers());

  it('declares an invoker offline after the configured silence', () => {
    jest.useFakeTimers();
    const h = harness();
    h.onPing('a');
    jest.advanceTimersByTime(900);
    h.sweep();
    expect(h.offline).toEqual([]);
    jest.advanceTimersByTime(200);
    h.sweep();
    expect(h.offline).toEqual(['a']);
    expect(h.registry.get('a')!.healthy).toBe(false);
  });

  it('does not blame invokers for silence while the controller itself was cut off from the broker', () => {
    jest.useFakeTimers();
    const h = harness();
    h.onPing('a');
    h.amqp.connected = false;
    jest.advanceTimersByTime(5000);
    h.sweep();
    h.amqp.connected = true;
    h.sweep();
    jest.advanceTimersByTime(900);
    h.sweep();
    expect(h.offline).toEqual([]);
    expect(h.registry.get('a')!.healthy).toBe(true);
    jest.advanceTimersByTime(200);
    h.sweep();
    expect(h.offline).toEqual(['a']);
  });
});
