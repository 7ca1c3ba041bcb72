// The CLI's node:zlib inflate for the reader's big parts: the same package as fflate's, the same refusals of damage.
import { strToU8, zipSync } from 'fflate';
import { useZlibInflate } from '../../src/cli/node-deflater';
import { openXlsx, XlsxDamaged } from '../../src/adapters/xlsx/xlsx-reader';

const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const SHEET = 'xl/worksheets/sheet1.xml';

/** A workbook whose sheet deflates to well over 1 MB (random numbers), so the reader inflates it as a big part. */
function bigWorkbook(): Uint8Array {
  let seed = 7;
  const next = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
  const rows: string[] = [];
  for (let r = 1; r <= 40000; r++) {
    let cells = '';
    for (const col of ['A', 'B', 'C', 'D', 'E']) cells += `<c r="${col}${r}"><v>${next()}</v></c>`;
    rows.push(`<row r="${r}">${cells}</row>`);
  }
  return zipSync({
    '[Content_Types].xml': strToU8('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'),
    '_rels/.rels': strToU8(
      `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    ),
    'xl/_rels/workbook.xml.rels': strToU8(
      `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
    ),
    'xl/workbook.xml': strToU8(`<?xml version="1.0"?><workbook xmlns="${NS}" xmlns:r="${REL}"><sheets><sheet name="Big" sheetId="1" r:id="rId1"/></sheets></workbook>`),
    [SHEET]: strToU8(`<?xml version="1.0"?><worksheet xmlns="${NS}"><sheetData>${rows.join('')}</sheetData></worksheet>`),
  });
}

/** The package with the sheet's uncompressed size in the zip's central directory changed by `delta` bytes. */
function withDirectorySize(bytes: Uint8Array, delta: number): Uint8Array {
  const out = bytes.slice();
  const view = new DataView(out.buffer);
  const name = Buffer.from(out).lastIndexOf(SHEET);
  // A central directory header is 46 bytes before its name; the uncompressed size is at offset 24.
  const header = name - 46;
  expect(view.getUint32(header, true)).toBe(0x02014b50);
  view.setUint32(header + 24, view.getUint32(header + 24, true) + delta, true);
  return out;
}

/** What the reader made of a package: each sheet's name and bytes, or 'damaged'. */
const outcome = (bytes: Uint8Array): { name: string; bytes: Buffer }[] | 'damaged' => {
  try {
    // Without a packer the reader hands every sheet over inflated.
    return openXlsx(bytes).sheets.map((s) => ({ name: s.name, bytes: Buffer.from(s.bytes as Uint8Array) }));
  } catch (e) {
    if (e instanceof XlsxDamaged) return 'damaged';
    throw e;
  }
};

describe('useZlibInflate', () => {
  it('reads a big sheet to the same package as fflate, and refuses the same damage', () => {
    const bytes = bigWorkbook();
    const flipped = bytes.slice();
    const middle = Math.floor(bytes.length / 2);
    flipped[middle] = (bytes[middle] ?? 0) ^ 0x5a;
    const cases = [bytes, flipped, withDirectorySize(bytes, -100), withDirectorySize(bytes, 100)];

    const byFflate = cases.map(outcome);
    useZlibInflate();
    const byZlib = cases.map(outcome);

    const good = byZlib[0];
    expect(bytes.length).toBeGreaterThan(1_200_000);
    expect(good).not.toBe('damaged');
    if (good === 'damaged' || good === undefined) return;
    expect(good[0]?.bytes.length).toBeGreaterThan(4_000_000);
    expect(good[0]?.bytes.subarray(-40).toString()).toContain('</sheetData></worksheet>');
    byFflate.forEach((f, i) => {
      const z = byZlib[i];
      if (f === 'damaged' || z === 'damaged' || z === undefined) expect(z).toBe(f);
      else expect(z.map((s, j) => [s.name, s.bytes.equals(f[j]?.bytes ?? Buffer.alloc(0))])).toEqual(f.map((s) => [s.name, true]));
    });
    // A directory size too large is harmless: the checksum still matches what the stream gives.
    expect(byZlib.slice(1).map((o) => o === 'damaged')).toEqual([true, true, false]);
  });
});
