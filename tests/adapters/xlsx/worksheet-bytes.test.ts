// Sheet rows are written straight into UTF-8 bytes, plain text as it is: the bytes must be those the general way
// (escapeCellText, then textXml) gives, and a sheet bigger than one piece must read back cell for cell.
import fc from 'fast-check';
import { readWorkbookBytes } from '../../../src/adapters/xlsx/read-workbook';
import { writeWorkbook } from '../../../src/adapters/xlsx/write-workbook';
import { XmlBytes } from '../../../src/adapters/xlsx/worksheet-writer';
import { escapeCellText, textXml } from '../../../src/adapters/xlsx/xml-writer';
import { nodeDeflater } from '../../../src/cli/node-deflater';
import type { SheetLayout } from '../../../src/render/sheet-layout';

const decoder = new TextDecoder();
/** Units that each need some treatment, and some that need none. */
const UNITS = ['a', 'Z', '0', ' ', '\u00a0', '\u3000', '\ufeff', '\u2028', '\n', '\r', '\t', '\u0001', '\u001f', '_', 'x', '_x0041_', '&', '<', '>', '"', "'", '\u0085', 'é', '’', '中', '🚓', '\ud83d', '\ude93', '\ufffe', '\uffff', '='];
const text = fc.oneof(
  fc.array(fc.constantFrom(...UNITS), { maxLength: 12 }).map((u) => u.join('')),
  fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((n) => String.fromCharCode(n)), maxLength: 20 }),
);

/** What XmlBytes hands on, joined. */
function written(write: (out: XmlBytes) => void): { bytes: Uint8Array; pieces: Uint8Array[] } {
  const pieces: Uint8Array[] = [];
  // Copied: XmlBytes reuses its buffers.
  const out = new XmlBytes((b) => pieces.push(b.slice()));
  write(out);
  out.flush();
  const bytes = new Uint8Array(pieces.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of pieces) {
    bytes.set(p, at);
    at += p.length;
  }
  return { bytes, pieces };
}

