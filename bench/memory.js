// What the CLI's memory is made of, step by step: the heap still in use after a full GC at the end of each step (what the
// step keeps), beside the process's peak RSS so far. Run with --expose-gc:
//   node --expose-gc bench/memory.js bench/.data/tracker-100k-long.xlsx [--unslice] [--objects]
// --objects: after the core step, the heap's live objects counted from a heap snapshot (each is visited at every full
// collection, so their number is what marking costs): all of them, strings, sliced strings, and objects whose fields
// did not fit in themselves (their property arrays).
// --unslice: after the read, every string in the grid is copied into a string of its own and the heap measured again.
// V8 keeps a substring (`xml.slice`, a regex group) of 13+ characters as a "sliced string" pointing into its parent, so
// one cell's text keeps the whole decoded part (sharedStrings.xml or the sheet's XML, tens to hundreds of MB, two bytes
// a character once the part holds one non-Latin-1 character) alive for as long as the grid lives. The drop shows how much.
'use strict';

const fs = require('node:fs');
const path = require('node:path');

const LIB = process.env.BENCH_LIB || path.join(__dirname, '..', 'lib');
const MB = 2 ** 20;

function retained() {
  global.gc();
  global.gc();
  const m = process.memoryUsage();
  return { heapUsed: m.heapUsed / MB, external: m.external / MB, rss: m.rss / MB, peakRss: process.resourceUsage().maxRSS / 1024 };
}

function line(name, m, ms) {
  process.stderr.write(`${name.padEnd(22)} ${(ms / 1000).toFixed(2).padStart(6)} s   kept: heap ${m.heapUsed.toFixed(0).padStart(5)} MB, external ${m.external.toFixed(0).padStart(4)} MB   peak RSS so far ${m.peakRss.toFixed(0).padStart(5)} MB\n`);
}

/** Copies a string into new storage (no slice, no cons): through UTF-8 bytes and back. */
function own(s) {
  return s.length >= 13 ? Buffer.from(s, 'utf8').toString('utf8') : s;
}

/** The live heap's objects by kind, from a heap snapshot (taken after a full collection). */
function liveObjects() {
  global.gc();
  const file = require('node:v8').writeHeapSnapshot(path.join(require('node:os').tmpdir(), `memory-bench-${process.pid}.heapsnapshot`));
  const snap = JSON.parse(fs.readFileSync(file, 'utf8'));
  fs.unlinkSync(file);
  const meta = snap.snapshot.meta;
  const fields = meta.node_fields.length;
  const typeAt = meta.node_fields.indexOf('type');
  const nameAt = meta.node_fields.indexOf('name');
  const types = meta.node_types[0];
  const count = { all: 0, strings: 0, slicedStrings: 0, propertyArrays: 0 };
  for (let i = 0; i < snap.nodes.length; i += fields) {
    const type = types[snap.nodes[i + typeAt]];
    count.all++;
    if (type === 'string' || type === 'concatenated string' || type === 'sliced string') count.strings++;
    if (type === 'sliced string') count.slicedStrings++;
    if (type === 'hidden' && snap.strings[snap.nodes[i + nameAt]] === 'system / PropertyArray') count.propertyArrays++;
  }
  return count;
}

