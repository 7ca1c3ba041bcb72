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
// Less inlining by V8's optimizing compiler: its compiles cost less (on a 2-core machine they took 1.4 s of CPU at 50k
// rows) and the hot loops run as fast. 0.59 s less CPU at 50k rows, 0.55 s at 100k (BENCHMARKS.md F1t). V8 reads the
// flag at each compile, so it holds for everything compiled from here on, in the workers too.
require('node:v8').setFlagsFromString('--max-inlined-bytecode-size-cumulative=300');
// The reader's and the Word writer's checksums, and the reader's inflate of big parts, by node:zlib, not in JavaScript.
const zlibParts = require(path.join(__dirname, '..', 'lib', 'cli', 'node-deflater.js'));
zlibParts.useZlibCrc32();
zlibParts.useZlibInflate();
require(main).runFromProcess();
