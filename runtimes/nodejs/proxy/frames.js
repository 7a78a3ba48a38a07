'use strict';

/**
 * The wire between the invoker and this proxy: one unix-socket connection that the proxy opens to the invoker, carrying
 * frames of an 8-byte header (u32 code, u32 payload length, big-endian) and a payload. The proxy's first frame is HELLO
 * with its token; then the invoker sends INIT or RUN with a JSON body, one at a time, and each gets one reply whose code
 * is an HTTP status and whose payload is JSON.
 */
const HEADER_BYTES = 8;
const Code = Object.freeze({ HELLO: 0, INIT: 1, RUN: 2 });

// /init carries the action code inline: up to 48 MB, a little more once base64 and JSON wrap it.
const MAX_BODY_BYTES = 64 * 1024 * 1024;

class ProtocolError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

function encodeFrame(code, payload) {
  const header = Buffer.allocUnsafe(HEADER_BYTES);
  header.writeUInt32BE(code, 0);
  header.writeUInt32BE(payload.length, 4);
  return [header, payload];
}

/**
 * Splits a byte stream into frames. A payload over `maxBytes` is skipped as it arrives (never buffered) and delivered
 * as `{ code, oversize: true }`, so the reader can answer 413 and stay in step with the stream.
 */
class FrameReader {
  constructor(onFrame, maxBytes = MAX_BODY_BYTES) {
    this.onFrame = onFrame;
    this.maxBytes = maxBytes;
    this.pending = [];
    this.pendingBytes = 0;
    this.frame = undefined;
  }

  push(chunk) {
    this.pending.push(chunk);
    this.pendingBytes += chunk.length;
    for (;;) {
      if (!this.frame) {
        if (this.pendingBytes < HEADER_BYTES) return;
        const header = this.take(HEADER_BYTES);
        this.frame = { code: header.readUInt32BE(0), remaining: header.readUInt32BE(4), chunks: [] };
        this.frame.oversize = this.frame.remaining > this.maxBytes;
      }
      const frame = this.frame;
      const n = Math.min(frame.remaining, this.pendingBytes);
      if (n > 0) {
        const part = this.take(n);
        if (!frame.oversize) frame.chunks.push(part);
        frame.remaining -= n;
      }
      if (frame.remaining > 0) return;
      this.frame = undefined;
      this.onFrame(frame.oversize ? { code: frame.code, oversize: true } : { code: frame.code, payload: Buffer.concat(frame.chunks) });
    }
  }

  take(n) {
    const all = this.pending.length === 1 ? this.pending[0] : Buffer.concat(this.pending, this.pendingBytes);
    this.pending = all.length > n ? [all.subarray(n)] : [];
    this.pendingBytes = all.length - n;
    return all.subarray(0, n);
  }
}

function parseJsonPayload(payload) {
  if (payload.length === 0) return {};
  try {
    return JSON.parse(payload.toString('utf8'));
  } catch (err) {
    throw new ProtocolError(400, `Request body is not valid JSON: ${err.message}`);
  }
}

module.exports = { Code, FrameReader, HEADER_BYTES, MAX_BODY_BYTES, ProtocolError, encodeFrame, parseJsonPayload };
