// The writer's handling of the source's sharedStrings.xml alone, with no new string added: openSourcePackage +
// readSourceFacts (which counts the <si>s), then SharedStrings.write of the source part into the zip, as
// src/adapters/xlsx/write-workbook.ts does. Prints the peak RSS after each. Run under /usr/bin/time -v:
//   /usr/bin/time -v node bench/shared-strings.js bench/.data/tracker-100k-long.xlsx
'use strict';

const fs = require('node:fs');
const path = require('node:path');

const LIB = path.join(process.env.BENCH_LIB || path.join(__dirname, '..', 'lib'), 'adapters', 'xlsx');
const { openSourcePackage } = require(path.join(LIB, 'package-reader'));
const { readSourceFacts } = require(path.join(LIB, 'source-facts'));
const { SharedStrings } = require(path.join(LIB, 'shared-strings-writer'));
const { ZipWriter } = require(path.join(LIB, 'zip-entries'));

async function main(input) {
  const peak = () => `${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`;
  const bytes = fs.readFileSync(input);
  process.stderr.write(`file read: peak ${peak()}\n`);
  const pkg = openSourcePackage(bytes);
  const facts = readSourceFacts(pkg);
  if (!facts.sharedStrings) throw new Error('the source has no shared strings part');
  const size = pkg.part(facts.sharedStrings.path).entry?.size ?? 0;
  process.stderr.write(`readSourceFacts (${facts.sharedStrings.count} strings, ${(size / 1e6).toFixed(1)} MB unzipped): peak ${peak()}\n`);
  const zip = new ZipWriter();
  const strings = new SharedStrings(facts.sharedStrings.count);
  await strings.write(zip.openPart(facts.sharedStrings.path), pkg.text(facts.sharedStrings.path), pkg.conformance, async () => {});
  process.stderr.write(`SharedStrings.write of the source part alone: peak ${peak()}\n`);
}

main(process.argv[2]).catch((e) => {
  process.stderr.write(`${e.stack}\n`);
  process.exit(1);
});
