// Long text the CLI read packed from a tracker's shared strings is written into the register by reference to the same
// string (t="s"), but only into a package that holds that very part, copied as stored; a package with no such part
// gets a new one holding each long text once. A package with another part, or text Excel would take for a formula,
// gets the text in its cell.
import ExcelJS from 'exceljs';
import { unzipSync } from 'fflate';
import { readWorkbookBytes } from '../../../src/adapters/xlsx/read-workbook';
import { writeWorkbook } from '../../../src/adapters/xlsx/write-workbook';
import { PackedTexts } from '../../../src/cli/packed-texts';
import { PackedText } from '../../../src/domain/grid';
import type { StreamedCell, StreamedLayout } from '../../../src/render/sheet-layout';
import { defined } from '../../checked';

const LONG = 'The board agreed the plan and the delivery partners signed the contract in March. '.repeat(5).trim();

async function tracker(texts: string[]): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Tracker');
  ws.addRow(['Update']);
  for (const t of texts) ws.addRow([t]);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

/** The tracker's cells below its header, read with long text packed. */
async function packedCells(bytes: Uint8Array): Promise<PackedText[]> {
  const read = await readWorkbookBytes(bytes, 'tracker.xlsx', { packing: { packer: new PackedTexts(), fromBytes: 0 } });
  if (!read.ok) throw new Error(read.issue.message);
  const rows = defined(read.workbook.sheets[0], 'the tracker sheet').rows.slice(1);
  return rows.map((row) => {
    const v = row[0];
    if (!(v instanceof PackedText)) throw new Error('the long text was not packed');
    return v;
  });
}

function layoutOf(cells: StreamedCell[]): StreamedLayout {
  return {
    name: 'Register',
    columnWidths: [60],
    rows: { length: cells.length + 1, width: 1, row: (r) => (r === 0 ? ['Update'] : [defined(cells[r - 1], 'a cell')]) },
    styles: [{ range: { top: 0, left: 0, bottom: cells.length, right: 0 }, style: { wrap: true } }],
    merges: [],
    validations: [],
    iconRules: [],
  };
}

/** The new sheet's XML in the written file. */
async function registerXml(source: Uint8Array | null, cells: StreamedCell[]): Promise<string> {
  const written = await writeWorkbook(source && { bytes: source, fileName: 'tracker.xlsx' }, [{ name: 'Register', rowCount: cells.length + 1, render: () => layoutOf(cells) }]);
  const files = unzipSync(written.bytes);
  const sheet = source ? 'xl/worksheets/sheet2.xml' : 'xl/worksheets/sheet1.xml';
  return new TextDecoder().decode(defined(files[sheet], sheet));
}

