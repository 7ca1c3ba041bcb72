// A workbook read from its open file a range at a time, and copied into register.xlsx from it, as the CLI does: the same
// grid, and the same register.xlsx, as from the file's bytes in memory; on the corpus of other producers' workbooks.
import { promises as fs, readdirSync, readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { openFile, readFileBytes } from '../../../src/adapters/xlsx/read-file';
import { readWorkbookBytes } from '../../../src/adapters/xlsx/read-workbook';
import { writeWorkbook } from '../../../src/adapters/xlsx/write-workbook';
import type { SheetLayout } from '../../../src/render/sheet-layout';

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
