import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { ENTITY_TABLES, EntityChangeMessage, Topology, WISP_CONFIG, type WispConfig } from '@wisp/core';
import { EntityChangeListener } from '../cache/entity-change.listener';
import { ControllerAmqp } from './controller-amqp.provider';

type Table = (typeof ENTITY_TABLES)[number];

/**
 * Tables whose changes invokers act on: a warm container holds one revision of an action's code, and the init
 * parameters of its package and binding (baked into its environment at `/init`).
 */
const BROADCAST: readonly Table[] = ['actions', 'packages'];
/** A broadcast is only useful while fresh; the broker drops it after this. */
const EXPIRATION_MS = 10_000;

/**
 * Relays the database's entity change notifications (the same ones that clear the entity cache) to every invoker on
 * the entity fanout, so an invoker drops warm containers of actions (or of packages and bindings) that were updated or deleted. Publishing never
 * blocks the listener: one publish per table is in flight at a time, and changes meanwhile are folded into one more.
 */
@Injectable()
export class EntityChangeBroadcaster implements OnApplicationBootstrap {
  private readonly logger = new Logger(EntityChangeBroadcaster.name);
  private readonly inFlight = new Set<Table>();
  private readonly again = new Set<Table>();

  constructor(
    private readonly amqp: ControllerAmqp,
    private readonly listener: EntityChangeListener,
    @Inject(WISP_CONFIG) private readonly config: WispConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.amqp.declare((ch) => ch.assertExchange(Topology.entityExchange, 'fanout', { durable: false }));
    this.listener.onChange((table) => {
      if (BROADCAST.includes(table)) void this.broadcast(table);
    });
  }

  private async broadcast(table: Table): Promise<void> {
    if (this.inFlight.has(table)) {
      this.again.add(table);
      return;
    }
    this.inFlight.add(table);
    const message: EntityChangeMessage = { v: 1, type: 'entity-change', entity: table, controllerId: this.config.controllerId, at: Date.now() };
    try {
      await this.amqp.publish(Topology.entityExchange, '', Buffer.from(JSON.stringify(message)), { persistent: false, expiration: String(EXPIRATION_MS), contentType: 'application/json' });
    } catch (e) {
      this.logger.warn(`cannot broadcast a change of ${table}: ${(e as Error).message}`);
    } finally {
      this.inFlight.delete(table);
      if (this.again.delete(table)) void this.broadcast(table);
    }
  }
}
