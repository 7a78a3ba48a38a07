import { isIP, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { connect as tlsConnect } from 'node:tls';
import { FeedEgressMessages } from '@wisp/core';
import { vettedFetch } from './egress-fetch';
import type { FeedEgress } from './feed-egress';
import { FeedLimitError, type DatabaseIdentity, type DialTls, type FeedConnector, type VettedEndpoint } from './feed-connector';
import { capReceive, ReceiveCap } from './receive-cap';

/** {@link FeedConnector} of one namespace over {@link FeedEgress}: pinned sockets, counted while open. */
export class EgressConnector implements FeedConnector {
  constructor(
    private readonly egress: FeedEgress,
    readonly namespace: string,
    private readonly maxConnections: number,
  ) {}

  vet(host: string, port: number): Promise<VettedEndpoint> {
    return this.egress.vet(host, port);
  }

  socket(target: VettedEndpoint, cap?: ReceiveCap): Socket {
    const socket = new Socket();
    if (cap) capReceive(socket, cap);
    const dial = socket.connect.bind(socket) as (options: { host: string; port: number }) => Socket;
    let used = false;
    // Whatever host or path a library passes, the socket goes to the vetted address, once.
    (socket as unknown as { connect: () => Socket }).connect = () => {
      if (used || !this.egress.acquireSlot(this.namespace, this.maxConnections)) {
        process.nextTick(() => socket.destroy(new FeedLimitError(FeedEgressMessages.tooManyConnections(this.maxConnections))));
        return socket;
      }
      used = true;
      socket.once('close', () => this.egress.releaseSlot(this.namespace));
      return dial({ host: target.address, port: target.port });
    };
    return socket;
  }

  receiveCap(): ReceiveCap {
    return new ReceiveCap(this.egress.options.receive.untrustedBytes);
  }

  dial(target: VettedEndpoint, tls?: DialTls): Duplex {
    const socket = this.socket(target);
    socket.connect(target.port, target.address);
    if (!tls) return socket;
    const servername = tls.servername ?? (isIP(target.host) ? undefined : target.host);
    // The certificate is checked against the name the tenant gave, not the address dialled.
    return tlsConnect({ socket, host: target.host, servername, rejectUnauthorized: tls.rejectUnauthorized ?? true });
  }

  fetch(url: string, init?: RequestInit): Promise<Response> {
    return vettedFetch(this, this.egress.options.fetch, url, init);
  }

  assertForeignDatabase(identity: DatabaseIdentity): void {
    this.egress.assertForeignDatabase(identity);
  }
}
