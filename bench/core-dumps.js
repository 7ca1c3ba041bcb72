// Dumps JSON.stringify of runPipeline's whole result (mappings, register, report, issues...) for the bench trackers,
// the demo sample and every fixture, in several settings, so a change to the core can be proved not to change
// any output: dump before, dump after, compare byte for byte (`cmp` each file, or `diff -r`).
// Usage: node bench/core-dumps.js <outDir> [--lib=<compiled lib, default lib/>] [--reader=<lib whose xlsx reader to use>]
// Give both runs the same --reader (e.g. a copy of lib/ from before the change), so only the core differs.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const crypto = require('node:crypto');

const ROOT = path.resolve(__dirname, '..');
const arg = (name) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const OUT = path.resolve(process.argv.slice(2).find((a) => !a.startsWith('--')) ?? path.join(__dirname, '.out', 'core-dumps'));
const LIB = path.resolve(arg('lib') ?? path.join(ROOT, 'lib'));
const READER = path.resolve(arg('reader') ?? LIB);
const { readWorkbookFile } = require(path.join(READER, 'adapters/xlsx/read-file'));
const { runPipeline } = require(path.join(LIB, 'domain/pipeline'));

function walk(d) {
  return fs.readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : [path.join(d, e.name)]));
}

const TODAY = new Date(Date.UTC(2018, 5, 1));

async function main() {
  const inputs = [
    'bench/.data/tracker-1k.xlsx', 'bench/.data/tracker-10k.xlsx', 'bench/.data/tracker-100k.xlsx',
    'samples/met-tracker-2017-18.xlsx',
    ...walk(path.join(ROOT, 'tests/fixtures')).map((f) => path.relative(ROOT, f)).filter((f) => /\.(xlsx|csv)$/.test(f)).sort(),
    '../shared/samples/gmpp-2023.csv',
  ];
  const expectations = new Map();
  for (const f of fs.readdirSync(path.join(ROOT, 'tests/fixtures')).filter((x) => x.endsWith('.expected.json'))) {
    const e = JSON.parse(fs.readFileSync(path.join(ROOT, 'tests/fixtures', f), 'utf8'));
    expectations.set(`tests/fixtures/${e.input}`, e);
  }
  fs.mkdirSync(OUT, { recursive: true });
  for (const rel of inputs) {
    const file = path.resolve(ROOT, rel);
    if (!fs.existsSync(file)) {
      process.stdout.write(`skipped (missing): ${rel}\n`);
      continue;
    }
    const read = await readWorkbookFile(file);
    const name = rel.replace(/^\.\.\//, '').replace(/\//g, '__');
    if (!read.ok) {
      fs.writeFileSync(path.join(OUT, `${name}.readfail.json`), JSON.stringify(read.issue));
      continue;
    }
    const variants = [['default', {}, { readIssues: read.issues, today: TODAY }]];
    const e = expectations.get(rel);
    if (e) variants.push(['expected', e.config ?? {}, { readIssues: read.issues, period: e.period, today: TODAY }]);
    if (!/tracker-100k/.test(rel)) {
      variants.push(['syn-fy1', { statusSynonyms: { 'on-track': ['fine', 'TBC'], 'some-delay': ['Paused'] }, financialYearStartMonth: 1 }, { readIssues: read.issues, today: TODAY }]);
      variants.push(['period-q2', {}, { readIssues: read.issues, period: { quarter: 'Q2', financialYear: '2017-18' }, today: TODAY }]);
      variants.push(['fy-only', { financialYearStartMonth: 7 }, { period: { financialYear: '2016-17' }, today: TODAY }]);
    }
    for (const [v, config, options] of variants) {
      const json = JSON.stringify(runPipeline(read.workbook, config, options));
      fs.writeFileSync(path.join(OUT, `${name}.${v}.json`), json);
      process.stdout.write(`${name}.${v}: ${json.length} bytes, sha1 ${crypto.createHash('sha1').update(json).digest('hex').slice(0, 12)}\n`);
    }
  }
}

main().catch((err) => {
  process.stderr.write(`${err.stack}\n`);
  process.exit(1);
});
