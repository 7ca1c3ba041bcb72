// A hidden column's text sets no row height: the register's hidden "Last reported" helper has a long header that would
// otherwise make the header row four lines tall in LibreOffice, with the visible headers on its first line only.
import JSZip from 'jszip';
import { writeWorkbook } from '../../../src/adapters/xlsx/write-workbook';
import type { SheetLayout } from '../../../src/render/sheet-layout';

function layout(hiddenColumns: number[]): SheetLayout {
  return {
    name: 'Register',
    columnWidths: [10, 13],
    rows: [['ID', 'Last reported (Q3 2017-18)'], ['C1', 'On track']],
    styles: [{ range: { top: 0, left: 0, bottom: 0, right: 1 }, style: { bold: true, wrap: true } }],
    merges: [],
    validations: [],
    iconRules: [],
    hiddenColumns,
  };
}

async function firstRow(l: SheetLayout): Promise<string> {
  const zip = await JSZip.loadAsync((await writeWorkbook(null, [l])).bytes);
  const sheet = await zip.file('xl/worksheets/sheet1.xml')!.async('string');
  return /<row r="1"[^>]*>/.exec(sheet)![0];
}

test('the header row is as tall as its visible cells need, not its hidden one', async () => {
  // Shown, the long header wraps and the row is given room for it.
  expect(await firstRow(layout([]))).toMatch(/ ht="/);
  expect(await firstRow(layout([1]))).not.toMatch(/ ht="/);
});
