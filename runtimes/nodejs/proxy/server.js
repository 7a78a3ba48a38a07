'use strict';

const net = require('node:net');
const path = require('node:path');
const { Code, FrameReader, ProtocolError, encodeFrame, parseJsonPayload } = require('./frames');
const { handleInit } = require('./init');
const { handleRun, abortPendingRuns } = require('./run');
const { writeSentinels } = require('./sentinel');

// The invoker listens here, in a directory it owns and mounts read-only: the proxy dials out and never listens, so
// nothing in the container can put another socket in the invoker's way.
const SOCKET_PATH = path.resolve(process.env.WISP_PROXY_SOCKET || '/run/wisp/proxy.sock');
// Proves to the invoker that this connection is the proxy's. Read and dropped before any action code is loaded.
const TOKEN = process.env.WISP_PROXY_TOKEN || '';
delete process.env.WISP_PROXY_TOKEN;
delete process.env.WISP_PROXY_SOCKET;
// The invoker accepts a connection only once it listens; it starts listening before the container starts.
const CONNECT_ATTEMPTS = 50;
const CONNECT_RETRY_MS = 100;

// The invoker waits for log sentinels after every run and after a failed init.
const ROUTES = {
  [Code.INIT]: { handle: handleInit, needsSentinels: (status) => status !== 200 },
  [Code.RUN]: { handle: handleRun, needsSentinels: () => true },
};

function encodeReply(outcome) {
  try {
    return encodeFrame(outcome.status, Buffer.from(JSON.stringify(outcome.body), 'utf8'));
  } catch (err) {
    // A result JSON cannot express (cycles, BigInt) is the action's fault, not the proxy's.
    const body = { error: `The action result cannot be serialized to JSON: ${err.message}` };
    return encodeFrame(502, Buffer.from(JSON.stringify(body), 'utf8'));
  }
}

async function dispatch(frame) {
  const route = ROUTES[frame.code];
  if (!route) return { status: 404, body: { error: `No such request code: ${frame.code}` } };
  let outcome;
  try {
    if (frame.oversize) throw new ProtocolError(413, 'Request body is too large.');
    outcome = await route.handle(parseJsonPayload(frame.payload));
  } catch (err) {
    const status = err instanceof ProtocolError ? err.status : 500;
    outcome = { status, body: { error: err.message } };
  }
  if (route.needsSentinels(outcome.status)) await writeSentinels();
  return outcome;
}

/** Serves frames in arrival order, one at a time, each answered by exactly one reply frame. */
function serve(socket) {
  let queue = Promise.resolve();
  const reader = new FrameReader((frame) => {
    queue = queue
      .then(() => dispatch(frame))
      .then((outcome) => {
        // One writev for header and payload: a reply costs one syscall.
        socket.cork();
        for (const part of encodeReply(outcome)) socket.write(part);
        socket.uncork();
      })
      .catch((err) => process.stderr.write(`proxy: unexpected failure: ${err.stack || err}\n`));
  });
  socket.on('data', (chunk) => reader.push(chunk));
  socket.write(Buffer.concat(encodeFrame(Code.HELLO, Buffer.from(TOKEN, 'utf8'))));
}

// Without its one connection the proxy cannot be reached again: the invoker never accepts a second one.
function exitWhenClosed(socket) {
  socket.on('error', () => undefined);
  socket.on('close', () => process.exit(70));
}

function connect(attempt) {
  const socket = net.connect(SOCKET_PATH);
  socket.once('connect', () => {
    socket.removeAllListeners('error');
    exitWhenClosed(socket);
    serve(socket);
  });
  socket.once('error', (err) => {
    if (attempt >= CONNECT_ATTEMPTS) {
      process.stderr.write(`proxy: cannot connect to ${SOCKET_PATH}: ${err.message}\n`);
      process.exit(1);
    }
    setTimeout(() => connect(attempt + 1), CONNECT_RETRY_MS);
  });
}

// User code that throws from a timer or leaves a rejection unhandled poisons the process:
// fail whatever is running and refuse later runs, but keep answering so the invoker learns why.
process.on('uncaughtException', (err) => {
  console.error(err);
  abortPendingRuns(err);
});

// As PID 1 in the container node gets no default signal handling; honour `docker stop`.
for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => process.exit(0));
}

connect(1);
