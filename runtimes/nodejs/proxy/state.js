'use strict';

/**
 * One container runs one action: it is initialised once, then serves runs until
 * a user failure makes its process state untrustworthy.
 */
const Phase = Object.freeze({
  FRESH: 'fresh',
  INITIALIZING: 'initializing',
  READY: 'ready',
  INIT_FAILED: 'init-failed',
  DEAD: 'dead',
});

const state = {
  phase: Phase.FRESH,
  main: undefined,
  deathReason: undefined,
};

function markDead(reason) {
  if (state.phase !== Phase.DEAD) {
    state.phase = Phase.DEAD;
    state.deathReason = reason;
  }
}

module.exports = { Phase, state, markDead };
