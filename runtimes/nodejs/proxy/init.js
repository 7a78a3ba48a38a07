'use strict';

const { Phase, state } = require('./state');
const { loadSource, loadPackageDir } = require('./load');
const { extractBase64Zip } = require('./unzip');

function reply(status, body) {
  return { status, body };
}

// Init parameters arrive as JSON values but process.env only holds strings.
function toEnvString(value) {
  if (typeof value === 'string') return value;
  if (value !== null && typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function applyInitEnv(env) {
  if (env === null || typeof env !== 'object') return;
  for (const [key, value] of Object.entries(env)) {
    process.env[key] = toEnvString(value);
  }
}

function describeFailure(err) {
  if (err instanceof Error && err.stack) return err.stack;
  return String(err);
}

/** POST /init: loads the action once; the answer tells the invoker whether the container is usable. */
function handleInit(body) {
  if (state.phase !== Phase.FRESH) {
    return reply(403, { error: 'Cannot initialize the action more than once.' });
  }
  const value = body && typeof body.value === 'object' && body.value !== null ? body.value : {};
  if (typeof value.code !== 'string' || value.code === '') {
    return reply(403, { error: 'Missing main/no code to execute.' });
  }
  const mainName = typeof value.main === 'string' && value.main !== '' ? value.main : 'main';

  state.phase = Phase.INITIALIZING;
  try {
    // Module-level code may read its init parameters, so env goes first.
    applyInitEnv(value.env);
    state.main = value.binary
      ? loadPackageDir(extractBase64Zip(value.code), mainName)
      : loadSource(value.code, mainName);
    state.phase = Phase.READY;
    return reply(200, { OK: true });
  } catch (err) {
    state.phase = Phase.INIT_FAILED;
    const detail = describeFailure(err);
    // stderr is the user's activation log; the stack helps more there than in the result alone.
    process.stderr.write(`Error during initialization: ${detail}\n`);
    return reply(502, { error: `Initialization has failed due to: ${detail}` });
  }
}

module.exports = { handleInit };
