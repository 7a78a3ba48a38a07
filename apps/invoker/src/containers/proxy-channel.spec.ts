import { EventEmitter } from 'node:events';
import type { Socket } from 'node:net';
import { frameHeader, ProxyChannel, ProxyFrame } from './proxy-channel';

/** Just enough of a socket: records writes, lets the test push bytes, tells whether it was destroyed. */
class FakeSocket extends EventEmitter {
  written: Buffer[] = [];
  destroyed = false;
  cork(): void {}
  uncork(): void {}
  write(chunk: Buffer): boolean {
    this.written.push(chunk);
    return true;
  }
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.emit('close');
  }
  reply(status: number, body: string): Buffer {
    return Buffer.concat([frameHeader(status, Buffer.byteLength(body)), Buffer.from(body)]);
  }
}

function open(): { socket: FakeSocket; channel: ProxyChannel } {
  const socket = new FakeSocket();
  return { socket, channel: new ProxyChannel(socket as unknown as Socket) };
}

describe('ProxyChannel', () => {
  it('sends one frame and reads a reply split at every byte', async () => {
    const { socket, channel } = open();
    const pending = channel.call(ProxyFrame.run, { value: { a: 1 } }, 1000, 1024);
    const sent = Buffer.concat(socket.written);
    expect(sent.readUInt32BE(0)).toBe(ProxyFrame.run);
    expect(JSON.parse(sent.subarray(8).toString())).toEqual({ value: { a: 1 } });
    const bytes = socket.reply(200, '{"ok":true}');
    for (let i = 0; i < bytes.length; i++) socket.emit('data', bytes.subarray(i, i + 1));
    expect(await pending).toEqual({ kind: 'response', status: 200, body: '{"ok":true}', size: 11, truncated: false });
    expect(channel.usable).toBe(true);
  });

  it('keeps at most maxBytes of a reply and counts the rest', async () => {
    const { socket, channel } = open();
    const pending = channel.call(ProxyFrame.run, {}, 1000, 4);
    socket.emit('data', socket.reply(200, '0123456789'));
    expect(await pending).toEqual({ kind: 'response', status: 200, body: '0123', size: 10, truncated: true });
  });

  it('breaks for good on bytes no call asked for', async () => {
    const { socket, channel } = open();
    const pending = channel.call(ProxyFrame.run, {}, 1000, 1024);
    socket.emit('data', Buffer.concat([socket.reply(200, '{}'), socket.reply(200, '{"forged":1}')]));
    expect(await pending).toMatchObject({ kind: 'response', body: '{}' });
    expect(channel.usable).toBe(false);
    expect(socket.destroyed).toBe(true);
    expect(await channel.call(ProxyFrame.run, {}, 1000, 1024)).toMatchObject({ kind: 'error' });
  });

  it('a timeout ends the channel, so a late reply is never taken for the next call', async () => {
    const { socket, channel } = open();
    expect(await channel.call(ProxyFrame.run, {}, 10, 1024)).toEqual({ kind: 'timeout' });
    expect(socket.destroyed).toBe(true);
    expect(await channel.call(ProxyFrame.run, {}, 1000, 1024)).toMatchObject({ kind: 'error' });
  });

  it('a closed connection fails the call in flight and every later one', async () => {
    const { socket, channel } = open();
    const pending = channel.call(ProxyFrame.init, {}, 1000, 1024);
    socket.emit('close');
    expect(await pending).toMatchObject({ kind: 'error' });
    expect(await channel.call(ProxyFrame.run, {}, 1000, 1024)).toMatchObject({ kind: 'error' });
  });

  it('tells its owner once when the connection closes with no call in flight, and at once when already broken', () => {
    const { socket, channel } = open();
    const seen: string[] = [];
    channel.onBroken((e) => seen.push(e.message));
    socket.emit('close');
    socket.emit('close');
    expect(seen).toEqual(['the action proxy connection closed']);
    channel.onBroken((e) => seen.push(`late: ${e.message}`));
    expect(seen).toEqual(['the action proxy connection closed', 'late: the action proxy connection closed']);
  });

  it('refuses a second call while one is in flight', async () => {
    const { socket, channel } = open();
    const first = channel.call(ProxyFrame.run, {}, 1000, 1024);
    expect(await channel.call(ProxyFrame.run, {}, 1000, 1024)).toMatchObject({ kind: 'error' });
    socket.emit('data', socket.reply(200, '{}'));
    expect(await first).toMatchObject({ kind: 'response', status: 200 });
  });
});
