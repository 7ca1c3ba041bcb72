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
  const { reportDocxBytes } = require(path.join(LIB, 'render/report-docx'));
  const { writeWorkbook } = require(path.join(LIB, 'adapters/xlsx/write-workbook'));

  const ms = {};
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
    process.stderr.write(`${name}: ${(ms[name] / 1000).toFixed(2)} s (CPU ${(cpuMs[name] / 1000).toFixed(2)} s), peak so far ${peakMb[name].toFixed(0)} MB\n`);
    return v;
  };
  const bytes = fs.readFileSync(input);
  const read = await time('read', () => readWorkbookFile(input));
  if (!read.ok) throw new Error(read.issue.message);
  const rowsInGrid = read.workbook.sheets.reduce((n, s) => n + s.rows.length, 0);
  const result = await time('core', () => runPipeline(read.workbook, {}, { readIssues: read.issues }));
  const layouts = await time('render sheets', () => [
    renderRegisterSheet(result.register),
    renderReportSheet(result.report),
    renderIssuesSheet(result.issues),
  ]);
  await time('write register.xlsx', () => writeWorkbook({ bytes, fileName: path.basename(input) }, layouts));
  await time('report.docx', () => reportDocxBytes(result.report));
  return {
    ms,
    cpuMs,
    peakMb,
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
    ({ ms, cpuMs, peakMb, rowsRead, entries, issues }) => {
      process.stdout.write(JSON.stringify({ ms, cpuMs, peakMb, rowsRead, entries, issues }) + '\n');
    },
    (e) => {
      process.stderr.write(`${e.stack}\n`);
      process.exit(1);
    },
  );
}
