/** Returns a friendly greeting. */
function main(params) {
  const name = params.name || 'stranger';
  const place = params.place || 'somewhere';
  return { payload: 'Hello, ' + name + ' from ' + place + '!' };
}
