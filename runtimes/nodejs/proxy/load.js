'use strict';

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const vm = require('node:vm');
const { createRequire } = require('node:module');

const MODULE_PARAMS = ['exports', 'require', 'module', '__filename', '__dirname'];

// Appended to plain sources so a top-level `function main` (OpenWhisk's classic
// style, never exported) can be found by name; a direct eval sees the module scope.
const SCOPE_PROBE = '\n;module.__wispScopeLookup = function (name) { try { return eval(name); } catch (e) { return undefined; } };\n';

function pickEntry(mainName, scopeLookup, exported) {
  const candidates = [
    scopeLookup ? scopeLookup(mainName) : undefined,
    exported != null ? exported[mainName] : undefined,
    exported,
  ];
  const entry = candidates.find((candidate) => typeof candidate === 'function');
  if (!entry) {
    throw new Error(`Action entrypoint '${mainName}' is not a function.`);
  }
  return entry;
}

/** Evaluates plain action source as a CommonJS module and returns its entry function. */
function loadSource(code, mainName) {
  const dirname = path.join(os.tmpdir(), 'action');
  const filename = path.join(dirname, 'index.js');
  const compiled = vm.compileFunction(code + SCOPE_PROBE, MODULE_PARAMS, { filename });
  const mod = { exports: {}, filename, id: filename };
  compiled.call(mod.exports, mod.exports, createRequire(filename), mod, filename, dirname);
  return pickEntry(mainName, mod.__wispScopeLookup, mod.exports);
}

/** Requires an extracted zip action the way Node resolves a package directory. */
function loadPackageDir(dir, mainName) {
  if (!fs.existsSync(path.join(dir, 'package.json')) && !fs.existsSync(path.join(dir, 'index.js'))) {
    throw new Error('Zipped actions must contain either package.json or index.js at the root.');
  }
  // Actions read bundled files with relative paths, as they do on OpenWhisk.
  process.chdir(dir);
  return pickEntry(mainName, undefined, require(dir));
}

module.exports = { loadSource, loadPackageDir };
