"""Entry point of Wisp's Python-based proxies: `serve.py python` (python:3 actions), `serve.py native` (the docker
skeleton's executables) or `serve.py relay` (an OpenWhisk image serving HTTP on :8080 in the same network namespace)."""

import sys

from wisp_proxy import server
from wisp_proxy.output import line_buffered

# The proxy's own directory must not shadow the action's modules (an action may well have a `server.py`).
del sys.path[0]


def main(mode):
    if mode == 'python':
        from wisp_proxy.python_action import PythonAction

        line_buffered()
        server.serve(PythonAction())
    elif mode == 'native':
        from wisp_proxy.native_action import NativeAction

        line_buffered()
        server.serve(NativeAction())
    elif mode == 'relay':
        from wisp_proxy.relay import Relay, wait_for_port

        if not wait_for_port():
            sys.stderr.write('relay: nothing listens on 127.0.0.1:8080 in the action container\n')
            sys.exit(1)
        server.serve(Relay())
    else:
        sys.stderr.write('usage: serve.py python|native|relay\n')
        sys.exit(2)


if __name__ == '__main__':
    main(sys.argv[1] if len(sys.argv) > 1 else 'python')
