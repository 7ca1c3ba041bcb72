#!/usr/bin/env node
'use strict';
// Entry point for the `milestones` command: runs the compiled CLI (built by `npm ci` via `prepare`).
// Large trackers (100k rows) need more than Node's default heap while exceljs holds the workbook, so the
// CLI runs in a child Node with a larger heap unless the caller already chose one.
const path = require('node:path');
const fs = require('node:fs');
const { spawnSync } = require('node:child_process');
const main = path.join(__dirname, '..', 'lib', 'cli', 'main.js');
if (!fs.existsSync(main)) {
  process.stderr.write('milestones: the CLI is not built yet; run `npm run build:cli` (npm ci does this).\n');
  process.exit(2);
}
const chosen = process.execArgv.some((a) => a.startsWith('--max-old-space-size')) || /--max-old-space-size/.test(process.env.NODE_OPTIONS || '');
if (chosen || process.env.MILESTONES_CHILD === '1') {
  require(main).runFromProcess();
} else {
  const r = spawnSync(process.execPath, ['--max-old-space-size=8192', __filename, ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, MILESTONES_CHILD: '1' },
  });
  if (r.status === null) {
    process.stderr.write(`milestones: stopped (${r.signal ?? 'no exit code'}); if the tracker is very large, try a machine with more memory.\n`);
    process.exit(2);
  }
  process.exit(r.status);
}