async function main(input, unslice, objects) {
  if (typeof global.gc !== 'function') throw new Error('run with node --expose-gc');
  const { readWorkbookFile } = require(path.join(LIB, 'adapters/xlsx/read-file'));
  const { runPipeline } = require(path.join(LIB, 'domain/pipeline'));
  const { renderRegisterSheet } = require(path.join(LIB, 'render/register-sheet'));
  const { renderReportSheet } = require(path.join(LIB, 'render/report-sheet'));
  const { renderIssuesSheet } = require(path.join(LIB, 'render/issues-sheet'));
  const { reportDocxBytes } = require(path.join(LIB, 'adapters/docx/write-docx'));
  const { writeWorkbook } = require(path.join(LIB, 'adapters/xlsx/write-workbook'));
  const { reportScale } = require(path.join(LIB, 'domain/report-model'));
  const { makeSnapshot } = require(path.join(LIB, 'domain/snapshot'));
  const { snapshotXmlPieces, SNAPSHOT_NAMESPACE } = require(path.join(LIB, 'domain/snapshot-xml'));
  const { rawDeflateStream } = require(path.join(LIB, 'cli/node-deflater'));
  const { nodeDeflater } = require(path.join(LIB, 'cli/node-deflater'));
  const { REGISTER_SHEET_NAME, ISSUES_SHEET_NAME, reportSheetName } = require(path.join(LIB, 'shared/excel-rules'));
  const { reportPeriod } = require(path.join(LIB, 'render/report-text'));
  const out = {};
  const step = async (name, f) => {
    const t = Date.now();
    const v = await f();
    const ms = Date.now() - t;
    out[name] = { ms, ...retained() };
    line(name, out[name], ms);
    return v;
  };
  line('start', retained(), 0);
  const bytes = fs.readFileSync(input);
  const read = await step('read', () => readWorkbookFile(input));
  if (!read.ok) throw new Error(read.issue.message);
  if (unslice) {
    let strings = 0;
    let chars = 0;
    await step('read, strings owned', () => {
      for (const sheet of read.workbook.sheets) {
        for (const row of sheet.rows) {
          if (!row || Object.isFrozen(row)) continue;
          for (let c = 0; c < row.length; c++) {
            if (typeof row[c] === 'string') {
              strings++;
              chars += row[c].length;
              row[c] = own(row[c]);
            }
          }
        }
      }
    });
    process.stderr.write(`  (the grid's text: ${strings} strings, ${(chars / 1e6).toFixed(1)} M characters)\n`);
    out.gridText = { strings, chars };
  }
  const result = await step('core', () => runPipeline(read.workbook, {}, { readIssues: read.issues }));
  if (objects) {
    out.liveObjects = liveObjects();
    process.stderr.write(`  (live objects after the core: ${JSON.stringify(out.liveObjects)})\n`);
  }
  // Close to src/cli/run-job.ts: the grid let go (the package is copied from its bytes), the snapshot made (here whole, to
  // measure what it holds; the CLI streams it into its part), then each sheet laid out as the writer reaches it and let go
  // once written, the file's bytes going to disk as they are made. The CLI also keeps past updates deflated (not here).
  read.workbook.sheets = [];
  const customXml = await step('snapshot', () => [{ xml: Buffer.concat([...snapshotXmlPieces(makeSnapshot(result, {}, new Date()), rawDeflateStream)]).toString('utf8'), namespace: SNAPSHOT_NAMESPACE }]);
  const scale = reportScale(result.report);
  const layouts = [
    { name: REGISTER_SHEET_NAME, rowCount: result.register.length + 1, render: () => renderRegisterSheet(result.register, scale) },
    { name: reportSheetName(reportPeriod(result.report)), rowCount: result.register.length, render: () => renderReportSheet(result.report) },
    { name: ISSUES_SHEET_NAME, rowCount: result.issues.length + 1, render: () => renderIssuesSheet(result.issues) },
  ];
  const outFile = path.join(require('node:os').tmpdir(), `memory-bench-${process.pid}.xlsx`);
  const fd = fs.openSync(outFile, 'w');
  let size = 0;
  await step('write register.xlsx', () =>
    writeWorkbook({ bytes, fileName: path.basename(input) }, layouts, {
      deflater: nodeDeflater,
      customXml,
      output: (chunk) => {
        fs.writeSync(fd, chunk);
        size += chunk.length;
      },
    }),
  );
  fs.closeSync(fd);
  fs.unlinkSync(outFile);
  const docx = await step('report.docx', () => reportDocxBytes(result.report, { deflater: nodeDeflater }));
  out.outBytes = { register: size, docx: docx.length };
  return out;
}

if (require.main === module) {
  const input = process.argv[2];
  if (!input) {
    process.stderr.write('usage: node --expose-gc bench/memory.js <tracker.xlsx> [--unslice] [--objects]\n');
    process.exit(2);
  }
  main(input, process.argv.includes('--unslice'), process.argv.includes('--objects')).then(
    (r) => process.stdout.write(`${JSON.stringify(r)}\n`),
    (e) => {
      process.stderr.write(`${e.stack}\n`);
      process.exit(1);
    },
  );
}
