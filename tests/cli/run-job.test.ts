// The CLI job's refusals before any output is written, and where progress lines go.
import { appendFileSync, existsSync, promises as fs, readFileSync, renameSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../../src/cli/main';
import * as zlib from 'node:zlib';
import { inflateSync, strFromU8, unzipSync } from 'fflate';
import ExcelJS from 'exceljs';
import { runJob, writeProblem } from '../../src/cli/run-job';
import { rawDeflateStream } from '../../src/cli/node-deflater';
import { readWorkbookFile } from '../../src/adapters/xlsx/read-file';
import { customXmlParts } from '../../src/adapters/xlsx/custom-xml-writer';
import { TRANSITIONAL } from '../../src/adapters/xlsx/ooxml-names';
import { runPipeline } from '../../src/domain/pipeline';
import { makeSnapshot } from '../../src/domain/snapshot';
import { snapshotFromXml, snapshotXmlPieces } from '../../src/domain/snapshot-xml';

const ROOT = path.resolve(__dirname, '../..');
const SAMPLE = path.join(ROOT, 'samples/met-tracker-2017-18.xlsx');
const BAD = path.join(ROOT, 'tests/fixtures/bad');

let tmp: string;
beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'run-job-'));
});
afterAll(async () => {
  await fs.rm(tmp, { recursive: true, force: true });
});

const job = (input: string, out: string) => ({ inputs: [input], out, period: {}, strict: false });

describe('runJob refuses, writing nothing', () => {
  test('a workbook without any tracker (an empty sheet, a sheet of numbers)', async () => {
    for (const file of ['empty-workbook.xlsx', 'numbers-only.xlsx']) {
      const out = path.join(tmp, file);
      const r = await runJob(job(path.join(BAD, file), out));
      expect(r).toMatchObject({ ok: false, message: expect.stringMatching(/^No milestone tracker was found in /) });
      expect(existsSync(out)).toBe(false);
    }
  });

  test('--out that is a file, or under a file, before reading anything', async () => {
    const file = path.join(tmp, 'a-file');
    await fs.writeFile(file, 'x');
    const progress: string[] = [];
    const r = await runJob(job(SAMPLE, file), (s) => progress.push(s));
    expect(r).toEqual({ ok: false, message: `The outputs cannot be written to ${file}: it is a file, not a folder; give --out a folder (it is created if missing).` });
    expect(progress).toEqual([]);
    const under = await runJob(job(SAMPLE, path.join(file, 'a', 'b')));
    expect(under).toEqual({ ok: false, message: `The outputs cannot be written to ${path.join(file, 'a', 'b')}: ${file} is a file, not a folder; give --out a folder (it is created if missing).` });
    expect(await fs.readFile(file, 'utf8')).toBe('x');
  });

  test('write failures are worded, not error codes', () => {
    const e = (code: string) => Object.assign(new Error(`${code}: boom`), { code });
    expect(writeProblem(e('EACCES'))).toMatch(/^permission denied/);
    expect(writeProblem(e('ENOSPC'))).toMatch(/^the disk is full/);
    expect(writeProblem(e('EBUSY'))).toMatch(/close register\.xlsx/);
    expect(writeProblem(e('EROFS'))).toMatch(/read-only/);
  });
});

describe('the tracker read from its open file', () => {
  test('saved over while the job runs (as Excel saves): register.xlsx copies the file that was read', async () => {
    const input = path.join(tmp, 'saved-over.xlsx');
    await fs.copyFile(SAMPLE, input);
    const out = path.join(tmp, 'saved-over');
    const r = await runJob(job(input, out), (step) => {
      // A new file renamed onto the path, while the register is made.
      if (step.startsWith('Building')) {
        writeFileSync(`${input}.new`, readFileSync(path.join(BAD, 'numbers-only.xlsx')));
        renameSync(`${input}.new`, input);
      }
    });
    expect(r.ok).toBe(true);
    const sample = unzipSync(readFileSync(SAMPLE));
    const register = unzipSync(readFileSync(path.join(out, 'register.xlsx')));
    expect(Buffer.from(register['xl/worksheets/sheet1.xml']!).equals(Buffer.from(sample['xl/worksheets/sheet1.xml']!))).toBe(true);
  });

  test('changed in place while the job runs: nothing written, and why', async () => {
    const input = path.join(tmp, 'changed.xlsx');
    await fs.copyFile(SAMPLE, input);
    const out = path.join(tmp, 'changed');
    const r = await runJob(job(input, out), (step) => {
      if (step.startsWith('Building')) appendFileSync(input, 'x');
    });
    expect(r).toEqual({ ok: false, message: 'changed.xlsx was changed while the register was being made, so nothing was written. Run again once it is saved.' });
    expect(existsSync(path.join(out, 'register.xlsx'))).toBe(false);
  });

  test.each([
    ['cut short', (input: string) => truncateSync(input, 4000)],
    ['rewritten at the same size', (input: string) => writeFileSync(input, Buffer.alloc(statSync(input).size, 0x20))],
  ])('changed in place as its parts are copied (%s): nothing written, and why', async (_how, change) => {
    const input = path.join(tmp, 'changed-later.xlsx');
    await fs.copyFile(SAMPLE, input);
    const out = path.join(tmp, 'changed-later');
    // When register.xlsx is begun, after the check made before writing.
    const open = fs.open.bind(fs);
    const spy = jest.spyOn(fs, 'open').mockImplementation(async (file, ...rest) => {
      if (String(file).endsWith('register.xlsx.partial')) change(input);
      return open(file, ...rest);
    });
    try {
      const r = await runJob(job(input, out));
      expect(r).toEqual({ ok: false, message: 'changed-later.xlsx was changed while the register was being made, so nothing was written. Run again once it is saved.' });
      expect(existsSync(out) ? await fs.readdir(out) : []).toEqual([]);
    } finally {
      spy.mockRestore();
    }
  });
});

