'use strict';

const { Phase, state, markDead } = require('./state');

// Runs awaiting a promise; an uncaught exception elsewhere in the process ends them all.
const pendingRuns = new Set();

function reply(status, body) {
  return { status, body };
}

function describe(err) {
  try {
    return String(err);
  } catch {
    return Object.prototype.toString.call(err);
  }
}

// A rejected promise becomes an application error, so it must keep an `error` field
// even when the rejection carries nothing JSON can show.
function serializeRejection(reason) {
  if (reason instanceof Error) return reason.message || reason.name;
  if (reason === undefined || reason === null) return {};
  return reason;
}

function applyRunEnv(body) {
  for (const [key, value] of Object.entries(body)) {
    if (key === 'value') continue;
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
      process.env[`__OW_${key.toUpperCase()}`] = String(value);
    }
  }
  // Actions without provide-api-key must not see a key left by an earlier run or by /init.
  if (typeof body.api_key !== 'string') delete process.env.__OW_API_KEY;
}

function crashed(err) {
  markDead(describe(err));
  return reply(502, { error: `An error has occurred: ${describe(err)}` });
}

function awaitResult(promise) {
  return new Promise((resolve) => {
    const pending = { abort: (err) => resolve(crashed(err)) };
    pendingRuns.add(pending);
    Promise.resolve(promise)
      .then(
        (result) => resolve(toReply(result)),
        (reason) => resolve(reply(200, { error: serializeRejection(reason) })),
      )
      .finally(() => pendingRuns.delete(pending));
  });
}

function toReply(result) {
  if (result === undefined || result === null) return reply(200, {});
  if (typeof result !== 'object') {
    process.stderr.write(`Result must be of type object but has type "${typeof result}": ${describe(result)}\n`);
    return reply(502, { error: 'The action did not return a dictionary.' });
  }
  return reply(200, result);
}

function refusal() {
  switch (state.phase) {
    case Phase.READY:
      return undefined;
    case Phase.DEAD:
      return reply(502, { error: `The action container cannot run again after an earlier failure: ${state.deathReason}` });
    case Phase.INIT_FAILED:
      return reply(403, { error: 'Cannot run: the action failed to initialize.' });
    default:
      return reply(403, { error: 'Cannot run before init.' });
  }
}

/** POST /run: one activation of the initialised action. */
async function handleRun(body) {
  const refused = refusal();
  if (refused) return refused;
  const message = body !== null && typeof body === 'object' ? body : {};
  applyRunEnv(message);

  let returned;
  try {
    returned = state.main(message.value === undefined ? {} : message.value);
  } catch (err) {
    console.error(err);
    return crashed(err);
  }
  if (returned !== null && typeof returned === 'object' && typeof returned.then === 'function') {
    return awaitResult(returned);
  }
  return toReply(returned);
}

/** Called when user code throws outside any await we control: every waiting run fails the same way. */
function abortPendingRuns(err) {
  markDead(describe(err));
  for (const pending of pendingRuns) pending.abort(err);
  pendingRuns.clear();
}

module.exports = { handleRun, abortPendingRuns };
