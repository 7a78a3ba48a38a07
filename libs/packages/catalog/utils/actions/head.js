/** Keeps the first `num` (default 1) of `lines`. */
function main(params) {
  const lines = Array.isArray(params.lines) ? params.lines : [];
  const num = Number.isInteger(Number(params.num)) && Number(params.num) >= 0 && params.num !== undefined ? Number(params.num) : 1;
  return { lines: lines.slice(0, num), num: num };
}
