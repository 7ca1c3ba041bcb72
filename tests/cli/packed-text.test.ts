// A big tracker's long text kept packed from the moment it is read (the xlsx reader packs its long shared strings, the
// core keeps them packed, each output reads them back as it writes them): what the user gets must be the very files they
// get when the text is held as strings, on trackers whose progress text is long, typographic, in an update column or
// in quarter columns only, repeated, or padded with spaces.
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import ExcelJS from 'exceljs';
import { unzipSync } from 'fflate';
import { runJob, type JobTuning } from '../../src/cli/run-job';
import { TextSpill } from '../../src/cli/text-spill';
import { hasPackedUpdate } from '../../src/domain/milestone';
import { readSharedStrings } from '../../src/adapters/xlsx/shared-strings-reader';
import { escapeCellText, textXml } from '../../src/adapters/xlsx/xml-writer';
import { checkPackage, describeProblem } from '../conformance/check-package';
import { checkReaders, requireReaders } from '../conformance/readers';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { generateTracker } = require('../../bench/generate-tracker') as {
  generateTracker: (rows: number, label: string, options: { longText: boolean; prose: boolean; typo: boolean; inline?: boolean }) => Promise<string>;
};

let tmp: string;
beforeAll(async () => {
  await requireReaders();
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'packed-text-'));
});
afterAll(async () => {
  await fs.rm(tmp, { recursive: true, force: true });
});

const job = (input: string, out: string) => ({ inputs: [input], out, period: {}, strict: false });

/** The snapshot register.xlsx carries, as the text it was deflated from (its id and time aside, it is the run's). */
function snapshotPayload(registerXlsx: Buffer): string {
  const files = unzipSync(new Uint8Array(registerXlsx));
  const item = Object.keys(files).find((n) => /^customXml\/item\d+\.xml$/.test(n));
  if (!item) throw new Error('register.xlsx has no snapshot');
  const xml = Buffer.from(files[item]!).toString('utf8');
  const payload = /<payload encoding="deflate-base64">([^<]*)</.exec(xml)?.[1];
  if (payload === undefined) throw new Error('the snapshot has no payload');
  return zlib.inflateRawSync(Buffer.from(payload, 'base64')).toString('utf8');
}

/**
 * register.xlsx made with the text packed and made with it held: the same parts, byte for byte, but for the new sheets,
 * whose cells refer to long shared strings (the source's, or a new part's where the source has none) instead of holding
 * their text, and such a new part itself. With each reference written back as the text itself (as the writer writes
 * text in a cell), those sheets are the same bytes too; and exceljs (a reader we did not write) reads every sheet's
 * cells alike in both files.
 */
async function expectSameRegister(tracker: string, packedFile: string, plainFile: string) {
  const packed = unzipSync(new Uint8Array(await fs.readFile(packedFile)));
  const plain = unzipSync(new Uint8Array(await fs.readFile(plainFile)));
  expect(Object.keys(packed)).toEqual(Object.keys(plain));
  const source = unzipSync(new Uint8Array(await fs.readFile(tracker)));
  const sstName = Object.keys(plain).find((n) => /^xl\/sharedStrings\d*\.xml$/.test(n));
  const stringsOf = (files: Record<string, Uint8Array>) => (sstName ? readSharedStrings(files[sstName]!).map(String) : []);
  let referred = 0;
  const inline = (name: string, files: Record<string, Uint8Array>, count: boolean) => {
    const sst = stringsOf(files);
    return Buffer.from(files[name]!).toString('utf8').replace(/( t="s"><v>)(\d+)(<\/v>)/g, (_, _open: string, i: string) => {
      if (count) referred++;
      const text = sst[Number(i)];
      if (text === undefined || text.length < 256) throw new Error(`${name} refers to shared string ${i}, not a long one`);
      return ` t="inlineStr"><is>${textXml(escapeCellText(text))}</is>`;
    });
  };
  for (const name of Object.keys(plain)) {
    if (name === sstName && !source[name]) continue;
    if (!/^xl\/worksheets\/sheet\d+\.xml$/.test(name) || source[name]) {
      expect([name, Buffer.from(packed[name]!).equals(Buffer.from(plain[name]!))]).toEqual([name, true]);
      continue;
    }
    expect([name, inline(name, packed, true) === inline(name, plain, false)]).toEqual([name, true]);
  }
  const read = async (file: string) => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    return wb.worksheets.map((ws) => {
      const cells: string[] = [];
      ws.eachRow((row, r) => row.eachCell((cell, c) => cells.push(`${ws.name}!${r},${c}=${JSON.stringify(cell.value)}`)));
      return cells;
    });
  };
  expect(await read(packedFile)).toEqual(await read(plainFile));
  // And the file passes the conformance gate: every shared string cell names a string the part holds, the source's
  // parts are copied as stored, openpyxl and LibreOffice open it.
  expect((await checkPackage(await fs.readFile(packedFile), await fs.readFile(tracker))).map(describeProblem)).toEqual([]);
  const readers = await checkReaders([{ id: 'packed', output: packedFile, source: tracker }]);
  expect(readers.get('packed')?.problems.map(describeProblem)).toEqual([]);
  return referred;
}

