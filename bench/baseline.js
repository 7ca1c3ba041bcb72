// The least any tool must do with a tracker: exceljs reads it and writes it back with a copy of its cells in a new sheet.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const ExcelJS = require('exceljs');

async function main(input, outDir) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(fs.readFileSync(input));
  const sources = wb.worksheets.slice();
  const copy = wb.addWorksheet('Copy');
  let cells = 0;
  let offset = 0;
  for (const ws of sources) {
    ws.eachRow((row, r) => {
      const target = copy.getRow(offset + r);
      row.eachCell((cell, c) => {
        target.getCell(c).value = cell.value;
        cells++;
      });
    });
    offset += ws.rowCount;
  }
  fs.mkdirSync(outDir, { recursive: true });
  fs.writeFileSync(path.join(outDir, 'baseline.xlsx'), Buffer.from(await wb.xlsx.writeBuffer()));
  process.stdout.write(`copied ${cells} cells\n`);
}

const [input, outDir] = process.argv.slice(2);
if (!input || !outDir) {
  process.stderr.write('usage: node bench/baseline.js <input.xlsx> <out-dir>\n');
  process.exit(2);
}
main(input, outDir).catch((e) => {
  process.stderr.write(`${e.stack}\n`);
  process.exit(1);
});
