// The streaming floor: the least any tool must do to read a tracker and hand it back
// with a register beside it. exceljs's streaming reader reads the tracker row by row; its streaming writer writes a
// workbook of two sheets to a file: the tracker's cells copied as they come, then a second sheet of the same cells
// (standing in for the register). Run it under `/usr/bin/time -v` for CPU time and peak memory.
//
// The cells of the first sheet are kept (values only, one array per row) to write the second: a tool that hands back
// a register must hold what it read until the register is written, as the CLI holds its grid. The second sheet is not
// written while the first is open because exceljs's writer would then buffer it in memory (zip entries go one at a time).
// Shared strings and styles are on (cell formats such as dates kept), as a workbook handed back would have them.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const ExcelJS = require('exceljs');

async function floor(input, outFile) {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: outFile, useSharedStrings: true, useStyles: true });
  let cells = 0;
  let rows = 0;
  const kept = [];
  let sheets = 0;
  for await (const sheetReader of reader) {
    sheets++;
    const copy = writer.addWorksheet(sheets === 1 ? 'Copy' : `Copy ${sheets}`);
    for await (const row of sheetReader) {
      const values = [];
      row.eachCell({ includeEmpty: false }, (cell, c) => {
        values[c] = cell.value;
        cells++;
      });
      copy.getRow(row.number).values = values;
      copy.getRow(row.number).commit();
      kept.push(values);
      rows++;
    }
    copy.commit();
  }
  // The second sheet: the same cells again, one after another (the register beside the source).
  const register = writer.addWorksheet('Register');
  for (let i = 0; i < kept.length; i++) {
    const row = register.getRow(i + 1);
    row.values = kept[i];
    row.commit();
  }
  register.commit();
  await writer.commit();
  return { sheets, rows, cells, bytes: fs.statSync(outFile).size };
}

module.exports = { floor };

if (require.main === module) {
  const [input, outDir] = process.argv.slice(2);
  if (!input || !outDir) {
    process.stderr.write('usage: node bench/floor.js <input.xlsx> <out-dir>\n');
    process.exit(2);
  }
  fs.mkdirSync(outDir, { recursive: true });
  floor(input, path.join(outDir, 'floor.xlsx')).then(
    (r) => process.stdout.write(`${JSON.stringify(r)}\n`),
    (e) => {
      process.stderr.write(`${e.stack}\n`);
      process.exit(1);
    },
  );
}
