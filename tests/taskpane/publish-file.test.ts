// Standalone "Publish report": the register.xlsx the page writes carries the published report as the CLI's does, and
// what the CLI's --previous, openpyxl and exceljs make of it; reports already in a chosen register.xlsx are kept, byte
// for byte, beside the new one; Cancel keeps nothing; Remove says what the page cannot do. The real host, reader and
// writer on the page (the worker's path is in file-worker.test.ts).
import { resolveObjectURL } from 'node:buffer';
import { execFileSync } from 'node:child_process';
import { promises as fs, readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import ExcelJS from 'exceljs';
import { unzipSync } from 'fflate';
import { pickSnapshot, workbookSnapshots } from '../../src/adapters/xlsx/custom-xml-reader';
import { runCli } from '../../src/cli/main';
import { runPipeline, type PipelineResult } from '../../src/domain/pipeline';
import { CANNOT_REMOVE, createFileHost } from '../../src/taskpane/file-host';
import type { Download, PaneHost } from '../../src/taskpane/pane-host';
import { checkPackage, describeProblem } from '../conformance/check-package';

const ROOT = path.resolve(__dirname, '../..');
const DIR = path.join(ROOT, 'tests/fixtures/compare');
const Q3_CSV = path.join(DIR, 'q3-2017-18.csv');
const Q4_CSV = path.join(DIR, 'q4-2017-18.csv');
const PYTHON = '/usr/bin/python3';
const Q3 = { quarter: 'Q3', financialYear: '2017-18' } as const;
const Q4 = { quarter: 'Q4', financialYear: '2017-18' } as const;
const AT = new Date('2018-01-15T10:30:00.000Z');

async function cli(argv: string[]) {
  const out: string[] = [];
  const code = await runCli(argv, { out: (l) => out.push(l), err: (l) => out.push(l), cwd: ROOT });
  return { code, out: out.join('\n') };
}
const readJson = async (f: string) => JSON.parse(await fs.readFile(f, 'utf8'));
const bytesOf = async (d: Download) => new Uint8Array(await resolveObjectURL(d.url)!.arrayBuffer());

async function opened(file: string, period: typeof Q3 | typeof Q4, at = AT): Promise<{ host: PaneHost; result: PipelineResult }> {
  const host = createFileHost(undefined, undefined, { now: () => at });
  const r = await host.openFile!([new File([readFileSync(file)], path.basename(file))], () => {});
  if (!r.ok) throw new Error(r.issue.message);
  return { host, result: runPipeline(r.source.workbook, {}, { period, readIssues: r.source.readIssues }) };
}

let tmp: string;
/** register.xlsx published by the page from the Q3 tracker, and the one the CLI writes from it. */
let pagePublished: string;
let cliRegister: string;
let publishedMessage: string;
beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'page-publish-'));
  const { host, result } = await opened(Q3_CSV, Q3);
  const fractions: number[] = [];
  const o = await host.published!.publish(result, {}, (f) => fractions.push(f));
  expect(o.ok).toBe(true);
  expect(o.downloads.map((d) => d.fileName)).toEqual(['register.xlsx']);
  expect(fractions.at(-1)).toBe(1);
  expect(fractions).toEqual([...fractions].sort((a, b) => a - b));
  publishedMessage = o.message;
  pagePublished = path.join(tmp, 'page', 'register.xlsx');
  await fs.mkdir(path.dirname(pagePublished));
  await fs.writeFile(pagePublished, await bytesOf(o.downloads[0]!));
  expect((await cli([Q3_CSV, '--quarter', 'Q3', '--year', '2017-18', '--out', path.join(tmp, 'cli')])).code).toBe(0);
  cliRegister = path.join(tmp, 'cli', 'register.xlsx');
}, 60_000);
afterAll(async () => {
  await fs.rm(tmp, { recursive: true, force: true });
});

test('the message says what was published, where it is, and what to do with it next quarter', () => {
  expect(publishedMessage).toBe(
    'Published the Q3 2017-18 report on 15 January 2018: register.xlsx carries its figures and 7 register rows inside, beside your sheets (unchanged) and ' +
      '"Milestone Register", "Q3 2017-18 Report" and "Issues". Keep it: next quarter, choose it in Compare with\u2026 to see what changed since.',
  );
});