/** Runs the job on the tracker holding its text as strings and keeping it packed; expects the same files. */
async function expectSameFiles(tracker: string, name: string, tuning: JobTuning = {}) {
  const plainOut = path.join(tmp, `${name}-plain`);
  const packedOut = path.join(tmp, `${name}-packed`);
  const plain = await runJob({ ...job(tracker, plainOut), noSnapshot: true });
  const packed = await runJob({ ...job(tracker, packedOut), noSnapshot: true }, () => {}, { ...tuning, packTextFrom: 0 });
  if (!plain.ok || !packed.ok) throw new Error(`${name} did not run`);
  // The path was taken: current and past updates, and report entries, are read back from packed text.
  expect(packed.result.register.some((m) => hasPackedUpdate(m))).toBe(true);
  expect(packed.result.register.some((m) => m.history.some((h) => hasPackedUpdate(h)))).toBe(true);
  expect(packed.result.report.sections.some((s) => s.themes.some((t) => t.entries.some((e) => hasPackedUpdate(e))))).toBe(true);
  expect(plain.result.register.some((m) => hasPackedUpdate(m) || m.history.some((h) => hasPackedUpdate(h)))).toBe(false);
  for (const f of ['report.json', 'register.json']) {
    expect([f, (await fs.readFile(path.join(packedOut, f))).equals(await fs.readFile(path.join(plainOut, f)))]).toEqual([f, true]);
  }
  const referred = await expectSameRegister(tracker, path.join(packedOut, 'register.xlsx'), path.join(plainOut, 'register.xlsx'));
  const body = async (dir: string) => unzipSync(new Uint8Array(await fs.readFile(path.join(dir, 'report.docx'))))['word/document.xml'];
  expect(Buffer.from((await body(packedOut))!).equals(Buffer.from((await body(plainOut))!))).toBe(true);

  // The snapshot of what was published, made from packed text as it is written.
  const plainSnap = await runJob({ ...job(tracker, path.join(tmp, `${name}-plain-snap`)) });
  const packedSnap = await runJob({ ...job(tracker, path.join(tmp, `${name}-packed-snap`)) }, () => {}, { ...tuning, packTextFrom: 0 });
  if (!plainSnap.ok || !packedSnap.ok) throw new Error(`${name} did not run`);
  expect(snapshotPayload(await fs.readFile(path.join(tmp, `${name}-packed-snap`, 'register.xlsx')))).toBe(
    snapshotPayload(await fs.readFile(path.join(tmp, `${name}-plain-snap`, 'register.xlsx'))),
  );
  return { plain: plain.result, packed: packed.result, referred };
}

const LONG = 'The board agreed the plan – and the team’s delivery partners signed the contract in March. '.repeat(4).trim();

