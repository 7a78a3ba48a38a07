import { loadConfig, parseEntityChangeMessage, Topology } from '@wisp/core';
import type { EntityChangeListener, EntityChangeObserver } from '../cache/entity-change.listener';
import type { ControllerAmqp } from './controller-amqp.provider';
import { EntityChangeBroadcaster } from './entity-change.broadcaster';

/** Records publishes; each one stays pending until `confirm` (a broker that is slow or away). */
class FakeAmqp {
  readonly published: { exchange: string; content: Buffer }[] = [];
  private confirms: (() => void)[] = [];
  async declare(): Promise<void> {}
  publish(exchange: string, _key: string, content: Buffer): Promise<void> {
    this.published.push({ exchange, content });
    return new Promise((resolve) => this.confirms.push(resolve));
  }
  confirm(): void {
    const pending = this.confirms;
    this.confirms = [];
    pending.forEach((c) => c());
  }
}

describe('EntityChangeBroadcaster', () => {
  it('relays action changes on the entity fanout, folding changes during a publish into one more', async () => {
    const amqp = new FakeAmqp();
    let observer!: EntityChangeObserver;
    const listener = { onChange: (o: EntityChangeObserver) => (observer = o) } as unknown as EntityChangeListener;
    const b = new EntityChangeBroadcaster(amqp as unknown as ControllerAmqp, listener, loadConfig({ WISP_CONTROLLER_ID: 'ctl-1' }));
    await b.onApplicationBootstrap();
    observer('actions');
    observer('actions');
    observer('actions');
    observer('triggers');
    expect(amqp.published).toHaveLength(1);
    amqp.confirm();
    await new Promise((r) => setImmediate(r));
    expect(amqp.published).toHaveLength(2);
    amqp.confirm();
    await new Promise((r) => setImmediate(r));
    expect(amqp.published).toHaveLength(2);
    for (const p of amqp.published) {
      expect(p.exchange).toBe(Topology.entityExchange);
      expect(parseEntityChangeMessage(p.content)).toMatchObject({ v: 1, type: 'entity-change', entity: 'actions', controllerId: 'ctl-1' });
    }
  });

  it('relays package changes too (a binding or package holds init parameters), but not trigger or rule changes', async () => {
    const amqp = new FakeAmqp();
    let observer!: EntityChangeObserver;
    const listener = { onChange: (o: EntityChangeObserver) => (observer = o) } as unknown as EntityChangeListener;
    const b = new EntityChangeBroadcaster(amqp as unknown as ControllerAmqp, listener, loadConfig({ WISP_CONTROLLER_ID: 'ctl-1' }));
    await b.onApplicationBootstrap();
    observer('rules');
    observer('packages');
    observer('triggers');
    expect(amqp.published.map((p) => parseEntityChangeMessage(p.content).entity)).toEqual(['packages']);
  });
});
