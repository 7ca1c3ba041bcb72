// A workbook read from its open file a range at a time, and copied into register.xlsx from it, as the CLI does: the same
// grid, and the same register.xlsx, as from the file's bytes in memory; on the corpus of other producers' workbooks.
import { promises as fs, readdirSync, readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { openFile, readFileBytes } from '../../../src/adapters/xlsx/read-file';
import { readWorkbookBytes } from '../../../src/adapters/xlsx/read-workbook';
import { writeWorkbook } from '../../../src/adapters/xlsx/write-workbook';
import type { SheetLayout } from '../../../src/render/sheet-layout';
import { zipSync } from 'fflate';

const ROOT = path.resolve(__dirname, '../../..');
const CORPUS = path.join(ROOT, 'tests/corpus');
const FILES = [
  path.join(ROOT, 'samples/met-tracker-2017-18.xlsx'),
  ...readdirSync(CORPUS)
    .filter((f) => f.endsWith('.xlsx'))
    .map((f) => path.join(CORPUS, f)),
];

const layout: SheetLayout = {
  name: 'Milestone Register',
  columnWidths: [12, 40],
  hiddenColumns: [],
  rows: [['Ref', 'Milestone'], ['M1', 'Open the new custody suite']],
  styles: [],
  merges: [],
  validations: [],
  iconRules: [],
};

describe('a workbook read from its open file', () => {
  test.each(FILES.map((f) => [path.basename(f), f]))('%s: the same grid as from its bytes, and the same register.xlsx', async (_name, file) => {
    const bytes = new Uint8Array(readFileSync(file));
    const opened = await openFile(file);
    if (!opened.ok) throw new Error(opened.issue.message);
    try {
      const read = await readWorkbookBytes(bytes, path.basename(file));
      expect(await readWorkbookBytes(opened.file, path.basename(file))).toEqual(read);
      // A file the reader refuses is not given to the writer (the CLI stops at the read).
      if (!read.ok) return;
      const fromFile = await writeWorkbook({ bytes: opened.file, fileName: path.basename(file) }, [layout]);
      const fromBytes = await writeWorkbook({ bytes, fileName: path.basename(file) }, [layout]);
      expect(Buffer.from(fromFile.bytes).equals(Buffer.from(fromBytes.bytes))).toBe(true);
      expect(fromFile.issues).toEqual(fromBytes.issues);
    } finally {
      await opened.file.close();
    }
  });
});

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { generateTracker } = require('../../../bench/generate-tracker') as {
  generateTracker: (rows: number, label: string, options: { longText: boolean; prose: boolean }) => Promise<string>;
};

test('a tracker whose shared strings are megabytes (read from the file a MB at a time): the same grid and register.xlsx', async () => {
  // 3,000 rows of prose-like updates: 2.4 MB of compressed shared strings, so their reading crosses 1 MB pieces.
  const file = await generateTracker(3000, 'prose-3000', { longText: true, prose: true });
  const bytes = new Uint8Array(readFileSync(file));
  const opened = await openFile(file);
  if (!opened.ok) throw new Error(opened.issue.message);
  try {
    const read = await readWorkbookBytes(bytes, 'tracker.xlsx');
    expect(read.ok && read.workbook.sheets[0]!.rows.length).toBeGreaterThan(3000);
    expect(await readWorkbookBytes(opened.file, 'tracker.xlsx')).toEqual(read);
    const fromFile = await writeWorkbook({ bytes: opened.file, fileName: 'tracker.xlsx' }, [layout]);
    const fromBytes = await writeWorkbook({ bytes, fileName: 'tracker.xlsx' }, [layout]);
    expect(Buffer.from(fromFile.bytes).equals(Buffer.from(fromBytes.bytes))).toBe(true);
  } finally {
    await opened.file.close();
  }
});

describe('openFile', () => {
  let tmp: string;
  beforeAll(async () => {
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'open-file-'));
  });
  afterAll(async () => {
    await fs.rm(tmp, { recursive: true, force: true });
  });

  test('reads ranges, short at the end, and says when the file was changed in place, not when it was saved over', async () => {
    const file = path.join(tmp, 'tracker.xlsx');
    await fs.writeFile(file, 'abcdefghij');
    const opened = await openFile(file);
    if (!opened.ok) throw new Error(opened.issue.message);
    const f = opened.file;
    try {
      expect(f.size).toBe(10);
      expect(Buffer.from(f.read(2, 3)).toString()).toBe('cde');
      expect(Buffer.from(f.read(8, 5)).toString()).toBe('ij');
      expect(f.read(10, 4).length).toBe(0);
      // Saved over, as Excel saves (a new file renamed onto the path): the open file is still the one read.
      await fs.writeFile(path.join(tmp, 'new.xlsx'), 'ABCDEFGHIJKLMNOP');
      await fs.rename(path.join(tmp, 'new.xlsx'), file);
      expect(f.changed()).toBe(false);
      expect(Buffer.from(f.read(0, 10)).toString()).toBe('abcdefghij');
    } finally {
      await f.close();
    }
    // Closed, it reads nothing (its descriptor may already be another file's).
    expect(() => f.read(0, 1)).toThrow('the file was closed');
    // Written in place: changed.
    const again = await openFile(file);
    if (!again.ok) throw new Error(again.issue.message);
    try {
      await fs.appendFile(file, 'more');
      expect(again.file.changed()).toBe(true);
    } finally {
      await again.file.close();
    }
  });

  test('a missing file or a folder is an issue in the user\'s words', async () => {
    const missing = await readFileBytes(path.join(tmp, 'nope.xlsx'));
    expect(missing).toMatchObject({ ok: false, issue: { code: 'file-not-found' } });
    const folder = await openFile(tmp);
    expect(folder).toMatchObject({ ok: false, issue: { code: 'not-a-file' } });
  });
});

