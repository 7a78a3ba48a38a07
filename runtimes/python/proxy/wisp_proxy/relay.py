"""The relay to an OpenWhisk action image that knows nothing about Wisp: it shares that container's network namespace
(so 127.0.0.1:8080 is the image's own proxy, with `--network none` too), dials the invoker like any Wisp proxy, and
forwards each INIT and RUN frame as `POST /init` or `POST /run`. The image writes its own log sentinels."""

import http.client
import os
import socket
import sys
import time

PORT = 8080
READY_WAIT_S = 12.0
# More than any result the invoker keeps; the rest of a hostile body is never read.
MAX_REPLY_BYTES = 8 * 1024 * 1024
CALL_TIMEOUT_S = 24 * 3600


def wait_for_port(port=PORT, wait_s=READY_WAIT_S):
    """The image's proxy starts with its container; the invoker is told the container is ready only once it listens."""
    until = time.monotonic() + wait_s
    while True:
        try:
            socket.create_connection(('127.0.0.1', port), timeout=1).close()
            return True
        except OSError:
            if time.monotonic() > until:
                return False
            time.sleep(0.05)


class Relay:
    """INIT and RUN bodies go to the image unchanged; its status and body come back unchanged."""

    sentinels = False

    def __init__(self, port=PORT):
        self.port = port

    def init(self, body):
        return self._post('/init', body)

    def run(self, body):
        return self._post('/run', body)

    def _post(self, path, body):
        import json

        payload = json.dumps(body, ensure_ascii=False).encode('utf-8', 'surrogatepass')
        conn = http.client.HTTPConnection('127.0.0.1', self.port, timeout=CALL_TIMEOUT_S)
        try:
            conn.request('POST', path, body=payload, headers={'Content-Type': 'application/json'})
            response = conn.getresponse()
            data = response.read(MAX_REPLY_BYTES)
        except (OSError, http.client.HTTPException) as err:
            # The image's proxy is gone: so is the action. Ending the relay breaks the invoker's connection at once.
            sys.stderr.write('relay: %s %s failed: %s\n' % (path, self.port, err))
            os._exit(71)
        finally:
            conn.close()
        return response.status, RawJson(data)


class RawJson(bytes):
    """A reply body passed through as the image sent it."""
