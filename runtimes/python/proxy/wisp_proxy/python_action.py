"""python:3 actions with the semantics of OpenWhisk's Python runtime (the actionloop launcher): `main(args)` returns a
dict (or a list); `exec.main` names another function; a zip holds `__main__.py` (or `exec`) with modules beside it and
may bring a `virtualenv/`; an exception becomes `{"error": str(ex)}` with its traceback in the logs."""

import importlib.machinery
import importlib.util
import os
import sys
import traceback

from .action_env import apply_init_env, apply_run_env
from .archive import ArchiveError, action_root, extract_base64_zip

CANNOT_START = 'Cannot start action. Check logs for details.'
NOT_A_DICT = 'The action did not return a dictionary or array.'
MODULE = 'main__'


PROXY_DIR = os.path.dirname(os.path.abspath(__file__))


def print_user_traceback():
    """The traceback of the exception being handled, without the proxy's own frames: the action's log shows its code."""
    etype, value, tb = sys.exc_info()
    frames = [f for f in traceback.extract_tb(tb) if not f.filename.startswith(PROXY_DIR) and not f.filename.startswith('<frozen')]
    text = ''.join(traceback.format_list(frames)) + ''.join(traceback.format_exception_only(etype, value))
    sys.stderr.write('Traceback (most recent call last):\n' + text)


class InitFailed(Exception):
    """Init failed; the reason is already in the logs."""


def _fail(text):
    sys.stderr.write(text + '\n')
    raise InitFailed()


def _activate_virtualenv(root):
    venv = os.path.join(root, 'virtualenv')
    if not os.path.isdir(venv):
        return
    activate = os.path.join(venv, 'bin', 'activate_this.py')
    if not os.path.exists(activate):
        activate = os.path.join(venv, 'Scripts', 'activate_this.py')
    if not os.path.exists(activate):
        _fail("Invalid virtualenv. Zip file does not include 'activate_this.py'.")
    with open(activate) as f:
        exec(compile(f.read(), activate, 'exec'), {'__file__': activate})


def _source_file(value):
    if value.get('binary'):
        root = action_root('/action')
        try:
            extract_base64_zip(value['code'], root)
        except ArchiveError as err:
            _fail(str(err))
        for name in ('__main__.py', 'exec'):
            if os.path.isfile(os.path.join(root, name)):
                return root, os.path.join(root, name)
        _fail('Zip file does not include __main__.py')
    root = action_root()
    path = os.path.join(root, MODULE + '.py')
    with open(path, 'w', encoding='utf-8', errors='surrogatepass') as f:
        f.write(value['code'])
    return root, path


def _load(value, main_name):
    root, path = _source_file(value)
    # Actions read bundled files with relative paths and import the modules beside __main__.py, as on OpenWhisk.
    os.chdir(root)
    sys.path.insert(0, root)
    _activate_virtualenv(root)
    # An explicit source loader: the entry file may be named `exec`, which no suffix-based finder would load.
    spec = importlib.util.spec_from_loader(MODULE, importlib.machinery.SourceFileLoader(MODULE, path))
    module = importlib.util.module_from_spec(spec)
    sys.modules[MODULE] = module
    spec.loader.exec_module(module)
    entry = getattr(module, main_name, None)
    if entry is None:
        raise ImportError("cannot import name '%s' from '%s' (%s)" % (main_name, MODULE, path))
    if not callable(entry):
        raise TypeError("'%s' is not callable" % main_name)
    return entry


class PythonAction:
    """One container runs one action: initialised once, then serving runs until the action exits the process."""

    sentinels = True

    def __init__(self):
        self.phase = 'fresh'
        self.main = None

    def init(self, body):
        if self.phase != 'fresh':
            return 403, {'error': 'Cannot initialize the action more than once.'}
        value = body.get('value') if isinstance(body, dict) and isinstance(body.get('value'), dict) else {}
        if not isinstance(value.get('code'), str) or value['code'] == '':
            return 403, {'error': 'Missing main/no code to execute.'}
        main_name = value.get('main') if isinstance(value.get('main'), str) and value.get('main') else 'main'
        self.phase = 'initializing'
        try:
            # Module-level code may read its init parameters, so env goes first.
            apply_init_env(value.get('env'))
            self.main = _load(value, main_name)
        except InitFailed:
            self.phase = 'init-failed'
            return 502, {'error': CANNOT_START}
        except SystemExit:
            self.phase = 'init-failed'
            sys.stderr.write('Command exited abruptly during initialization.\n')
            return 502, {'error': CANNOT_START}
        except BaseException:
            self.phase = 'init-failed'
            print_user_traceback()
            return 502, {'error': CANNOT_START}
        self.phase = 'ready'
        return 200, {'ok': True}

    def run(self, body):
        if self.phase == 'dead':
            return 400, {'error': 'command exited'}
        if self.phase == 'init-failed':
            return 403, {'error': 'Cannot run: the action failed to initialize.'}
        if self.phase != 'ready':
            return 403, {'error': 'Cannot run before init.'}
        message = body if isinstance(body, dict) else {}
        apply_run_env(message)
        args = message.get('value', {})
        try:
            result = self.main(args)
        except SystemExit:
            # The launcher's process ends there; so does this container's usefulness.
            self.phase = 'dead'
            return 400, {'error': 'command exited'}
        except Exception as ex:
            print_user_traceback()
            return 200, {'error': str(ex)}
        except BaseException:
            self.phase = 'dead'
            print_user_traceback()
            return 400, {'error': 'command exited'}
        if result is None or isinstance(result, (dict, list)):
            # None goes out as JSON null, which the invoker reports as an invalid response, as OpenWhisk does.
            return 200, result
        return 502, {'error': NOT_A_DICT}