/** The zip with the CRC-32 of one entry changed in its local header and in the central directory (its data as it was). */
function withWrongCrc(zip: Uint8Array, name: string): Uint8Array {
  const out = new Uint8Array(zip);
  const view = new DataView(out.buffer);
  let end = out.length - 22;
  while (view.getUint32(end, true) !== 0x06054b50) end--;
  let at = view.getUint32(end + 16, true);
  for (let n = view.getUint16(end + 10, true); n > 0; n--) {
    const nameLength = view.getUint16(at + 28, true);
    if (Buffer.from(out.subarray(at + 46, at + 46 + nameLength)).toString() === name) {
      const wrong = view.getUint32(at + 16, true) ^ 1;
      view.setUint32(at + 16, wrong, true);
      view.setUint32(view.getUint32(at + 42, true) + 14, wrong, true);
      return out;
    }
    at += 46 + nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
  }
  throw new Error(`${name} is not in the zip`);
}

describe('zips the reader meets', () => {
  const sample = new Uint8Array(readFileSync(FILES[0]!));

  test('a part it never reads with a wrong checksum does not matter; a sheet with one is refused as damaged', async () => {
    const read = await readWorkbookBytes(withWrongCrc(sample, 'docProps/app.xml'), 'tracker.xlsx');
    expect(read).toEqual(await readWorkbookBytes(sample, 'tracker.xlsx'));
    const damaged = await readWorkbookBytes(withWrongCrc(sample, 'xl/worksheets/sheet1.xml'), 'tracker.xlsx');
    expect(damaged).toMatchObject({ ok: false, issue: { code: 'corrupt-file' } });
  });

  test('an OpenDocument spreadsheet is named as one, its mimetype first or not', async () => {
    const mimetype = new TextEncoder().encode('application/vnd.oasis.opendocument.spreadsheet');
    const content = new TextEncoder().encode('<office:document-content/>');
    const first = zipSync({ mimetype: [mimetype, { level: 0 }], 'content.xml': content });
    // A stored entry of 5 KB before it: the mimetype is not among the first bytes.
    const later = zipSync({ 'Thumbnails/thumbnail.png': [new Uint8Array(5000).fill(7), { level: 0 }], mimetype: [mimetype, { level: 0 }], 'content.xml': content });
    for (const zip of [first, later]) {
      const read = await readWorkbookBytes(zip, 'plan.xlsx');
      expect(read).toMatchObject({ ok: false, issue: { code: 'not-a-workbook', message: expect.stringContaining('OpenDocument') } });
    }
  });
});
