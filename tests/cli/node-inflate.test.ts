// The CLI's node:zlib inflate for the reader's big parts: the same package as fflate's, the same refusals of damage.
import { strToU8, zipSync } from 'fflate';
import * as zlib from 'node:zlib';
import { nodeInflateStream, useZlibInflate } from '../../src/cli/node-deflater';
import { openXlsx, XlsxDamaged } from '../../src/adapters/xlsx/xlsx-reader';
import { readWorkbookBytes } from '../../src/adapters/xlsx/read-workbook';
import { PackedTexts } from '../../src/cli/packed-texts';
import { workerInflater } from '../../src/cli/worker-inflate';
import { cellText, PackedText } from '../../src/domain/grid';

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

describe('nodeInflateStream (a big shared strings part read as node:zlib inflates it)', () => {
  const collect = async (pieces: AsyncIterable<Uint8Array>) => {
    const out: Buffer[] = [];
    for await (const p of pieces) out.push(Buffer.from(p));
    return Buffer.concat(out);
  };
  /** The bytes in pieces of these sizes, in turn. */
  function* inPieces(bytes: Uint8Array, sizes: number[]) {
    for (let at = 0, k = 0; at < bytes.length; k++) {
      const n = sizes[k % sizes.length]!;
      yield bytes.subarray(at, at + n);
      at += n;
    }
  }
  const text = Buffer.from(Array.from({ length: 60000 }, (_, i) => `<si><t>Update ${i}: café – ${(i * 7919) % 1000}</t></si>`).join(''));
  const deflated = zlib.deflateRawSync(text);

  it('gives the bytes inflated whole, however the compressed bytes are cut', async () => {
    for (const sizes of [[1 << 20], [7, 65536, 1], [4096]]) expect((await collect(nodeInflateStream(inPieces(deflated, sizes)))).equals(text)).toBe(true);
  });

  it('throws on a stream cut short or damaged, and passes on what the source throws', async () => {
    await expect(collect(nodeInflateStream([deflated.subarray(0, deflated.length >> 1)]))).rejects.toThrow();
    const damaged = Buffer.from(deflated);
    damaged.fill(0xff, 100, 140);
    await expect(collect(nodeInflateStream([damaged]))).rejects.toThrow();
    function* failing() {
      yield deflated.subarray(0, 1000);
      throw new XlsxDamaged('the file ended early');
    }
    await expect(collect(nodeInflateStream(failing()))).rejects.toThrow('the file ended early');
  });

  /** A workbook whose shared strings part is well over the 1 MB from which the reader defers a part. */
  function sharedStringsWorkbook(): Uint8Array {
    const long = (i: number) => `Progress on milestone ${i}: the board agreed the plan and the partners signed in March. `.repeat(4).trim();
    const n = 6000;
    const sst = Array.from({ length: n }, (_, i) => `<si><t>${long(i)}</t></si>`).join('');
    const rows = Array.from({ length: n }, (_, i) => `<row r="${i + 1}"><c r="A${i + 1}" t="s"><v>${i}</v></c></row>`).join('');
    return zipSync({
      '[Content_Types].xml': strToU8('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'),
      '_rels/.rels': strToU8(`<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`),
      'xl/_rels/workbook.xml.rels': strToU8(
        `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/>` +
          `<Relationship Id="rId2" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
      ),
      'xl/workbook.xml': strToU8(`<?xml version="1.0"?><workbook xmlns="${NS}" xmlns:r="${REL}"><sheets><sheet name="Tracker" sheetId="1" r:id="rId1"/></sheets></workbook>`),
      'xl/sharedStrings.xml': strToU8(`<?xml version="1.0"?><sst xmlns="${NS}" count="${n}" uniqueCount="${n}">${sst}</sst>`),
      [SHEET]: strToU8(`<?xml version="1.0"?><worksheet xmlns="${NS}"><sheetData>${rows}</sheetData></worksheet>`),
    });
  }

  it('reads a workbook to the same cells as fflate, its long strings packed with their index, and refuses the same damage', async () => {
    const bytes = sharedStringsWorkbook();
    const read = async (b: Uint8Array, inflate: boolean) => {
      const r = await readWorkbookBytes(b, 'tracker.xlsx', { packing: { packer: new PackedTexts(), fromBytes: 0, ...(inflate ? { inflate: nodeInflateStream } : {}) } });
      return r.ok ? r.workbook.sheets[0]!.rows.map((row) => row.map((v) => (v instanceof PackedText ? [cellText(v), v.sharedIndex] : v))) : r.issue.code;
    };
    const byZlib = await read(bytes, true);
    expect(byZlib).toEqual(await read(bytes, false));
    expect(Array.isArray(byZlib) && byZlib.length).toBe(6000);
    expect(Array.isArray(byZlib) && byZlib[5999]).toEqual([[expect.stringMatching(/^Progress on milestone 5999: /), 5999]]);
    // The shared strings part's compressed bytes damaged in the middle: refused as fflate's reading refuses it.
    const name = Buffer.from(bytes).indexOf('xl/sharedStrings.xml');
    const damaged = bytes.slice();
    damaged.fill(0x55, name + 4000, name + 4100);
    expect(await read(damaged, true)).toBe('corrupt-file');
    expect(await read(damaged, false)).toBe('corrupt-file');
  });
});

describe('workerInflater (a big sheet part inflated by node:zlib in a worker, read synchronously)', () => {
  const text = Buffer.from(Array.from({ length: 40000 }, (_, i) => `<row r="${i + 1}"><c t="inlineStr"><is><t>Update ${i}: café – ${(i * 7919) % 1000}</t></is></c></row>`).join(''));
  const deflated = zlib.deflateRawSync(text);

  /**
   * The stream pushed in pieces of these sizes in turn, the last one final; what came out, joined. With `reuse`, each
   * piece is copied and handed back as it comes, as the sheet reader does, so the worker writes the next ones into it.
   */
  function inflateIn(bytes: Uint8Array, sizes: number[], reuse = false): Buffer {
    const inflater = workerInflater();
    const out: Uint8Array[] = [];
    try {
      for (let at = 0, k = 0; at < bytes.length; k++) {
        const n = sizes[k % sizes.length]!;
        for (const piece of inflater.push(bytes.subarray(at, at + n), at + n >= bytes.length)) {
          out.push(reuse ? Buffer.from(piece) : piece);
          if (reuse) inflater.reuse?.(piece);
        }
        at += n;
      }
    } finally {
      inflater.close();
    }
    return Buffer.concat(out);
  }

  it('gives the bytes inflated whole, however the compressed bytes are cut, and leaves the caller’s bytes as they were', () => {
    for (const sizes of [[1 << 20], [7, 65536, 1], [4096], [1 << 18]]) expect(inflateIn(deflated, sizes).equals(text)).toBe(true);
    expect(zlib.inflateRawSync(deflated).equals(text)).toBe(true);
  });

  it('gives the same bytes when each piece it made is handed back for the next ones, and the caller’s own bytes are never taken', () => {
    // Over 4 MB inflated: several of the worker's 1 MB pieces, written into buffers handed back.
    const long = Buffer.concat([text, text]);
    const compressed = zlib.deflateRawSync(long);
    const kept = Buffer.from(compressed);
    for (const sizes of [[1 << 20], [4096, 1 << 18], [3 << 20]]) expect(inflateIn(compressed, sizes, true).equals(long)).toBe(true);
    expect(compressed.equals(kept)).toBe(true);
    // A piece the caller made is not taken from it.
    const inflater = workerInflater();
    try {
      const own = new Uint8Array(1 << 20);
      inflater.reuse?.(own);
      expect(own.byteLength).toBe(1 << 20);
      expect(Buffer.concat(inflater.push(deflated, true)).equals(text)).toBe(true);
    } finally {
      inflater.close();
    }
  });

  it('throws on a stream cut short or damaged, and refuses a push once closed', () => {
    expect(() => inflateIn(deflated.subarray(0, deflated.length >> 1), [4096])).toThrow();
    const damaged = Buffer.from(deflated);
    damaged.fill(0xff, 100, 140);
    expect(() => inflateIn(damaged, [4096])).toThrow();
    const inflater = workerInflater();
    inflater.close();
    expect(() => inflater.push(deflated, true)).toThrow(/closed/);
  });
});