describe('register.xlsx written as it is made', () => {
  // /dev/full takes the open and refuses every write with ENOSPC, as a disk that fills up mid-way would.
  (existsSync('/dev/full') ? test : test.skip)('a disk that fills up while it is written: the one-line reason, and no half-written file', async () => {
    const out = path.join(tmp, 'full');
    await fs.mkdir(out, { recursive: true });
    // register.xlsx is made as register.xlsx.partial, renamed when complete.
    await fs.symlink('/dev/full', path.join(out, 'register.xlsx.partial'));
    const r = await runJob(job(SAMPLE, out));
    expect(r).toEqual({ ok: false, message: `The outputs cannot be written to ${out}: the disk is full; free some space or choose another folder with --out.` });
    expect(await fs.readdir(out)).toEqual([]);
  });

  (existsSync('/dev/full') ? test : test.skip)('a write that fails leaves the register.xlsx of an earlier run as it was', async () => {
    const out = path.join(tmp, 'full-again');
    await fs.mkdir(out, { recursive: true });
    const first = await runJob(job(SAMPLE, out));
    expect(first.ok).toBe(true);
    const before = await fs.readFile(path.join(out, 'register.xlsx'));
    await fs.symlink('/dev/full', path.join(out, 'register.xlsx.partial'));
    const r = await runJob(job(SAMPLE, out));
    expect(r.ok).toBe(false);
    expect((await fs.readFile(path.join(out, 'register.xlsx'))).equals(before)).toBe(true);
    expect((await fs.readdir(out)).filter((f) => f.endsWith('.partial'))).toEqual([]);
  });
});

describe('rawDeflateStream (the published snapshot\'s payload)', () => {
  test('pieces of any size come back whole from an inflater, the CLI\'s and the pane\'s', () => {
    const text = Array.from({ length: 60_000 }, (_, i) => `{"row":${i},"update":"Pilot running in ${i % 7} areas’ sites"}`).join(',');
    const bytes = new TextEncoder().encode(text);
    expect(bytes.length).toBeGreaterThan(3 << 20);
    const pieces: Uint8Array[] = [];
    for (let at = 0, n = 1; at < bytes.length; at += n, n = 1 + ((n * 7919) % 300_001)) pieces.push(bytes.subarray(at, at + n));
    for (const split of [pieces, [bytes], []]) {
      const whole = split.length === 0 ? new Uint8Array(0) : bytes;
      const deflated = Buffer.concat([...rawDeflateStream(split)]);
      expect(deflated.length).toBeLessThan(whole.length / 3 + 16);
      expect(Buffer.from(zlib.inflateRawSync(deflated)).equals(Buffer.from(whole))).toBe(true);
      expect(Buffer.from(inflateSync(deflated)).equals(Buffer.from(whole))).toBe(true);
    }
  });
});

