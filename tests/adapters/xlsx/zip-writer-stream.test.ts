// A part written in pieces streams out as it is deflated when the output can patch its header afterwards: the file must
// be byte for byte the one the writer makes in memory, and Python's zipfile (a reader we did not write) must find every
// part intact, its CRC and sizes checked.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { ZipWriter, type ZipOutput } from '../../../src/adapters/xlsx/zip-entries';
import { nodeDeflater } from '../../../src/cli/node-deflater';
import { runsHere } from '../../tool-required';

const PYTHON = '/usr/bin/python3';

/** Parts of several sizes, the big one pushed in pieces of text and bytes. */
function writeParts(zip: ZipWriter): void {
  zip.add('[Content_Types].xml', '<Types/>');
  const part = zip.openPart('xl/worksheets/sheet1.xml');
  const enc = new TextEncoder();
  for (let i = 0; i < 40_000; i++) part.push(i % 2 ? `<row r="${i}"><c><v>${i * 7}</v></c></row>` : enc.encode(`<row r="${i}"><c t="inlineStr"><is><t>é中 ${i}</t></is></c></row>`));
  part.close();
  zip.add('xl/workbook.xml', '<workbook/>');
  zip.openPart('empty.xml').close();
}

function inMemory(): Uint8Array {
  const zip = new ZipWriter(nodeDeflater);
  writeParts(zip);
  return zip.finish();
}

/** A file-like output: bytes appended, and rewritten in place where patched. */
function patchable(): { output: ZipOutput; bytes: () => Uint8Array; patches: number } {
  let buf = new Uint8Array(1 << 16);
  let size = 0;
  const state = {
    patches: 0,
    output: {
      write(chunk: Uint8Array) {
        if (size + chunk.length > buf.length) {
          const bigger = new Uint8Array(Math.max(buf.length * 2, size + chunk.length));
          bigger.set(buf.subarray(0, size));
          buf = bigger;
        }
        buf.set(chunk, size);
        size += chunk.length;
      },
      patch(offset: number, bytes: Uint8Array) {
        expect(offset + bytes.length).toBeLessThanOrEqual(size);
        buf.set(bytes, offset);
        state.patches++;
      },
    } as ZipOutput,
    bytes: () => buf.slice(0, size),
  };
  return state;
}

describe('ZipWriter streaming a part out', () => {
  const expected = inMemory();

  test('to an output that patches: the same bytes as in memory, each deflated part completed by one patch', () => {
    const out = patchable();
    const zip = new ZipWriter(nodeDeflater, out.output);
    writeParts(zip);
    expect(zip.finish().length).toBe(0);
    expect(Buffer.from(out.bytes()).equals(Buffer.from(expected))).toBe(true);
    expect(out.patches).toBe(4);
  });

  test('to an output that cannot patch: each part held until it closes, the same bytes', () => {
    const chunks: Uint8Array[] = [];
    const zip = new ZipWriter(nodeDeflater, (c) => chunks.push(c.slice()));
    writeParts(zip);
    zip.finish();
    expect(Buffer.concat(chunks).equals(Buffer.from(expected))).toBe(true);
  });

  const python = runsHere(existsSync(PYTHON)) ? test : test.skip;
  python('Python zipfile reads every part back, sizes and CRCs checked', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'zip-stream-'));
    const file = path.join(dir, 'streamed.zip');
    const out = patchable();
    const zip = new ZipWriter(nodeDeflater, out.output);
    writeParts(zip);
    zip.finish();
    writeFileSync(file, out.bytes());
    const report = execFileSync(PYTHON, ['-c', [
      'import sys, zipfile',
      'z = zipfile.ZipFile(sys.argv[1])',
      'assert z.testzip() is None',
      'for i in z.infolist(): print(i.filename, i.file_size, len(z.read(i)), i.flag_bits & 8)',
    ].join('\n'), file], { encoding: 'utf8' });
    const lines = report.trim().split('\n').map((l) => l.split(' '));
    expect(lines.map((l) => l[0])).toEqual(['[Content_Types].xml', 'xl/worksheets/sheet1.xml', 'xl/workbook.xml', 'empty.xml']);
    for (const [, size, read, descriptor] of lines) {
      expect(read).toBe(size);
      expect(descriptor).toBe('0'); // sizes in the local header, no data descriptor
    }
    expect(Number(lines[1]![1])).toBeGreaterThan(2_000_000);
  });
});

describe('ZipWriter.add with long text', () => {
  test('text of several slices, a surrogate pair across a slice boundary, reads back unchanged', () => {
    const slice = 1 << 20;
    // '🚓' is two UTF-16 units: put its first half on the last unit of the first slice.
    const text = 'a'.repeat(slice - 1) + '🚓' + 'é中'.repeat(slice) + '🚓';
    const zip = new ZipWriter(nodeDeflater);
    zip.add('big.xml', text);
    const bytes = zip.finish();
    const dir = mkdtempSync(path.join(tmpdir(), 'zip-text-'));
    const file = path.join(dir, 'big.zip');
    writeFileSync(file, bytes);
    const back = runsHere(existsSync(PYTHON))
      ? execFileSync(PYTHON, ['-c', 'import sys, zipfile; sys.stdout.buffer.write(zipfile.ZipFile(sys.argv[1]).read("big.xml"))', file], { maxBuffer: 64 << 20 })
      : Buffer.alloc(0);
    expect(back.toString('utf8')).toBe(text);
  });
});

describe('ZipWriter.openPart with compressed bytes written as text', () => {
  test('a base64 payload (as the published snapshot holds) is Huffman coded: it reads back unchanged, about 6 bits a character', () => {
    const payload = zlib.deflateRawSync(randomBytes(3 << 20)).toString('base64');
    const text = `<snapshot><payload encoding="deflate-base64">${payload}</payload></snapshot>`;
    const sizes: Record<string, number> = {};
    for (const content of ['encoded', undefined] as const) {
      const zip = new ZipWriter(nodeDeflater);
      const part = zip.openPart('customXml/item1.xml', content);
      for (let at = 0; at < text.length; at += 1 << 20) part.push(text.slice(at, at + (1 << 20)));
      part.close();
      const bytes = zip.finish();
      const dir = mkdtempSync(path.join(tmpdir(), 'zip-encoded-'));
      const file = path.join(dir, 'encoded.zip');
      writeFileSync(file, bytes);
      const back = execFileSync(PYTHON, ['-c', 'import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); assert z.testzip() is None; sys.stdout.buffer.write(z.read("customXml/item1.xml"))', file], { maxBuffer: 64 << 20 });
      expect(back.toString('utf8') === text).toBe(true);
      sizes[content ?? 'text'] = bytes.length;
    }
    // 64 symbols in about 6 bits each: three quarters of the text, as small as LZ77 at level 1 makes it.
    expect(sizes.encoded! / text.length).toBeLessThan(0.77);
    expect(sizes.encoded! / sizes.text!).toBeLessThan(1.005);
  });
});