describe('a tracker read with its long text packed', () => {
  test('prose with Word’s apostrophes and dashes in quarter columns only: the same files', async () => {
    const tracker = await generateTracker(400, 'typo-400', { longText: true, prose: true, typo: true });
    // The text waits in a temporary file, which is in no folder while it is used.
    const spillDir = path.join(tmp, 'spill');
    await fs.mkdir(spillDir);
    const append = jest.spyOn(TextSpill.prototype, 'append');
    // The register and report sheets refer to the tracker's long shared strings rather than write them again.
    expect((await expectSameFiles(tracker, 'generated', { spillDir })).referred).toBeGreaterThan(400);
    expect(append.mock.results.filter((r) => typeof r.value === 'number').length).toBeGreaterThan(0);
    expect(await fs.readdir(spillDir)).toEqual([]);
    append.mockRestore();
  }, 60_000);

  test('no temporary file can be written: the text is kept deflated in memory, and the files are the same', async () => {
    const tracker = await generateTracker(400, 'typo-400', { longText: true, prose: true, typo: true });
    const append = jest.spyOn(TextSpill.prototype, 'append');
    expect((await expectSameFiles(tracker, 'in-memory', { spillDir: path.join(tmp, 'no-such-folder') })).referred).toBeGreaterThan(400);
    expect(append.mock.results.length).toBeGreaterThan(0);
    expect(append.mock.results.every((r) => r.value === undefined)).toBe(true);
    append.mockRestore();
  }, 60_000);

  test('the same text in its cells (inline strings, as exceljs’s streaming writer writes): the same files', async () => {
    const tracker = await generateTracker(400, 'typo-400-inline', { longText: true, prose: true, typo: true, inline: true });
    // No shared strings part in the source: the long text goes into a new one, each text once, referred to from every
    // cell that holds it (an update beside its quarter column, and the report's entry).
    const { referred } = await expectSameFiles(tracker, 'inline');
    expect(referred).toBeGreaterThan(400);
    const files = unzipSync(new Uint8Array(await fs.readFile(path.join(tmp, 'inline-packed', 'register.xlsx'))));
    const sst = readSharedStrings(files['xl/sharedStrings.xml']!);
    expect(sst.length).toBeGreaterThan(0);
    expect(sst.length).toBeLessThan(referred);
  }, 60_000);

  test('an update column, the same text in a quarter column, padded and repeated text, and long text where a status goes', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Tracker');
    ws.addRow(['Milestone', 'Due', 'Status', 'Update', 'Q3 update', 'Q4 update']);
    for (let i = 0; i < 40; i++) {
      const own = `${LONG} Milestone ${i}.`;
      ws.addRow([
        `Milestone ${i}`,
        'Q4 2017-18',
        // A long text where a status goes: not a status, said so in the same words either way.
        i === 7 ? `${LONG} (status)` : i % 3 === 0 ? 'Complete' : 'On track',
        own,
        // Padded: stays a string (it reads as blank-trimmed text elsewhere); repeated: one shared string, packed once.
        i % 5 === 0 ? `  ${LONG}  ` : i % 4 === 0 ? LONG : `${LONG} Earlier ${i}.`,
        // The current update again: one shared string with the update column's.
        i % 2 === 0 ? own : '',
      ]);
    }
    // Long text a spreadsheet would take for a formula when edited, and long rich text: written in their cells (as text,
    // and as the text without its runs), not referred to.
    ws.addRow(['Formula-like', 'Q4 2017-18', 'On track', `-${LONG}`, `=${LONG}`, '']);
    ws.addRow(['Rich', 'Q4 2017-18', 'On track', { richText: [{ text: LONG.slice(0, 100), font: { bold: true } }, { text: LONG.slice(100) }] }, '', '']);
    const file = path.join(tmp, 'update-column.xlsx');
    await wb.xlsx.writeFile(file);
    const { packed, referred } = await expectSameFiles(file, 'handmade');
    expect(referred).toBeGreaterThan(40);
    const m0 = packed.register.find((m) => m.milestone === 'Milestone 0')!;
    expect(m0.update).toBe(`${LONG} Milestone 0.`);
    expect(m0.history.map((h) => h.update)).toEqual([`  ${LONG}  `, `${LONG} Milestone 0.`]);
    // Packed text reads back as itself wherever it is asked for, and can be replaced.
    expect(JSON.parse(JSON.stringify(m0)).update).toBe(m0.update);
    m0.update = 'Rewritten.';
    expect(m0.update).toBe('Rewritten.');
    expect(hasPackedUpdate(m0)).toBe(false);
    expect(packed.issues.filter((i) => i.cell === 'C9').map((i) => [i.code, i.message.slice(0, 39)])).toEqual([['unknown-status', 'The status "The board agreed the plan –']]);
  }, 60_000);
});
