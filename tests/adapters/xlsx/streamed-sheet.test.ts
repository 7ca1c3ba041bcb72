// A worksheet part too big to hold inflated (100k rows of long text in the cells: 240 MB of XML) is inflated a piece at
// a time as it is walked, when the CLI packs long text: the rows and merges must be those of the part held whole,
// whatever the pieces' sizes (a character cut between two), and damage must still be found.
import { readFileSync } from 'node:fs';
import * as zlib from 'node:zlib';
import { openXlsx } from '../../../src/adapters/xlsx/xlsx-reader';
import { readWorkbookBytes } from '../../../src/adapters/xlsx/read-workbook';
import { worksheetPart, type PartStream, type StoredRow, type WorksheetPart } from '../../../src/adapters/xlsx/worksheet-reader';
import { readZipDirectory } from '../../../src/adapters/xlsx/zip-entries';
import { PackedTexts } from '../../../src/cli/packed-texts';
import { workerInflater } from '../../../src/cli/worker-inflate';
import type { PieceInflater } from '../../../src/adapters/xlsx/xlsx-reader';
import { cellText, PackedText, type GridWorkbook } from '../../../src/domain/grid';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { generateTracker } = require('../../../bench/generate-tracker') as {
  generateTracker: (rows: number, label: string, options: { longText: boolean; prose: boolean; typo: boolean; inline: boolean }) => Promise<string>;
};

