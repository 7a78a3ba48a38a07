// Built-in combinator: the Wisp controller runs retry, trycatch and forwarder itself (annotation wisp-combinator),
// invoking their target actions in-process, so this code never runs in a container.
function main() {
  return { error: 'This combinator runs inside the Wisp controller, not in a container.' };
}
