/** Returns the input arguments, unchanged. */
function main(params) {
  return params;
}
