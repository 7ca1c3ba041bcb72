// The same workbook reads the same through both readers: numbers under date, time, duration and plain formats, in a
// real .xlsx written by exceljs and read by our file reader (its styles part), and as Excel's Range.values hands them
// to the Office adapter (the value and its number format code).
import * as ExcelJS from 'exceljs';
import { unzipSync, strFromU8 } from 'fflate';
import { fromExcelValue } from '../../src/adapters/office/excel-values';
import { readWorkbookBytes } from '../../src/adapters/xlsx/read-workbook';

/** Codes exceljs stores as Excel's built-in ids (14, 18, 20, 21, 45, 46) and as custom formats. */
const FORMATS = [
  'mm-dd-yy', 'dd/mm/yyyy', 'd mmmm yyyy', 'dd/mm/yyyy hh:mm', 'mmm-yy',
  'h:mm AM/PM', 'h:mm', 'h:mm:ss', 'mm:ss', 'hh"h"mm',
  '[h]:mm:ss', '[h]:mm', '[mm]:ss',
  'General', '0.00', '"Q"0', '0.0_m', '0.00E+00', '[Red]0;[Blue]-0',
];
/** A day, a day and a time, a time of day, a duration over a day, Excel's 0 Jan 1900, a negative, past 9999. */
const VALUES = [43190, 43190.75, 0.5, 1.25, 0, -3, 2958466];

async function writtenWorkbook(): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Formats');
  FORMATS.forEach((numFmt, r) =>
    VALUES.forEach((value, c) => {
      const cell = ws.getCell(r + 1, c + 1);
      cell.value = value;
      cell.numFmt = numFmt;
    }),
  );
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

test('a number under each format reads the same from the file and from Excel', async () => {
  const bytes = await writtenWorkbook();
  const read = await readWorkbookBytes(bytes, 'formats.xlsx');
  if (!read.ok) throw new Error(read.issue.message);
  const fromFile = read.workbook.sheets[0]?.rows ?? [];
  const fromExcel = FORMATS.map((format) => VALUES.map((value) => fromExcelValue(value, 'Double', format)));
  expect(fromFile).toEqual(fromExcel);

  // What the rows hold: a date only under a calendar date format and only where Excel shows one.
  const kinds = fromExcel.map((row, r) => `${FORMATS[r]}: ${row.map((v) => (v instanceof Date ? v.toISOString().slice(0, 16) : String(v))).join(' ')}`);
  expect(kinds).toContain('dd/mm/yyyy: 2018-03-31T00:00 2018-03-31T18:00 0.5 1900-01-01T06:00 0 -3 2958466');
  expect(kinds).toContain('mm-dd-yy: 2018-03-31T00:00 2018-03-31T18:00 0.5 1900-01-01T06:00 0 -3 2958466');
  expect(kinds).toContain('h:mm: 43190 43190.75 0.5 1.25 0 -3 2958466');
  expect(kinds).toContain('[h]:mm:ss: 43190 43190.75 0.5 1.25 0 -3 2958466');
  expect(fromExcel.map((row) => row.filter((v) => v instanceof Date).length)).toEqual(FORMATS.map((_, r) => (r < 5 ? 3 : 0)));

  // The file path went through both kinds of entry in the styles part: built-in ids and custom codes.
  const styles = strFromU8(unzipSync(bytes)['xl/styles.xml'] ?? new Uint8Array());
  for (const id of [14, 18, 20, 21, 45, 46]) expect(styles).toContain(`numFmtId="${id}"`);
  expect(styles).toContain('formatCode="[h]:mm"');
});
