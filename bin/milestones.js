#!/usr/bin/env node
'use strict';
// Entry point for the `milestones` command: runs the compiled CLI (built by `npm ci` via `prepare`) in this
// process, with Node's default heap (BENCHMARKS.md, "Memory": 100k rows need under 384 MB of it).
const path = require('node:path');
const fs = require('node:fs');
const main = path.join(__dirname, '..', 'lib', 'cli', 'main.js');
if (!fs.existsSync(main)) {
  process.stderr.write('milestones: the CLI is not built yet; run `npm run build:cli` (npm ci does this).\n');
  process.exit(2);
}
// The reader's and the Word writer's checksums, and the reader's inflate of big parts, by node:zlib, not in JavaScript.
const zlibParts = require(path.join(__dirname, '..', 'lib', 'cli', 'node-deflater.js'));
zlibParts.useZlibCrc32();
zlibParts.useZlibInflate();
require(main).runFromProcess();
