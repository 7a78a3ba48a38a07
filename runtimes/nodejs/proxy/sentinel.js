'use strict';

const SENTINEL = 'XXX_THE_END_OF_A_WHISK_ACTIVATION_XXX\n';

function writeTo(stream) {
  return new Promise((resolve) => {
    // The callback fires once the chunk has been handed to the OS, so the
    // invoker sees the sentinel only after everything written before it.
    stream.write(SENTINEL, () => resolve());
  });
}

/** Marks the end of one activation's logs on both streams; the invoker reads each until it sees this line. */
function writeSentinels() {
  return Promise.all([writeTo(process.stdout), writeTo(process.stderr)]);
}

module.exports = { SENTINEL, writeSentinels };
