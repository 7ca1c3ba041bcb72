// Profiles the CLI (node --cpu-prof) or one step of its job (--step=read|core|render|write|docx) on a generated tracker;
// prints the top self-time functions and files. Usage: node bench/profile.js [50k] [--step=write]
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { generateTracker } = require('./generate-tracker');
const { SIZES: PLAIN_SIZES, LONG_TEXT } = require('./sizes');

const SIZES = [...PLAIN_SIZES, LONG_TEXT];

const ROOT = path.resolve(__dirname, '..');
const OUT = path.join(__dirname, '.out', 'profile');

/** Self time per function and per file from a .cpuprofile (samples x their time deltas). */
function summariseProfile(profile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  for (let i = 0; i < profile.samples.length; i++) {
    const dt = profile.timeDeltas[i] ?? 0;
    self.set(profile.samples[i], (self.get(profile.samples[i]) ?? 0) + dt);
  }
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const fns = new Map();
  const files = new Map();
  for (const [id, us] of self) {
    const cf = byId.get(id).callFrame;
    const file = shortFile(cf.url) || `(${cf.functionName || 'native'})`;
    const fn = `${cf.functionName || '(anonymous)'}  ${file}${cf.url ? `:${cf.lineNumber + 1}` : ''}`;
    fns.set(fn, (fns.get(fn) ?? 0) + us);
    files.set(file, (files.get(file) ?? 0) + us);
  }
  const top = (m, n) => [...m.entries()].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, us]) => ({ name: k, ms: us / 1000, share: us / total }));
  return { totalMs: total / 1000, functions: top(fns, 25), files: top(files, 15) };
}

function shortFile(url) {
  if (!url) return '';
  const p = url.replace(/^file:\/\//, '');
  const nm = p.lastIndexOf('node_modules/');
  if (nm >= 0) return p.slice(nm + 'node_modules/'.length);
  return path.relative(ROOT, p);
}

/** Profiles one step of the job in-process (inspector), the steps before it run unprofiled. */
async function profileStep(input, step, LIB) {
  const inspector = require('node:inspector');
  const { readWorkbookFile } = require(path.join(LIB, 'adapters/xlsx/read-file'));
  const { runPipeline } = require(path.join(LIB, 'domain/pipeline'));
  const { renderRegisterSheet } = require(path.join(LIB, 'render/register-sheet'));
  const { renderReportSheet } = require(path.join(LIB, 'render/report-sheet'));
  const { renderIssuesSheet } = require(path.join(LIB, 'render/issues-sheet'));
  const { reportDocxBytes } = require(path.join(LIB, 'adapters/docx/write-docx'));
  const { writeWorkbook } = require(path.join(LIB, 'adapters/xlsx/write-workbook'));
  const { reportScale } = require(path.join(LIB, 'domain/report-model'));
  const { nodeDeflater } = require(path.join(LIB, 'cli/node-deflater'));
  // As bin/milestones.js: node:zlib's CRC-32 and inflate for the reader (BENCH_JS_ZIP=1 keeps fflate's and the JS CRC).
  if (!process.env.BENCH_JS_ZIP) for (const use of ['useZlibCrc32', 'useZlibInflate']) require(path.join(LIB, 'cli/node-deflater'))[use]?.();
  const session = new inspector.Session();
  session.connect();
  const post = (method, params) => new Promise((resolve, reject) => session.post(method, params, (e, r) => (e ? reject(e) : resolve(r))));
  const profiled = async (name, f) => {
    if (name !== step) return f();
    await post('Profiler.enable');
    await post('Profiler.start');
    const v = await f();
    const { profile } = await post('Profiler.stop');
    fs.writeFileSync(path.join(OUT, `${step}.cpuprofile`), JSON.stringify(profile));
    return v;
  };
  const read = await profiled('read', () => readWorkbookFile(input));
  const result = await profiled('core', () => runPipeline(read.workbook, {}, { readIssues: read.issues }));
  const layouts = await profiled('render', () => [renderRegisterSheet(result.register, reportScale(result.report)), renderReportSheet(result.report), renderIssuesSheet(result.issues)]);
  // As the CLI writes it: node:zlib's DEFLATE, the source copied from its bytes.
  await profiled('write', () => writeWorkbook({ bytes: fs.readFileSync(input), fileName: path.basename(input) }, layouts, { deflater: nodeDeflater }));
  await profiled('docx', () => reportDocxBytes(result.report, { deflater: nodeDeflater }));
  return path.join(OUT, `${step}.cpuprofile`);
}

async function main() {
  const step = process.argv.find((a) => a.startsWith('--step='))?.slice(7);
  const label = process.argv.slice(2).find((a) => !a.startsWith('--')) ?? '50k';
  const lib = path.join(ROOT, 'lib');
  const bin = path.join(ROOT, 'bin/milestones.js');
  const size = SIZES.find((s) => s.label === label);
  if (!size) throw new Error(`unknown size ${label}; one of ${SIZES.map((s) => s.label).join(', ')}`);
  const input = await generateTracker(size.rows, size.label, { longText: Boolean(size.longText) });
  fs.rmSync(OUT, { recursive: true, force: true });
  fs.mkdirSync(OUT, { recursive: true });
  if (step) {
    const file = await profileStep(input, step, lib);
    printSummary(`the ${step} step on ${label} rows`, file);
    return;
  }
  const run = spawnSync(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${OUT}`, bin, input, '--out', path.join(OUT, 'outputs')], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`the CLI failed: ${run.stderr}`);
  const file = fs.readdirSync(OUT).find((f) => f.endsWith('.cpuprofile'));
  printSummary(`the CLI on ${label} rows`, path.join(OUT, file));
}

function printSummary(what, file) {
  const s = summariseProfile(JSON.parse(fs.readFileSync(file, 'utf8')));
  const pct = (x) => `${(x * 100).toFixed(1).padStart(5)}%`;
  process.stdout.write(`CPU profile of ${what}: ${(s.totalMs / 1000).toFixed(1)} s sampled (${file})\n\nTop self time by file:\n`);
  for (const f of s.files) process.stdout.write(`  ${pct(f.share)}  ${(f.ms / 1000).toFixed(2).padStart(6)} s  ${f.name}\n`);
  process.stdout.write('\nTop self time by function:\n');
  for (const f of s.functions) process.stdout.write(`  ${pct(f.share)}  ${(f.ms / 1000).toFixed(2).padStart(6)} s  ${f.name}\n`);
}

module.exports = { summariseProfile };

if (require.main === module) {
  main().catch((e) => {
    process.stderr.write(`${e.stack}\n`);
    process.exit(1);
  });
}
