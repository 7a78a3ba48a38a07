"""Native actions, as OpenWhisk's docker skeleton runs them: the code is an executable `exec` (a zip holding it, or a
plain script); each run starts it with the JSON parameters as argv[1] (and on stdin), the last line of its stdout is
the JSON result and everything before it, and all of stderr, goes to the logs."""

import json
import os
import subprocess
import sys
import threading

from .action_env import apply_init_env, apply_run_env
from .archive import ArchiveError, extract_base64_zip

NO_BINARY = 'The action failed to generate or locate a binary. See logs for details.'
NOT_A_DICT = 'The action did not return a dictionary or array.'
# Linux refuses a single argument longer than MAX_ARG_STRLEN; past it the parameters come on stdin only.
MAX_ARG_BYTES = 131071
STUB = '#!/bin/sh\necho \'{ "error": "This is a stub action. Replace it with custom logic." }\'\n'
READ_BYTES = 65536


def _write_all(fd, data):
    while data:
        data = data[os.write(fd, data):]


def _feed(pipe, data):
    try:
        pipe.write(data)
    except OSError:
        pass  # an executable that never reads stdin closes it early
    finally:
        try:
            pipe.close()
        except OSError:
            pass


class NativeAction:
    """Runs the action's own executable from `action_dir`, the one exec-allowed (size-limited tmpfs) place."""

    sentinels = True

    def __init__(self, action_dir='/action'):
        self.action_dir = action_dir
        self.binary = os.path.join(action_dir, 'exec')
        self.phase = 'fresh'

    def init(self, body):
        if self.phase != 'fresh':
            return 403, {'error': 'Cannot initialize the action more than once.'}
        value = body.get('value') if isinstance(body, dict) and isinstance(body.get('value'), dict) else {}
        self.phase = 'init-failed'
        try:
            apply_init_env(value.get('env'))
            code = value.get('code')
            if not isinstance(code, str) or code == '':
                self._write(STUB)
            elif value.get('binary'):
                extract_base64_zip(code, self.action_dir)
            else:
                self._write(code)
            if os.path.isfile(self.binary):
                os.chmod(self.binary, 0o755)
        except (ArchiveError, OSError) as err:
            sys.stderr.write('%s\n' % err)
            return 502, {'error': NO_BINARY}
        if not (os.path.isfile(self.binary) and os.access(self.binary, os.X_OK)):
            sys.stderr.write('The action has no executable file named exec at its root.\n')
            return 502, {'error': NO_BINARY}
        self.phase = 'ready'
        return 200, {'ok': True}

    def _write(self, text):
        with open(self.binary, 'w', encoding='utf-8', errors='surrogatepass') as f:
            f.write(text)

    def run(self, body):
        if self.phase != 'ready':
            return 502, {'error': 'The action failed to locate a binary. See logs for details.'}
        message = body if isinstance(body, dict) else {}
        args = message.get('value', {})
        if not isinstance(args, (dict, list)):
            return 404, {'error': 'The action did not receive a dictionary or array as an argument.'}
        apply_run_env(message)
        data = json.dumps(args, ensure_ascii=False).encode('utf-8', 'surrogatepass')
        argv = [self.binary] if len(data) > MAX_ARG_BYTES else [self.binary, data.decode('utf-8', 'surrogateescape')]
        try:
            # stderr is the container's own: it reaches the logs as the executable writes it.
            child = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, cwd=self.action_dir, env=dict(os.environ))
        except OSError as err:
            sys.stdout.write('%s\n' % err)
            return 502, {'error': NOT_A_DICT}
        feeder = threading.Thread(target=_feed, args=(child.stdin, data), daemon=True)
        feeder.start()
        last = self._stream_logs(child.stdout)
        child.wait()
        feeder.join(1)
        return self._result(last)

    def _stream_logs(self, stdout):
        """Writes every stdout line but the last to the logs as it arrives; returns the last one."""
        sys.stdout.flush()
        held = b''
        while True:
            chunk = stdout.read1(READ_BYTES)
            if not chunk:
                return held
            held += chunk
            # A trailing newline ends the last line, it does not start a new one.
            cut = held.rfind(b'\n', 0, len(held) - 1)
            if cut != -1:
                _write_all(1, held[:cut + 1])
                held = held[cut + 1:]

    def _result(self, last):
        line = last.decode('utf-8', 'replace').strip()
        try:
            result = json.loads(line)
        except ValueError:
            result = None
        if isinstance(result, (dict, list)):
            return 200, result
        if line:
            sys.stdout.write('%s\n' % line)
        return 502, {'error': NOT_A_DICT}
