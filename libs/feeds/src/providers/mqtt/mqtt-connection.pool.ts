import type { VettedBroker } from './mqtt-broker';
import { MqttConnection, type MqttRoute, type MqttSessionSpec } from './mqtt-connection';

/**
 * The process's MQTT connections, one per broker, credentials and session: routes with the same key share one
 * client connection, which is opened with the first route and closed with the last.
 */
export class MqttConnectionPool {
  private readonly connections = new Map<string, MqttConnection>();

  /** Adds `route` to the connection for `spec`, opening it (to the vetted broker address) when needed. */
  attach(spec: MqttSessionSpec, vetted: VettedBroker, route: MqttRoute): MqttConnection {
    const key = MqttConnectionPool.keyOf(spec);
    let conn = this.connections.get(key);
    if (!conn) {
      conn = new MqttConnection(key, spec, vetted);
      this.connections.set(key, conn);
    }
    conn.add(route);
    return conn;
  }

  /** Removes the route; the last route out closes the connection (the broker keeps a persistent session). */
  async detach(spec: MqttSessionSpec, subscriptionId: string): Promise<void> {
    const key = MqttConnectionPool.keyOf(spec);
    const conn = this.connections.get(key);
    if (!conn) return;
    const removing = conn.remove(subscriptionId);
    // Decided synchronously: a concurrent attach must not pick up a connection that is about to close.
    const emptied = conn.size === 0;
    if (emptied) this.connections.delete(key);
    await removing;
    if (emptied) await conn.close();
  }

  /** The connection `spec` uses in this process, if open. */
  find(spec: MqttSessionSpec): MqttConnection | undefined {
    return this.connections.get(MqttConnectionPool.keyOf(spec));
  }

  async closeAll(): Promise<void> {
    const all = [...this.connections.values()];
    this.connections.clear();
    await Promise.all(all.map((c) => c.close()));
  }

  /** Broker (scheme, host, port), credentials and session identity: what makes two connections interchangeable. */
  static keyOf(spec: MqttSessionSpec): string {
    const u = new URL(spec.url);
    const port = u.port || (u.protocol === 'mqtts:' ? '8883' : '1883');
    return JSON.stringify([u.protocol, u.hostname, port, decodeURIComponent(u.username), decodeURIComponent(u.password), spec.clientId, spec.clean]);
  }
}
