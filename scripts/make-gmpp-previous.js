// Writes tests/fixtures/compare/gmpp-2022-previous.csv: the GMPP 2022-23 sample (../shared/samples/gmpp-2023.csv)
// made into a made-up previous year by the edits listed in EDITS, so the changes block can be checked against them.
// Same encoding (Windows-1252), separator (;) and columns as the original; every other cell is copied as it is.
'use strict';

const fs = require('fs');
const path = require('path');
const Papa = require('papaparse');

const ROOT = path.resolve(__dirname, '..');
const CANDIDATES = [path.resolve(ROOT, '../shared/samples/gmpp-2023.csv'), path.resolve(ROOT, '../../shared/samples/gmpp-2023.csv')];
const SOURCE = CANDIDATES.find((f) => fs.existsSync(f));
const OUT = path.join(ROOT, 'tests/fixtures/compare/gmpp-2022-previous.csv');

// Columns: 0 year, 1 project_number, 2 project_name, 3 department, 6 and 7 colour_rating (one of them filled), 10 end_date.
const RATING = [6, 7];
const END = 10;

/** Each edit: the project, what the previous year said, and what the current file says (checked before editing). */
const EDITS = [
  { id: 'CO_0024_2021-Q2', rating: { was: 'Amber', previous: 'Green' } }, // on track -> some delay: worse
  { id: 'CO_0210_2223-Q4', rating: { was: 'Green', previous: 'Amber' } }, // some delay -> on track: recovered
  { id: 'CO_0028_2021-Q4', rating: { was: 'Red', previous: 'Amber' } }, // Amber -> Red: both "some delay" on the default scale
  { id: 'CO_0020_1718-Q4', end: { was: '31.03.2023', previous: '31.12.2022' } }, // due Q3 2022-23 -> Q4 2022-23
  { id: 'DEFRA_0009_2021-Q3', end: { was: '31.12.2030', previous: '31.12.2029' } }, // due Q3 2029-30 -> Q3 2030-31
  { id: 'CO_0176_2223-Q3', remove: true }, // not in the previous year: new
];
/** A project the previous year had and the current one does not: dropped. Made up, not a real GMPP project. */
const ADDED = ['2022', 'CO_9999_1920-Q1', 'Legacy Estates Consolidation (made-up row)', 'CO', 'Government Transformation and Service Delivery',
  'A made-up project that left the portfolio, to test "dropped".', '', 'Green', 'Closed during the year.', '01.04.2019', '31.03.2022',
  '', '', '', '', '', '', '', ''];

function main() {
  if (!SOURCE) throw new Error(`gmpp-2023.csv not found in ${CANDIDATES.join(' or ')}`);
  const text = new TextDecoder('windows-1252').decode(fs.readFileSync(SOURCE));
  const parsed = Papa.parse(text, { delimiter: ';' });
  const [header, ...rows] = parsed.data.filter((r) => r.length > 1);
  const out = [header];
  for (const row of rows) {
    const edit = EDITS.find((e) => e.id === row[1]);
    const r = [...row];
    r[0] = r[0] === '2023' ? '2022' : r[0];
    if (edit?.remove) {
      edit.done = true;
      continue;
    }
    if (edit?.rating) {
      const col = RATING.find((c) => r[c] === edit.rating.was);
      if (col === undefined) throw new Error(`${edit.id}: rating is not ${edit.rating.was}`);
      r[col] = edit.rating.previous;
      edit.done = true;
    }
    if (edit?.end) {
      if (r[END] !== edit.end.was) throw new Error(`${edit.id}: end_date is ${r[END]}, not ${edit.end.was}`);
      r[END] = edit.end.previous;
      edit.done = true;
    }
    out.push(r);
  }
  for (const e of EDITS) if (!e.done) throw new Error(`${e.id} not found`);
  if (ADDED.length !== header.length) throw new Error('the added row has the wrong number of cells');
  out.push(ADDED);
  const csv = Papa.unparse(out, { delimiter: ';', newline: '\n' }) + '\n';
  // Windows-1252 as the original: its only character beyond ASCII is "£".
  const bytes = Buffer.from([...csv].map((ch) => (ch === '£' ? 0xa3 : ch.charCodeAt(0) < 0x80 ? ch.charCodeAt(0) : -1)));
  if ([...csv].some((ch) => ch !== '£' && ch.charCodeAt(0) >= 0x80)) throw new Error('unexpected non-ASCII character');
  fs.writeFileSync(OUT, bytes);
  console.log(`wrote ${path.relative(ROOT, OUT)}: ${out.length - 1} rows`);
}

main();
