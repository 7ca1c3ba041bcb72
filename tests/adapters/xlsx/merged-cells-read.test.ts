// A sheet lists its merged ranges after its rows, and a big sheet is read once, as it is inflated: what a merge means
// for what was read is settled once the rows are walked. In a merged range only the top-left cell has a value (Excel
// shows nothing else, and neither does the grid), nothing said about the others (an error, a formula never
// calculated) reaches the user, and a hidden row under a merge is listed as hidden though it has no value of its own.
// Random sheets, read held whole and streamed, against that rule applied to the cells as written.
import fc from 'fast-check';
import { strToU8, zipSync } from 'fflate';
import { readWorkbookBytes } from '../../../src/adapters/xlsx/read-workbook';
import { openXlsx } from '../../../src/adapters/xlsx/xlsx-reader';
import { PackedTexts } from '../../../src/cli/packed-texts';
import { cellText, PackedText, type CellValue, type MergeRange } from '../../../src/domain/grid';

const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

type Kind = 'none' | 'blank' | 'number' | 'text' | 'error' | 'formula' | 'uncalculated';
const KINDS: Kind[] = ['none', 'none', 'blank', 'number', 'text', 'error', 'formula', 'uncalculated'];

interface Sheet {
  rows: number;
  cols: number;
  cells: Kind[][];
  hidden: boolean[];
  merges: MergeRange[];
}

const sheetArb = fc
  .record({ rows: fc.integer({ min: 1, max: 9 }), cols: fc.integer({ min: 1, max: 4 }) })
  .chain(({ rows, cols }) =>
    fc.record({
      rows: fc.constant(rows),
      cols: fc.constant(cols),
      cells: fc.array(fc.array(fc.constantFrom(...KINDS), { minLength: cols, maxLength: cols }), { minLength: rows, maxLength: rows }),
      hidden: fc.array(fc.boolean(), { minLength: rows, maxLength: rows }),
      merges: fc.array(
        fc
          .record({ top: fc.nat(rows - 1), left: fc.nat(cols - 1), height: fc.nat(3), width: fc.nat(2) })
          .map(({ top, left, height, width }) => ({ top, left, bottom: Math.min(rows - 1, top + height), right: Math.min(cols - 1, left + width) })),
        { maxLength: 3 },
      ),
    }),
  );

const letter = (c: number) => String.fromCharCode(65 + c);
const address = (r: number, c: number) => `${letter(c)}${r + 1}`;

function cellXml(kind: Kind, r: number, c: number): string {
  const ref = address(r, c);
  switch (kind) {
    case 'none':
      return '';
    case 'blank':
      return `<c r="${ref}" s="0"/>`;
    case 'number':
      return `<c r="${ref}"><v>${r * 10 + c}</v></c>`;
    case 'text':
      return `<c r="${ref}" t="inlineStr"><is><t>Update for ${ref}, written at length so that it is packed</t></is></c>`;
    case 'error':
      return `<c r="${ref}" t="e"><v>#N/A</v></c>`;
    case 'formula':
      return `<c r="${ref}"><f>1+1</f><v>2</v></c>`;
    case 'uncalculated':
      return `<c r="${ref}"><f>1+2</f></c>`;
  }
}

/**
 * Text that does not compress, after the merges (an extension Excel would keep), to make the sheet a part the reader
 * streams: more than 1 MB deflated.
 */
const BULK = (() => {
  let seed = 7;
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  let text = '';
  for (let i = 0; i < 1_600_000; i++) {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    text += chars[seed >>> 26];
  }
  return `<extLst><ext uri="{00000000-0000-4000-8000-000000000000}"><x:bulk xmlns:x="urn:test">${text}</x:bulk></ext></extLst>`;
})();