test('the page\u2019s register.xlsx holds the snapshot as the CLI\u2019s does: the same parts, the same report and register, the gate passes', async () => {
  const page = new Uint8Array(await fs.readFile(pagePublished));
  const byCli = new Uint8Array(await fs.readFile(cliRegister));
  expect((await checkPackage(page)).map(describeProblem)).toEqual([]);
  const customXml = (b: Uint8Array) => Object.keys(unzipSync(b)).filter((n) => n.startsWith('customXml/')).sort();
  expect(customXml(page)).toEqual(customXml(byCli));
  expect(Object.keys(unzipSync(page)).sort()).toEqual(Object.keys(unzipSync(byCli)).sort());

  const a = pickSnapshot(page);
  const b = pickSnapshot(byCli);
  if (a.kind !== 'found' || b.kind !== 'found') throw new Error('a snapshot is missing');
  expect(a.snapshot.id).toBe('20180115T103000000Z');
  expect(a.snapshot.publishedAt).toBe(AT.toISOString());
  // Apart from when it was published, the page froze what the CLI freezes from the same tracker.
  const { id: _a, publishedAt: _b, ...fromPage } = a.snapshot;
  const { id: _c, publishedAt: _d, ...fromCli } = b.snapshot;
  expect(fromPage).toEqual(fromCli);
  expect(fromPage.milestones.map((m) => m.id)).toEqual(['C1', 'C2', 'C3', 'C4', 'C5', 'C6', 'C7']);
});

test('next quarter the CLI\u2019s --previous compares with the report the page published, as with the CLI\u2019s own', async () => {
  const viaPage = await cli([Q4_CSV, '--quarter', 'Q4', '--year', '2017-18', '--previous', pagePublished, '--out', path.join(tmp, 'q4-page')]);
  const viaCli = await cli([Q4_CSV, '--quarter', 'Q4', '--year', '2017-18', '--previous', cliRegister, '--out', path.join(tmp, 'q4-cli')]);
  expect(viaPage.code).toBe(0);
  expect(viaCli.code).toBe(0);
  expect(viaPage.out).toContain('compared with the report published on 15 January 2018 (snapshot 20180115T103000000Z)');
  expect(viaPage.out).toMatch(/Changes since Q3 2017-18 \(register\.xlsx\): 6 matched, 2 delivered since, 2 newly delayed, 1 recovered, 1 due date moved, 1 new, 1 dropped/);
  const a = (await readJson(path.join(tmp, 'q4-page', 'report.json'))).changes;
  const b = (await readJson(path.join(tmp, 'q4-cli', 'report.json'))).changes;
  expect(a).toEqual(b);
}, 30_000);