describe('the published snapshot made in pieces', () => {
  test('its payload across several deflate batches, base64 carried from one to the next, reads back as the same snapshot', async () => {
    const read = await readWorkbookFile(SAMPLE);
    if (!read.ok) throw new Error(read.issue.message);
    const result = runPipeline(read.workbook, {}, {});
    // Long updates, so the payload runs to several 1 MB batches, whose compressed sizes are not multiples of 3.
    result.register.forEach((m, i) => (m.update = `${m.update} ${'Progress reported by the board ’é中 '.repeat(900)}${i}`));
    const snapshot = makeSnapshot(result, {}, new Date('2018-04-04T10:00:00Z'));
    const pieces = [...snapshotXmlPieces(snapshot, rawDeflateStream)];
    expect(pieces.length).toBeGreaterThan(4);
    const xml = Buffer.concat(pieces).toString('utf8');
    // One base64 run: no padding inside it, whatever the batches' sizes.
    const payload = /<payload encoding="deflate-base64">([^<]*)<\/payload>/.exec(xml)![1]!;
    expect(payload.slice(0, -2)).not.toContain('=');
    const back = snapshotFromXml(xml, { inflate: (d) => zlib.inflateRawSync(d) });
    if (!back.ok) throw new Error(back.issue.message);
    expect(back.snapshot).toEqual(snapshot);
    // The pane's reader (fflate) reads it too.
    const pane = snapshotFromXml(xml, { inflate: (d) => inflateSync(d) });
    expect(pane.ok && pane.snapshot).toEqual(snapshot);
  });

  test('its custom XML properties name the same GUID as for the text made whole', () => {
    const text = '<x>' + 'é中🚓'.repeat(50_000) + '</x>';
    const rel = () => 'rId9';
    const whole = customXmlParts([{ xml: text, namespace: 'urn:x' }], TRANSITIONAL, 'xl/', () => false, rel);
    const utf8 = Buffer.from(text, 'utf8');
    // Cut at every offset mod 4 (the hash takes four bytes at a time), inside a character too.
    for (const cuts of [[70_001], [1, 2, 3, 4, 5, 6, 7, 9, 12, 100_003], [utf8.length - 1], [2, 5, 6, utf8.length - 2]]) {
      const pieces = [0, ...cuts].map((from, i) => new Uint8Array(utf8.subarray(from, [...cuts, utf8.length][i])));
      const split = customXmlParts([{ xml: pieces, namespace: 'urn:x' }], TRANSITIONAL, 'xl/', () => false, rel);
      const item = split.files[0]!.text as Iterable<Uint8Array>;
      expect(Buffer.concat([...item]).equals(utf8)).toBe(true);
      const props = split.files[1]!.text as () => string;
      expect(props()).toBe(whole.files[1]!.text);
    }
    // A text one byte longer, or with a byte changed, names another.
    const other = customXmlParts([{ xml: `${text} `, namespace: 'urn:x' }], TRANSITIONAL, 'xl/', () => false, rel);
    const changed = customXmlParts([{ xml: text.replace('<x>', '<y>'), namespace: 'urn:x' }], TRANSITIONAL, 'xl/', () => false, rel);
    expect(new Set([whole, other, changed].map((p) => p.files[1]!.text)).size).toBe(3);
  });
});

describe('progress lines', () => {
  test('go to io.progress only, so stderr holds just the one-line error', async () => {
    const err: string[] = [];
    const progress: string[] = [];
    const code = await runCli([path.join(BAD, 'truncated.xlsx'), '--out', path.join(tmp, 'never')], { out: () => {}, err: (l) => err.push(l), progress: (l) => progress.push(l), cwd: ROOT });
    expect(code).toBe(2);
    expect(err).toEqual([expect.stringMatching(/^milestones: truncated\.xlsx is incomplete or damaged/)]);
    expect(progress).toEqual([expect.stringMatching(/^… Reading /)]);
  });
});

describe('runJob keeping past updates deflated (as it does for a tracker with a great deal of text)', () => {
  test('writes the very files it writes holding them as text', async () => {
    const plainOut = path.join(tmp, 'plain');
    const packedOut = path.join(tmp, 'packed');
    const plain = await runJob({ ...job(SAMPLE, plainOut), noSnapshot: true });
    const packed = await runJob({ ...job(SAMPLE, packedOut), noSnapshot: true }, () => {}, { packHistoryFrom: 0 });
    if (!plain.ok || !packed.ok) throw new Error('the sample did not run');
    // The path was taken: some past update is read from the packed blocks.
    const entries = packed.result.register.flatMap((m) => m.history);
    expect(entries.some((h) => Object.getOwnPropertyDescriptor(h, 'update')?.get !== undefined)).toBe(true);
    expect(plain.result.register.flatMap((m) => m.history).some((h) => Object.getOwnPropertyDescriptor(h, 'update')?.get !== undefined)).toBe(false);
    for (const f of ['register.xlsx', 'report.json', 'register.json']) {
      expect((await fs.readFile(path.join(packedOut, f))).equals(await fs.readFile(path.join(plainOut, f)))).toBe(true);
    }
    const body = async (dir: string) => unzipSync(new Uint8Array(await fs.readFile(path.join(dir, 'report.docx'))))['word/document.xml'];
    expect(Buffer.from((await body(packedOut))!).equals(Buffer.from((await body(plainOut))!))).toBe(true);
  });
});

