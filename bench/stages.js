// Times each step of the CLI's job in one process (read, core, render, write xlsx, docx), the core on its own among them.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { performance } = require('node:perf_hooks');

// BENCH_LIB: a private build to measure instead (bench/what-if.js).
const LIB = process.env.BENCH_LIB || path.join(__dirname, '..', 'lib');

async function measureStages(input) {
  const { readWorkbookFile } = require(path.join(LIB, 'adapters/xlsx/read-file'));
  const { runPipeline } = require(path.join(LIB, 'domain/pipeline'));
  const { renderRegisterSheet } = require(path.join(LIB, 'render/register-sheet'));
  const { renderReportSheet } = require(path.join(LIB, 'render/report-sheet'));
  const { renderIssuesSheet } = require(path.join(LIB, 'render/issues-sheet'));
  const { reportDocxBytes } = require(path.join(LIB, 'adapters/docx/write-docx'));
  const { writeWorkbook } = require(path.join(LIB, 'adapters/xlsx/write-workbook'));
  const { reportScale } = require(path.join(LIB, 'domain/report-model'));
  const { reportJson } = require(path.join(LIB, 'cli/run-job'));
  const { writeJsonFile } = require(path.join(LIB, 'cli/json-file'));
  const { nodeDeflater } = require(path.join(LIB, 'cli/node-deflater'));
  // As bin/milestones.js: node:zlib's CRC-32 and inflate for the reader (BENCH_JS_ZIP=1 keeps fflate's and the JS CRC).
  if (!process.env.BENCH_JS_ZIP) for (const use of ['useZlibCrc32', 'useZlibInflate']) require(path.join(LIB, 'cli/node-deflater'))[use]?.();

  const ms = {};
  /** Heap and buffers in use at the end of each step (MB): what the peak is made of. */
  const mem = {};
  /** Peak resident memory (MB) reached by the end of each step: process-wide running maximum. */
  const peakMb = {};
  /** CPU time (user + system) of each step: steadier than wall time on a shared machine. */
  const cpuMs = {};
  const time = async (name, f) => {
    const t = performance.now();
    const c = process.cpuUsage();
    const v = await f();
    ms[name] = performance.now() - t;
    const d = process.cpuUsage(c);
    cpuMs[name] = (d.user + d.system) / 1000;
    peakMb[name] = process.resourceUsage().maxRSS / 1024;
    const m = process.memoryUsage();
    mem[name] = { rss: m.rss / 2 ** 20, heapUsed: m.heapUsed / 2 ** 20, heapTotal: m.heapTotal / 2 ** 20, external: m.external / 2 ** 20, arrayBuffers: m.arrayBuffers / 2 ** 20 };
    process.stderr.write(`${name}: ${(ms[name] / 1000).toFixed(2)} s (CPU ${(cpuMs[name] / 1000).toFixed(2)} s), peak so far ${peakMb[name].toFixed(0)} MB\n`);
    process.stderr.write(`  now: rss ${mem[name].rss.toFixed(0)} MB, heap used ${mem[name].heapUsed.toFixed(0)} of ${mem[name].heapTotal.toFixed(0)} MB, external ${mem[name].external.toFixed(0)} MB (array buffers ${mem[name].arrayBuffers.toFixed(0)} MB)\n`);
    return v;
  };
  const bytes = fs.readFileSync(input);
  const read = await time('read', () => readWorkbookFile(input));
  if (!read.ok) throw new Error(read.issue.message);
  const rowsInGrid = read.workbook.sheets.reduce((n, s) => n + s.rows.length, 0);
  const result = await time('core', () => runPipeline(read.workbook, {}, { readIssues: read.issues }));
  // The same calls as src/cli/run-job.ts, which lets the grid go here and lays each sheet out as the writer reaches it;
  // the three are laid out in one step here to time that apart.
  read.workbook.sheets = [];
  const layouts = await time('render sheets', () => [
    renderRegisterSheet(result.register, reportScale(result.report)),
    renderReportSheet(result.report),
    renderIssuesSheet(result.issues),
  ]);
  // As the CLI writes it: the file's bytes to disk as they are made (the grid is not needed: the package is copied).
  const tmp = fs.mkdtempSync(path.join(require('node:os').tmpdir(), 'stages-'));
  const registerFile = path.join(tmp, 'register.xlsx');
  const fd = fs.openSync(registerFile, 'w');
  await time('write register.xlsx', () =>
    writeWorkbook({ bytes, fileName: path.basename(input) }, layouts, { deflater: nodeDeflater, output: (chunk) => fs.writeSync(fd, chunk) }),
  );
  fs.closeSync(fd);
  const registerBytes = fs.statSync(registerFile).size;
  // Compressed as the CLI compresses it (node:zlib at level 1).
  const docx = await time('report.docx', () => reportDocxBytes(result.report, { deflater: nodeDeflater }));
  // The CLI's third output, written as run-job writes it (in pieces).
  const jsonFile = path.join(tmp, 'report.json');
  await time('report.json', () => writeJsonFile(jsonFile, reportJson(result)));
  const jsonBytes = fs.statSync(jsonFile).size;
  fs.rmSync(tmp, { recursive: true, force: true });
  return {
    ms,
    cpuMs,
    peakMb,
    mem,
    outBytes: { register: registerBytes, docx: docx.length, json: jsonBytes },
    rowsRead: result.report.rows.read,
    rowsInGrid,
    entries: result.report.sections.reduce((n, s) => n + s.themes.reduce((m, t) => m + t.entries.length, 0), 0),
    issues: result.issues.length,
    result,
    layouts,
  };
}

module.exports = { measureStages };

if (require.main === module) {
  const input = process.argv[2];
  measureStages(input).then(
    ({ ms, cpuMs, peakMb, mem, outBytes, rowsRead, entries, issues }) => {
      process.stdout.write(JSON.stringify({ ms, cpuMs, peakMb, mem, outBytes, rowsRead, entries, issues }) + '\n');
    },
    (e) => {
      process.stderr.write(`${e.stack}\n`);
      process.exit(1);
    },
  );
}
