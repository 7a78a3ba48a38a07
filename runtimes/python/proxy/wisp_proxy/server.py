"""Connects out to the invoker, proves itself with its token, then serves INIT and RUN frames one at a time."""

import os
import signal
import socket
import sys
import time

from . import frames
from .output import write_sentinels

CONNECT_ATTEMPTS = 50
CONNECT_RETRY_S = 0.1


def _take_settings():
    # The token proves this connection is the proxy's; it leaves the environment before any action code loads.
    path = os.environ.pop('WISP_PROXY_SOCKET', '/run/wisp/proxy.sock')
    token = os.environ.pop('WISP_PROXY_TOKEN', '')
    return path, token


def connect(path, attempts=CONNECT_ATTEMPTS):
    for attempt in range(1, attempts + 1):
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            sock.connect(path)
            return sock
        except OSError as err:
            sock.close()
            if attempt == attempts:
                sys.stderr.write('proxy: cannot connect to %s: %s\n' % (path, err))
                sys.stderr.flush()
                os._exit(1)
            time.sleep(CONNECT_RETRY_S)


def _dispatch(handler, code, payload):
    """Returns (status, body, needs_sentinels)."""
    route = {frames.INIT: handler.init, frames.RUN: handler.run}.get(code)
    if route is None:
        return 404, {'error': 'No such request code: %s' % code}, False
    try:
        status, body = route(frames.parse_json(payload))
    except frames.ProtocolError as err:
        status, body = err.status, {'error': str(err)}
    except Exception as err:  # a proxy bug must still answer, or the invoker waits for its time limit
        status, body = 500, {'error': str(err)}
    sentinels = handler.sentinels and (code == frames.RUN or status != 200)
    return status, body, sentinels


def serve(handler, sock_path=None, token=None):
    """Serves `handler` (init(body), run(body) -> (status, body); `sentinels`: whether it writes log sentinels)."""
    path, own_token = _take_settings()
    sock = connect(sock_path or path)
    sock.sendall(frames.encode(frames.HELLO, (token if token is not None else own_token).encode('utf-8')))
    # As PID 1 in the container Python gets no default signal handling; honour `docker stop`.
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: os._exit(0))
    while True:
        try:
            code, payload = frames.read_frame(sock)
        except (frames.ConnectionClosed, OSError):
            # Without its one connection the proxy cannot be reached again: the invoker never accepts a second one.
            os._exit(70)
        status, body, sentinels = _dispatch(handler, code, payload)
        if sentinels:
            write_sentinels()
        try:
            sock.sendall(frames.encode_reply(status, body))
        except OSError:
            os._exit(70)
