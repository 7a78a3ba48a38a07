/** Concatenates `lines` into `payload`, one per line. */
function main(params) {
  const lines = Array.isArray(params.lines) ? params.lines : [];
  return { lines: lines, payload: lines.join('\n') };
}
