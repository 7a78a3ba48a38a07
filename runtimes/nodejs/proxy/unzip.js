'use strict';

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
// In the image fflate's standalone UMD build sits in the proxy's own node_modules;
// in the repository the package resolves from the workspace.
const { unzipSync } = require('fflate');

/** Extracts a base64 zip into a new directory under the tmpfs and returns that directory. */
function extractBase64Zip(base64) {
  const archive = Buffer.from(base64, 'base64');
  let entries;
  try {
    entries = unzipSync(new Uint8Array(archive.buffer, archive.byteOffset, archive.length));
  } catch (err) {
    throw new Error(`There was an error uncompressing the action archive: ${err.message}`);
  }
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'action-'));
  for (const [name, data] of Object.entries(entries)) {
    const target = path.resolve(root, name);
    // Refuse "zip slip" entries that would land outside the action directory.
    if (target !== root && !target.startsWith(root + path.sep)) {
      throw new Error(`Zip entry escapes the action directory: ${name}`);
    }
    if (name.endsWith('/')) {
      fs.mkdirSync(target, { recursive: true });
      continue;
    }
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, data);
  }
  return root;
}

module.exports = { extractBase64Zip };