const SHEET = (rows: string) =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>${rows}</x:sheetData>` +
  '<x:mergeCells count="2"><x:mergeCell ref="A1:B1"/><x:mergeCell ref="C3:C5"/></x:mergeCells></x:worksheet>';

/** A part's rows walked, then its merges (a streamed part's are known once its rows are walked). */
function walked(part: WorksheetPart) {
  const rows = rowsOf(part.rows);
  return { merges: part.merges(), rows };
}

function rowsOf(walk: Generator<StoredRow, void, undefined>) {
  const out: unknown[] = [];
  for (const { rowNumber, hidden, cells } of walk) out.push({ rowNumber, hidden, cells: cells.map((c) => ({ ...c })) });
  return out;
}

/** The bytes as a stream of pieces of these sizes, in turn. */
function inPieces(bytes: Uint8Array, sizes: number[]): PartStream {
  return {
    length: bytes.length,
    *pieces() {
      for (let at = 0, k = 0; at < bytes.length; k++) {
        const n = sizes[k % sizes.length]!;
        yield bytes.subarray(at, at + n);
        at += n;
      }
    },
  };
}

describe('a worksheet part walked as it is inflated', () => {
  test('the same rows and merges as the part held whole, however it is cut (characters of 2, 3 and 4 bytes cut too)', () => {
    const text = 'Board’s café – 中文 🚓 &amp; done';
    let rows = '';
    for (let r = 1; r <= 300; r++) {
      rows += `<x:row r="${r}"${r % 7 === 0 ? ' hidden="1"' : ''}><x:c r="A${r}" t="inlineStr"><x:is><x:t>${text} ${r}</x:t></x:is></x:c>` +
        `<x:c r="B${r}"><x:v>${r}</x:v></x:c><x:c r="C${r}" t="s"><x:v>${r % 5}</x:v></x:c></x:row>`;
    }
    const bytes = new TextEncoder().encode(SHEET(rows));
    const whole = worksheetPart(bytes);
    const expected = walked(whole);
    expect(expected.rows).toHaveLength(300);
    for (const sizes of [[1], [2, 3], [7, 1, 5], [1000], [4096, 13]]) {
      const part = worksheetPart(inPieces(bytes, sizes));
      expect(walked(part)).toEqual(expected);
    }
  });

  test('a part many times the size decoded at once reads as its text does, a character of 2, 3 or 4 bytes at every cut', () => {
    // The walk decodes 32 KB at a time (a big inflated piece in several windows): rows whose characters' bytes fall
    // across every offset, walked from the text, from the bytes whole, and inflated in big pieces and odd ones.
    const chars = ['é', '’', '中', '🚓', 'a'];
    let rows = '';
    for (let r = 1; r <= 1500; r++) {
      const t = Array.from({ length: 20 + (r % 13) }, (_, i) => chars[(r + i) % chars.length]).join('');
      rows += `<x:row r="${r}"><x:c r="A${r}" t="inlineStr"><x:is><x:t>${t} ${r}</x:t></x:is></x:c><x:c r="B${r}"><x:v>${r}</x:v></x:c></x:row>`;
    }
    const text = SHEET(rows);
    const bytes = new TextEncoder().encode(text);
    expect(bytes.length).toBeGreaterThan(4 * 32768);
    const expected = walked(worksheetPart(text));
    expect(expected.rows).toHaveLength(1500);
    const whole = worksheetPart(bytes);
    expect(walked(whole)).toEqual(expected);
    for (const sizes of [[bytes.length], [1 << 20], [65537, 32767, 3], [32768], [40001]]) {
      const part = worksheetPart(inPieces(bytes, sizes));
      expect(walked(part)).toEqual(expected);
    }
  });

  test('the merges found after the rows whatever the end tag looks like, and in a UTF-16 part, however it is cut', () => {
    const rows = Array.from({ length: 200 }, (_, i) => `<row r="${i + 1}"><c r="A${i + 1}" t="inlineStr"><is><t>sheetData &lt;/sheetData&gt; ${i} – 🚓</t></is></c></row>`).join('');
    const merges = '<mergeCells count="2"><mergeCell ref="A1:B1"/><mergeCell ref="C3:C5"/></mergeCells>';
    const ns = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
    const utf16 = (text: string) => new Uint8Array(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    const parts = [
      new TextEncoder().encode(`<worksheet xmlns="${ns}"><sheetData>${rows}</sheetData\n >${merges}</worksheet>`),
      new TextEncoder().encode(`\ufeff<ss.x-1:worksheet xmlns:ss.x-1="${ns}"><ss.x-1:sheetData>${rows.replace(/<(\/?)(row|c|is|t)\b/g, '<$1ss.x-1:$2')}</ss.x-1:sheetData>${merges.replace(/<(\/?)(mergeCells|mergeCell)\b/g, '<$1ss.x-1:$2')}</ss.x-1:worksheet>`),
      utf16(`<worksheet xmlns="${ns}"><sheetData>${rows}</sheetData>${merges}</worksheet>`),
    ];
    for (const bytes of parts) {
      const expected = walked(worksheetPart(bytes));
      expect(expected.merges).toHaveLength(2);
      expect(expected.rows).toHaveLength(200);
      // (A UTF-16 part is known by its first piece's byte order mark: a first piece of one byte would hide it.)
      for (const sizes of [...(bytes === parts[2] ? [] : [[1]]), [3, 250, 7], [255, 256, 257], [1 << 16]]) {
        const part = worksheetPart(inPieces(bytes, sizes));
        expect(walked(part)).toEqual(expected);
      }
    }
  });

  const plain = (wb: GridWorkbook) => wb.sheets.map((s) => ({ ...s, rows: s.rows.map((row) => row.map((v) => (v instanceof PackedText ? cellText(v) : v))) }));

  /** node:zlib in a worker (the CLI's), counting the streams it was asked for and let go. */
  const counted = () => {
    const count = { made: 0, closed: 0 };
    const inflater = (): PieceInflater => {
      const w = workerInflater();
      count.made++;
      return { push: (raw, final) => w.push(raw, final), reuse: (piece) => w.reuse?.(piece), close: () => (count.closed++, w.close()) };
    };
    return { count, inflater };
  };

  test.each(['fflate', 'node:zlib in a worker'])('a tracker with its text in its cells: the same grid streamed (%s) and packed as held whole', async (how) => {
    const file = await generateTracker(3000, 'typo-3000-inline', { longText: true, prose: true, typo: true, inline: true });
    const bytes = new Uint8Array(readFileSync(file));
    const worker = counted();
    const packing = { packer: new PackedTexts(), fromBytes: 0, streamSheetsFrom: 0, ...(how === 'fflate' ? {} : { inflater: worker.inflater }) };
    // The path is taken: the sheet is handed over as a stream, not inflated.
    expect(openXlsx(bytes, packing).sheets[0]!.bytes).not.toBeInstanceOf(Uint8Array);
    const held = await readWorkbookBytes(bytes, 'tracker.xlsx');
    const streamed = await readWorkbookBytes(bytes, 'tracker.xlsx', { packing });
    if (!held.ok || !streamed.ok) throw new Error('the tracker was not read');
    expect(streamed.workbook.sheets[0]!.rows.some((row) => row.some((v) => v instanceof PackedText))).toBe(true);
    expect(plain(streamed.workbook)).toEqual(plain(held.workbook));
    expect(streamed.issues).toEqual(held.issues);
    // Through the worker: a stream for the head (given up once the sheetData tag is found) and one for the rows, read on
    // to the end for the merges listed after them (the sheet inflated once, not once for the merges and again for the
    // rows), each let go.
    if (how !== 'fflate') expect(worker.count).toEqual({ made: 2, closed: 2 });
  }, 60_000);

  test.each(['fflate', 'node:zlib in a worker'])('a wrong checksum in the streamed sheet (%s) is damage, as it is in one held whole', async (how) => {
    const file = await generateTracker(3000, 'typo-3000-inline', { longText: true, prose: true, typo: true, inline: true });
    const bytes = new Uint8Array(readFileSync(file));
    const dir = readZipDirectory(bytes);
    if (!dir.ok) throw new Error('no directory');
    const sheet = dir.entries.find((e) => e.name === 'xl/worksheets/sheet1.xml')!;
    // The CRC-32 in the central directory entry (16 bytes into it), changed.
    const damaged = bytes.slice();
    const view = new DataView(damaged.buffer);
    let at = damaged.length - 22;
    at = view.getUint32(at + 16, true);
    for (let i = 0; i < dir.entries.length; i++) {
      const nameLength = view.getUint16(at + 28, true);
      const name = new TextDecoder().decode(damaged.subarray(at + 46, at + 46 + nameLength));
      if (name === sheet.name) view.setUint32(at + 16, (view.getUint32(at + 16, true) ^ 1) >>> 0, true);
      at += 46 + nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
    }
    const worker = counted();
    const inflater = how === 'fflate' ? {} : { inflater: worker.inflater };
    const streamed = await readWorkbookBytes(damaged, 'tracker.xlsx', { packing: { packer: new PackedTexts(), fromBytes: 0, streamSheetsFrom: 0, ...inflater } });
    const held = await readWorkbookBytes(damaged, 'tracker.xlsx');
    expect(held.ok ? 'read' : held.issue.code).toBe('corrupt-file');
    expect(streamed.ok ? 'read' : streamed.issue.code).toBe('corrupt-file');
    expect(worker.count.made).toBe(worker.count.closed);
  }, 60_000);

  test('walked only part way (the reader stops early): the worker is let go', () => {
    const rows = Array.from({ length: 2000 }, (_, i) => `<x:row r="${i + 1}"><x:c r="A${i + 1}" t="inlineStr"><x:is><x:t>Update ${i}</x:t></x:is></x:c></x:row>`).join('');
    const xml = new TextEncoder().encode(SHEET(rows));
    const deflated = zlib.deflateRawSync(xml);
    const worker = counted();
    // As streamedPart hands it over: the pieces inflated by the worker, 1 KB of compressed bytes at a time.
    const part: PartStream = {
      length: xml.length,
      *pieces() {
        const w = worker.inflater();
        try {
          for (let at = 0; at < deflated.length; at += 1024) yield* w.push(deflated.subarray(at, at + 1024), at + 1024 >= deflated.length);
        } finally {
          w.close();
        }
      },
    };
    const walk = worksheetPart(part);
    // The merges follow the rows: not known before the walk is over.
    expect(() => walk.merges()).toThrow(/once its rows are walked/);
    // Ten rows read, then the walk given up (as a caller breaking out of its loop does).
    for (let i = 0; i < 10; i++) expect(walk.rows.next().done).toBe(false);
    walk.rows.return(undefined);
    expect(() => walk.merges()).toThrow(/once its rows are walked/);
    expect(worker.count).toEqual({ made: 2, closed: 2 });
  });
});
