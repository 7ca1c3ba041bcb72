// The new sheets' text is written in their cells (inline strings); the source's shared strings part is copied as stored.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { unzipSync, strFromU8 } from 'fflate';
import { readWorkbookBytes } from '../../../src/adapters/xlsx/read-workbook';
import { writeWorkbook } from '../../../src/adapters/xlsx/write-workbook';
import { compressedData, readZipDirectory } from '../../../src/adapters/xlsx/zip-entries';
import { nodeDeflater } from '../../../src/cli/node-deflater';
import type { SheetLayout } from '../../../src/render/sheet-layout';

const SAMPLE = path.resolve(__dirname, '../../../samples/met-tracker-2017-18.xlsx');

const layout: SheetLayout = {
  name: 'Register',
  columnWidths: [20, 20],
  rows: [['Ref', 'Text'], ['=SUM(1)', ' padded _x0041_ & <b>\nline'], ['@x', 'plain']],
  styles: [],
  merges: [],
  validations: [],
  iconRules: [],
  table: { name: 'Reg', range: { top: 0, left: 0, bottom: 2, right: 1 }, style: 'TableStyleMedium2' },
};

test.each([['fflate', undefined], ['node:zlib', nodeDeflater]] as const)(
  "with %s: the source's sharedStrings.xml is copied as stored; the new sheet's text reads back the same",
  async (_, deflater) => {
    const source = new Uint8Array(readFileSync(SAMPLE));
    const out = await writeWorkbook({ bytes: source, fileName: 'met.xlsx' }, [layout], deflater ? { deflater } : {});
    const dirIn = readZipDirectory(source);
    const dirOut = readZipDirectory(out.bytes);
    if (!dirIn.ok || !dirOut.ok) throw new Error('zip directory');
    const sstIn = dirIn.entries.find((e) => /sharedStrings\.xml$/.test(e.name))!;
    const sstOut = dirOut.entries.find((e) => e.name === sstIn.name)!;
    expect(sstOut.crc).toBe(sstIn.crc);
    expect(Buffer.from(compressedData(out.bytes, sstOut)!).equals(Buffer.from(compressedData(source, sstIn)!))).toBe(true);

    const files = unzipSync(out.bytes);
    const sheetXml = Object.entries(files).filter(([n]) => /worksheets\/sheet\d+\.xml$/.test(n)).map(([, b]) => strFromU8(b)).find((x) => x.includes('_x005F_x0041_'))!;
    expect(sheetXml).toContain('t="inlineStr"><is><t xml:space="preserve"> padded _x005F_x0041_ &amp; &lt;b&gt;\nline</t></is>');
    expect(sheetXml).not.toMatch(/t="s"/);

    const read = await readWorkbookBytes(out.bytes, 'out.xlsx');
    if (!read.ok) throw new Error(read.issue.message);
    const sheet = read.workbook.sheets.find((s) => s.name === 'Register')!;
    expect(sheet.rows.slice(0, 3).map((r) => r.slice(0, 2))).toEqual([['Ref', 'Text'], ['=SUM(1)', ' padded _x0041_ & <b>\nline'], ['@x', 'plain']]);
  },
);
