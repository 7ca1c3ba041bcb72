// The Office.js adapter on a generated tracker through the recording fake: syncs, largest request, values and format calls.
'use strict';

const path = require('node:path');
const { spawnSync } = require('node:child_process');

const ROOT = path.resolve(__dirname, '..');
const BUILD = path.join(__dirname, '.build');
// BENCH_LIB: another build's lib/ to measure instead.
const LIB = process.env.BENCH_LIB || path.join(ROOT, 'lib');

/** The adapter and the test fake are TypeScript; compile them (CommonJS) into bench/.build. */
function compileOfficeAdapter() {
  const tsc = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  const r = spawnSync(process.execPath, [tsc, '-p', path.join(__dirname, 'tsconfig.office.json')], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`compiling the Office adapter failed:\n${r.stdout}${r.stderr}`);
}

function requestBytes(req) {
  return req.ops.reduce((n, op) => n + Buffer.byteLength(JSON.stringify({ a: op.address, p: op.path, v: op.value })), 0);
}

function cellsOf(address) {
  const m = /^([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?$/.exec(address.replace(/^.*!/, ''));
  if (!m) return NaN;
  const col = (s) => [...s].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);
  const rows = m[4] ? Number(m[4]) - Number(m[2]) + 1 : 1;
  const cols = m[3] ? col(m[3]) - col(m[1]) + 1 : 1;
  return rows * cols;
}

/**
 * Styled ranges left if vertically adjacent ranges with the same columns and the same style were one range
 * (an estimate of what coalescing could reach: it ignores the order of overlapping styles).
 */
function coalescedStyleCount(styles) {
  const groups = new Map();
  for (const { range, style } of styles) {
    const key = `${range.left}:${range.right}:${JSON.stringify(style)}`;
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(range);
  }
  let n = 0;
  for (const ranges of groups.values()) {
    ranges.sort((a, b) => a.top - b.top);
    let bottom = -2;
    for (const r of ranges) {
      if (r.top > bottom + 1) n++;
      bottom = Math.max(bottom, r.bottom);
    }
  }
  return n;
}

/** Writes one layout into a fresh fake workbook and describes the traffic. */
async function measureWrite(layout) {
  const { writeLayouts } = require(path.join(BUILD, 'src/adapters/office/write-layout'));
  const { detectCapabilities } = require(path.join(BUILD, 'src/adapters/office/excel-run'));
  const { FakeExcel, officeWith } = require(path.join(BUILD, 'tests/adapters/office/fake-excel'));
  const fake = new FakeExcel([{ name: 'Tracker', rows: [['source']] }]);
  const caps = detectCapabilities(officeWith(20));
  const t = process.hrtime.bigint();
  const result = await writeLayouts(fake.context, [layout], caps);
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  const sizes = fake.requests.map(requestBytes);
  const ops = fake.requests.flatMap((r) => r.ops);
  const valueOps = ops.filter((o) => o.path === 'values');
  const valueCells = valueOps.reduce((n, o) => n + cellsOf(o.address), 0);
  const layoutCells = layout.rows.length * Math.max(layout.columnWidths.length, ...layout.rows.map((r) => r.length));
  const formatOps = ops.filter((o) => o.path.startsWith('format.') || o.path === 'numberFormat' || o.path.includes('conditionalFormats') || o.path.includes('dataValidation'));
  const singleCellFormats = formatOps.filter((o) => cellsOf(o.address) === 1).length;
  return {
    sheet: result.sheets[0]?.name,
    rows: layout.rows.length,
    syncs: fake.syncCount,
    adapterSyncs: result.stats.syncs,
    largestRequestBytes: Math.max(0, ...sizes),
    adapterEstimateBytes: result.stats.largestRequest,
    totalBytes: sizes.reduce((a, b) => a + b, 0),
    valueAssignments: valueOps.length,
    valueCellsWritten: valueCells,
    layoutCells,
    styledRanges: layout.styles.length,
    styledRangesCoalesced: coalescedStyleCount(layout.styles),
    formatCommands: formatOps.length,
    singleCellFormatCommands: singleCellFormats,
    ms,
  };
}

/** Reads the tracker back from a fake seeded with its cells (as Excel returns them) and describes the traffic. */
async function measureRead(gridSheet) {
  const { readExcelWorkbook, blockRowsFor } = require(path.join(BUILD, 'src/adapters/office/read-workbook'));
  const { detectCapabilities } = require(path.join(BUILD, 'src/adapters/office/excel-run'));
  const { FakeExcel, officeWith } = require(path.join(BUILD, 'tests/adapters/office/fake-excel'));
  const width = Math.max(...gridSheet.rows.map((r) => r.length));
  const seeded = seededSheet(gridSheet);
  const { rows, formats } = seeded;
  const fake = new FakeExcel([seeded]);
  const caps = detectCapabilities(officeWith(20));
  const t = process.hrtime.bigint();
  const result = await readExcelWorkbook(fake.context, caps);
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  // The largest response: one block's values, valueTypes and numberFormat as JSON.
  const blockRows = blockRowsFor(width);
  let largest = 0;
  for (let top = 0; top < rows.length; top += blockRows) {
    const values = [];
    const types = [];
    const fmts = [];
    for (let r = top; r < Math.min(rows.length, top + blockRows); r++) {
      const vs = [];
      const ts = [];
      const fs = [];
      for (let c = 0; c < width; c++) {
        const v = rows[r][c];
        vs.push(v ?? '');
        ts.push(v === null || v === undefined ? 'Empty' : typeof v === 'number' ? 'Double' : 'String');
        fs.push(formats[`${r},${c}`] ?? 'General');
      }
      values.push(vs);
      types.push(ts);
      fmts.push(fs);
    }
    largest = Math.max(largest, Buffer.byteLength(JSON.stringify({ values, valueTypes: types, numberFormat: fmts })));
  }
  const readRows = result.workbook.sheets[0].rows.length;
  return { rows: readRows, syncs: fake.syncCount, blockRows, largestResponseBytes: largest, ms };
}

/** A tracker sheet as Excel would hold it, to seed the fake or the simulator: dates as formatted serials, merges as addresses. */
function seededSheet(gridSheet) {
  const { dateToSerial } = require(path.join(BUILD, 'src/adapters/office/excel-values'));
  const formats = {};
  const rows = gridSheet.rows.map((row, r) =>
    row.map((v, c) => {
      if (v instanceof Date) {
        formats[`${r},${c}`] = 'dd/mm/yyyy';
        return dateToSerial(v);
      }
      return v;
    }),
  );
  const merges = gridSheet.merges.map((m) => `${addr(m.top, m.left)}:${addr(m.bottom, m.right)}`);
  return { name: gridSheet.name, rows, formats, merges };
}

function addr(r, c) {
  let n = c + 1;
  let s = '';
  while (n > 0) {
    const m = (n - 1) % 26;
    s = String.fromCharCode(65 + m) + s;
    n = Math.floor((n - 1) / 26);
  }
  return `${s}${r + 1}`;
}

async function measureOffice(input) {
  compileOfficeAdapter();
  const { readWorkbookFile } = require(path.join(LIB, 'adapters/xlsx/read-file'));
  const { runPipeline } = require(path.join(LIB, 'domain/pipeline'));
  const { renderRegisterSheet } = require(path.join(LIB, 'render/register-sheet'));
  const { renderReportSheet } = require(path.join(LIB, 'render/report-sheet'));
  const { renderIssuesSheet } = require(path.join(LIB, 'render/issues-sheet'));
  const read = await readWorkbookFile(input);
  if (!read.ok) throw new Error(read.issue.message);
  const result = runPipeline(read.workbook, {}, { readIssues: read.issues });
  return {
    read: await measureRead(read.workbook.sheets[0]),
    register: await measureWrite(renderRegisterSheet(result.register)),
    report: await measureWrite(renderReportSheet(result.report)),
    issues: await measureWrite(renderIssuesSheet(result.issues)),
  };
}

/** Writes one layout through Microsoft's own request builder (office-js-sim) and sizes each request in UTF-8 bytes. */
async function measureWriteReal(layout) {
  const { writeLayouts } = require(path.join(BUILD, 'src/adapters/office/write-layout'));
  const { detectCapabilities } = require(path.join(BUILD, 'src/adapters/office/excel-run'));
  const { officeWith } = require(path.join(BUILD, 'tests/adapters/office/fake-excel'));
  const { OfficeJsSim } = require(path.join(BUILD, 'tests/adapters/office/office-js-sim'));
  const sim = new OfficeJsSim([{ name: 'Tracker', rows: [['source']] }]);
  const t = process.hrtime.bigint();
  const result = await sim.run((ctx) => writeLayouts(ctx, [layout], detectCapabilities(officeWith(20))));
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  const work = sim.requests.filter((r) => !r.cleanup);
  const cleanup = sim.requests.filter((r) => r.cleanup);
  return {
    sheet: result.sheets[0]?.name,
    rows: layout.rows.length,
    requests: sim.requests.length,
    syncs: result.stats.syncs,
    largestRequestBytes: Math.max(0, ...work.map((r) => r.bytes)),
    cleanupRequestBytes: Math.max(0, ...cleanup.map((r) => r.bytes)),
    totalBytes: sim.requests.reduce((n, r) => n + r.bytes, 0),
    ms,
  };
}

/** The tracker read back through the real request builder, seeded with its cells as Excel holds them. */
async function measureReadReal(gridSheet) {
  const { readExcelWorkbook } = require(path.join(BUILD, 'src/adapters/office/read-workbook'));
  const { detectCapabilities } = require(path.join(BUILD, 'src/adapters/office/excel-run'));
  const { officeWith } = require(path.join(BUILD, 'tests/adapters/office/fake-excel'));
  const { OfficeJsSim } = require(path.join(BUILD, 'tests/adapters/office/office-js-sim'));
  const sim = new OfficeJsSim([seededSheet(gridSheet)]);
  const result = await sim.run((ctx) => readExcelWorkbook(ctx, detectCapabilities(officeWith(20))));
  return {
    rows: result.workbook.sheets[0].rows.length,
    merges: result.workbook.sheets[0].merges.length,
    requests: sim.requests.length,
    largestRequestBytes: Math.max(0, ...sim.requests.map((r) => r.bytes)),
    largestAnswerBytes: Math.max(0, ...sim.requests.map((r) => r.answerBytes ?? 0)),
  };
}

/** Register, report and Issues of each tracker written through the real request builder. */
async function measureOfficeReal(inputs) {
  compileOfficeAdapter();
  const { readWorkbookFile } = require(path.join(LIB, 'adapters/xlsx/read-file'));
  const { runPipeline } = require(path.join(LIB, 'domain/pipeline'));
  const { renderRegisterSheet } = require(path.join(LIB, 'render/register-sheet'));
  const { renderReportSheet } = require(path.join(LIB, 'render/report-sheet'));
  const { renderIssuesSheet } = require(path.join(LIB, 'render/issues-sheet'));
  const out = [];
  const reads = [];
  for (const input of inputs) {
    const read = await readWorkbookFile(input);
    if (!read.ok) throw new Error(read.issue.message);
    const result = runPipeline(read.workbook, {}, { readIssues: read.issues });
    const trackerRows = read.workbook.sheets[0].rows.length;
    reads.push({ tracker: path.basename(input), ...(await measureReadReal(read.workbook.sheets[0])) });
    for (const [what, render] of [
      ['register', () => renderRegisterSheet(result.register)],
      ['report', () => renderReportSheet(result.report)],
      ['issues', () => renderIssuesSheet(result.issues)],
    ]) {
      out.push({ tracker: path.basename(input), trackerRows, what, ...(await measureWriteReal(render())) });
    }
  }
  return { writes: out, reads };
}

module.exports = { measureOffice, measureOfficeReal };

if (require.main === module && process.argv[2] === '--real') {
  // node bench/office.js --real bench/.data/tracker-10k.xlsx bench/.data/tracker-50k.xlsx bench/.data/tracker-100k.xlsx
  measureOfficeReal(process.argv.slice(3)).then(
    ({ writes: rows, reads }) => {
      const mb = (b) => `${(b / 1e6).toFixed(2)} MB`;
      const kb = (b) => `${(b / 1e3).toFixed(0)} kB`;
      process.stdout.write('| tracker | sheet | layout rows | requests | largest request | clean-up request | all requests |\n|---|---|---:|---:|---:|---:|---:|\n');
      for (const r of rows) process.stdout.write(`| ${r.tracker} | ${r.what} | ${r.rows} | ${r.requests} | ${mb(r.largestRequestBytes)} | ${r.cleanupRequestBytes ? `${(r.cleanupRequestBytes / 1e3).toFixed(1)} kB` : 'none'} | ${mb(r.totalBytes)} |\n`);
      process.stdout.write('\n| tracker read back | rows | merged areas | requests | largest request | largest answer |\n|---|---:|---:|---:|---:|---:|\n');
      for (const r of reads) process.stdout.write(`| ${r.tracker} | ${r.rows} | ${r.merges} | ${r.requests} | ${kb(r.largestRequestBytes)} | ${mb(r.largestAnswerBytes)} |\n`);
    },
    (e) => {
      process.stderr.write(`${e.stack}\n`);
      process.exit(1);
    },
  );
} else if (require.main === module) {
  measureOffice(process.argv[2]).then(
    (r) => process.stdout.write(JSON.stringify(r) + '\n'),
    (e) => {
      process.stderr.write(`${e.stack}\n`);
      process.exit(1);
    },
  );
}