describe('sheet XML as bytes', () => {
  it('a receiver that reads each piece only when the next one arrives (as the zip writer does) reads what was written', () => {
    const lines = Array.from({ length: 60_000 }, (_, i) => `<row r="${i + 1}"><c><is><t>line ${i} é中</t></is></c></row>`);
    const expected = new TextEncoder().encode(lines.join(''));
    const got: Uint8Array[] = [];
    let held: Uint8Array | undefined;
    const out = new XmlBytes((b) => {
      if (held) got.push(held.slice());
      held = b;
    });
    for (const line of lines) out.utf8(line);
    out.flush();
    if (held) got.push(held.slice());
    expect(got.length).toBeGreaterThan(2);
    expect(Buffer.concat(got).equals(Buffer.from(expected))).toBe(true);
  });

  it('text written as it is is exactly what escaping it would give; any other text is left to the general way', () => {
    fc.assert(
      fc.property(text, (s) => {
        let plain = false;
        const { bytes } = written((out) => {
          plain = out.plainText(s);
        });
        if (plain) expect(decoder.decode(bytes)).toBe(textXml(escapeCellText(s)));
        else expect(bytes.length).toBe(0);
      }),
      { numRuns: 2000, seed: 10 },
    );
  });

  it('ordinary text (letters, digits, punctuation, spaces inside, any script) is written as it is', () => {
    const ordinary = fc
      .array(fc.constantFrom('a', 'Z', '0', ' ', '.', ',', ';', "'", '=', '_', '\u0085', 'é', '’', '中', 'ж'), { minLength: 1, maxLength: 30 })
      .map((u) => u.join(''))
      .filter((s) => !/^\s|\s$/.test(s));
    fc.assert(
      fc.property(ordinary, (s) => {
        let plain = false;
        const { bytes } = written((out) => {
          plain = out.plainText(s);
        });
        expect(plain).toBe(true);
        expect(decoder.decode(bytes)).toBe(`<t>${s}</t>`);
      }),
      { numRuns: 500, seed: 12 },
    );
  });

  it('text copied from its UTF-8 bytes is what escaping it would give; the bytes are taken whenever the string would be', () => {
    const encoder = new TextEncoder();
    fc.assert(
      fc.property(text, fc.nat(3), fc.nat(3), (given, before, after) => {
        // The text's bytes inside a bigger buffer, as a block of packed text holds them; the text is what they hold (a
        // lone surrogate is U+FFFD once encoded, as packed text is).
        const utf8 = encoder.encode(given);
        const s = decoder.decode(utf8);
        const buf = new Uint8Array(before + utf8.length + after).fill(0x26);
        buf.set(utf8, before);
        let fromBytes = false;
        const { bytes } = written((out) => {
          fromBytes = out.plainTextBytes(buf, before, before + utf8.length);
        });
        if (fromBytes) expect(decoder.decode(bytes)).toBe(textXml(escapeCellText(s)));
        else expect(bytes.length).toBe(0);
        // Text that begins and ends with printable ASCII is judged alike from its bytes and its string (a character
        // beyond U+FFFF aside: the string test leaves it to the general way, which writes it as it is).
        let fromString = false;
        written((out) => {
          fromString = out.plainText(s);
        });
        if (/^[\x21-\x7e]/.test(s) && /[\x21-\x7e]$/.test(s) && !/[\ud800-\udfff]/.test(s)) expect(fromBytes).toBe(fromString);
        if (fromString) expect(fromBytes || !/^[\x21-\x7e]/.test(s) || !/[\x21-\x7e]$/.test(s)).toBe(true);
      }),
      { numRuns: 3000, seed: 14 },
    );
    const prose = 'Agreed in March – the “plan” is on track; 12% done, see https://example.org/a_b?x=1.';
    for (const s of [prose, 'Done.', 'Costs £1.2m (Q4)', `A ${'🚓 '.repeat(3)}end.`]) {
      const { bytes } = written((out) => expect(out.plainTextBytes(encoder.encode(s), 0, encoder.encode(s).length)).toBe(true));
      expect(decoder.decode(bytes)).toBe(`<t>${s}</t>`);
    }
    for (const s of ['a & b', 'a < b.', 'x\ny', ' padded', 'padded ', '_x0041_ is A', 'say "so"', 'end\uffff.', '“quoted”']) {
      expect([s, written((out) => out.plainTextBytes(encoder.encode(s), 0, encoder.encode(s).length)).bytes.length]).toEqual([s, 0]);
    }
  });

  it('pieces are handed on at about 1 MB in two buffers that take turns; a piece longer than that gets one to fit', () => {
    const long = '’'.repeat(600_000);
    const buffers: ArrayBufferLike[] = [];
    const { bytes, pieces } = written((out) => {
      for (let i = 0; i < 100_000; i++) out.ascii('<c r="A1"/>');
      out.utf8(long);
      out.ascii('<end/>');
    });
    const raw = new XmlBytes((b) => buffers.push(b.buffer));
    for (let i = 0; i < 300_000; i++) raw.ascii('<c r="A1"/>');
    raw.flush();
    expect(buffers.length).toBeGreaterThan(2);
    expect(new Set(buffers).size).toBe(2);
    expect(pieces.length).toBeGreaterThan(2);
    expect(Math.max(...pieces.map((p) => p.length))).toBeGreaterThanOrEqual(1_800_000);
    expect(decoder.decode(bytes)).toBe(`${'<c r="A1"/>'.repeat(100_000)}${long}<end/>`);
  });

  it('a sheet of several pieces, with text of every kind, reads back cell for cell', async () => {
    const rows: string[][] = [['Ref', 'Text', 'More']];
    const samples = fc.sample(text.filter((s) => s !== ''), { numRuns: 3000, seed: 11 });
    for (let i = 0; i < 20_000; i++) rows.push([`R${i}`, samples[i % samples.length]!, i % 7 === 0 ? 'x'.repeat(200) : `plain text ${i}`]);
    const layout: SheetLayout = { name: 'Big', columnWidths: [10, 30, 30], rows, styles: [], merges: [], validations: [], iconRules: [] };
    const out = await writeWorkbook(null, [layout], { deflater: nodeDeflater });
    const read = await readWorkbookBytes(out.bytes, 'big.xlsx');
    if (!read.ok) throw new Error(read.issue.message);
    const sheet = read.workbook.sheets.find((s) => s.name === 'Big')!;
    // Our reader decodes _xHHHH_; characters XML cannot hold come back as they were written.
    expect(sheet.rows.length).toBe(rows.length);
    const differing = rows.filter((row, r) => row.some((v, c) => sheet.rows[r]?.[c] !== v));
    expect(differing).toEqual([]);
  });
});
