'use strict';

const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');
const { HttpError, readJson, sendJson } = require('./http-io');
const { handleInit } = require('./init');
const { handleRun, abortPendingRuns } = require('./run');
const { writeSentinels } = require('./sentinel');

const SOCKET_PATH = path.resolve(process.env.WISP_PROXY_SOCKET || '/run/wisp/proxy.sock');

// The invoker waits for log sentinels after every run and after a failed init.
const ROUTES = {
  '/init': { handle: handleInit, needsSentinels: (status) => status !== 200 },
  '/run': { handle: handleRun, needsSentinels: () => true },
};

function respond(res, outcome) {
  try {
    sendJson(res, outcome.status, outcome.body);
  } catch (err) {
    // A result JSON cannot express (cycles, BigInt) is the action's fault, not the proxy's.
    sendJson(res, 502, { error: `The action result cannot be serialized to JSON: ${err.message}` });
  }
}

async function dispatch(req, res) {
  const route = ROUTES[req.url.split('?')[0]];
  if (!route) {
    sendJson(res, 404, { error: `No such endpoint: ${req.url}` });
    return;
  }
  if (req.method !== 'POST') {
    res.setHeader('Allow', 'POST');
    sendJson(res, 405, { error: `Method ${req.method} is not allowed on ${req.url}` });
    return;
  }
  let outcome;
  try {
    outcome = await route.handle(await readJson(req));
  } catch (err) {
    const status = err instanceof HttpError ? err.status : 500;
    outcome = { status, body: { error: err.message } };
  }
  if (route.needsSentinels(outcome.status)) await writeSentinels();
  respond(res, outcome);
}

function removeStaleSocket() {
  try {
    fs.unlinkSync(SOCKET_PATH);
  } catch (err) {
    if (err.code !== 'ENOENT') throw err;
  }
}

function start() {
  const server = http.createServer((req, res) => {
    dispatch(req, res).catch((err) => {
      process.stderr.write(`proxy: unexpected failure: ${err.stack || err}\n`);
      if (!res.headersSent) sendJson(res, 500, { error: 'Internal proxy error.' });
    });
  });
  // The invoker owns every timeout (action limits, keep-alive pool); a paused container
  // must not come back to a server that decided on its own to drop the connection.
  server.keepAliveTimeout = 0;
  server.headersTimeout = 0;
  server.requestTimeout = 0;
  server.timeout = 0;

  server.on('error', (err) => {
    process.stderr.write(`proxy: cannot listen on ${SOCKET_PATH}: ${err.message}\n`);
    process.exit(1);
  });

  removeStaleSocket();
  server.listen(SOCKET_PATH, () => {
    // The invoker on the host may run under another uid than the action user.
    fs.chmodSync(SOCKET_PATH, 0o666);
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

start();