describe('packed shared strings in a new sheet', () => {
  const texts = [`${LONG} First.`, `${LONG} Second.`, `=${LONG}`];

  test('refer to the source string in the package they were read from; formula-like text is written as text', async () => {
    const source = await tracker(texts);
    const cells = await packedCells(source);
    expect(cells.map((c) => c.sharedIndex >= 0)).toEqual([true, true, true]);
    const xml = await registerXml(source, cells);
    expect(xml).toContain(`<c r="A2" s="1" t="s"><v>${cells[0]!.sharedIndex}</v></c>`);
    expect(xml).toContain(`<c r="A3" s="1" t="s"><v>${cells[1]!.sharedIndex}</v></c>`);
    // "=..." is kept text with the text format, in its cell, never a reference Excel might re-enter as a formula.
    expect(xml).toMatch(/<c r="A4" s="\d+" t="inlineStr"><is><t>=The board agreed/);

    // Read back by exceljs, the register shows the very texts.
    const wb = new ExcelJS.Workbook();
    const written = await writeWorkbook({ bytes: source, fileName: 'tracker.xlsx' }, [{ name: 'Register', rowCount: 4, render: () => layoutOf(cells) }]);
    await wb.xlsx.load(written.bytes as unknown as ArrayBuffer);
    const ws = defined(wb.getWorksheet('Register'), 'the Register sheet');
    expect([2, 3, 4].map((r) => ws.getCell(r, 1).value)).toEqual(texts);
  });

  test('are written as text into a package with another shared strings part', async () => {
    const cells = await packedCells(await tracker(texts));
    // The same strings in another order: the part's checksum differs, so its indices are not these.
    const other = await tracker([...texts].reverse());
    const xml = await registerXml(other, cells);
    expect(xml).not.toContain('t="s"');
    expect(xml).toContain(`<t>${LONG} First.</t>`);
  });

  test('go into a new shared strings part in a package with none, each once, formula-like text still in its cell', async () => {
    const cells = await packedCells(await tracker(texts));
    // The first text twice (a register's update beside its quarter column): one string, referred to from both cells.
    const twice = [cells[0]!, cells[1]!, cells[2]!, cells[0]!];
    const written = await writeWorkbook(null, [{ name: 'Register', rowCount: twice.length + 1, render: () => layoutOf(twice) }]);
    const files = unzipSync(written.bytes);
    const xml = new TextDecoder().decode(defined(files['xl/worksheets/sheet1.xml'], 'the sheet'));
    expect(xml).toContain('<c r="A2" s="1" t="s"><v>0</v></c>');
    expect(xml).toContain('<c r="A3" s="1" t="s"><v>1</v></c>');
    expect(xml).toMatch(/<c r="A4" s="\d+" t="inlineStr"><is><t>=The board agreed/);
    expect(xml).toContain('<c r="A5" s="1" t="s"><v>0</v></c>');
    const sst = new TextDecoder().decode(defined(files['xl/sharedStrings.xml'], 'the shared strings part'));
    expect(sst).toContain('count="3" uniqueCount="2"');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(written.bytes as unknown as ArrayBuffer);
    const ws = defined(wb.getWorksheet('Register'), 'the Register sheet');
    expect([2, 3, 4, 5].map((r) => ws.getCell(r, 1).value)).toEqual([...texts, texts[0]]);
  });

  test('short packed text (a history update of a few words) stays in its cell: the new part holds long text only', async () => {
    const store = new PackedTexts();
    const short = store.pack('Done in March.');
    const long = store.pack(`${LONG} Third.`);
    store.seal();
    const written = await writeWorkbook(null, [{ name: 'Register', rowCount: 3, render: () => layoutOf([short, long]) }]);
    const files = unzipSync(written.bytes);
    const xml = new TextDecoder().decode(defined(files['xl/worksheets/sheet1.xml'], 'the sheet'));
    expect(xml).toContain('<c r="A2" s="1" t="inlineStr"><is><t>Done in March.</t></is></c>');
    expect(xml).toContain('<c r="A3" s="1" t="s"><v>0</v></c>');
    expect(new TextDecoder().decode(defined(files['xl/sharedStrings.xml'], 'the part'))).toContain('count="1" uniqueCount="1"');
  });

  test('the caller may collect garbage once the sheets are written, before the new part reads the text back', async () => {
    const cells = await packedCells(await tracker(texts));
    const order: string[] = [];
    const read = jest.spyOn(PackedText.prototype, 'look');
    const collect = () => order.push(`collect after ${read.mock.calls.length} looks`);
    await writeWorkbook(null, [{ name: 'Register', rowCount: 4, render: () => layoutOf(cells) }], { collect });
    const looks = read.mock.calls.length;
    read.mockRestore();
    // Asked once, before the two texts the part holds were looked at for it (the third, formula-like, is in its cell).
    expect(order).toHaveLength(1);
    expect(order[0]).toBe(`collect after ${looks - 2} looks`);
    // With no long text, there is no new part, and nothing to ask.
    const none: string[] = [];
    await writeWorkbook(null, [{ name: 'Register', rowCount: 2, render: () => layoutOf(['short']) }], { collect: () => none.push('collect') });
    expect(none).toEqual([]);
  });
});
