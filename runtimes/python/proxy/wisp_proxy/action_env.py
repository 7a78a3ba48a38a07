"""Environment an action sees: init parameters at /init, the `__OW_*` context at every /run."""

import json
import os


def _env_string(value):
    if isinstance(value, str):
        return value
    if isinstance(value, (dict, list)):
        return json.dumps(value)
    if isinstance(value, bool):
        return 'true' if value else 'false'
    return str(value)


def apply_init_env(env):
    if not isinstance(env, dict):
        return
    for key, value in env.items():
        if isinstance(key, str) and key and '=' not in key and '\0' not in key and value is not None:
            os.environ[key] = _env_string(value).replace('\0', '')


def apply_run_env(body):
    for key, value in body.items():
        if key == 'value' or not isinstance(key, str) or '\0' in key or '=' in key:
            continue
        if isinstance(value, (str, int, float, bool)):
            os.environ['__OW_%s' % key.upper()] = _env_string(value).replace('\0', '')
    # Actions without provide-api-key must not see a key left by an earlier run or by /init.
    if not isinstance(body.get('api_key'), str):
        os.environ.pop('__OW_API_KEY', None)
