// Text that looks like a formula is written as text and formatted as text ("@"), so Excel keeps it as
// text even when someone edits the cell; other cells keep their formats.
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { writeWorkbook } from '../../../src/adapters/xlsx/write-workbook';
import type { SheetLayout } from '../../../src/render/sheet-layout';

const RISKY = ['=HYPERLINK("http://evil","click")', "=cmd|' /C calc'!A0", '+44 20 7230 1212', '-- see note', '@risk review', '\t=1+1', ' =SUM(A1:A2)'];

test('formula-looking text: string value, text format, no formula in the sheet XML', async () => {
  const layout: SheetLayout = {
    name: 'Milestone Register',
    columnWidths: [30, 30],
    rows: [['Milestone', 'Due'], ...RISKY.map((t, i) => [t, i === 0 ? new Date(Date.UTC(2018, 2, 31)) : 'Q4 2017-18'])],
    styles: [{ range: { top: 1, left: 0, bottom: RISKY.length, right: 1 }, style: { wrap: true } }],
    merges: [],
    validations: [],
    iconRules: [],
  };
  const { bytes } = await writeWorkbook(null, [layout]);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  const ws = wb.getWorksheet('Milestone Register')!;
  RISKY.forEach((t, i) => {
    const cell = ws.getCell(i + 2, 1);
    expect(cell.value).toBe(t);
    expect(cell.type).toBe(ExcelJS.ValueType.String);
    expect(cell.numFmt).toBe('@');
    expect(cell.alignment?.wrapText).toBe(true);
  });
  expect(ws.getCell(3, 2).numFmt ?? 'General').not.toBe('@');
  expect(ws.getCell(2, 2).numFmt).toBe('dd/mm/yyyy');
  const zip = await JSZip.loadAsync(bytes);
  const sheets = Object.keys(zip.files).filter((f) => /^xl\/worksheets\/sheet\d+\.xml$/.test(f));
  for (const f of sheets) expect(await zip.file(f)!.async('string')).not.toMatch(/<f>/);
});
