// report.json is written in pieces; its bytes must be exactly JSON.stringify(report, null, 2) + '\n'.
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { jsonPieces, MappedArray, PackedUpdates, writeJsonFile } from '../../src/cli/json-file';
import { PackedTexts } from '../../src/cli/packed-texts';
import { withPackedUpdate } from '../../src/domain/milestone';
import { reportJson } from '../../src/cli/run-job';
import { runPipeline } from '../../src/domain/pipeline';
import { readFileBytes } from '../../src/adapters/xlsx/read-file';
import { readWorkbookBytes } from '../../src/adapters/xlsx/read-workbook';

const ROOT = path.resolve(__dirname, '../..');

const odd = {
  a: 1,
  b: 'line\nbreak "quoted" \u2028 \\ tab\t',
  c: [],
  d: {},
  e: [1, [2, [3, [], {}]], { f: undefined, g: null, h: [undefined, () => 1, NaN, Infinity, -0] }],
  i: undefined,
  j: new Date(Date.UTC(2018, 2, 31)),
  k: { toJSON: (key: string) => `key ${key}` },
  l: [{ m: [{ n: { o: ['deep', { p: 'er' }] } }] }],
  q: [new Date(0), 'x'],
  r: () => 1,
};

describe('jsonPieces', () => {
  test.each([0, 1, 2, 3, 6])('gives the text of JSON.stringify(value, null, 2) walking %i levels', (depth) => {
    expect([...jsonPieces(odd, depth)].join('')).toBe(JSON.stringify(odd, null, 2));
    for (const v of [[], {}, null, 0, 'text', [odd, [odd]], { only: [] }]) expect([...jsonPieces(v, depth)].join('')).toBe(JSON.stringify(v, null, 2));
    // Arrays long enough to be stringified in several batches, each item with its own index as toJSON's key.
    const long = Array.from({ length: 600 }, (_, i) => (i % 3 === 0 ? { i, k: odd.k, nested: [i, { deeper: [i] }] } : i % 3 === 1 ? odd.k : undefined));
    for (const v of [long, { rows: long }, [[long]]]) expect([...jsonPieces(v, depth)].join('')).toBe(JSON.stringify(v, null, 2));
  });

  test('a MappedArray is written as the array of its mapped items, each made only when it is written', () => {
    const made: number[] = [];
    const lazy = {
      list: new MappedArray([1, 2, 3], (n) => {
        made.push(n);
        return { n, at: new Date(n) };
      }),
      empty: new MappedArray([] as number[], (n) => n),
      nested: [new MappedArray(['a', 'b'], (s) => `${s}!`)],
    };
    const plain = { list: [1, 2, 3].map((n) => ({ n, at: new Date(n) })), empty: [], nested: [['a!', 'b!']] };
    for (const depth of [0, 1, 2, 3, 6]) expect([...jsonPieces(lazy, depth)].join('')).toBe(JSON.stringify(plain, null, 2));
    expect(JSON.stringify(lazy)).toBe(JSON.stringify(plain));

    // Items are made as they are written, a batch (at most 256) at a time: never the whole array before its first piece.
    const many = Array.from({ length: 2000 }, (_, i) => i);
    made.length = 0;
    const big = { list: new MappedArray(many, (n) => (made.push(n), { n })) };
    const madeWhenWritten: number[] = [];
    for (const piece of jsonPieces(big, 2)) if (piece.includes('"n": ')) madeWhenWritten.push(made.length);
    expect(madeWhenWritten[0]).toBe(1);
    expect(madeWhenWritten.length).toBeGreaterThan(2000 / 256);
    const batches = madeWhenWritten.map((m, i) => m - (madeWhenWritten[i - 1] ?? 0));
    expect(Math.max(...batches)).toBeLessThanOrEqual(256);
    expect(made).toHaveLength(2000);
  });

  test("report.json of the sample: the same bytes as JSON.stringify(report, null, 2) + '\\n'", async () => {
    const file = await readFileBytes(path.join(ROOT, 'samples/met-tracker-2017-18.xlsx'));
    if (!file.ok) throw new Error('sample unreadable');
    const read = await readWorkbookBytes(file.bytes, 'met-tracker-2017-18.xlsx');
    if (!read.ok) throw new Error('sample unreadable');
    const result = runPipeline(read.workbook, {}, { period: {}, readIssues: read.issues });
    result.report.issues = result.issues;
    const json = reportJson(result);
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'json-file-'));
    try {
      const out = path.join(dir, 'report.json');
      await writeJsonFile(out, json);
      const expected = Buffer.from(JSON.stringify(json, null, 2) + '\n', 'utf8');
      expect(expected.length).toBeGreaterThan(10_000);
      expect((await fs.readFile(out)).equals(expected)).toBe(true);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});

describe('writeJsonFile with packed updates written from their bytes', () => {
  const texts = [
    'Pilot running in 4 areas’ sites – “on track”',
    'quote " backslash \\ tab \t new\nline \u0001 control, \u2028 separator, é中🚓',
    '',
    'x'.repeat(70_000),
    // Text that looks like a marker, with another nonce and with none: written as it is.
    '\u0000AAAAAAAAAAAAAAAA:0\u0000',
    '\u0000:1\u0000 and \\u0000',
  ];

  async function written(value: unknown, packed?: PackedUpdates): Promise<Buffer> {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'json-packed-'));
    try {
      const out = path.join(dir, 'out.json');
      await writeJsonFile(out, value, undefined, packed);
      return await fs.readFile(out);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  }

  test("the same bytes as JSON.stringify(value, null, 2) + '\\n' of the texts, none read back as a string", async () => {
    const store = new PackedTexts();
    const rows = Array.from({ length: 900 }, (_, i) => {
      const text = `${texts[i % texts.length]!} ${i}`;
      const entry = { id: `M${i}`, update: text, owner: i % 2 ? 'A' : undefined, at: { row: i } };
      return i % 5 === 4 ? entry : withPackedUpdate({ ...entry, update: '' }, store.pack(text));
    });
    const plain = rows.map((r) => ({ ...r, update: r.update }));
    const nested = { title: 'Q4', sections: [{ entries: plain.slice(0, 50) }], rows: plain };
    const expected = Buffer.from(JSON.stringify(nested, null, 2) + '\n', 'utf8');

    store.seal();
    const before = store.bytesRead;
    const packed = new PackedUpdates();
    const value = {
      title: 'Q4',
      sections: new MappedArray([rows.slice(0, 50)], (entries) => ({ entries: entries.map((e) => packed.standIn(e)) })),
      rows: new MappedArray(rows, (r) => packed.standIn(r)),
    };
    expect((await written(value, packed)).equals(expected)).toBe(true);
    expect(store.bytesRead).toBe(before);

    // A stand-in written twice is the text twice; a marker of another writer is text.
    const twice = packed.standIn(rows[0]!);
    expect((await written([twice, twice], packed)).toString()).toBe(JSON.stringify([plain[0], plain[0]], null, 2) + '\n');
    expect((await written([twice])).toString()).not.toContain(texts[0]);
    // Without stand-ins the same writer reads the packed text back, to the same bytes.
    expect((await written(nested)).equals(expected)).toBe(true);
  });
});
