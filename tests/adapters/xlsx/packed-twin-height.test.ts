// A register row holds its current update twice: in "Progress update" (60 wide) and in its quarter's update column (40
// wide), the same packed text. The writer measures it once, in the narrower column, which never needs fewer lines; the
// row is as tall as if both were measured. Where the narrower copy cannot set the height (hidden), the wider one does.
import JSZip from 'jszip';
import { writeWorkbook } from '../../../src/adapters/xlsx/write-workbook';
import { countWrappedLines } from '../../../src/adapters/xlsx/worksheet-writer';
import { PackedTexts } from '../../../src/cli/packed-texts';
import type { PackedText } from '../../../src/domain/grid';
import type { StreamedLayout } from '../../../src/render/sheet-layout';

const UPDATE = 'The board agreed the plan and the delivery partners signed the contract in March; the pilot sites open in June. '.repeat(2).trim();
const LINE_HEIGHT = 15;

function layout(text: PackedText, widths: number[], hiddenColumns: number[] = []): StreamedLayout {
  return {
    name: 'Register',
    columnWidths: widths,
    rows: { length: 2, width: widths.length, row: (r) => (r === 0 ? widths.map((_, i) => `Column ${i + 1}`) : widths.map(() => text)) },
    styles: [{ range: { top: 1, left: 0, bottom: 1, right: widths.length - 1 }, style: { wrap: true, vertical: 'top' } }],
    merges: [],
    validations: [],
    iconRules: [],
    hiddenColumns,
  };
}

async function secondRowHeight(l: StreamedLayout): Promise<number> {
  const zip = await JSZip.loadAsync((await writeWorkbook(null, [{ name: l.name, rowCount: 2, render: () => l }])).bytes);
  const sheet = await zip.file('xl/worksheets/sheet1.xml')!.async('string');
  const tag = /<row r="2"[^>]*>/.exec(sheet)![0];
  return Number(/ ht="(\d+)"/.exec(tag)?.[1] ?? LINE_HEIGHT);
}

function heightOf(lines: number): number {
  return Math.ceil(lines * LINE_HEIGHT + (lines > 1 ? 2 : 0));
}

describe('one packed text in two wrapped columns of a row', () => {
  const packed = new PackedTexts().pack(UPDATE);

  it('gives the row the height the narrower column needs, whichever comes first', async () => {
    const narrow = heightOf(countWrappedLines(UPDATE, 20, 11));
    expect(narrow).toBeGreaterThan(heightOf(countWrappedLines(UPDATE, 60, 11)));
    expect(await secondRowHeight(layout(packed, [60, 20]))).toBe(narrow);
    expect(await secondRowHeight(layout(packed, [20, 60]))).toBe(narrow);
    expect(await secondRowHeight(layout(packed, [40, 40]))).toBe(heightOf(countWrappedLines(UPDATE, 40, 11)));
  });

  it('measures the wider column when the narrower one is hidden', async () => {
    expect(await secondRowHeight(layout(packed, [60, 20], [1]))).toBe(heightOf(countWrappedLines(UPDATE, 60, 11)));
  });
});