function workbookOf(s: Sheet, bulk = ''): Uint8Array {
  let rows = '';
  for (let r = 0; r < s.rows; r++) {
    const cells = s.cells[r]!.map((k, c) => cellXml(k, r, c)).join('');
    const hidden = s.hidden[r] ? ' hidden="1"' : '';
    rows += cells === '' ? (hidden ? `<row r="${r + 1}"${hidden}/>` : '') : `<row r="${r + 1}"${hidden}>${cells}</row>`;
  }
  const merges = s.merges.length === 0 ? '' : `<mergeCells count="${s.merges.length}">${s.merges.map((m) => `<mergeCell ref="${address(m.top, m.left)}:${address(m.bottom, m.right)}"/>`).join('')}</mergeCells>`;
  return zipSync({
    '[Content_Types].xml': strToU8('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'),
    '_rels/.rels': strToU8(`<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`),
    'xl/workbook.xml': strToU8(`<?xml version="1.0"?><workbook xmlns="${NS}" xmlns:r="${REL}"><sheets><sheet name="Tracker" sheetId="1" r:id="rId1"/></sheets></workbook>`),
    'xl/_rels/workbook.xml.rels': strToU8(`<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`),
    'xl/worksheets/sheet1.xml': [strToU8(`<?xml version="1.0"?><worksheet xmlns="${NS}"><sheetData>${rows}</sheetData>${merges}${bulk}</worksheet>`), { level: 1 }],
  });
}

/** What a merge hides: a cell in a merged range other than its top-left one. */
function hidden(s: Sheet, r: number, c: number): boolean {
  return s.merges.some((m) => m.top <= r && r <= m.bottom && m.left <= c && c <= m.right && (m.top !== r || m.left !== c));
}

/** The rule, applied to the cells as written: the rows, the hidden rows and the issues a reader should give. */
function expected(s: Sheet) {
  const rows: CellValue[][] = [];
  const issues: { code: string; cell: string }[] = [];
  const uncalculated: string[] = [];
  let calculated = 0;
  for (let r = 0; r < s.rows; r++) {
    const row: CellValue[] = [];
    for (let c = 0; c < s.cols; c++) {
      const kind = s.cells[r]![c]!;
      if (kind === 'none' || kind === 'blank' || hidden(s, r, c)) continue;
      let value: CellValue = null;
      if (kind === 'number') value = r * 10 + c;
      else if (kind === 'text') value = `Update for ${address(r, c)}, written at length so that it is packed`;
      else if (kind === 'error') {
        value = { error: '#N/A' };
        issues.push({ code: 'error-value', cell: address(r, c) });
      } else if (kind === 'formula') {
        value = 2;
        calculated++;
      } else uncalculated.push(address(r, c));
      if (value === null) continue;
      while (row.length < c) row.push(null);
      row[c] = value;
    }
    rows[r] = row;
  }
  while (rows.length > 0 && rows[rows.length - 1]!.length === 0) rows.pop();
  if (uncalculated.length > 0 && calculated === 0) issues.push({ code: 'formula-without-result', cell: uncalculated[0]! });
  const hiddenRows: number[] = [];
  for (let r = 0; r < s.rows; r++) {
    const written = s.cells[r]!.some((k) => k !== 'none' && k !== 'blank');
    if (s.hidden[r] && (written || s.merges.some((m) => m.top <= r && r <= m.bottom))) hiddenRows.push(r);
  }
  return { rows, hiddenRows, issues };
}

describe('merged ranges, listed after the rows, applied to what was read', () => {
  test.each([
    ['held whole', 400],
    ['streamed and packed', 40],
  ])('only a merged range’s top-left cell counts (%s)', async (how, numRuns) => {
    await fc.assert(
      fc.asyncProperty(sheetArb, async (s) => {
        const bytes = workbookOf(s, how === 'held whole' ? '' : BULK);
        const packing = { packer: new PackedTexts(), fromBytes: 0, streamSheetsFrom: 0 };
        // Streamed, the sheet is handed over to be inflated as it is walked, not inflated first.
        if (how !== 'held whole') expect(openXlsx(bytes, packing).sheets[0]!.bytes).not.toBeInstanceOf(Uint8Array);
        const read = await readWorkbookBytes(bytes, 'tracker.xlsx', how === 'held whole' ? {} : { packing });
        if (!read.ok) throw new Error(read.issue.message);
        const sheet = read.workbook.sheets[0]!;
        const want = expected(s);
        expect(sheet.rows.map((row) => row.map((v) => (v instanceof PackedText ? cellText(v) : v)))).toEqual(want.rows);
        expect(sheet.hiddenRows ?? []).toEqual(want.hiddenRows);
        expect(read.issues.map((i) => ({ code: i.code, cell: i.cell }))).toEqual(want.issues);
        expect(sheet.merges).toEqual([...s.merges].sort((a, b) => a.top - b.top || a.left - b.left));
      }),
      { numRuns },
    );
  }, 60_000);
});
