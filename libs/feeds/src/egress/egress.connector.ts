import { isIP, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { connect as tlsConnect } from 'node:tls';
import { FeedEgressMessages } from '@wisp/core';
import { vettedFetch } from './egress-fetch';
import type { EgressGate } from './egress-gate';
import { FeedLimitError, type DatabaseIdentity, type DialTls, type FeedConnector, type VettedEndpoint } from './feed-connector';
import { GuardedSocket } from './guarded.socket';
import { ReceiveCap, type ReceiveGuard } from './receive-guard';

/** {@link FeedConnector} of one namespace over the process's {@link EgressGate}: pinned sockets, counted while open. */
export class EgressConnector implements FeedConnector {
  constructor(
    private readonly egress: EgressGate,
    readonly namespace: string,
    private readonly maxConnections: number,
  ) {}

  vet(host: string, port: number): Promise<VettedEndpoint> {
    return this.egress.vet(host, port);
  }

  socket(target: VettedEndpoint, guards: ReceiveGuard[] = []): Socket | Duplex {
    const socket = this.rawSocket(target);
    return guards.length > 0 ? new GuardedSocket(socket, guards) : socket;
  }

  private rawSocket(target: VettedEndpoint): Socket {
    const socket = new Socket();
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
    const max = this.egress.options.receive.untrustedBytes;
    return new ReceiveCap(max, FeedEgressMessages.receivedTooMuch(max));
  }

  dial(target: VettedEndpoint, tls?: DialTls, guards: ReceiveGuard[] = []): Duplex {
    const socket = this.rawSocket(target);
    socket.connect(target.port, target.address);
    let plain: Socket = socket;
    if (tls) {
      const servername = tls.servername ?? (isIP(target.host) ? undefined : target.host);
      // The certificate is checked against the name the tenant gave, not the address dialled.
      plain = tlsConnect({ socket, host: target.host, servername, rejectUnauthorized: tls.rejectUnauthorized ?? true });
    }
    return guards.length > 0 ? new GuardedSocket(plain, guards) : plain;
  }

  fetch(url: string, init?: RequestInit): Promise<Response> {
    return vettedFetch(this, this.egress.options.fetch, url, init);
  }

  assertForeignDatabase(identity: DatabaseIdentity): void {
    this.egress.assertForeignDatabase(identity);
  }
}
