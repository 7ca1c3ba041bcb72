// Bundled by browser.test.ts: runs the reader and writer inside Chromium on bytes handed in from Node.
import { readWorkbookBytes } from '../../../src/adapters/xlsx/read-workbook';
import { writeWorkbook } from '../../../src/adapters/xlsx/write-workbook';
import type { SheetLayout } from '../../../src/render/sheet-layout';

const layout: SheetLayout = {
  name: 'Milestone Register',
  columnWidths: [10, 30, 8],
  rows: [
    ['Ref', 'Milestone', 'Score'],
    ['M1', '=1+1', { formula: 'LEN(B2)', result: 4 }],
  ],
  styles: [{ range: { top: 0, left: 0, bottom: 0, right: 2 }, style: { bold: true, wrap: true } }],
  merges: [],
  table: { name: 'MilestoneRegister', range: { top: 0, left: 0, bottom: 1, right: 2 }, style: 'TableStyleMedium2' },
  validations: [{ range: { top: 1, left: 0, bottom: 1, right: 0 }, values: ['M1', 'M2'], error: 'Pick one.' }],
  iconRules: [
    {
      range: { top: 1, left: 2, bottom: 1, right: 2 },
      icons: [
        { set: '3Signs', index: 1 },
        { set: '3TrafficLights1', index: 2 },
        { set: '3Symbols', index: 2 },
      ],
      thresholds: [1, 2, 3],
      showValue: false,
    },
  ],
};

async function runAdapter(files: { name: string; bytes: number[] }[]): Promise<unknown> {
  const results: unknown[] = [];
  for (const f of files) {
    const bytes = Uint8Array.from(f.bytes);
    const read = await readWorkbookBytes(bytes, f.name);
    if (!read.ok) {
      results.push({ name: f.name, read });
      continue;
    }
    const written = await writeWorkbook({ bytes, fileName: f.name }, [layout]);
    const back = await readWorkbookBytes(written.bytes, 'register.xlsx');
    results.push({ name: f.name, read, sheetNames: written.sheetNames, back, inputUnchanged: bytes.every((b, i) => b === f.bytes[i]) });
  }
  return JSON.parse(JSON.stringify(results));
}

(window as unknown as { runAdapter: typeof runAdapter }).runAdapter = runAdapter;
