// Times just the Word report step (report -> report.docx bytes) on a generated tracker, with the memory it adds.
// Usage: npm run build:cli && node --expose-gc bench/docx.js bench/.data/tracker-50k.xlsx [--out FILE] [--repeat N] [--profile] [--pane]
// --profile: a CPU profile of the (first) docx step, summarised like bench/profile.js.
// --pane: the parts deflated as in the pane (the platform's CompressionStream), not by node:zlib as the CLI does.
// The report model is built first (read + core, not timed); register.xlsx is not written.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { performance } = require('node:perf_hooks');

const LIB = process.env.BENCH_LIB || path.join(__dirname, '..', 'lib');

/** The report as .docx bytes, through the same function the CLI calls (or, for a build without it, through Packer). */
async function docxBytes(report) {
  const fs = require('node:fs');
  const adapter = path.join(LIB, 'adapters/docx/write-docx.js');
  const mod = require(fs.existsSync(adapter) ? adapter : path.join(LIB, 'render/report-docx'));
  const deflater = process.argv.includes('--pane') ? undefined : require(path.join(LIB, 'cli/node-deflater')).nodeDeflater;
  if (typeof mod.reportDocxBytes === 'function') return mod.reportDocxBytes(report, { deflater });
  const { Packer } = require('docx');
  return Packer.toBuffer(mod.renderReportDocx(report));
}

/** Starts the inspector's CPU profiler; the function returned stops it and prints the summary. */
async function startProfile() {
  const inspector = require('node:inspector');
  const { summariseProfile } = require('./profile');
  const session = new inspector.Session();
  session.connect();
  const post = (method, params) => new Promise((resolve, reject) => session.post(method, params, (e, r) => (e ? reject(e) : resolve(r))));
  await post('Profiler.enable');
  await post('Profiler.start');
  return async () => {
    const { profile } = await post('Profiler.stop');
    session.disconnect();
    const file = path.join(__dirname, '.out', 'docx.cpuprofile');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify(profile));
    const s = summariseProfile(profile);
    const pct = (x) => `${(x * 100).toFixed(1).padStart(5)}%`;
    process.stderr.write(`CPU profile of the docx step: ${(s.totalMs / 1000).toFixed(1)} s sampled (${file})\n`);
    for (const f of s.files) process.stderr.write(`  ${pct(f.share)}  ${(f.ms / 1000).toFixed(2).padStart(6)} s  ${f.name}\n`);
    for (const f of s.functions) process.stderr.write(`  ${pct(f.share)}  ${(f.ms / 1000).toFixed(2).padStart(6)} s  ${f.name}\n`);
  };
}

async function main() {
  const args = process.argv.slice(2);
  const input = args.find((a) => !a.startsWith('--') && !/^\d+$/.test(a));
  if (!input) throw new Error('usage: node --expose-gc bench/docx.js <tracker.xlsx> [--out FILE] [--repeat N]');
  const outAt = args.indexOf('--out');
  const out = outAt >= 0 ? args[outAt + 1] : undefined;
  const repeatAt = args.indexOf('--repeat');
  const repeat = repeatAt >= 0 ? Number(args[repeatAt + 1]) : 1;
  const { readWorkbookFile } = require(path.join(LIB, 'adapters/xlsx/read-file'));
  const { runPipeline } = require(path.join(LIB, 'domain/pipeline'));
  const read = await readWorkbookFile(input);
  if (!read.ok) throw new Error(read.issue.message);
  const { report } = runPipeline(read.workbook, {}, { readIssues: read.issues });
  const entries = report.sections.reduce((n, s) => n + s.themes.reduce((m, t) => m + t.entries.length, 0), 0);
  const runs = [];
  for (let i = 0; i < repeat; i++) {
    if (global.gc) global.gc();
    const before = process.memoryUsage();
    let peakRss = before.rss;
    let peakHeap = before.heapUsed + before.external + before.arrayBuffers;
    const timer = setInterval(() => {
      const m = process.memoryUsage();
      peakRss = Math.max(peakRss, m.rss);
      peakHeap = Math.max(peakHeap, m.heapUsed + m.external + m.arrayBuffers);
    }, 20);
    const profiling = args.includes('--profile') && i === 0 ? await startProfile() : undefined;
    const t = performance.now();
    const c = process.cpuUsage();
    const bytes = await docxBytes(report);
    if (profiling) await profiling();
    const ms = performance.now() - t;
    const cpu = process.cpuUsage(c);
    clearInterval(timer);
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed + m.external + m.arrayBuffers);
    if (out && i === 0) fs.writeFileSync(out, bytes);
    runs.push({
      s: +(ms / 1000).toFixed(2),
      cpuS: +((cpu.user + cpu.system) / 1e6).toFixed(2),
      extraRssMb: Math.round((peakRss - before.rss) / 2 ** 20),
      extraHeapMb: Math.round((peakHeap - (before.heapUsed + before.external + before.arrayBuffers)) / 2 ** 20),
      peakRssMb: Math.round(peakRss / 2 ** 20),
      docxKb: Math.round(bytes.length / 1024),
    });
  }
  process.stdout.write(JSON.stringify({ input: path.basename(input), entries, runs }) + '\n');
}

main().catch((e) => {
  process.stderr.write(`${e.stack}\n`);
  process.exit(1);
});