describe('runJob with its text packed (as for a tracker with a great deal of text)', () => {
  /**
   * A tracker whose updates hold what JSON and XML escape (quotes, backslashes, tabs, line breaks, emoji, a formula's
   * look), each long enough (256 characters) for the reader to pack it.
   */
  async function oddTracker(file: string): Promise<void> {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Tracker');
    ws.addRow(['Priority', 'Theme', 'Milestone', 'Owner', 'Due', 'Q3 status', 'Q3 update', 'Q4 status', 'Q4 update']);
    const LONG = 'progress reported to the board this quarter; '.repeat(6);
    const odd = ['a & b < c', 'quote " and \\ back', 'tab\there', 'line\nbreak', 'é中🚓 ’ “curly”', '=SUM(A1)', '  spaced  ', 'control \u0001 gone'];
    for (let i = 0; i < 60; i++) {
      ws.addRow([`P${i % 3}`, `T${i % 4}`, `Milestone ${i}`, 'Owner', i % 2 ? 'Q4 2017-18' : 'Q3 2017-18', 'Amber', `Q3 ${odd[i % odd.length]} ${LONG} ${i}`, i % 3 ? 'Green' : 'Complete', `Q4 ${odd[(i + 1) % odd.length]} ${LONG} ${i}`]);
    }
    await wb.xlsx.writeFile(file);
  }

  /** The published snapshot's payload, inflated: its JSON's bytes. */
  function payloadOf(xlsx: Buffer): Buffer {
    const parts = unzipSync(new Uint8Array(xlsx));
    const item = Object.entries(parts).find(([name, bytes]) => name.startsWith('customXml/item') && strFromU8(bytes).includes('milestone-register:snapshot'));
    const base64 = /<payload encoding="deflate-base64">([^<]*)<\/payload>/.exec(strFromU8(item![1]))![1]!;
    return zlib.inflateRawSync(Buffer.from(base64, 'base64'));
  }

  test('writes the same JSON files, snapshot payload and Word report as with its text held as strings', async () => {
    const input = path.join(tmp, 'odd-tracker.xlsx');
    await oddTracker(input);
    const plainOut = path.join(tmp, 'odd-plain');
    const packedOut = path.join(tmp, 'odd-packed');
    const plain = await runJob(job(input, plainOut));
    const packed = await runJob(job(input, packedOut), () => {}, { packTextFrom: 0, packHistoryFrom: 0 });
    if (!plain.ok || !packed.ok) throw new Error('the tracker did not run');
    // The path was taken: the latest updates and the report's are read from packed text.
    const isPacked = (o: object) => Object.getOwnPropertyDescriptor(o, 'update')?.get !== undefined;
    expect(packed.result.register.every(isPacked)).toBe(true);
    expect(packed.result.report.sections.flatMap((s) => s.themes.flatMap((t) => t.entries)).filter(isPacked)).toHaveLength(60);
    expect(plain.result.register.some(isPacked)).toBe(false);
    for (const f of ['report.json', 'register.json']) {
      const bytes = await fs.readFile(path.join(packedOut, f));
      expect(bytes.equals(await fs.readFile(path.join(plainOut, f)))).toBe(true);
    }
    const report = JSON.parse(await fs.readFile(path.join(packedOut, 'report.json'), 'utf8')) as { sections: { themes: { entries: { update: string }[] }[] }[] };
    expect(report.sections.flatMap((s) => s.themes.flatMap((t) => t.entries.map((e) => e.update)))).toContainEqual(expect.stringMatching(/^Q4 quote " and \\ back progress .* 8$/));
    const payload = payloadOf(await fs.readFile(path.join(packedOut, 'register.xlsx')));
    expect(payload.equals(payloadOf(await fs.readFile(path.join(plainOut, 'register.xlsx'))))).toBe(true);
    expect(payload.toString('utf8')).toContain(JSON.stringify('Q4 line\nbreak progress').slice(0, -1));
    // The Word report's updates, written from their bytes: the same document, a paragraph per line, & and < escaped.
    const body = async (dir: string) => strFromU8(unzipSync(new Uint8Array(await fs.readFile(path.join(dir, 'report.docx'))))['word/document.xml']!);
    const document = await body(packedOut);
    expect(document).toBe(await body(plainOut));
    expect(document).toContain('Q4 line</w:t></w:r></w:p>');
    expect(document).toContain('Q4 a &amp; b &lt; c');
  });
});
