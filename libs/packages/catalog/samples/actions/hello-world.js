/** Prints and returns a greeting. */
function main(params) {
  const who = params.payload || 'World';
  console.log('hello', who + '!');
  return { payload: 'Hello, ' + who };
}