test('openpyxl and exceljs open it, with the tracker\u2019s sheet and the three the page adds', async () => {
  const names = execFileSync(PYTHON, ['-c', 'import sys, openpyxl; print(openpyxl.load_workbook(sys.argv[1]).sheetnames)', pagePublished], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  expect(names.trim()).toBe("['q3-2017-18', 'Milestone Register', 'Q3 2017-18 Report', 'Issues']");
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(pagePublished);
  expect(wb.worksheets.map((w) => w.name)).toEqual(['q3-2017-18', 'Milestone Register', 'Q3 2017-18 Report', 'Issues']);
  expect(wb.getWorksheet('Milestone Register')?.getCell('A2').value).toBe('C1');
});

test('a chosen register.xlsx: its published report is listed, kept byte for byte in the one published next, and both are listed after', async () => {
  const { host, result } = await opened(pagePublished, Q4, new Date('2018-04-16T09:00:00.000Z'));
  const before = await host.published!.list();
  expect(before).toEqual({ ok: true, where: 'register.xlsx', items: [expect.objectContaining({ ok: true, header: { id: '20180115T103000000Z', publishedAt: AT.toISOString(), period: Q3, rows: 7 } })] });

  const o = await host.published!.publish(result, {});
  expect(o.ok).toBe(true);
  expect(o.message).toMatch(/^Published the Q4 2017-18 report on 16 April 2018: register\.xlsx carries .* The report published earlier in register\.xlsx is in it too, unchanged\.$/);
  const written = await bytesOf(o.downloads[0]!);
  const source = unzipSync(new Uint8Array(await fs.readFile(pagePublished)));
  const next = unzipSync(written);
  // The earlier report's parts are the source's own, untouched; the new one is numbered after them.
  for (const part of ['customXml/item1.xml', 'customXml/itemProps1.xml', 'customXml/_rels/item1.xml.rels']) expect(Buffer.from(next[part]!).equals(Buffer.from(source[part]!))).toBe(true);
  expect(Object.keys(next).filter((n) => /^customXml\/item\d+\.xml$/.test(n)).sort()).toEqual(['customXml/item1.xml', 'customXml/item2.xml']);
  expect((await checkPackage(written)).map(describeProblem)).toEqual([]);

  const after = await host.published!.list();
  if (!after.ok) throw new Error(after.issue.message);
  expect(after.where).toBe('register.xlsx, published just now');
  expect(after.items.map((i) => (i.ok ? `${i.header.period.quarter} ${i.header.id}` : 'unreadable'))).toEqual(['Q3 20180115T103000000Z', 'Q4 20180416T090000000Z']);
  // Each can be compared with; the --previous of the CLI takes the latest.
  const q3 = await host.published!.load(after.items[0]!.key);
  if (!q3.ok) throw new Error(q3.issue.message);
  expect(q3.previous.period).toEqual(Q3);
  const latest = pickSnapshot(written);
  expect(latest.kind === 'found' && latest.snapshot.period).toEqual(Q4);
}, 30_000);

test('Cancel while publishing: no file, nothing listed anew, the chosen file unchanged', async () => {
  const { host, result } = await opened(pagePublished, Q4);
  const sourceBytes = await fs.readFile(pagePublished);
  const controller = new AbortController();
  const o = await host.published!.publish(result, {}, (f) => f > 0 && controller.abort(), controller.signal);
  expect(o).toMatchObject({ ok: false, cancelled: true, downloads: [] });
  expect(o.message).toContain('No file was made; your file is unchanged.');
  const list = await host.published!.list();
  expect(list.ok && list.where).toBe('register.xlsx');
  expect(list.ok && list.items).toHaveLength(1);
  expect((await fs.readFile(pagePublished)).equals(sourceBytes)).toBe(true);
  expect((await host.removeGenerated()).message).toBe('Nothing was generated yet.');
});

test('Remove says plainly what the page cannot do, and changes nothing', async () => {
  const { host } = await opened(pagePublished, Q4);
  expect(host.published!.cannotRemove).toBe(CANNOT_REMOVE);
  const before = await host.published!.list();
  const key = before.ok ? before.items[0]!.key : '';
  expect(await host.published!.remove(key)).toEqual({ ok: false, message: CANNOT_REMOVE, issues: [], downloads: [] });
  expect(await host.published!.list()).toEqual(before);
});

test('Build register and Generate report keep the chosen file\u2019s published reports and add none', async () => {
  const { host, result } = await opened(pagePublished, Q4);
  for (const o of [await host.writeRegister(result, () => {}), await host.writeReport(result, () => {})]) {
    const { snapshots, issues } = workbookSnapshots(await bytesOf(o.downloads[0]!));
    expect(issues).toEqual([]);
    expect(snapshots.map((s) => s.header.id)).toEqual(['20180115T103000000Z']);
  }
}, 30_000);

test('a CSV carries none: the list is empty and says of which file; publishing lists the new one', async () => {
  const { host, result } = await opened(Q4_CSV, Q4);
  expect(await host.published!.list()).toEqual({ ok: true, items: [], where: 'q4-2017-18.csv' });
  const o = await host.published!.publish(result, { scale: 'delivery' });
  expect(o.message).not.toContain('published earlier');
  const after = await host.published!.list();
  expect(after.ok && after.items.map((i) => i.ok && i.header.period)).toEqual([Q4]);
  const s = pickSnapshot(await bytesOf(o.downloads[0]!));
  expect(s.kind === 'found' && s.snapshot.settings).toEqual({ scale: 'delivery' });
});
