// A published snapshot at 10,000 rows: the custom XML part's size (JSON and deflated+base64) and the time to build and
// to read it back, on the bench trackers (short updates, and ~650-character updates). Needs the compiled lib/.
// Usage: node bench/snapshot.js [--rows=10000] [--runs=5]
'use strict';
const path = require('node:path');
const zlib = require('node:zlib');
const { deflateSync, inflateSync } = require('fflate');
const { generateTracker } = require('./generate-tracker');

const ROOT = path.resolve(__dirname, '..');
const LIB = path.join(ROOT, 'lib');
const arg = (name, d) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? d);
const ROWS = arg('rows', 10000);
const RUNS = arg('runs', 5);
const { readWorkbookFile } = require(path.join(LIB, 'adapters/xlsx/read-file'));
const { runPipeline } = require(path.join(LIB, 'domain/pipeline'));
const { makeSnapshot, previousFromSnapshot } = require(path.join(LIB, 'domain/snapshot'));
const { snapshotToXml, snapshotFromXml, snapshotHeaderFromXml } = require(path.join(LIB, 'domain/snapshot-xml'));

/** Real report prose (the reference report): updates cut from it compress as people's text does, unlike the generator's 13 sentences. */
const PROSE = require('node:fs').readFileSync(path.join(ROOT, '../shared/reference/000_376cbec4712c82f4.txt'), 'utf8').replace(/\s+/g, ' ');

/** Each update replaced by a slice of the prose of the same length, from a seeded place. */
function withProse(result) {
  let seed = 12345;
  const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0);
  const register = result.register.map((m) => {
    const n = Math.min(m.update.length, PROSE.length - 1);
    const at = next() % (PROSE.length - n);
    return { ...m, update: PROSE.slice(at, at + n) };
  });
  return { ...result, register };
}

const nodeDeflate = (b) => new Uint8Array(zlib.deflateRawSync(b, { level: 6 }));
const nodeInflate = (b) => new Uint8Array(zlib.inflateRawSync(b));
const fflateDeflate = (b) => deflateSync(b, { level: 6 });
const fflateInflate = (b) => inflateSync(b);

function median(fn) {
  const times = [];
  let out;
  for (let i = 0; i < RUNS; i++) {
    const t = process.hrtime.bigint();
    out = fn();
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(times.length / 2)], out };
}

async function main() {
  const k = `${Math.round(ROWS / 1000)}k`;
  const cases = [
    { label: `${k}`, file: await generateTracker(ROWS, k) },
    { label: `${k} long text`, file: await generateTracker(ROWS, `${k}-long`, { longText: true }) },
  ];
  const lines = [];
  const row = (...cells) => lines.push(`| ${cells.join(' | ')} |`);
  row('tracker', 'rows', 'encoding', 'part bytes', 'build ms', 'read ms', 'header ms');
  row('---', '---:', '---', '---:', '---:', '---:', '---:');
  for (const c of cases) {
    const read = await readWorkbookFile(c.file);
    if (!read.ok) throw new Error(read.issue.message);
    const generated = runPipeline(read.workbook, {}, { today: new Date(Date.UTC(2018, 5, 1)) });
    for (const [label, result] of [[c.label, generated], [`${c.label}, updates cut from real prose`, withProse(generated)]]) {
    const at = new Date(Date.UTC(2018, 3, 20, 9));
    for (const [encoding, deflate, inflate] of [['json', undefined, undefined], ['deflate+base64 (node:zlib)', nodeDeflate, nodeInflate], ['deflate+base64 (fflate)', fflateDeflate, fflateInflate]]) {
      const opts = deflate ? { deflate } : {};
      const build = median(() => snapshotToXml(makeSnapshot(result, {}, at), opts));
      const xml = build.out;
      const back = median(() => {
        const r = snapshotFromXml(xml, inflate ? { inflate } : {});
        if (!r.ok) throw new Error(r.issue.message);
        return previousFromSnapshot(r.snapshot);
      });
      const head = median(() => snapshotHeaderFromXml(xml));
      if (back.out.register.length !== result.register.length) throw new Error('rows lost');
      row(label, result.register.length, encoding, Buffer.byteLength(xml).toLocaleString('en-GB'), build.ms.toFixed(0), back.ms.toFixed(0), head.ms.toFixed(2));
    }
    }
  }
  console.log(`Published snapshot, median of ${RUNS} runs (node ${process.version})\n`);
  console.log(lines.join('\n'));
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
