/** Splits `payload` on `separator` (default a newline). */
function main(params) {
  const payload = params.payload === undefined || params.payload === null ? '' : String(params.payload);
  const separator = typeof params.separator === 'string' ? params.separator : '\n';
  return { lines: payload.split(separator), payload: payload };
}
