/** Sorts `lines` (as OpenWhisk's utils/sort: JavaScript's default order). */
function main(params) {
  const lines = Array.isArray(params.lines) ? params.lines.slice() : [];
  lines.sort();
  return { lines: lines, length: lines.length };
}
