"""The wire between the invoker and a proxy, as runtimes/nodejs/proxy/frames.js speaks it: one unix-socket connection
the proxy opens to the invoker, carrying frames of an 8-byte header (u32 code, u32 payload length, big-endian) and a
payload. The proxy's first frame is HELLO with its token; then the invoker sends INIT or RUN with a JSON body, one at a
time, and each gets one reply whose code is an HTTP status and whose payload is JSON."""

import json
import struct

HELLO, INIT, RUN = 0, 1, 2
HEADER = struct.Struct('>II')
# /init carries the action code inline: up to 48 MB, a little more once base64 and JSON wrap it.
MAX_BODY_BYTES = 64 * 1024 * 1024


class ProtocolError(Exception):
    """A request the proxy refuses with `status` before any handler runs."""

    def __init__(self, status, message):
        super().__init__(message)
        self.status = status


class ConnectionClosed(Exception):
    """The invoker's end of the connection is gone."""


def encode(code, payload):
    return HEADER.pack(code, len(payload)) + payload


def _read_exact(sock, n):
    chunks = []
    while n > 0:
        chunk = sock.recv(min(n, 1 << 20))
        if not chunk:
            raise ConnectionClosed()
        chunks.append(chunk)
        n -= len(chunk)
    return b''.join(chunks)


def _skip(sock, n):
    while n > 0:
        chunk = sock.recv(min(n, 1 << 20))
        if not chunk:
            raise ConnectionClosed()
        n -= len(chunk)


def read_frame(sock):
    """Returns (code, payload); payload is None when it was over MAX_BODY_BYTES (skipped, never buffered)."""
    code, length = HEADER.unpack(_read_exact(sock, HEADER.size))
    if length > MAX_BODY_BYTES:
        _skip(sock, length)
        return code, None
    return code, _read_exact(sock, length)


def parse_json(payload):
    if payload is None:
        raise ProtocolError(413, 'Request body is too large.')
    if not payload:
        return {}
    try:
        return json.loads(payload.decode('utf-8'))
    except ValueError as err:
        raise ProtocolError(400, 'Request body is not valid JSON: %s' % err)


def encode_reply(status, body):
    if isinstance(body, bytes):
        return encode(status, body)
    try:
        payload = json.dumps(body, ensure_ascii=False, allow_nan=False).encode('utf-8', 'surrogatepass')
    except (TypeError, ValueError, RecursionError) as err:
        # A result JSON cannot express (a set, NaN, a cycle) is the action's fault, not the proxy's.
        status = 502
        payload = json.dumps({'error': 'The action result cannot be serialized to JSON: %s' % err}).encode('utf-8')
    return encode(status, payload)
